"""Kinds of figure the extractor used to miss or misread, each tested as a class: several
wordings of one kind, written for these tests, not quoted from any report.
"""

import pytest

from cppcc.extract.extractor import read_figures
from cppcc.extract.numbers import find_quantities
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


@pytest.fixture
def found(data):
    """(metric, start, end, value, qualifier) of every candidate in a text."""

    def run(text, year=2024, committee="吴忠"):
        extraction = read_figures(
            text, year=year, committee=committee, committees=data.committees, metrics=data.metrics
        )
        return {
            (c.metric, c.period_start, c.period_end, c.value, c.qualifier)
            for c in extraction.candidates
        }

    return run


# --- sessions of a term, one pair of figures each ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "八届一次会议于2016年1月召开。八届一次会议收到提案120件、立案100件；"
        "八届二次会议收到提案130件、立案110件；八届三次会议收到提案140件、立案120件。",
        "第八届（2016—2020年）：一次会议收到提案120件，立案100件。二次会议收到提案130件，"
        "立案110件。三次会议收到提案140件，立案120件。",
    ],
)
def test_each_session_of_a_dated_term_keeps_its_own_year(found, text):
    assert found(text) >= {
        ("proposals_received", 2016, 2016, 120, "exact"),
        ("proposals_accepted", 2016, 2016, 100, "exact"),
        ("proposals_received", 2017, 2017, 130, "exact"),
        ("proposals_accepted", 2017, 2017, 110, "exact"),
        ("proposals_received", 2018, 2018, 140, "exact"),
        ("proposals_accepted", 2018, 2018, 120, "exact"),
    }


def test_sessions_of_an_undated_term_are_not_stamped_with_the_reports_year(found):
    text = "八届一次会议收到提案120件、立案100件；八届二次会议收到提案130件、立案110件。"
    assert found(text) == set()


def test_a_sessions_ordinal_is_not_a_count():
    for text in ("八届二次会议收到提案", "在三次全会上", "；二次会议收到"):
        assert find_quantities(text) == []
    assert [q.value for q in find_quantities("今年召开了三次会议")] == [3]


# --- endorsements by leaders of each level -------------------------------------------------


@pytest.mark.parametrize(
    "text, metric",
    [
        ("获自治区领导批示12件。", "opinion_instructions_region"),
        ("获省级领导批示12篇。", "opinion_instructions_region"),
        ("区党委、区政府领导批示12次。", "opinion_instructions_region"),
        ("获市级领导批示12件。", "opinion_instructions"),
        ("市委、市政府领导批示12件次。", "opinion_instructions"),
    ],
)
def test_endorsements_are_filed_by_the_leaders_level(found, text, metric):
    assert {row[0] for row in found(text)} == {metric}


def test_endorsements_by_central_leaders_are_not_the_committees_level(found):
    assert found("获中央领导批示3件。") == set()


# --- turned down, merged, accepted -------------------------------------------------------------


@pytest.mark.parametrize("veto", ["不予立案", "未立案", "不立案", "撤案"])
def test_proposals_turned_down_are_not_the_accepted_count(found, veto):
    text = f"今年共收到提案300件，{veto}20件，立案280件。"
    assert ("proposals_accepted", 2024, 2024, 20, "exact") not in found(text)
    assert ("proposals_accepted", 2024, 2024, 280, "exact") in found(text)


@pytest.mark.parametrize("words", ["并案后交办", "并案后实际交办提案", "经审查交办"])
def test_proposals_assigned_after_merging_are_accepted(found, words):
    assert ("proposals_accepted", 2024, 2024, 250, "exact") in found(f"今年{words}250件。")


# --- a value at the end of a long enumeration ------------------------------------------------


@pytest.mark.parametrize(
    "lead",
    [
        "",
        "通过调研视察、协商座谈、大会发言、社情民意、委员提案等多种方式，",
        "组织委员深入企业、社区、乡村、学校、医院开展调研，围绕中心工作",
    ],
)
def test_a_total_keeps_its_value_however_long_the_words_before_it(found, lead):
    assert ("suggestions", 2024, 2024, 100, "at_least") in found(f"{lead}提出意见和建议100多条。")


# --- lower bounds, consultations, key proposals, rooms --------------------------------------


@pytest.mark.parametrize(
    "text", ["委员满意率在95%以上。", "提案办理满意率保持在95%以上。", "委员满意度达95%以上。"]
)
def test_a_rate_above_a_bound_is_a_lower_bound(found, text):
    assert found(text) == {("proposals_satisfaction_rate", 2024, 2024, 95, "at_least")}


@pytest.mark.parametrize("text", ["开展重点协商议政12次。", "全年开展各类协商议政活动12次。"])
def test_consultations_however_named(found, text):
    assert found(text) == {("consultation_activities", 2024, 2024, 12, "exact")}


@pytest.mark.parametrize(
    "text",
    [
        "今年有10件(系列)提案被确定为重点提案。",
        "10件（系列）提案被遴选为年度重点提案。",
        "确定重点提案10件。",
    ],
)
def test_key_proposals_however_worded(found, text):
    assert found(text) == {("proposals_key", 2024, 2024, 10, "exact")}


@pytest.mark.parametrize("room", ["民生议事堂", "协商议事厅", "协商议事室", "百姓议事堂"])
def test_deliberation_rooms_by_their_local_names(found, room):
    assert found(f"全市已建成{room}15个。") == {
        ("platform_deliberation_rooms", 2024, 2024, 15, "exact")
    }


# --- a party's own collective proposals ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "民盟吴忠市委会今年提交集体提案12件。",
        "各民主党派今年提交集体提案12件。",
        "今年以来，民建吴忠市委会积极建言。全年提交集体提案12件。",
    ],
)
def test_a_partys_collective_proposals_are_not_the_committees(found, text):
    assert not any(row[0] == "proposals_received" for row in found(text))


# --- periods: spans of years, and proposals answered later ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "五年共收到提案1200件。",
        "五年来，共收到提案1200件。",
        "过去五年，共收到提案1200件。",
        "过去的五年，累计收到提案1200件。",
        "5年间共收到提案1200件。",
    ],
)
def test_five_year_totals_are_spans_not_one_year(found, text):
    assert found(text) == {("proposals_received", 2019, 2023, 1200, "exact")}


def test_five_years_said_at_a_term_ending_in_the_autumn_reach_its_year(found):
    text = "10月27日，县政协换届。5年来，共提交提案455件。截至目前，办复率100%。"
    assert found(text, year=2021) == {
        ("proposals_received", 2016, 2021, 455, "exact"),
        ("proposals_reply_rate", 2016, 2021, 100, "exact"),
    }


@pytest.mark.parametrize(
    "text",
    [
        "2022年提出的提案，截至2024年6月已全部办复，办复率100%。",
        "对2022年度提案，2024年3月答复完毕，办复率100%。",
    ],
)
def test_a_reply_years_later_counts_for_the_proposals_year(found, text):
    assert found(text) == {("proposals_reply_rate", 2022, 2022, 100, "exact")}


# --- names listed, numbers given 分别; a total after what was added ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "提案办复率、委员满意率分别为100%、97%。",
        "办复率和满意率分别达到100%和97%。",
        "今年提案的办复率、满意率分别是100%、97%。",
    ],
)
def test_names_listed_then_numbers_given_respectively_are_paired_in_order(found, text):
    assert found(text) == {
        ("proposals_reply_rate", 2024, 2024, 100, "exact"),
        ("proposals_satisfaction_rate", 2024, 2024, 97, "exact"),
    }


def test_a_list_and_numbers_of_different_lengths_are_not_paired(found):
    assert found("办复率、满意率、见面率分别为100%、97%。") == set()


@pytest.mark.parametrize(
    "text",
    [
        "今年新建委员会客室4个，总数达到26个。",
        "新建委员会客室4个，累计达26个。",
        "今年又建成委员会客室4个，共有26个。",
    ],
)
def test_a_platforms_total_after_the_ones_added_takes_their_name(found, text):
    assert ("platform_reception_rooms", 2024, 2024, 26, "exact") in found(text)
    assert ("platform_reception_rooms", 2024, 2024, 4, "exact") not in found(text)
