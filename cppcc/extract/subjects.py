"""Whose figure a number is: the committee that does the counting in its sentence.

A report about one committee names others: the body it reports to (向自治区政协报送),
the one that guided it (在市政协的指导下), the county committees below it (兴庆区政协收到
提案120件), or all of them at once (各县区政协共收到, 全市各级政协). A number belongs to
the report's committee only when no other committee, and no group of committees, stands
as the subject before it: named in its own sentence, or opening the paragraph. Platforms
are the exception for a group: 全市政协系统建成委员会客室18个 is what a city reports as
its own (its rooms are built with the counties').
All text here is normalised (simplified characters, Chinese punctuation).
"""

import re
from dataclasses import dataclass

from cppcc.extract.committees import SELF_NAMES, named
from cppcc.extract.reasons import Reason

# Words right before a committee's name that make it an object, a place or a helper,
# not the one counting: 向自治区政协报送, 在市政协的指导下, 到兴庆区政协调研.
NOT_THE_SUBJECT = re.compile(
    r"(向|给|到|赴|在|与|同|和|及|对|为|被|获|由|经|据|从|随|报|送|请|陪同|协助|配合|会同|联合"
    r"|邀请|指导|组织|带领|率领|观摩|考察|视察|走访|参观|学习|深入|督导|调研)$"
)
# Several committees counted together: 各县（市、区）政协, 全市各级政协, 全区政协系统,
# 市县两级政协, 三县三区政协. Not the members of one (全市政协委员).
_COUNT = r"[一二三四五六七八九十两\d]+个?[县区市旗]+"
GROUP = re.compile(
    r"各(级|[县市区旗]{1,3})(（[^）]{0,8}）)?政协"
    r"|全[市区县州省盟国](各级政协|政协系统)"
    rf"|{_COUNT}({_COUNT})?政协"
    r"|[市县区乡]{2}[两三]级政协"
)


@dataclass(frozen=True)
class Subject:
    """Someone other than the report's committee counting: a committee or a group."""

    name: str
    group: bool = False  # several committees: their platforms are the system's, and count

    @property
    def why(self) -> Reason:
        return Reason("subject", name=self.name)


def subjects(
    text: str, committees: list[dict], unknown: frozenset = frozenset()
) -> list[tuple[int, str, dict | None]]:
    """Committees (and groups of them) standing as a subject in a sentence: where each
    name ends, how it is written, and the committee (None for a group). A committee
    outside the catalogue counts only when named so in the whole text (``unknown``, from
    ``unknown_names``): a run of words such as 邀请市县政协 is not a name."""
    found = []
    hits = named(text, committees, least=1)
    known = [(start, end) for start, end, row in hits if row["adcode"]]
    for start, end, row in hits:
        overlaps = any(a < end and start < b for a, b in known)
        if not row["adcode"] and (row["short_zh"] not in unknown or overlaps):
            continue
        if not NOT_THE_SUBJECT.search(text[max(0, start - 2) : start]):
            found.append((end, text[start:end], row))
    for match in GROUP.finditer(text):
        if not NOT_THE_SUBJECT.search(text[max(0, match.start() - 2) : match.start()]):
            found.append((match.end(), match[0], None))
    for match in ORGANS.finditer(text):
        lead = re.split("[，；：。]", text[: match.start()])[-1]
        if len(lead) <= 4 and not NOT_THE_SUBJECT.search(lead):
            found.append((match.end(), match[0], ORGAN))
    return sorted(found, key=lambda hit: hit[0])


# Other bodies opening a clause: the people's congress and its deputies, the united front
# department, the parties (各民主党派开展调研30次). Named inside an enumeration with the
# members (政协委员、各民主党派和专门委员会共提出) they are not the subject.
ORGANS = re.compile(
    r"[市县区省]?人大(常委会)?(代表)?|人民代表大会|代表团|[市县区省]?委?统战部|各?民主党派|各党派"
    r"|^[他她]|(?<=[，；：])[他她]"  # a member's own record: 他先后提交提案30余件
)
ORGAN = {"adcode": "", "short_zh": "", "level": "organ"}


def unknown_names(text: str, committees: list[dict]) -> frozenset:
    """Committees outside the catalogue that the whole text names (twice, or formally)."""
    return frozenset(row["short_zh"] for _, _, row in named(text, committees) if not row["adcode"])


def _same(row: dict | None, own: dict | None) -> bool:
    if row is None or own is None or row.get("level") == "organ":
        return False
    if row.get("adcode") or own.get("adcode"):
        return row.get("adcode") == own.get("adcode")
    mine = _plain_name(own["short_zh"])
    if mine in SELF_NAMES:  # a report naming its committee only as 市政协
        return row["short_zh"].endswith(mine)
    return _plain_name(row["short_zh"]) == mine


def _plain_name(name: str) -> str:
    """海北藏族自治州政协 and 海北州政协 are one committee: the place's first two
    characters and its level (州) tell them apart from others."""
    place = name.removesuffix("政协")
    return name if len(place) < 3 else f"{place[:2]}{place[-1]}政协"


def whose(
    found: list[tuple[int, str, dict | None]],
    position: int,
    own: dict | None,
    paragraph: Subject | None = None,
) -> Subject | None:
    """Someone else counting the number at ``position``: the last subject named before
    it in its sentence, else the one that opened the paragraph; None when it is ``own``."""
    before = [(name, row) for end, name, row in found if end <= position]
    if not before:
        return paragraph
    name, row = before[-1]
    return None if _same(row, own) else Subject(name, row is None)


def opening(
    found: list[tuple[int, str, dict | None]], text: str, own: dict | None
) -> Subject | bool | None:
    """Who opens a sentence (今年，兴庆区政协……), whose paragraph it then is: someone
    else (a Subject), the report's committee (None), or nobody (False)."""
    if not found:
        return False
    end, name, row = found[0]
    start = end - len(name)
    lead = re.split("[，：；]", text[:start])[-1]  # 今年，| 近日，|
    if start > 20 or len(lead) > 4:
        return False
    return None if _same(row, own) else Subject(name, row is None)
