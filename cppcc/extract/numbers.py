"""Numbers as Chinese work reports write them, for the extractor.

Reports mix Arabic digits (full-width or not), Chinese numerals (一百二十, 两千),
multipliers (4.6万), a counting unit (件, 条, 个, %) and wording that makes the
number a lower bound (30余次, 200多条, 50个以上) or an estimate (约, 近). This
module finds such quantities in a text and reads them; it knows nothing about
metrics.
"""

import re
from dataclasses import dataclass

# Full-width digits, percent sign and decimal point map one to one onto ASCII,
# so positions in the normalised text are positions in the original.
FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

CHINESE_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

# Counting units, longest first so that 人次 wins over 人 and 万字 over 万.
UNITS = (
    "万字", "人次", "场次", "批次", "件次", "万元",
    "件", "条", "篇", "期", "个", "次", "名", "人", "项", "场", "份", "家",
    "位", "所", "处", "户", "元", "字", "册", "批", "%",
)  # fmt: skip

# Words next to a number that say it is not exact.
AT_LEAST_BEFORE = ("不少于", "至少", "超过", "逾")
APPROX_BEFORE = ("大约", "将近", "接近", "约", "近")
AT_LEAST_AFTER = ("以上", "余", "多")
APPROX_AFTER = ("左右",)

_CHINESE = "".join(CHINESE_DIGITS) + "".join(SMALL_UNITS) + "".join(LARGE_UNITS)
_UNIT = "|".join(re.escape(unit) for unit in UNITS)
QUANTITY = re.compile(
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:\.\d+)?|[{_CHINESE}]+)"
    r"(?P<more1>余|多)?"
    r"(?P<scale>万(?!字)|亿)?"
    r"(?P<more2>余|多)?"
    rf"(?P<unit>{_UNIT})"
    r"(?P<more3>以上|多|左右)?"
)
RANGE_SIGNS = "-—～~至到"
PERCENT_WORDS = re.compile(rf"百分之(?P<number>\d+(?:\.\d+)?|[{_CHINESE}]+)")


@dataclass(frozen=True)
class Quantity:
    start: int  # first character, including a qualifying word before the number
    end: int  # one past the unit and any qualifying word after it
    value: float
    unit: str
    qualifier: str  # 'exact' | 'at_least' | 'approx'
    numeral: str  # the number as written: "286", "一百二十"


def normalise(text: str) -> str:
    """Full-width digits and signs as ASCII; same length as ``text``."""
    return text.translate(FULL_WIDTH)


def chinese_to_int(numeral: str) -> int:
    """Read a Chinese numeral: 一百二十 → 120, 两千 → 2000, 十五 → 15, 一百二 → 120."""
    if not numeral or any(char not in _CHINESE for char in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if all(char in LARGE_UNITS for char in numeral):
        raise ValueError(f"a unit without a number: {numeral!r}")
    if len(numeral) > 1 and all(char in CHINESE_DIGITS for char in numeral):
        return int("".join(str(CHINESE_DIGITS[char]) for char in numeral))  # 二〇二三
    done = 0  # finished 亿 and 万 groups
    group = 0  # the part below the current 万
    digit = None  # a digit waiting for its unit
    last_unit = None
    for char in numeral:
        if char in CHINESE_DIGITS:
            digit = CHINESE_DIGITS[char]
        elif char in SMALL_UNITS:
            group += (1 if digit is None else digit) * SMALL_UNITS[char]  # 十五: 十 is 一十
            digit, last_unit = None, SMALL_UNITS[char]
        else:
            scale = LARGE_UNITS[char]
            below = group + (digit or 0)
            done = (done + below) * scale if scale > LARGE_UNITS["万"] else done + below * scale
            group, digit, last_unit = 0, None, scale
    if digit is not None:
        # 一百二 and 一万二 leave the last unit out: the digit counts one unit lower,
        # unless a zero stands before it (一百零二).
        elided = last_unit is not None and numeral[-2] not in "零〇"
        group += digit * (last_unit // 10) if elided else digit
    return done + group


def parse_number(text: str) -> float:
    """Read a written number: '286', '２８６', '4.6万', '1,520', '一百二十', '两千'."""
    text = normalise(text.strip())
    scale = 1
    if len(text) > 1 and text[-1] in LARGE_UNITS and text[-2].isdigit():
        scale, text = LARGE_UNITS[text[-1]], text[:-1]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?", text):
        return float(text.replace(",", "")) * scale
    return float(chinese_to_int(text)) * scale


def _qualifier(text: str, start: int, match: re.Match) -> tuple[str, int]:
    """The qualifier of a quantity, and where its wording starts."""
    after = (match["more1"] or "") + (match["more2"] or "") + (match["more3"] or "")
    for word in AT_LEAST_BEFORE:
        if text.endswith(word, 0, start):
            return "at_least", start - len(word)
    for word in APPROX_BEFORE:
        if text.endswith(word, 0, start):
            return "approx", start - len(word)
    if any(word in after for word in APPROX_AFTER):
        return "approx", start
    if any(word in after for word in AT_LEAST_AFTER):
        return "at_least", start
    return "exact", start


# 八届二次会议, 二次全会: a session's ordinal, unless a verb counts meetings (召开了三次会议)
SESSION_AFTER = re.compile(r"(全体)?(会议|全会)")
MEETING_VERBS = re.compile(r"(召开|举行|开了|组织|开展|参加|列席|出席|召开了|举办)$")


def _is_a_session(text: str, match: re.Match) -> bool:
    if match["unit"] != "次" or not SESSION_AFTER.match(text, match.end()):
        return False
    before = text[: match.start()]
    return before.endswith("届") or not MEETING_VERBS.search(before)


def _is_part_of_something_else(text: str, match: re.Match) -> bool:
    """Ordinals (第一次, 八届二次会议), the end of a range (3-5名) and digits glued to
    others are not counts."""
    if _is_a_session(text, match):
        return True
    start = match.start()
    if not start:
        return False  # the text opens with it
    before = text[start - 1]
    if before.isdigit() or before in ".第":
        return True
    return before in RANGE_SIGNS and start >= 2 and text[start - 2] in "0123456789" + _CHINESE


def find_quantities(text: str) -> list[Quantity]:
    """Every number with a counting unit in ``text`` (already normalised), in order."""
    found = []
    for match in QUANTITY.finditer(text):
        if _is_part_of_something_else(text, match):
            continue
        try:
            value = parse_number(match["number"])
        except ValueError:
            continue
        if match["scale"]:
            value *= LARGE_UNITS[match["scale"]]
        qualifier, start = _qualifier(text, match.start(), match)
        found.append(Quantity(start, match.end(), value, match["unit"], qualifier, match["number"]))
    for match in PERCENT_WORDS.finditer(text):
        try:
            value = parse_number(match["number"])
        except ValueError:
            continue
        found.append(Quantity(match.start(), match.end(), value, "%", "exact", match["number"]))
    found.sort(key=lambda quantity: quantity.start)
    return found
