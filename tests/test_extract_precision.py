"""Kinds of number the extractor used to propose wrongly, each tested as a class: a
figure that is somebody else's, a part, a disposition, or for an unclear period is left
(listed by ``--all`` with a reason) rather than proposed. Sentences written for these
tests, not quoted from any report.
"""

import pytest

from cppcc.extract.extractor import read_figures
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


@pytest.fixture
def read(data):
    def run(text, year=2024, committee="银川"):
        return read_figures(
            text, year=year, committee=committee, committees=data.committees, metrics=data.metrics
        )

    return run


@pytest.fixture
def found(read):
    """(committee, metric, start, end, value) of every candidate in a text."""

    def run(text, **options):
        return {
            (c.committee, c.metric, c.period_start, c.period_end, c.value)
            for c in read(text, **options).candidates
        }

    return run


def left_for(extraction, value: float) -> str | None:
    """Why ``--all`` says the number ``value`` was not proposed."""
    reasons = [n.left for n in extraction.numbers if n.value == value and n.metric is None]
    return reasons[0] if reasons else None


# --- another committee, or several, doing the counting ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "今年市政协工作扎实。兴庆区政协收到提案120件，立案96件。",
        "在市政协的指导下，永宁县政协今年收到提案120件、立案96件。",
        "贺兰县政协高度重视提案工作。全年收到提案120件，立案96件。",
        "各县（市、区）政协共收到提案120件，立案96件。",
        "全市各级政协收到提案120件，立案96件。",
        "三县三区政协共收到提案120件，立案96件。",
    ],
)
def test_figures_of_another_committee_or_of_all_of_them_are_not_the_reports(read, text):
    extraction = read(text)
    assert extraction.candidates == []
    assert "政协的工作" in left_for(extraction, 120)


@pytest.mark.parametrize(
    "text",
    [
        "市政协向自治区政协报送社情民意信息50条。",
        "经自治区政协推荐，市政协报送社情民意信息50条。",
        "银川市政协今年报送社情民意信息50条，兴庆区政协报送30条。",
    ],
)
def test_a_committee_named_as_recipient_or_helper_leaves_the_figure_ours(found, text):
    assert ("银川", "opinion_items", 2024, 2024, 50) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "市人大常委会今年收到代表建议260件，办结率100%，代表满意率98%。",
        "今年，县人大代表提出建议260件，已全部办复。",
        "市委统战部全年组织开展协商活动26次。",
        "各民主党派开展调研30次，反映社情民意信息26条。",
    ],
)
def test_figures_of_another_body_opening_the_clause_are_not_the_committees(found, text):
    assert found(text) == set()


def test_parties_listed_with_the_members_do_not_take_the_proposals_away(found):
    text = "政协委员、各民主党派和专门委员会共提出提案300件，立案260件。"
    assert {row[1] for row in found(text)} == {"proposals_received", "proposals_accepted"}


def test_a_systems_platforms_count_as_the_committees_own(found):
    text = "全市政协系统已建成委员会客室18个、协商议事室9个。"
    assert found(text) == {
        ("银川", "platform_reception_rooms", 2024, 2024, 18),
        ("银川", "platform_deliberation_rooms", 2024, 2024, 9),
    }


def test_one_committee_under_two_names_is_one(found):
    text = "海北州政协召开全会。海北藏族自治州政协五年来收到提案300件，海北州政协立案250件。"
    assert {row[1] for row in found(text, committee=None)} == {
        "proposals_received",
        "proposals_accepted",
    }


# --- what became of something is not what was gathered ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "把群众诉求转交热线平台处理的社情民意80条。",
        "委员提案中有80件转为社情民意信息。",
        "移交有关部门的社情民意信息80条。",
    ],
)
def test_items_passed_on_or_converted_are_not_items_gathered(found, text):
    assert not any(metric == "opinion_items" for _, metric, *_ in found(text))


def test_items_gathered_still_count_beside_what_became_of_them(found):
    text = "全年报送社情民意信息80条，其中转交有关部门办理12条。"
    assert found(text) == {("银川", "opinion_items", 2024, 2024, 80)}


# --- one group of submitters' proposals are a part ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "各民主党派、工商联以集体名义提交提案45件，立案40件。",
        "各民主党派市委会提交提案45件，立案40件。",
        "委员个人提交提案45件，立案40件。",
        "界别和专委会提出提案45件，立案40件。",
    ],
)
def test_proposals_of_one_group_of_submitters_are_not_the_committees(read, text):
    extraction = read(text)
    assert extraction.candidates == []
    assert left_for(extraction, 45) is not None


@pytest.mark.parametrize(
    "text",
    [
        "今年共收到提案300件，其中集体提案20件，立案250件。",
        "政协委员、各民主党派和专门委员会共提交提案300件，立案250件。",
        "委员、各参加单位和界别共提出提案300件，立案250件。",
    ],
)
def test_a_total_that_names_its_parts_is_still_the_total(found, text):
    assert found(text) == {
        ("银川", "proposals_received", 2024, 2024, 300),
        ("银川", "proposals_accepted", 2024, 2024, 250),
    }


# --- whose endorsements --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "社情民意信息被自治区政府、市委领导批示11篇。",
        "获自治区党委和市委、市政府领导批示11件次。",
        "信息获自治区和市级领导批示11篇。",
    ],
)
def test_endorsements_by_the_region_and_the_committees_own_level_are_every_levels(found, text):
    assert found(text) == {("银川", "opinion_instructions", 2024, 2024, 11)}


@pytest.mark.parametrize("text", ["获中央和自治区领导批示5件。", "得到国务院和市委领导批示5篇。"])
def test_endorsements_that_include_central_leaders_are_left(found, text):
    assert found(text) == set()


# --- two kinds of thing under one number ----------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "全年共收到提案和社情民意信息300件。",
        "收集社情民意信息与意见建议300条。",
        "共提交提案及意见建议300件。",
    ],
)
def test_one_number_for_two_kinds_of_thing_is_neither(found, text):
    assert found(text) == set()


@pytest.mark.parametrize(
    "text", ["今年计划全年开展协商活动20次。", "市政协计划年内建成委员会客室6个。"]
)
def test_a_plan_with_words_between_is_still_a_plan(found, text):
    assert found(text) == set()


# --- periods the text does not make clear --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "换届以来，共收到提案900件。",
        "本届以来收到提案900件。",
        "十届以来，共立案800件。",
        "本届政协累计收到提案900件。",
    ],
)
def test_since_the_term_began_needs_the_terms_first_year(read, text):
    extraction = read(text)
    assert extraction.candidates == []
    assert "期间" in left_for(extraction, 900 if "900" in text else 800)


@pytest.mark.parametrize(
    "text",
    [
        "十届一次会议于2022年1月召开。十届以来，共收到提案900件。",
        "第十届（2022—2026年）政协工作扎实。换届以来，共收到提案900件。",
    ],
)
def test_since_a_dated_term_began_runs_to_the_report(found, text):
    assert found(text) == {("银川", "proposals_received", 2022, 2024, 900)}


@pytest.mark.parametrize(
    "text",
    [
        "政协成立以来累计收到提案12000余件。",
        "平台开通以来收到社情民意信息12000条。",
        "累计收到提案12000件。",
        "历年累计开展协商活动12000次。",
    ],
)
def test_a_count_since_an_undated_start_is_left(read, text):
    extraction = read(text)
    assert extraction.candidates == []
    assert left_for(extraction, 12000) is not None


def test_a_years_running_total_is_that_years(found):
    assert found("全年累计开展协商活动40次。") == {
        ("银川", "consultation_activities", 2024, 2024, 40)
    }


@pytest.mark.parametrize(
    "text, period",
    [
        ("2019年至2023年共收到提案1800件。", (2019, 2023)),
        ("2019—2023年共收到提案1800件。", (2019, 2023)),
        ("2019年到2023年，共收到提案1800件。", (2019, 2023)),
    ],
)
def test_a_span_of_years_written_out_is_the_span(found, text, period):
    assert found(text) == {("银川", "proposals_received", *period, 1800)}


@pytest.mark.parametrize(
    "text",
    ["2022年、2023年分别收到提案200件、250件。", "2022年和2023年分别立案200件、250件。"],
)
def test_numbers_given_respectively_are_left_for_staff(read, text):
    extraction = read(text)
    assert extraction.candidates == []
    assert "分别" in left_for(extraction, 200)


# --- the year a plenary's report is about ----------------------------------------------------


@pytest.mark.parametrize("opening", ["过去一年", "刚刚过去的一年", "过去的一年里"])
def test_the_year_just_past_is_the_year_before_publication(found, opening):
    assert found(f"{opening}，市政协共收到提案300件。") == {
        ("银川", "proposals_received", 2023, 2023, 300)
    }


@pytest.mark.parametrize(
    "text",
    [
        "1月12日，市政协十届三次会议开幕。常委会工作报告显示，一年来共收到提案300件。",
        "市政协全会开幕，听取常委会工作报告。报告说，全年共收到提案300件。",
    ],
)
def test_news_of_the_plenary_reports_the_year_before(found, text):
    assert found(text) == {("银川", "proposals_received", 2023, 2023, 300)}


def test_a_review_late_in_the_year_keeps_its_own_year(found):
    text = "12月20日，市政协召开座谈会。一年来，市政协共收到提案300件。"
    assert found(text) == {("银川", "proposals_received", 2024, 2024, 300)}


@pytest.mark.parametrize("text", ["市委书记领衔督办重点提案2件。", "政协主席牵头督办2件重点提案。"])
def test_one_leaders_share_of_the_key_proposals_is_not_their_number(found, text):
    assert found(text) == set()


def test_key_proposals_then_who_supervises_them_is_the_number(found):
    text = "确定重点提案15件，由市委、市政府、市政协领导领衔督办。"
    assert found(text) == {("银川", "proposals_key", 2024, 2024, 15)}


@pytest.mark.parametrize(
    "text",
    [
        "十届盐池县政协五年来共收到提案300件。十届盐池县政协立案260件。",
        "市政协邀请市县政协负责同志座谈。全年共收到提案300件，立案260件。",
    ],
)
def test_words_run_into_a_committees_name_do_not_make_another_committee(found, text):
    committee = "盐池" if "盐池" in text else "银川"
    assert {row[1] for row in found(text, committee=committee)} == {
        "proposals_received",
        "proposals_accepted",
    }


@pytest.mark.parametrize(
    "text",
    [
        "共立案260件。其中，市政府承办提案74件，办复率100%，满意率98%。",
        "收到提案300件，其中由市住建局办理的提案20件，满意率为95%。",
    ],
)
def test_a_rate_after_one_handlers_share_is_that_shares(found, text):
    assert not {row[1] for row in found(text)} & {
        "proposals_reply_rate",
        "proposals_satisfaction_rate",
    }


def test_a_rate_after_the_accepted_count_is_the_committees(found):
    text = "共收到提案300件，其中立案260件，办复率100%，委员满意率98%。"
    assert {row[1] for row in found(text)} >= {
        "proposals_reply_rate",
        "proposals_satisfaction_rate",
    }


@pytest.mark.parametrize(
    "text",
    [
        "张某是市政协委员。他先后提交提案30余件，反映社情民意信息50条。",
        "作为政协委员，她今年提交提案30件，其中立案28件。",
    ],
)
def test_one_members_own_record_is_not_the_committees(found, text):
    assert found(text) == set()
