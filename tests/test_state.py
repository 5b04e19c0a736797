"""A comparison page's state (level, metric, period, committee) as one value: the
opening view comes from the data, a change of level keeps a metric that level reports,
and an address's bad values fall back to the default with a note. Made-up data."""

import pandas as pd
import pytest

from cppcc import levels
from cppcc.state import Choices, PageState, resolve

COMMITTEES = pd.DataFrame(
    [
        ("640000", "region", None),
        ("A", "prefecture", None),
        ("B", "prefecture", None),
        ("C", "prefecture", None),
        ("A1", "county", "A"),
        ("A2", "county", "A"),
        ("B1", "county", "B"),
    ],
    columns=["adcode", "level", "parent_adcode"],
)
# rooms: three cities report 2023; proposals: two cities 2022, all counties 2021 and
# two of A's counties 2024; opinions: one city, for a span
FIGURES = [
    *(("rooms", c, 2023, 2023, 1) for c in ("A", "B", "C")),
    *(("proposals", c, 2022, 2022, 2) for c in ("A", "B")),
    *(("proposals", c, 2021, 2021, 2) for c in ("A1", "A2", "B1")),
    *(("proposals", c, 2024, 2024, 2) for c in ("A1", "A2")),
    ("opinions", "C", 2018, 2022, 3),
]
COVERAGE = pd.DataFrame(
    FIGURES, columns=["metric", "adcode", "period_start", "period_end", "metric_order"]
).merge(COMMITTEES[["adcode", "level"]], on="adcode")


def periods(metric: str) -> pd.DataFrame:
    rows = COVERAGE[COVERAGE["metric"] == metric]
    found = rows[["period_start", "period_end"]].drop_duplicates()
    return found.assign(any_inferred=False)


def coverage(adcodes: list[str]) -> pd.DataFrame:
    return COVERAGE[COVERAGE["adcode"].isin(adcodes)]


CHOICES = Choices(COMMITTEES, coverage, ["rooms", "proposals", "opinions"], periods, "rooms")


def test_a_first_visit_opens_on_what_most_committees_of_the_level_report():
    opened = resolve(PageState(), None, CHOICES)
    assert opened.state == PageState(levels.CITIES, "rooms", (2023, 2023))
    assert opened.switched_from is None and opened.notes == ()
    counties = resolve(PageState(level=levels.COUNTIES), None, CHOICES).state
    assert (counties.metric, counties.period) == ("proposals", (2021, 2021))


def test_a_new_level_without_the_metric_opens_on_one_it_reports_and_says_so():
    before = PageState(levels.CITIES, "rooms", (2023, 2023))
    moved = resolve(PageState(levels.COUNTIES, "rooms", (2023, 2023)), before, CHOICES)
    assert moved.state == PageState(levels.COUNTIES, "proposals", (2021, 2021))
    assert moved.switched_from == "rooms"
    # picked again at that level, it is the reader's choice and stays
    again = resolve(PageState(levels.COUNTIES, "rooms", (2021, 2021)), moved.state, CHOICES)
    assert again.state.metric == "rooms" and again.switched_from is None


def test_a_new_level_that_reports_the_metric_keeps_it_on_its_own_best_period():
    before = PageState(levels.CITIES, "proposals", (2022, 2022))
    moved = resolve(PageState("A", "proposals", (2022, 2022)), before, CHOICES)
    assert moved.state == PageState("A", "proposals", (2024, 2024))
    assert moved.switched_from is None


def test_the_period_stays_while_metric_and_level_stay_and_resets_when_either_moves():
    before = PageState(levels.COUNTIES, "proposals", (2021, 2021))
    stay = resolve(PageState(levels.COUNTIES, "proposals", (2024, 2024)), before, CHOICES)
    assert stay.state.period == (2024, 2024)
    other = resolve(PageState(levels.COUNTIES, "opinions", (2024, 2024)), before, CHOICES)
    assert other.state.period == (2018, 2022) and other.notes == ()


def test_the_state_travels_as_plain_strings_and_back():
    state = PageState("A", "proposals", (2018, 2022), "A1")
    params = state.to_params()
    assert params == {"level": "A", "metric": "proposals", "period": "2018-2022", "code": "A1"}
    assert all(isinstance(value, str) for value in params.values())
    assert PageState.from_params(params) == (state, [])
    assert PageState(metric="rooms", period=(2023, 2023)).to_params() == {
        "metric": "rooms",
        "period": "2023",
    }
    # an address naming everything the data has opens exactly there
    asked, _ = PageState.from_params({"level": "A", "metric": "proposals", "period": "2024"})
    assert resolve(asked, None, CHOICES).state == PageState("A", "proposals", (2024, 2024))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"period": "2023年"}, "period=2023年"),
        ({"period": "2025-2021"}, "period=2025-2021"),
        ({"metric": "<script>"}, "metric=<script>"),
        ({"level": "x" * 80}, "level="),
    ],
)
def test_an_unreadable_value_is_dropped_with_a_note(params, words):
    asked, notes = PageState.from_params(params)
    assert asked == PageState() and len(notes) == 1 and words in notes[0]
    assert resolve(asked, None, CHOICES).state == resolve(PageState(), None, CHOICES).state


@pytest.mark.parametrize(
    ("asked", "field", "words"),
    [
        (PageState(level="Z"), "level", "比较层级"),
        (PageState(metric="unknown"), "metric", "unknown"),
        (PageState(metric="rooms", period=(1999, 1999)), "period", "1999"),
        (PageState(committee="Z9"), "committee", "Z9"),
    ],
)
def test_a_value_the_data_lacks_falls_back_to_the_default_with_a_note(asked, field, words):
    default = resolve(PageState(), None, CHOICES).state
    shown = resolve(asked, None, CHOICES)
    assert getattr(shown.state, field) == getattr(default, field)
    assert len(shown.notes) == 1 and words in shown.notes[0]
    english = resolve(asked, None, CHOICES, lang="en").notes
    assert len(english) == 1 and english[0] != shown.notes[0]


def test_a_page_without_a_period_picker_resolves_level_and_metric_only():
    shown = resolve(PageState(metric="opinions"), None, CHOICES, with_period=False).state
    assert shown == PageState(levels.CITIES, "opinions", None)
