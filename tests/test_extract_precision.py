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
