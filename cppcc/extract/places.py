"""Which province a text is about, from every place it names.

"自治区政协" is Ningxia's only in a text about Ningxia: 广西, 内蒙古, 新疆 and 西藏 are
autonomous regions too, and their committees' reports say "自治区政协" as often. A
reader tells them apart by the places the text names (南宁, 桂林, 呼和浩特, 海北州…),
so this module counts them: every province, prefecture and county of the national
division list that ``cpca`` ships (``cpca/resources/adcodes.csv``, read as data; its
matching code is not used), each counted for the province it lies in.

A name that two provinces share (朝阳区, 城关区, 鼓楼区) says nothing and is left
out, and so are short names that are also ordinary words (大同, 安康, 中山).
"""

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

NINGXIA = "64"
# 宁夏回族自治区 → 宁夏, 海北藏族自治州 → 海北, 阿拉善盟 → 阿拉善, 绛县 stays whole.
SUFFIX = re.compile(
    r"^(?P<stem>[\u4e00-\u9fff]{2,}?)"
    r"(?:(?:[\u4e00-\u9fff]{1,3}族){0,3}自治(?:区|州|县|旗)|特别行政区|地区|林区|省|市|县|区|州|盟|旗)$"
)
# Rows of the list that are not places: 市辖区 (a city's districts as a whole), 省直辖….
NOT_PLACES = re.compile(r"辖|直辖|^(城区|郊区|矿区|新区|开发区)$")
# Short names that are also everyday words or common in other senses; their full
# forms (大同市, 安康市) still count.
COMMON_WORDS = frozenset(
    (
        "大同",
        "安康",
        "中山",
        "太平",
        "永安",
        "吉安",
        "和平",
        "长安",
        "新华",
        "新城",
        "城关",
        "东方",
        "南海",
        "北海",
        "三明",
        "白山",
        "黄山",
        "通化",
        "永康",
        "长寿",
        "光明",
        "红旗",
        "向阳",
        "胜利",
        "前进",
        "海南",
        "江南",
        "河南",
        "河北",
        "湖南",
        "湖北",
        "山东",
        "山西",
        "江西",
        "广东",
        "广西",
        "长沙",
        "宁安",
        "普安",
        "安宁",
        "兴安",
        "平安",
        "高新",
        "开发",
        "铁山",
        "金山",
        "青山",
        "东山",
        "西山",
        "南山",
        "北山",
    )
)
# The province names themselves are never left out (河南, 广西 …): only their use as
# the short name of a smaller place is.


@dataclass(frozen=True)
class Place:
    name: str
    province: str  # the first two digits of the adcode: 64 for Ningxia
    level: str  # 'province' | 'prefecture' | 'county'


def _rows() -> list[dict]:
    data = resources.files("cpca").joinpath("resources/adcodes.csv").read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _level(adcode: str) -> str:
    if adcode[2:] == "0" * (len(adcode) - 2):
        return "province"
    return "prefecture" if adcode[4:] == "0" * (len(adcode) - 4) else "county"


@cache
def gazetteer() -> dict[str, Place]:
    """Every unambiguous way of naming a place: full names, and short names of
    provinces and prefectures (宁夏, 海北)."""
    names: dict[str, set[tuple[str, str]]] = {}
    for row in _rows():
        full, adcode = row["name"].strip(), row["adcode"].strip()
        if not full or NOT_PLACES.search(full):
            continue
        level = _level(adcode)
        forms = {full}
        stem = SUFFIX.match(full)
        # counties by their short name only when it cannot be a district's word (宜兴, 西吉)
        shortened = stem and (level != "county" or full[-1] in "市县")
        if shortened and (level == "province" or stem["stem"] not in COMMON_WORDS):
            forms.add(stem["stem"])
        for form in forms:
            if len(form) >= 2:
                names.setdefault(form, set()).add((adcode[:2], level))
    return {
        name: Place(name, *next(iter(owners)))
        for name, owners in names.items()
        if len({province for province, _ in owners}) == 1
    }


@cache
def _pattern() -> re.Pattern:
    names = sorted(gazetteer(), key=len, reverse=True)
    return re.compile("|".join(re.escape(name) for name in names))


def places_named(text: str) -> list[tuple[int, Place]]:
    """Where the text names a place, and the place (longest names first, no overlaps)."""
    table = gazetteer()
    return [(match.start(), table[match[0]]) for match in _pattern().finditer(text)]


def province_of(text: str) -> str | None:
    """The province (two adcode digits) whose places the text names most; the one
    named first when two are named as often; None when it names none."""
    hits = places_named(text)
    if not hits:
        return None
    counts = Counter(place.province for _, place in hits)
    first = {}
    for start, place in hits:
        first.setdefault(place.province, start)
    return max(counts, key=lambda province: (counts[province], -first[province]))


@cache
def province_names() -> dict[str, str]:
    """Two adcode digits → the province's full name (45 → 广西壮族自治区)."""
    return {
        place.province: name
        for name, place in gazetteer().items()
        if place.level == "province" and SUFFIX.fullmatch(name) is not None
    }
