"""Committees are resolved by the places a text names: "自治区政协" is Ningxia's only in a
text about Ningxia, and nothing from a text about another province carries a Ningxia code.

The texts are written for these tests; the places are real (the national division list).
"""

import json

import pytest

from cppcc.cli import commands
from cppcc.extract import places
from cppcc.extract.extractor import read_figures
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


def candidates(data, text, year=2024):
    return read_figures(text, year=year, committees=data.committees, metrics=data.metrics)


def ningxia_codes(data) -> set[str]:
    return {row["adcode"] for row in data.committees}


# Each autonomous region, written about through its own capital and another city.
OTHER_REGIONS = [
    ("南宁", "桂林", "广西壮族自治区政协"),
    ("呼和浩特", "包头", "内蒙古自治区政协"),
    ("乌鲁木齐", "喀什", "新疆维吾尔自治区政协"),
    ("拉萨", "日喀则", "西藏自治区政协"),
]


@pytest.mark.parametrize(("capital", "city", "committee"), OTHER_REGIONS)
def test_another_regions_committee_is_named_for_it_and_has_no_code(data, capital, city, committee):
    text = (
        f"自治区政协在{capital}召开常委会议\n"
        f"会议指出，今年以来自治区政协共收到提案612件，经审查立案540件。"
        f"委员们还赴{city}开展调研。\n"
    )
    found = candidates(data, text)
    assert {c.committee for c in found.candidates} == {committee}
    assert not any(c.adcode for c in found.candidates)
    assert committee in found.unknown_committees


def test_the_same_words_about_ningxia_are_the_regions(data):
    text = "自治区政协在银川召开常委会议\n今年以来自治区政协共收到提案612件，经审查立案540件。"
    found = candidates(data, text)
    assert {(c.committee, c.adcode) for c in found.candidates} == {("宁夏", "640000")}


def test_a_text_naming_no_place_does_not_assume_ningxia(data):
    found = candidates(data, "自治区政协今年共收到提案612件，经审查立案540件。")
    assert found.candidates and not any(c.adcode for c in found.candidates)
    assert found.unknown_committees == ["自治区政协"]


def test_a_provinces_committee_is_named_for_its_province(data):
    text = "省政协在兰州召开常委会议\n今年以来省政协共收到提案800件，经审查立案700件。"
    found = candidates(data, text)
    assert {c.committee for c in found.candidates} == {"甘肃省政协"}
    assert not any(c.adcode for c in found.candidates)


def test_no_candidate_of_another_province_carries_a_ningxia_code(data):
    # a catalogue name inside a text that is mostly about another region
    text = (
        "广西壮族自治区政协工作综述\n"
        "2023年，自治区政协在南宁、柳州、桂林等地开展协商，共收到提案700件。"
        "银川市政协代表团来桂交流，双方交流了提案办理经验，银川市政协收到提案300件。\n"
    )
    found = candidates(data, text)
    assert found.candidates
    assert not {c.adcode for c in found.candidates} & ningxia_codes(data)


def test_the_province_a_text_is_about_is_the_one_it_names_most():
    assert places.province_of("宁夏银川、吴忠两市政协与广西南宁市政协交流") == "64"
    assert places.province_of("海北州政协在西宁召开会议，青海省委出席") == "63"
    assert places.province_of("今年收到提案100件") is None


def test_names_two_provinces_share_say_nothing():
    # 朝阳区 (Beijing) and 朝阳县 (Liaoning); 城关区 exists in several provinces
    assert "城关区" not in places.gazetteer()
    assert places.province_of("城关区政协召开会议") is None


def test_cli_warns_about_a_committee_outside_the_catalogue(tmp_path, capsys):
    path = tmp_path / "报告.txt"
    path.write_text(
        "内蒙古自治区政协工作综述\n2023年，自治区政协在呼和浩特共收到提案650件。\n",
        encoding="utf-8",
    )
    code = commands.main(["extract", str(path), "--year", "2024", "--json"])
    out, err = capsys.readouterr()
    assert code == 0
    rows = json.loads(out)
    assert rows and all(row["adcode"] == "" for row in rows)
    assert {row["committee"] for row in rows} == {"内蒙古自治区政协"}
    assert "内蒙古自治区政协" in err
