"""The charts' and map's colours (issue 25, item 7): every mark at least 3:1 against
the white page (WCAG 2.2, 1.4.11), and the series colours told apart by viewers with
the common colour-vision deficiencies, simulated (``tests/colour_vision.py``)."""

import itertools

import numpy as np
import pandas as pd
import pytest

from cppcc import charts, maps
from cppcc.maps import data as map_data
from tests.colour_vision import contrast, delta_e, difference, lab

VISIONS = ["normal", "protan", "deutan", "tritan"]
# CIEDE2000: about 2 is just noticeable side by side; two lines of a chart must be
# told apart at a glance, across a legend
APART = 12


def hex_of(colour) -> str:
    if isinstance(colour, str):
        return colour
    return "#{:02X}{:02X}{:02X}".format(*colour[:3])


def test_colour_arithmetic_matches_published_values():
    """CIEDE2000 against Sharma, Wu & Dalal's test pairs; WCAG contrast of black on white."""
    assert delta_e((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)
    assert delta_e((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    assert contrast("#000000") == pytest.approx(21.0)
    # a deuteranope sees red and green alike: the simulation must say so
    assert difference("#FF0000", "#00FF00", "deutan") < difference("#FF0000", "#00FF00") / 3
    assert lab(np.ones(3)) == pytest.approx((100, 0, 0), abs=0.01)  # white is L* 100


def marks() -> dict[str, str]:
    """Every colour that draws data on a chart or map, by what it draws."""
    found = {f"series {i + 1}": c for i, c in enumerate(charts.PALETTE)}
    found["未报告 on a chart"] = charts.MISSING_GREY
    found["a map shape's outline"] = hex_of(map_data.AREA_LINE)
    found["the map's darkest shade"] = hex_of(map_data.HIGH)
    found["a seat dot's outline"] = hex_of(map_data.DOT_LINE)
    found["a leader line"] = hex_of(map_data.LEADER_LINE)
    found["a city border"] = hex_of(map_data.CONTEXT_LINE)
    return found


@pytest.mark.parametrize("what", list(marks()))
def test_every_mark_has_3_to_1_on_the_page(what):
    assert contrast(marks()[what]) >= 3, f"{what} {marks()[what]}: {contrast(marks()[what]):.2f}:1"


@pytest.mark.parametrize("vision", VISIONS)
def test_series_colours_are_told_apart_under_colour_vision_deficiency(vision):
    pairs = itertools.combinations(charts.PALETTE, 2)
    close = [(a, b, round(difference(a, b, vision), 1)) for a, b in pairs]
    close = [pair for pair in close if pair[2] < APART]
    assert close == [], f"{vision}: these series look alike {close}"


def test_a_chart_with_many_series_draws_them_in_the_checked_colours():
    """The year chart of eight committees: each line in a palette colour, no two alike."""
    rows = [
        {"label": f"委员会{i}", "year": year, "value": 10 + i + year % 3, "qualifier": "exact",
         "inferred": False}
        for i in range(8) for year in (2021, 2022, 2023)
    ]  # fmt: skip
    spec = charts.ChartSpec("lines", "收到提案", "", "件", pd.DataFrame(rows), ())
    colours = [
        trace.line.color
        for trace in charts.figure(spec).data
        if trace.mode and "lines" in trace.mode and trace.line.color
    ]
    assert len(set(colours)) == 8 and set(colours) <= set(charts.PALETTE)


def test_the_map_outlines_every_compared_shape(store):
    """A pale or grey (未报告) shape stands out from the white page by its outline."""
    import json

    from tests.test_map import map_values

    values = map_values(store, "platform_reception_rooms", 2023)
    deck = json.loads(maps.deck(maps.model(values, unit="个", period=(2023, 2023))).to_json())
    shapes = next(layer for layer in deck["layers"] if layer["id"] == "prefectures")
    assert contrast(hex_of(shapes["getLineColor"])) >= 3
