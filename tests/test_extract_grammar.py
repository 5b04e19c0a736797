"""Reports the rules were not written on: other wordings, traditional characters, other
committees, other people's figures, and the periods reports leave to the reader.

Every sentence here is written for these tests.
"""

import json
from pathlib import Path

import pytest

from cppcc.cli import commands
from cppcc.extract import evaluate
from cppcc.extract.extractor import read_figures
from cppcc.extract.normalise import normalise
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


@pytest.fixture
def read(data):
    def run(text, year=2024, committee="吴忠"):
        return read_figures(
            text, year=year, committee=committee, committees=data.committees, metrics=data.metrics
        )

    return run


@pytest.fixture
def found(read):
    """(metric, start, end, value, qualifier) of every candidate in a text."""

    def run(text, year=2024, committee="吴忠"):
        return {
            (c.metric, c.period_start, c.period_end, c.value, c.qualifier)
            for c in read(text, year, committee).candidates
        }

    return run


# --- normalising ----------------------------------------------------------------------------


def test_normalised_text_keeps_the_way_back_to_the_original():
    written = "報(bào)送社情民意信息136份,辦結率１００%"
    read = normalise(written)
    assert read.text == "报送社情民意信息136份，办结率100%"
    start, end = read.written_span(0, read.text.index("份") + 1)
    assert written[start:end] == "報(bào)送社情民意信息136份"


def test_traditional_characters_are_read_and_quoted_as_written(read):
    text = "今年共收到提案120件，經審查立案98件，辦復率100%，委員滿意率98%。"
    candidates = read(text).candidates
    assert {(c.metric, c.value) for c in candidates} == {
        ("proposals_received", 120),
        ("proposals_accepted", 98),
        ("proposals_reply_rate", 100),
        ("proposals_satisfaction_rate", 98),
    }
    assert {c.quote for c in candidates} >= {"經審查立案98件", "辦復率100%"}


def test_ascii_punctuation_and_spaces_from_the_layout(found):
    assert found("今年,收到提案 1,075 件;立案 712 件。") == {
        ("proposals_received", 2024, 2024, 1075, "exact"),
        ("proposals_accepted", 2024, 2024, 712, "exact"),
    }


# --- numbers before what they count -----------------------------------------------------------


@pytest.mark.parametrize(
    "text, figure",
    [
        ("今年确定37件重点提案，由领导领衔督办。", ("proposals_key", 37)),
        ("今年立案提案共50件（含10件重点提案）。", ("proposals_key", 10)),
        ("今年“关于……的提案”等12件提案被确定为重点提案。", ("proposals_key", 12)),
        ("今年立案的45件提案已全部办复。", ("proposals_accepted", 45)),
        ("今年共收到300件提案。", ("proposals_received", 300)),
        ("今年开展30次协商活动。", ("consultation_activities", 30)),
        ("今年组织4次界别协商。", ("consultation_sector", 4)),
        ("今年45件立案提案全部办复完毕。", ("proposals_accepted", 45)),
    ],
)
def test_number_before_the_noun(found, text, figure):
    assert (figure[0], 2024, 2024, figure[1], "exact") in found(text)


def test_number_before_the_noun_in_traditional_characters(found):
    assert ("proposals_key", 2024, 2024, 9, "exact") in found("今年確定9件重點提案。")


# --- other wordings of the same metric -------------------------------------------------------


@pytest.mark.parametrize(
    "text, figure",
    [
        ("今年共提交提案88件。", ("proposals_received", 88, "exact")),
        ("今年委员提出提案88件。", ("proposals_received", 88, "exact")),
        ("今年提案办结率达100%。", ("proposals_reply_rate", 100, "exact")),
        ("今年提案答复率100%。", ("proposals_reply_rate", 100, "exact")),
        ("今年提案委员满意或基本满意的占96.5%。", ("proposals_satisfaction_rate", 96.5, "exact")),
        ("今年提案委员满意或基本满意达99%以上。", ("proposals_satisfaction_rate", 99, "at_least")),
        ("今年提案者满意或基本满意的120件，占96%。", ("proposals_satisfaction_rate", 96, "exact")),
        ("今年编报《社情民意专报》12期。", ("opinion_bulletins", 12, "exact")),
        ("今年市领导20人次对社情民意作出批示。", ("opinion_instructions", 20, "exact")),
        ("今年社情民意信息获市领导批示20篇。", ("opinion_instructions", 20, "exact")),
        ("今年向市委、市政府及有关部门报送社情民意信息30条。", ("opinion_items", 30, "exact")),
        ("今年协商解决群众关心的烦心事、难心事40件。", ("livelihood_issues_resolved", 40, "exact")),
        (
            "今年召开专题议政性常委会会议和专题协商会议9次。",
            ("consultation_activities", 9, "exact"),
        ),
    ],
)
def test_other_wordings(found, text, figure):
    metric, value, qualifier = figure
    assert (metric, 2024, 2024, value, qualifier) in found(text)


def test_a_colon_between_the_name_and_the_number(found):
    assert found("今年收到提案：286件；立案：241件。") == {
        ("proposals_received", 2024, 2024, 286, "exact"),
        ("proposals_accepted", 2024, 2024, 241, "exact"),
    }


def test_completion_rate_gives_way_to_a_reply_rate(found):
    figures = found("今年提案办结率81.6%，答复率100%。")
    assert figures == {("proposals_reply_rate", 2024, 2024, 100, "exact")}


# --- vetoes: targets, other bodies, visits, rules ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "市政协计划成立5个委员会客室。",  # a target
        "委员会客室每季度至少开展1次活动。",  # a rule
        "人大代表提出议案20件、建议300件。",  # the people's congress
        "宁夏代表团共提交提案12件。",  # a delegation
        "主席会议成员视察了“……”等4件重点提案的办理。",  # proposals visited
        "民进市委会向市政协提交提案58件，立案30件。",  # a participating party
        "住宁全国政协委员共提交提案66件。",  # national members
    ],
)
def test_not_the_committees_figures(found, text):
    assert found(text) == set()


def test_a_paragraph_about_a_party_branch_stays_theirs(found):
    text = "此次会议，民盟市委会提交大会发言9篇。征集提案78件，立案30件。"
    assert found(text) == set()


# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, year, period",
    [
        ("五年来，共收到提案300件。", 2026, (2021, 2025)),
        ("五年來，共收到提案300件。", 2026, (2021, 2025)),
        ("“十四五”时期，共收到提案300件。", 2026, (2021, 2025)),
        ("截至去年年底，共收到提案300件。", 2015, (2014, 2014)),
        ("截至10月底，共收到提案300件。", 2024, (2024, 2024)),
        ("政协十届二次会议以来，共收到提案300件。", 2025, (2024, 2024)),
    ],
)
def test_periods(found, text, year, period):
    assert ("proposals_received", *period, 300, "exact") in found(text, year)


def test_inferred_periods_say_why(read):
    (candidate,) = read("五年来，共收到提案300件。", year=2026).candidates
    assert candidate.year_basis == "inferred"
    assert "五年来" in candidate.year_reason and "2021–2025" in candidate.year_reason


def test_a_report_to_the_plenary_is_about_the_year_before(found):
    text = (
        "政协某县委员会常务委员会向大会报告四次会议以来提案工作情况。\n\n"
        "一年来，共收到提案134件，经审查立案129件。"
    )
    assert found(text, 2020) == {
        ("proposals_received", 2019, 2019, 134, "exact"),
        ("proposals_accepted", 2019, 2019, 129, "exact"),
    }


def test_a_yearbook_is_about_the_year_before(found):
    text = "政协某市委员会年鉴-2023\n\n全年召开专题协商会议17次。"
    assert found(text, 2023, committee="银川") == {
        ("consultation_special", 2022, 2022, 17, "exact")
    }


def test_a_headline_repeating_the_body_is_one_figure(found):
    text = "提交提案761件\n\n十届二次会议以来共提交提案761件。"
    assert found(text, 2015) == {("proposals_received", 2014, 2014, 761, "exact")}


# --- committees -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, adcode",
    [
        ("红寺堡区政协今年共收到提案40件。", "640303"),
        ("政协红寺堡区委员会今年共收到提案40件。", "640303"),
        ("政协第三届红寺堡区委员会今年共收到提案40件。", "640303"),
        # the region's committee by its generic name, in a text about Ningxia
        ("自治区政协在银川召开会议，今年共收到提案40件。", "640000"),
        ("西吉县政协今年共收到提案40件。", "640422"),
    ],
)
def test_committees_in_their_usual_forms(read, text, adcode):
    (candidate,) = read(text, committee=None).candidates
    assert candidate.adcode == adcode


def test_an_unknown_committee_keeps_its_name_and_has_no_code(read):
    text = "五年来，海北州政协共收到提案388件。海北州政协审查立案190件。"
    extraction = read(text, year=2026, committee=None)
    assert {(c.committee, c.adcode, c.value) for c in extraction.candidates} == {
        ("海北州政协", "", 388),
        ("海北州政协", "", 190),
    }
    assert extraction.unknown_committees == ["海北州政协"]


def test_an_unknown_committee_named_in_running_text(read):
    text = "近日，宜兴市政协召开会议。在宜兴市政协的推动下，今年收到提案100件。"
    (candidate,) = read(text, committee=None).candidates
    assert (candidate.committee, candidate.adcode) == ("宜兴市政协", "")


def test_an_unknown_committee_named_once(read):
    text = "近日，宜兴市政协召开会议。今年市政协收到提案100件。"
    (candidate,) = read(text, committee=None).candidates
    assert (candidate.committee, candidate.adcode) == ("宜兴市政协", "")


def test_a_committee_named_only_as_the_city_committee(read):
    extraction = read("市政协五届二次会议后，收到提案100件。", year=2016, committee=None)
    (candidate,) = extraction.candidates
    assert (candidate.committee, candidate.adcode, candidate.period_start) == ("市政协", "", 2015)
    assert "只称“市政协”" in extraction.notes()[0][1]


def test_no_committee_is_said(read):
    extraction = read("今年共收到提案40件。", committee=None)
    assert extraction.candidates == [] and extraction.no_committee


def test_a_report_about_national_members_is_said(read):
    extraction = read("住宁全国政协委员的2025\n\n今年共提交提案66件。", committee=None)
    assert extraction.candidates == [] and extraction.someone_else == "national_members"


def test_cli_warns_about_an_unknown_committee(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text("绛县政协2019年工作综述\n\n绛县政协今年共收到提案134件。", encoding="utf-8")
    assert commands.main(["extract", str(path), "--year", "2020", "--json"]) == 0
    out = capsys.readouterr()
    (row,) = json.loads(out.out)
    assert (row["committee"], row["adcode"], row["value"]) == ("绛县政协", "", 134)
    assert "绛县政协" in out.err and "不在目录中" in out.err


def test_cli_says_why_nothing_was_found(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text("今年共收到提案134件。", encoding="utf-8")
    assert commands.main(["extract", str(path), "--year", "2020"]) == 1
    err = capsys.readouterr().err
    assert "没有找到委员会" in err and "--committee" in err


# --- the development set, when it is beside the project ----------------------------------------

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.mark.parametrize("folder", ["seeds", "reports"])
def test_development_set_meets_the_targets(folder):
    if not (SHARED / folder).is_dir():
        pytest.skip(f"{SHARED / folder} is not beside the project")
    overall = evaluate.evaluate(SHARED / folder)["overall"]
    assert overall["recall"] >= 0.85 and overall["false_positive_rate"] <= 0.05, overall
