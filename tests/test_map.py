"""The map's data: cities shaded, county-level committees as dots, gaps shown as gaps."""

import json

from cppcc import maps
from cppcc.store import db, sql
from cppcc.upload import catalogue


def map_values(store, metric: str, year: int):
    with db.connect(store) as con:
        return con.execute(
            sql.load("map_values"), {"metric": metric, "period_start": year, "period_end": year}
        ).df()


def layers(deck) -> dict:
    return {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}


def test_cities_are_shaded_and_missing_ones_are_grey(store):
    deck = maps.deck(
        map_values(store, "platform_reception_rooms", 2023), unit="个", period=(2023, 2023)
    )
    fills = {
        f["properties"]["adcode"]: f["properties"]["fill"]
        for f in layers(deck)["prefectures"]["data"]["features"]
    }
    assert len(fills) == 5
    assert fills["640300"] == maps.GREY  # 吴忠 reports no reception rooms: grey, not zero
    assert (
        fills["640400"] != maps.GREY and fills["640400"][0] < fills["640100"][0]
    )  # 27 darker than 9


def test_a_new_county_committee_appears_as_a_dot(store):
    catalogue.add_committee(
        store,
        {"adcode": "640499", "name_zh": "示例县政协", "short_zh": "示例", "name_en": "Shili",
         "level": "county", "parent_adcode": "640400", "seat_lat": "35.96", "seat_lon": "105.73"},
    )  # fmt: skip
    deck = maps.deck(map_values(store, "proposals_received", 2022), unit="件", period=(2022, 2022))
    dots = layers(deck)["counties"]["data"]
    assert [105.73, 35.96] in [d["position"] for d in dots]
    labels = [label["text"] for label in layers(deck)["labels"]["data"]]
    assert "示例\n未报告" in labels and "灵武\n135*" in labels, deck.unplaced


def test_density_divides_by_townships(store):
    values = map_values(store, "platform_reception_rooms", 2023)
    shown = maps.shown_values(values, density=True)
    shizuishan = values.index[values["adcode"] == "640200"][0]
    assert abs(shown[shizuishan] - 14 / 36) < 1e-9
