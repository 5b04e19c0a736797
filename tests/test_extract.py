"""The extractor proposes the figures a reader would file, and nothing a reader would not.

Every text here is written for these tests in the style of the committees' reports.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc.cli import commands
from cppcc.extract import evaluate
from cppcc.extract.committees import resolve_committee
from cppcc.extract.extractor import extract, extract_file
from cppcc.extract.reports import ReportError, read_report
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


@pytest.fixture
def found(data):
    """(committee, metric, start, end, value, qualifier) of every candidate in a text."""

    def run(text, year=2023, committee="吴忠"):
        candidates = extract(
            text, year=year, committee=committee, committees=data.committees, metrics=data.metrics
        )
        return {
            (c.committee, c.metric, c.period_start, c.period_end, c.value, c.qualifier)
            for c in candidates
        }

    return run


# --- what is proposed ---------------------------------------------------------------------


def test_paired_proposal_figures(found):
    text = "今年共收到提案286件，经审查合并立案241件，确定重点提案15件，委员满意率98.5%。"
    assert found(text) == {
        ("吴忠", "proposals_received", 2023, 2023, 286, "exact"),
        ("吴忠", "proposals_accepted", 2023, 2023, 241, "exact"),
        ("吴忠", "proposals_key", 2023, 2023, 15, "exact"),
        ("吴忠", "proposals_satisfaction_rate", 2023, 2023, 98.5, "exact"),
    }


def test_all_answered_is_a_reply_rate_of_100(found):
    assert ("吴忠", "proposals_reply_rate", 2023, 2023, 100, "exact") in found(
        "年内交办的提案已全部办复，委员普遍满意。"
    )


def test_one_value_shared_by_two_rates(found):
    assert found("大会提案办理工作扎实，办复率、委员满意率均为99%。") == {
        ("吴忠", "proposals_reply_rate", 2023, 2023, 99, "exact"),
        ("吴忠", "proposals_satisfaction_rate", 2023, 2023, 99, "exact"),
    }


def test_enumeration_shares_its_verb(found):
    text = "今年，全市政协系统先后建成委员联络小组45个、委员会客室18个、界别委员工作室22个、协商议事室9个。"
    assert found(text) == {
        ("吴忠", "platform_liaison_groups", 2023, 2023, 45, "exact"),
        ("吴忠", "platform_reception_rooms", 2023, 2023, 18, "exact"),
        ("吴忠", "platform_sector_studios", 2023, 2023, 22, "exact"),
        ("吴忠", "platform_deliberation_rooms", 2023, 2023, 9, "exact"),
    }


def test_numbers_before_what_they_count(found):
    text = "设立委员基层联系点20个，实现全市12个乡镇全覆盖，12篇社情民意信息获自治区领导批示。"
    assert found(text) == {
        ("吴忠", "platform_contact_points", 2023, 2023, 20, "exact"),
        ("吴忠", "townships_covered", 2023, 2023, 12, "exact"),
        ("吴忠", "opinion_instructions_region", 2023, 2023, 12, "exact"),
    }


def test_public_opinion_items_bulletins_and_endorsements(found):
    text = "全年报送社情民意信息420条，编发《社情民意》专报32期，获自治区领导批示15件次，获市领导批示40余件次。"
    assert found(text) == {
        ("吴忠", "opinion_items", 2023, 2023, 420, "exact"),
        ("吴忠", "opinion_bulletins", 2023, 2023, 32, "exact"),
        ("吴忠", "opinion_instructions_region", 2023, 2023, 15, "exact"),
        ("吴忠", "opinion_instructions", 2023, 2023, 40, "at_least"),
    }


def test_forms_of_consultation_and_qualifiers(found):
    text = "五年来，召开常委会专题议政8次，开展专题协商40余次、界别协商约30次，开展对口协商、“有事好商量”协商近百次，参与立法协商12次，报送协商报告35篇，推动解决民生实事60多件。"
    assert found(text, committee="宁夏") == {
        ("宁夏", "standing_committee_sessions", 2018, 2022, 8, "exact"),
        ("宁夏", "consultation_special", 2018, 2022, 40, "at_least"),
        ("宁夏", "consultation_sector", 2018, 2022, 30, "approx"),
        ("宁夏", "consultation_counterpart", 2018, 2022, 100, "approx"),
        ("宁夏", "consultation_legislative", 2018, 2022, 12, "exact"),
        ("宁夏", "consultation_reports", 2018, 2022, 35, "exact"),
        ("宁夏", "livelihood_issues_resolved", 2018, 2022, 60, "at_least"),
    }


def test_chinese_and_full_width_numerals(found):
    text = "去年共收到提案二百一十五件，立案一百八十件；今年收到提案２３０件。"
    assert found(text) == {
        ("吴忠", "proposals_received", 2022, 2022, 215, "exact"),
        ("吴忠", "proposals_accepted", 2022, 2022, 180, "exact"),
        ("吴忠", "proposals_received", 2023, 2023, 230, "exact"),
    }


def test_suggestions_only_as_a_plain_total(found):
    text = "全年开展协商活动50余场次，征集意见建议320条。委员提出乡村振兴意见建议45条，反映事关群众就医的建议18条。"
    assert found(text) == {
        ("吴忠", "consultation_activities", 2023, 2023, 50, "at_least"),
        ("吴忠", "suggestions", 2023, 2023, 320, "exact"),
    }


def test_general_framing_is_not_one_topic(found):
    text = "围绕市委中心工作，认真落实年度协商计划，全年开展各类协商活动65次，征集到意见建议210条。"
    assert found(text) == {
        ("吴忠", "consultation_activities", 2023, 2023, 65, "exact"),
        ("吴忠", "suggestions", 2023, 2023, 210, "exact"),
    }


def test_who_submitted_and_who_endorsed(found):
    text = "共收到委员、政协各参加单位提案402件。报送社情民意信息150条，其中12条获自治区领导批示，市委、市政府主要领导批示28件。"
    assert found(text) == {
        ("吴忠", "proposals_received", 2023, 2023, 402, "exact"),
        ("吴忠", "opinion_items", 2023, 2023, 150, "exact"),
        ("吴忠", "opinion_instructions_region", 2023, 2023, 12, "exact"),
        ("吴忠", "opinion_instructions", 2023, 2023, 28, "exact"),
    }


# --- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "period"),
    [
        ("今年", (2023, 2023)),
        ("去年", (2022, 2022)),
        ("前年", (2021, 2021)),
        ("去年以来", (2022, 2023)),
        ("五年来", (2018, 2022)),
        ("2021年", (2021, 2021)),
        ("2021年以来", (2021, 2023)),
    ],
)
def test_periods_relative_to_the_publication_year(found, opening, period):
    assert found(f"{opening}，市政协共收到提案300件。") == {
        ("吴忠", "proposals_received", *period, 300, "exact")
    }


def test_an_explicit_year_wins_over_the_years_around_it(found):
    text = "今年，市政协工作扎实推进。其中，2021年收到提案260件，今年收到提案300件。"
    assert found(text) == {
        ("吴忠", "proposals_received", 2021, 2021, 260, "exact"),
        ("吴忠", "proposals_received", 2023, 2023, 300, "exact"),
    }


def test_a_span_of_years_holds_until_the_next_heading(found):
    text = "五年来，常委会坚持协商于决策之前。\n\n- ◆开展界别协商25次\n- ◆提案立案1800件\n\n## 提案工作\n\n立案提案80件。"
    assert found(text, committee="宁夏") == {
        ("宁夏", "consultation_sector", 2018, 2022, 25, "exact"),
        ("宁夏", "proposals_accepted", 2018, 2022, 1800, "exact"),
        ("宁夏", "proposals_accepted", 2023, 2023, 80, "exact"),
    }


def test_a_relative_year_holds_for_its_paragraph_only(found):
    text = "去年，市政协收到提案260件。委员会客室已建成20个。\n\n市政协还设立协商议事室15个。"
    assert found(text) == {
        ("吴忠", "proposals_received", 2022, 2022, 260, "exact"),
        ("吴忠", "platform_reception_rooms", 2022, 2022, 20, "exact"),
        ("吴忠", "platform_deliberation_rooms", 2023, 2023, 15, "exact"),
    }


def test_plans_are_not_results(found):
    text = (
        "一、2022年工作回顾\n\n全年收到提案260件。\n\n二、2023年工作安排\n\n全年收到提案300件以上。"
    )
    assert found(text) == {("吴忠", "proposals_received", 2022, 2022, 260, "exact")}


def test_a_review_titled_with_its_year_files_undated_figures_there(found):
    text = "回望履职路\n——2022年吴忠市政协工作综述\n\n全年共收到提案210件，立案190件。"
    assert found(text, year=2023, committee=None) == {
        ("吴忠", "proposals_received", 2022, 2022, 210, "exact"),
        ("吴忠", "proposals_accepted", 2022, 2022, 190, "exact"),
    }


def test_no_usable_period_no_candidate(found):
    assert found("近年来，市政协开展专题协商20余次。上半年，收到提案150件。") == set()


# --- committees ---------------------------------------------------------------------------


def test_each_section_heading_switches_committee(found):
    text = (
        "政协奋进新征程\n\n"
        "银川市政协\n\n今年收到提案400件。\n\n"
        "西吉县政协\n\n今年收到提案90件。\n\n"
        "固原市政协：凝聚共识\n\n去年以来共报送社情民意信息150条。\n\n"
        "政协中卫市委员会\n\n今年确定重点提案10件。"
    )
    assert found(text, committee=None) == {
        ("银川", "proposals_received", 2023, 2023, 400, "exact"),
        ("西吉", "proposals_received", 2023, 2023, 90, "exact"),
        ("固原", "opinion_items", 2022, 2023, 150, "exact"),
        ("中卫", "proposals_key", 2023, 2023, 10, "exact"),
    }


def test_the_given_committee_holds_until_a_heading(found):
    text = "今年收到提案220件。\n\n青铜峡市政协\n\n今年收到提案130件。"
    assert found(text, committee="640300") == {
        ("吴忠", "proposals_received", 2023, 2023, 220, "exact"),
        ("青铜峡", "proposals_received", 2023, 2023, 130, "exact"),
    }


@pytest.mark.parametrize("name", ["银川", "银川市", "银川市政协", "640100", "政协银川市委员会"])
def test_committee_names_people_use(data, name):
    assert resolve_committee(name, data.committees)["adcode"] == "640100"


# --- what is not proposed -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "明年力争实现提案办复率达到100%。",  # a target
        "2024年，市政协将力争新建委员会客室10个，开展协商活动不少于30次。",
        "确保委员满意率保持在95%以上。",
        "下一步，将新建委员会客室10个。",
        "计划新建委员会客室10个。",
        "市人大常委会共收到代表建议156件、议案3件。",  # another body
        "全年办理人大代表建议和政协提案共计520件。",
        "先后观摩了各县区的委员会客室12个、委员工作室8个。",  # a visit
        "全市划分网格2100个，配备网格员2300名。",  # grid counts
        "组织义诊活动，为群众免费体检3200人次。",  # health screenings
        "举办委员培训班4期，培训委员320人次。",  # people trained
        "每名委员每年至少提交提案1件、撰写社情民意信息1篇。",  # norms, not totals
        "围绕养老服务开展专题调研，召开专题协商会3次，提出意见建议46条。",  # one topic's share
        "培育待挂牌委员会客室5个。",  # not set up yet
        "全市建成委员会客室、协商议事室等各类履职平台90个。",  # a mix of kinds
        "制定加强社情民意信息工作“8条”措施。",  # a number in a name
        "参与重要文件、重大项目及立法协商工作15次。",
        "提交大会发言和提案共120件。",
    ],
)
def test_not_proposed(found, text):
    assert found(text) == set()


# --- quotes -------------------------------------------------------------------------------


def test_quotes_are_short_and_verbatim(data):
    text = "去年以来，市政协共报送政协信息88期，社情\n\n▲市政协委员调研乡村振兴。\n\n民意信息 126 条，收到提案２８６件。"
    candidates = extract(
        text, year=2023, committee="吴忠", committees=data.committees, metrics=data.metrics
    )
    quotes = {c.metric: c.quote for c in candidates}
    assert quotes == {
        "opinion_bulletins": "市政协共报送政协信息88期",
        "opinion_items": "民意信息126条",  # not across the photo caption
        "proposals_received": "收到提案２８６件",  # as written
    }
    squeezed = "".join(text.split())
    assert all(c.quote in squeezed and len(c.quote) <= 40 for c in candidates)
    assert {c.period_start for c in candidates} == {2022}


# --- files and the command line -----------------------------------------------------------


REPORT = "吴忠市政协2023年工作综述\n\n2023年，吴忠市政协共收到提案286件，经审查立案241件，提案已全部办复。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_files_in_each_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(REPORT.encode(encoding))
    assert read_report(path) == REPORT


def test_word_files(tmp_path):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in REPORT.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "report.docx")
    extraction = extract_file(tmp_path / "report.docx", year="2024")
    metrics = {c.metric for c in extraction.candidates}
    assert metrics == {"proposals_received", "proposals_accepted", "proposals_reply_rate"}


def test_word_files_without_python_docx_say_so(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now fails
    (tmp_path / "report.docx").write_bytes(b"PK")
    with pytest.raises(ReportError, match="python-docx"):
        read_report(tmp_path / "report.docx")


def test_cli_extract_json(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "extract", str(path), "--year", "2024", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "committee": "吴忠",
        "adcode": "640300",
        "metric": "proposals_received",
        "period_start": 2023,
        "period_end": 2023,
        "value": 286,
        "qualifier": "exact",
        "quote": "吴忠市政协共收到提案286件",
        "year_basis": "stated",
        "year_reason": "",
    }
    assert {row["metric"] for row in rows} == {
        "proposals_received",
        "proposals_accepted",
        "proposals_reply_rate",
    }


def test_cli_missing_file_is_a_usage_error_in_chinese(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "extract", str(tmp_path / "none.txt"), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "找不到文件" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [(["--year", "23"], "年份无效"), (["--committee", "北京"], "未知的政协委员会")],
)
def test_cli_bad_options_are_usage_errors(tmp_path, capsys, options, message):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert commands.main(["extract", str(path), *options]) == 2
    assert message in capsys.readouterr().err


def test_cli_committee_given_by_name(tmp_path, capsys):
    path = tmp_path / "report.txt"
    path.write_text("今年共收到提案310件。", encoding="utf-8")
    assert (
        commands.main(["extract", str(path), "--year", "2023", "--committee", "银川市", "--json"])
        == 0
    )
    assert json.loads(capsys.readouterr().out)[0]["adcode"] == "640100"


# --- evaluation ---------------------------------------------------------------------------


def test_evaluation_counts_hits_misses_and_wrong_proposals(tmp_path):
    curated_dir = tmp_path / "curated"
    curated_dir.mkdir()
    for name in ("committees.csv", "metrics.csv"):
        (curated_dir / name).write_bytes((CURATED_DIR / name).read_bytes())
    (curated_dir / "sources.csv").write_text(
        "source_id,file_name,title,publisher,published_year,date_basis,note\n"
        "T1,t1.txt,测试报告,测试,2023,stated,\n",
        encoding="utf-8",
    )
    (curated_dir / "figures.csv").write_text(
        "adcode,metric,period_start,period_end,value,qualifier,year_basis,source_id,quote,note\n"
        "640300,proposals_received,2023,2023,286,exact,inferred,T1,收到提案286件,\n"
        "640300,proposals_key,2023,2023,15,exact,inferred,T1,重点提案15件,\n",
        encoding="utf-8",
    )
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "t1.txt").write_text(
        "吴忠市政协：今年收到提案286件，立案241件，遴选重点提案共计十五项。", encoding="utf-8"
    )
    result = evaluate.evaluate(texts, curated_dir)
    overall = result["overall"]
    assert (overall["expected"], overall["proposed"], overall["matched"]) == (2, 2, 1)
    assert (overall["recall"], overall["false_positive_rate"]) == (0.5, 0.5)
    report = result["reports"][0]
    assert [row["metric"] for row in report["missed_figures"]] == ["proposals_key"]
    assert [row["metric"] for row in report["wrong_figures"]] == ["proposals_accepted"]


def test_cli_evaluate_needs_an_existing_folder(tmp_path, capsys):
    assert commands.main(["evaluate-extractor", "--texts", str(tmp_path / "none")]) == 2
    assert "找不到报告文本目录" in capsys.readouterr().err
