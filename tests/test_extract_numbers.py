"""Reading numbers the way reports write them: digits, Chinese numerals, 万, 余 and 约."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cppcc.extract.numbers import chinese_to_int, find_quantities, normalise, parse_number

DIGITS = "零一二三四五六七八九"
PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))


def _below_wan(number: int, leading: bool) -> str:
    """0 < number < 10000 in Chinese: 一千零五, 三百二十, and 十五 when it leads."""
    parts, zero = [], False
    for place, unit in PLACES:
        digit, number = divmod(number, place)
        if not digit:
            zero = zero or bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(
            "十" if leading and not parts and place == 10 and digit == 1 else DIGITS[digit] + unit
        )
    return "".join(parts)


def to_chinese(number: int) -> str:
    """An independent writer of Chinese numerals, to check the reader against."""
    if number == 0:
        return "零"
    high, low = divmod(number, 10_000)
    if not high:
        return _below_wan(low, leading=True)
    text = _below_wan(high, leading=True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _below_wan(low, leading=False)
    return text


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("一百二十", 120),
        ("两千", 2000),
        ("十五", 15),
        ("二十", 20),
        ("一百零五", 105),
        ("三千零二十", 3020),
        ("一万零八", 10008),
        ("一百二", 120),  # the last unit left out, as people say it
        ("三千五", 3500),
        ("两万三千", 23000),
    ],
)
def test_chinese_numerals(written, value):
    assert chinese_to_int(written) == value


def test_the_writer_in_this_test_writes_what_reports_write():
    assert [to_chinese(n) for n in (0, 7, 10, 15, 20, 105, 1005, 1020, 10_008, 23_000)] == [
        "零", "七", "十", "十五", "二十", "一百零五", "一千零五", "一千零二十", "一万零八", "二万三千",
    ]  # fmt: skip


@given(st.integers(min_value=0, max_value=99_999))
def test_chinese_numerals_round_trip(number):
    assert chinese_to_int(to_chinese(number)) == number


@given(st.integers(min_value=0, max_value=10**7))
def test_full_width_digits_read_like_ascii(number):
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in str(number))
    assert parse_number(full_width) == parse_number(str(number)) == number


@pytest.mark.parametrize(
    ("written", "value"),
    [("4.6万", 46_000), ("1,520", 1520), ("２８６", 286), ("两千", 2000), ("1.5万", 15_000)],
)
def test_written_numbers(written, value):
    assert parse_number(written) == value


def test_normalising_keeps_positions():
    text = "收到提案２８６件，满意率９８％"
    assert len(normalise(text)) == len(text)
    assert normalise(text) == "收到提案286件，满意率98%"


def _read(text):
    return [(q.value, q.unit, q.qualifier) for q in find_quantities(normalise(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展协商活动50余次", [(50, "次", "at_least")]),
        ("收集意见建议200多条", [(200, "条", "at_least")]),
        ("建成会客室30个以上", [(30, "个", "at_least")]),
        ("参加群众约1200人", [(1200, "人", "approx")]),
        ("收到来信近300件", [(300, "件", "approx")]),
        ("受众4.6万人次", [(46_000, "人次", "exact")]),
        ("点赞3万多条", [(30_000, "条", "at_least")]),
        ("编印史料46万字", [(46, "万字", "exact")]),
        ("召开座谈会十余次", [(10, "次", "at_least")]),
        ("提交提案两千件", [(2000, "件", "exact")]),
        ("办复率达百分之九十八", [(98, "%", "exact")]),
        ("满意率９９．５％", [(99.5, "%", "exact")]),
    ],
)
def test_quantities_with_units_and_qualifiers(text, expected):
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text", ["第3次会议", "明确3-5名委员", "2023年6月", "十四五规划", "万事开头难"]
)
def test_ordinals_ranges_and_dates_are_not_counts(text):
    assert _read(text) == []
