"""The map's data: cities or counties shaded, gaps shown as gaps, labels apart.

On the tests' own dataset (``tests/fixtures/``): the numbers are the fixture's."""

import json

from cppcc import levels, maps
from cppcc.store import db, sql
from cppcc.upload import catalogue


def map_values(store, metric: str, year: int, level: str = levels.CITIES):
    with db.connect(store) as con:
        values = con.execute(
            sql.load("map_values"),
            {"metric": metric, "period_start": year, "period_end": year, "adcodes": []},
        ).df()
        committees = con.execute(sql.load("committees")).df()
    return levels.members(values, committees, level)


def layers(deck) -> dict:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_cities_are_shaded_and_missing_ones_are_grey(store):
    drawn = maps.model(
        map_values(store, "platform_reception_rooms", 2023), unit="个", period=(2023, 2023)
    )
    fills = {area.adcode: area.fill for area in drawn.areas}
    assert len(fills) == 5
    assert fills["640300"] == maps.GREY  # 吴忠 reports no reception rooms: grey, not zero
    assert (
        fills["640400"] != maps.GREY and fills["640400"][0] < fills["640100"][0]
    )  # 33 darker than 12


def test_cities_level_draws_the_five_cities_only(store):
    model = maps.model(
        map_values(store, "proposals_received", 2022), unit="件", period=(2022, 2022)
    )
    drawn = layers(maps.deck(model))
    assert "counties" not in drawn and drawn["seats"]["data"] == []
    labels = [label["text"] for label in drawn["labels"]["data"]]
    assert sorted(labels) == sorted(
        ["银川\n未报告", "石嘴山\n300*", "吴忠\n未报告", "固原\n未报告", "中卫\n未报告"]
    )


def test_county_layer_shades_the_counties_with_place_names(store):
    model = maps.model(
        map_values(store, "proposals_received", 2022, levels.COUNTIES),
        unit="件",
        period=(2022, 2022),
    )
    drawn = layers(maps.deck(model))
    fills = {f["properties"]["adcode"]: f["properties"]["fill"]
             for f in drawn["counties"]["data"]["features"]}  # fmt: skip
    assert len(fills) == 22
    assert fills["640181"] != list(maps.GREY)  # 灵武 reports 150
    assert sum(fill == list(maps.GREY) for fill in fills.values()) == 21  # the rest: grey, not zero
    assert "city_outlines" in drawn  # the cities' boundaries over the counties
    labels = [label["text"] for label in drawn["labels"]["data"]]
    assert labels[0] == "灵武市\n150*"  # the reported figure is labelled first (* inferred)
    # 22 two-line labels do not fit: an unreported county is named, its grey says 未报告
    assert "西吉县" in labels


def test_one_citys_counties_are_drawn_larger_and_labelled_apart(store):
    values = map_values(store, "proposals_received", 2022, "640100")
    model = maps.model(values, unit="件", period=(2022, 2022))
    view = json.loads(maps.deck(model).to_json())["initialViewState"]
    assert view["zoom"] > 7.2  # zoomed to 银川, not the whole region
    assert len(model.labels) == 6  # 银川's six county-level committees all fit
    boxes = [label.box for label in model.labels]  # in the pixels of the fitted view
    for index, box in enumerate(boxes):
        assert not any(maps.overlaps(box, other, gap=0) for other in boxes[index + 1 :])


def test_a_new_county_committee_without_a_shape_appears_as_a_dot(store):
    catalogue.add_committee(
        store,
        {"adcode": "640499", "name_zh": "示例县政协", "short_zh": "示例", "name_en": "Shili",
         "level": "county", "parent_adcode": "640400", "seat_lat": "35.96", "seat_lon": "105.73"},
    )  # fmt: skip
    values = map_values(store, "proposals_received", 2022, "640400")
    deck = maps.deck(maps.model(values, unit="件", period=(2022, 2022)))
    dots = layers(deck)["seats"]["data"]
    assert [105.73, 35.96] in [d["position"] for d in dots]
    labels = [label["text"] for label in layers(deck)["labels"]["data"]]
    assert "示例\n未报告" in labels and "西吉县\n未报告" in labels


def test_density_divides_by_townships(store):
    values = map_values(store, "platform_reception_rooms", 2023)
    shown = maps.shown_values(values, density=True)
    shizuishan = values.index[values["adcode"] == "640200"][0]
    with db.connect(store) as con:
        townships = con.execute(
            "select jiedao + zhen + xiang from committees where adcode = '640200'"
        ).fetchone()[0]
    assert abs(shown[shizuishan] - 20 / townships) < 1e-9  # 20 rooms


def test_every_county_of_the_catalogue_has_a_shape_so_needs_no_seat():
    """The catalogue has no seat coordinates for 20 of the 22 counties: the map draws
    them from the boundary file, and only a code the file lacks needs a seat."""
    import csv

    from cppcc import geo
    from cppcc.store.config import CURATED_DIR

    with (CURATED_DIR / "committees.csv").open(encoding="utf-8") as f:
        counties = [row["adcode"] for row in csv.DictReader(f) if row["level"] == "county"]
    assert len(counties) == 22 and all(geo.has_shape(code) for code in counties)
    assert not geo.has_shape("640499")


def test_a_larger_screen_draws_the_same_layout_larger(store):
    """The laptop's Deck is the phone's view enlarged, labels with it, so labels laid
    out apart for a phone stay apart on every screen and grow readable."""
    values = map_values(store, "proposals_received", 2022, levels.COUNTIES)
    drawn = maps.model(values, unit="件", period=(2022, 2022))
    phone = json.loads(maps.deck(drawn).to_json())
    for screen in maps.SCREENS[1:]:
        bigger = json.loads(maps.deck(drawn, scale=screen.scale).to_json())
        zoom = bigger["initialViewState"]["zoom"] - phone["initialViewState"]["zoom"]
        assert abs(2**zoom - screen.scale) < 1e-6
        small = [row["size"] for row in layers(maps.deck(drawn))["labels"]["data"]]
        large = [
            row["size"] for row in layers(maps.deck(drawn, scale=screen.scale))["labels"]["data"]
        ]
        assert large == [size * screen.scale for size in small]
        assert min(large) >= 16  # the 12 px of a crowded phone map becomes readable
        # the taller Deck holds the enlarged view: the phone's 560 px times the scale
        assert screen.height >= 560 * screen.scale - 20


def test_every_legend_names_its_unit(store):
    values = map_values(store, "platform_reception_rooms", 2023)
    assert "单位：个" in maps.legend_html(values, False, "个", "zh")
    per_township = maps.legend_html(values, True, "个", "zh")
    assert "单位：个/乡镇（街道）" in per_township
    assert "Unit: rooms per township" in maps.legend_html(values, True, "rooms", "en")


def test_the_side_table_ranks_by_value_and_puts_the_unreported_last(store):
    values = map_values(store, "platform_reception_rooms", 2023)
    ranked = maps.ranking(values, False, "个", "zh")
    shown = list(ranked.iloc[:, 1])
    assert ranked.columns[1] == "数值（个）"
    reported = [s for s in shown if s != "未报告"]
    assert shown == reported + ["未报告"] * (len(shown) - len(reported))
    numbers = [float(s.strip("≥*")) for s in reported]
    assert numbers == sorted(numbers, reverse=True) and "0" not in shown
