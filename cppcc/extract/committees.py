"""Who a report is about: the catalogue's committees in every form reports name them,
committees outside the catalogue, and reports whose figures are somebody else's.

All text here is normalised (``cppcc.extract.normalise``): simplified characters.
"""

import re
from collections import Counter

from cppcc.extract import places

TERM = r"(?:第[一二三四五六七八九十]+届)?"
# A committee outside the catalogue: 政协绛县委员会, 政协第十三届绛县委员会, 海北州政协.
LEVEL = "(?:省|市|县|区|州|旗|盟)"
FORMAL_NAME = re.compile(rf"政协{TERM}(?P<place>[\u4e00-\u9fff]{{1,10}}?{LEVEL}){TERM}委员会")
# The short form only where a name begins (after punctuation or a preposition: 近日，宜兴市
# 政协召开……; 在宜兴市政协的推动下), and
# short: a place's name is a few characters (海北州, 绛县) or an autonomous one (海北藏族自治州).
SHORT_NAME = re.compile(
    rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在由据经向对与和及是为]))"
    rf"(?P<place>[\u4e00-\u9fff]{{1,4}}{LEVEL}|[\u4e00-\u9fff]{{2,6}}自治[州县旗])政协"
)
# Not places: 全区政协, 各县区政协, 本市政协; 自治区政协 is the catalogue's region; words
# that make a run of text, not a name (完善后提交市政协, 关于加强全州政协).
LEADING_WORDS = re.compile(r"^[在由据经向对与和及是为的以从]+")  # 在西吉县政协
NOT_A_PLACE = re.compile(
    r"^(全|各|本|该|我|市|县|区|州|省)|全国|自治区|关于|提交|完善|加强|[年月日后获受等的和与及]"
)
# Titles about somebody else's work: national members living here, a participating
# party's branch, the people's congress.
PARTIES = "民革|民盟|民建|民进|农工党|致公党|九三学社|台盟"
SOMEONE_ELSE = (
    (r"全国政协委员", "national_members"),
    (rf"({PARTIES})[\u4e00-\u9fff]{{0,8}}(委会|委员会|支部)", "party"),
    (r"人大代表|代表团|人民代表大会", "congress"),
)  # fmt: skip


def place(row: dict) -> str:
    return row["name_zh"].removesuffix("政协")


def committee_names(row: dict) -> list[str]:
    """Every plain way a report or a user names this committee, longest first."""
    if "names" in row:  # a committee as one text names it (``for_text``)
        return sorted(row["names"], key=len, reverse=True)
    where = place(row)
    names = {row["name_zh"], f"政协{where}委员会", f"{row['short_zh']}政协", f"{where}政协"}
    if row["level"] == "region":
        names |= {"自治区政协", "政协宁夏回族自治区委员会", "宁夏回族自治区政协", "宁夏政协"}
    return sorted(names, key=len, reverse=True)


def _pattern(row: dict) -> re.Pattern:
    names = "|".join(re.escape(name) for name in committee_names(row))
    formal = rf"政协{TERM}{re.escape(place(row))}{TERM}委员会"
    return re.compile(f"{formal}|{names}")


def resolve_committee(name: str, committees: list[dict]) -> dict | None:
    """The committee meant by 银川, 银川市, 银川市政协, 政协银川市委员会 or 640100."""
    name = name.strip()
    for row in committees:
        if name in {row["adcode"], row["short_zh"], place(row), *committee_names(row)}:
            return row
    return None


# What a text about Ningxia calls the region's committee without naming the region:
# any autonomous region's report says the same.
GENERIC_REGION_NAMES = frozenset({"自治区政协"})


def for_text(committees: list[dict], text: str) -> list[dict]:
    """The committees as ``text`` names them, resolved by the places it names.

    In a text about Ningxia, the catalogue. In one about another province, or naming
    no place at all, no committee keeps a Ningxia code: "自治区政协" (and 省政协) is
    that province's committee, named in full and without a code, and a catalogue
    committee the text names keeps its name but loses its code, for staff to decide.
    """
    province = places.province_of(text)
    if province == places.NINGXIA:
        return committees
    rows = []
    for row in committees:
        names = set(committee_names(row))
        if row["level"] == "region":
            names -= GENERIC_REGION_NAMES
        elif province is None:
            rows.append(row)  # a text naming no place names no county either
            continue
        rows.append({**unknown_committee(row["name_zh"]), "names": tuple(names)})
    return [*rows, _foreign_committee(province)]


def _foreign_committee(province: str | None) -> dict:
    """The committee a text about ``province`` calls 自治区政协 or 省政协."""
    full = places.province_names().get(province or "", "")
    if not full:
        return {**unknown_committee("自治区政协"), "names": tuple(GENERIC_REGION_NAMES)}
    short = places.SUFFIX.match(full)["stem"]
    names = {f"{full}政协", f"政协{full}委员会", f"{short}政协"}
    if full.endswith("自治区"):
        names |= GENERIC_REGION_NAMES
    elif full.endswith("省"):
        names.add("省政协")
    return {**unknown_committee(f"{full}政协"), "names": tuple(names)}


def unknown_committee(name: str) -> dict:
    """A committee outside the catalogue, as the text names it: no code."""
    return {"adcode": "", "short_zh": name, "name_zh": name, "level": "unknown"}


def _without_province(where: str) -> str:
    """宁夏吴忠市 → 吴忠市: a province's name before a smaller place's is not part of it."""
    for name in sorted(places.province_names().values(), key=len, reverse=True):
        short = places.SUFFIX.match(name)["stem"]
        for prefix in (name, short):
            if where.startswith(prefix) and len(where) > len(prefix) + 1:
                return where[len(prefix) :]
    return where


def _unknown_names(text: str, committees: list[dict], least: int) -> list[tuple[int, str]]:
    """Where the text names a committee outside the catalogue, and its name (XX政协).

    A short name must come ``least`` times: one met once may be a run of words.
    """
    known = {place(row) for row in committees} | {row["short_zh"] for row in committees}
    found = []
    for pattern in (FORMAL_NAME, SHORT_NAME):
        for match in pattern.finditer(text):
            where = _without_province(LEADING_WORDS.sub("", match["place"]))
            if not where or NOT_A_PLACE.search(where) or where in known:
                continue
            found.append((match.start(), f"{where}政协", pattern is FORMAL_NAME))
    counts = Counter(name for _, name, _ in found)
    sure = {name for _, name, formal in found if formal or counts[name] >= least}
    return sorted((start, name) for start, name, _ in found if name in sure)


def named(text: str, committees: list[dict], least: int = 2) -> list[tuple[int, int, dict]]:
    """Every committee the text names: start, end and the committee (unknown ones too)."""
    found = []
    for row in committees:
        found.extend((m.start(), m.end(), row) for m in _pattern(row).finditer(text))
    taken = [(start, end) for start, end, _ in found]
    for start, name in _unknown_names(text, committees, least):
        if not any(a <= start < b for a, b in taken):
            found.append((start, start + len(name), unknown_committee(name)))
    return sorted(found, key=lambda hit: hit[0])


def named_at_start(line: str, committees: list[dict]) -> tuple[str, dict] | None:
    """The committee a line opens with (吴忠市政协：……, 西吉县政协), and its name there."""
    for start, end, row in named(line, committees, least=1):
        if start == 0:
            return line[:end], row
    return None


def someone_else(text: str) -> str | None:
    """Whose figures a title announces when they are not a local committee's."""
    for pattern, who in SOMEONE_ELSE:
        if re.search(pattern, text):
            return who
    return None


# How a report names its own committee without saying which: 市政协十四届四次会议后……
SELF_REFERENCE = re.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff])|(?<=[在由据经向对与和及是为的本]))([省市县区州旗])政协"
)


SELF_NAMES = {f"{level}政协" for level in "省市县区州旗"}


def self_reference(text: str) -> dict | None:
    """The committee a report names only as 市政协 / 县政协: unknown, with that name."""
    counts = Counter(match[1] for match in SELF_REFERENCE.finditer(text))
    if not counts:
        return None
    return unknown_committee(f"{counts.most_common(1)[0][0]}政协")


def most_named(text: str, committees: list[dict]) -> dict | None:
    """The committee a text names most often: twice at least, unless it names no other
    (a committee outside the catalogue named once counts then too: 近日，宜兴市政协……).
    """
    counts = Counter()
    rows = {}
    for _, _, row in named(text, committees, least=1):
        key = row["adcode"] or row["short_zh"]
        counts[key] += 1
        rows[key] = row
    if not counts:
        return None
    (best, count), *_ = counts.most_common(1)
    return rows[best] if count >= 2 or len(counts) == 1 else None
