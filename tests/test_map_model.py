"""The map's model without a store or a browser: for every comparison level and many
made-up sets of figures, every reported committee is shaded, every name is placed
apart (or named under the map), a moved name has its leader line, and both renderers
draw every part of the same model."""

import json
import math
import random

import numpy as np
import pandas as pd
import pytest

from cppcc import geo, maps

FEATURES = geo.boundaries()["features"]
CITIES = [f["properties"] for f in FEATURES if f["properties"]["level"] == "prefecture"]
COUNTIES = [f["properties"] for f in FEATURES if f["properties"]["level"] == "county"]
LEVELS = {
    "cities": CITIES,
    "counties": COUNTIES,
    **{
        city["adcode"]: [c for c in COUNTIES if c["parent_adcode"] == city["adcode"]]
        for city in CITIES
    },
}


def values_for(places: list[dict], seed: int, *, dot: bool = False) -> pd.DataFrame:
    """One ``map_values`` row per place, with figures made up from ``seed``: some not
    reported, some lower bounds, some inferred years; ``dot`` adds a committee with no
    shape (a code the boundary file lacks) at a seat among them."""
    rng = random.Random(seed)
    rows = []
    for place in places:
        reported = rng.random() < 0.6
        rows.append(
            {
                "adcode": place["adcode"],
                "committee": place["name_zh"][:2],
                "name_zh": place["name_zh"] + "政协",
                "committee_en": f"Committee {place['adcode']}",
                "level": place["level"],
                "seat_lat": np.nan,
                "seat_lon": np.nan,
                "townships": rng.choice([0, 5, 12]),
                "value": float(rng.randint(0, 400)) if reported else np.nan,
                "qualifier": rng.choice(["exact", "at_least"]) if reported else None,
                "year_basis": rng.choice(["stated", "inferred"]) if reported else None,
                "source": "测试报告" if reported else None,
            }
        )
    if dot:
        lon, lat = maps.centre(
            next(f for f in FEATURES if f["properties"] is places[0])["geometry"]
        )
        rows.append(
            {**rows[0], "adcode": "649999", "committee": "新设", "name_zh": "新设县政协",
             "level": "county", "seat_lat": lat + 0.05, "seat_lon": lon + 0.05, "value": 7.0}
        )  # fmt: skip
    return pd.DataFrame(rows)


CASES = [
    (level, seed, density, lang, dot)
    for level in LEVELS
    for seed, density, lang, dot in ((1, False, "zh", False), (2, True, "en", True))
]


@pytest.mark.parametrize(("level", "seed", "density", "lang", "dot"), CASES)
def test_every_reported_committee_is_shaded_and_every_name_placed_apart(
    level, seed, density, lang, dot
):
    values = values_for(LEVELS[level], seed, dot=dot)
    drawn = maps.model(values, unit="件", period=(2023, 2023), density=density, lang=lang)
    shown = maps.shown_values(values, density)

    drawn_codes = [a.adcode for a in drawn.areas] + [p.adcode for p in drawn.points]
    assert sorted(drawn_codes) == sorted(values["adcode"])
    for (_, row), value in zip(values.iterrows(), shown, strict=True):
        mark = next(m for m in (*drawn.areas, *drawn.points) if m.adcode == row.adcode)
        if math.isnan(value):
            assert mark.value is None and mark.fill == maps.GREY  # not reported: grey, never 0
        else:
            assert mark.value == value and mark.fill != maps.GREY
    if dot:
        assert [p.adcode for p in drawn.points] == ["649999"]

    # every name is on the map or named under it, none twice
    labelled = [label.adcode for label in drawn.labels]
    assert len(set(labelled)) == len(labelled)
    assert len(labelled) + len(drawn.unplaced) == len(values)
    # labels cover no other label and no dot, inside what a phone shows
    boxes = [label.box for label in drawn.labels]
    dots = [maps.dot_box(p.position, drawn.view) for p in drawn.points]
    for index, box in enumerate(boxes):
        assert box[0] >= -maps.HALF_WIDTH and box[2] <= maps.HALF_WIDTH
        assert box[1] >= -maps.HALF_HEIGHT and box[3] <= maps.HALF_HEIGHT
        for other in boxes[index + 1 :] + dots:
            assert not maps.overlaps(box, other, gap=0), (box, other)


@pytest.mark.parametrize(("level", "seed", "density", "lang", "dot"), CASES)
def test_a_name_moved_away_from_its_place_has_a_leader_line_to_it(level, seed, density, lang, dot):
    values = values_for(LEVELS[level], seed, dot=dot)
    drawn = maps.model(values, unit="件", period=(2023, 2023), density=density, lang=lang)
    places = {a.adcode: (a.anchor, False) for a in drawn.areas}
    places |= {p.adcode: (p.position, True) for p in drawn.points}
    leaders = {leader.start: leader.end for leader in drawn.leaders}
    assert len(leaders) == len(drawn.leaders)
    for label in drawn.labels:
        at, is_dot = places[label.adcode]
        x, y = maps.project(*at, drawn.view)
        left, top, right, bottom = label.box
        away = math.hypot((left + right) / 2 - x, (top + bottom) / 2 - y)
        far = maps.DOT_RADIUS + 7 + (right - left) / 2 if is_dot else 34
        if away <= far:
            assert tuple(at) not in leaders, label.text
            continue
        # the line runs from the place to the nearest edge of the moved label
        end = maps.project(*leaders[tuple(at)], drawn.view)
        assert left - 0.01 <= end[0] <= right + 0.01 and top - 0.01 <= end[1] <= bottom + 0.01
        assert min(end[0] - left, right - end[0], end[1] - top, bottom - end[1]) < 0.01


def test_crowded_counties_move_some_names_onto_leader_lines():
    """The class above must not pass vacuously: a crowded level does move names."""
    values = values_for(COUNTIES, 3, dot=True)
    values["value"] = 5.0
    drawn = maps.model(values, unit="件", period=(2023, 2023))
    assert drawn.leaders


@pytest.mark.parametrize("level", ["cities", "counties", "640100"])
def test_both_renderers_draw_every_part_of_the_model(level):
    values = values_for(LEVELS[level], 4, dot=True)
    drawn = maps.model(values, unit="件", period=(2023, 2023))
    layers = {layer["id"]: layer for layer in json.loads(maps.deck(drawn).to_json())["layers"]}
    features = [
        feature
        for layer_id in ("prefectures", "counties")
        for feature in layers.get(layer_id, {"data": {"features": []}})["data"]["features"]
    ]
    assert [f["properties"]["adcode"] for f in features] == [a.adcode for a in drawn.areas]
    assert [f["tip"] for f in features] == [a.tooltip for a in drawn.areas]
    assert len(layers.get("context", {"data": {"features": []}})["data"]["features"]) == len(
        drawn.context
    )
    assert len(layers.get("city_outlines", {"data": {"features": []}})["data"]["features"]) == len(
        drawn.borders
    )
    assert [d["tip"] for d in layers["seats"]["data"]] == [p.tooltip for p in drawn.points]
    assert [row["text"] for row in layers["labels"]["data"]] == [lb.text for lb in drawn.labels]
    assert len(layers["leaders"]["data"]) == len(drawn.leaders)
    assert json.loads(maps.deck(drawn).to_json())["initialViewState"]["zoom"] == drawn.view["zoom"]

    figure = maps.picture(drawn)
    filled = [trace for trace in figure.data if trace.fill == "toself"]
    assert len(filled) == len(drawn.context) + len(drawn.areas)
    unfilled = [t for t in figure.data if t.mode == "lines" and t.fill != "toself"]
    assert len(unfilled) == len(drawn.borders) + len(drawn.leaders)
    markers = [t for t in figure.data if t.mode == "markers"]
    # the colour key's traces have no points, only their key
    assert sum(x is not None for t in markers for x in t.x) == len(drawn.points)
    texts = [a.text for a in figure.layout.annotations]
    assert texts == [label.text.replace("\n", "<br>") for label in drawn.labels]


def test_one_citys_counties_open_zoomed_in_with_the_cities_around_them():
    values = values_for(LEVELS["640400"], 5)
    drawn = maps.model(values, unit="件", period=(2023, 2023))
    assert drawn.view["zoom"] > maps.REGION_VIEW["zoom"] + 0.3
    assert len(drawn.context) == len(CITIES) and drawn.borders
    cities = maps.model(values_for(CITIES, 5), unit="件", period=(2023, 2023))
    assert cities.view == maps.REGION_VIEW and cities.context == () and cities.borders == ()


@pytest.mark.parametrize("density", [False, True], ids=["figures", "per_township"])
@pytest.mark.parametrize("level", ["cities", "counties", "640100"])
def test_the_picture_has_a_colour_scale_with_its_unit_and_a_key_for_not_reported(level, density):
    values = values_for(LEVELS[level], 6)
    drawn = maps.model(values, unit="件", period=(2023, 2023), density=density)
    shown = maps.shown_values(values, density).dropna()
    if shown.empty:
        assert drawn.scale is None
        return
    assert drawn.scale.top == pytest.approx(shown.max())
    # the darkest shape is the top of the scale
    darkest = max((a for a in drawn.areas if a.value is not None), key=lambda a: a.value)
    assert darkest.fill[:3] == drawn.scale.high[:3]
    figure = maps.picture(drawn, "zh")
    (bar,) = [t for t in figure.data if t.marker and t.marker.showscale]
    unit = "件/乡镇（街道）" if density else "件"
    assert bar.marker.colorbar.title.text == f"单位：{unit}"
    assert list(bar.marker.colorbar.tickvals) == [0, pytest.approx(shown.max())]
    assert bar.marker.colorscale[-1][1] == "rgba({},{},{},1.00)".format(*drawn.scale.high[:3])
    (key,) = [t for t in figure.data if t.showlegend]
    assert key.name == "未报告" and key.marker.color == "rgba(205,205,205,1.00)"


def test_nothing_reported_draws_no_colour_scale():
    values = values_for(LEVELS["cities"], 1).assign(value=np.nan)
    drawn = maps.model(values, unit="件", period=(2023, 2023))
    assert drawn.scale is None
    assert not any(t.marker and t.marker.showscale for t in maps.picture(drawn).data)
