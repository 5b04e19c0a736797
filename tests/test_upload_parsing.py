"""The lenient cell parsers: what office staff type is read as they meant it, and
anything else is refused with a Chinese message that says what to write instead."""

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cppcc.store import db
from cppcc.upload import pipeline
from cppcc.upload.parsing import (
    ParseError,
    normalise,
    parse_period,
    parse_qualifier,
    parse_value,
    parse_year,
    resolve_committee,
    resolve_metric,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FULL_WIDTH = str.maketrans("0123456789.,%", "０１２３４５６７８９．，％")
UNITS = ["", "件", "条", "篇", "个", "次", "%"]
examples = settings(max_examples=150, deadline=None, database=None)


@pytest.fixture(scope="session")
def catalogue(built_store):
    with db.connect(built_store) as con:
        return pipeline.catalogue(con)


@pytest.fixture(scope="session")
def committees(catalogue):
    return catalogue[0]


@pytest.fixture(scope="session")
def metrics(catalogue):
    return catalogue[1]


def _grouped(number: int) -> str:
    return f"{number:,}"


# --- numbers ---------------------------------------------------------------------------


@examples
@given(
    number=st.integers(min_value=0, max_value=10**9),
    grouped=st.booleans(),
    full_width=st.booleans(),
    unit=st.sampled_from(UNITS),
    padding=st.sampled_from(["", " ", "\u3000", "\xa0"]),
)
def test_whole_numbers_read_back_exactly(number, grouped, full_width, unit, padding):
    text = (_grouped(number) if grouped else str(number)) + unit
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_value(padding + text + padding) == (number, "exact")


@examples
@given(
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    full_width=st.booleans(),
    unit=st.sampled_from(UNITS),
)
def test_decimals_read_back_exactly(number, full_width, unit):
    text = f"{number:,f}" + unit
    if full_width:
        text = text.translate(FULL_WIDTH)
    assert parse_value(text) == (float(number), "exact")


@examples
@given(
    number=st.integers(min_value=0, max_value=10**6),
    form=st.sampled_from(["{}余", "{}多", "{}以上", "≥{}", "＞＝{}", "{}+", "不少于{}", "超过{}"]),
    unit=st.sampled_from(UNITS[:-1]),
    full_width=st.booleans(),
)
def test_lower_bounds_are_at_least(number, form, unit, full_width):
    digits = str(number).translate(FULL_WIDTH) if full_width else str(number)
    text = form.format(digits) + unit
    assert parse_value(text) == (number, "at_least")


@examples
@given(
    number=st.integers(min_value=0, max_value=10**6),
    form=st.sampled_from(["约{}", "近{}", "大约{}", "约 {}"]),
    unit=st.sampled_from(UNITS),
)
def test_approximations_are_approx(number, form, unit):
    assert parse_value(form.format(number) + unit) == (number, "approx")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("415", (415, "exact")),
        ("415件", (415, "exact")),
        ("１，２３４条", (1234, "exact")),
        ("1,234.5", (1234.5, "exact")),
        ("100%", (100, "exact")),
        ("100％", (100, "exact")),
        ("60余", (60, "at_least")),
        ("60余篇", (60, "at_least")),
        ("100多个", (100, "at_least")),
        ("30以上", (30, "at_least")),
        ("≥30", (30, "at_least")),
        ("约50", (50, "approx")),
        ("近50次", (50, "approx")),
        ("1.5万", (15000, "exact")),
        (415, (415, "exact")),  # a number cell in Excel
        (98.5, (98.5, "exact")),
    ],
)
def test_value_examples(cell, expected):
    assert parse_value(cell) == expected


@examples
@given(st.text(max_size=12))
def test_text_without_digits_is_refused_in_chinese(text):
    assume(not any(character.isdigit() for character in normalise(text)))
    with pytest.raises(ParseError) as refused:
        parse_value(text)
    assert CHINESE.search(str(refused.value))


@examples
@given(st.text(max_size=20))
def test_any_cell_gives_a_value_or_a_parse_error(text):
    """No cell, however odd, breaks the import with another kind of error."""
    try:
        value, qualifier = parse_value(text)
    except ParseError as refused:
        assert CHINESE.search(str(refused))
    else:
        assert qualifier in {"exact", "at_least", "approx"}
        assert isinstance(value, float)


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("很多", ["很多", "不是数字", "60余"]),
        ("四百一十五", ["不是数字"]),
        ("", ["数值为空"]),
        (None, ["数值为空"]),
        ("12,34", ["不是数字"]),
        ("415件左右多", ["不是数字"]),
        ("约60余", ["约", "余", "只保留一个"]),
        (True, ["数字"]),
    ],
)
def test_garbage_values_are_refused_with_what_to_write(cell, words):
    with pytest.raises(ParseError) as refused:
        parse_value(cell)
    for word in words:
        assert word in str(refused.value)


# --- qualifier and period --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("精确", "exact"), ("不少于", "at_least"), ("约", "approx"), (" 约 ", "approx"),
     ("", None), (None, None), ("at_least", "at_least")],
)  # fmt: skip
def test_qualifier_words(cell, expected):
    assert parse_qualifier(cell) == expected


def test_unknown_qualifier_lists_the_choices():
    with pytest.raises(ParseError, match="精确、不少于 或 约"):
        parse_qualifier("大概")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024", None, (2024, 2024)),
        ("2024年", "", (2024, 2024)),
        (2024, None, (2024, 2024)),  # an Excel number cell
        (2024.0, None, (2024, 2024)),  # what some exports give for it
        ("２０２４", "  ", (2024, 2024)),
        ("2022-2023", None, (2022, 2023)),
        ("2022—2023年", "", (2022, 2023)),
        ("2022年－2023年", "", (2022, 2023)),
        ("2022～2023", None, (2022, 2023)),
        ("2022至2023", None, (2022, 2023)),
        ("2022", "2023", (2022, 2023)),
        (2022, 2023.0, (2022, 2023)),
        ("2022-2023", "2023", (2022, 2023)),  # both cells, agreeing
        (" 2024 ", "2024年", (2024, 2024)),
    ],
)
def test_periods(start, end, expected):
    assert parse_period(start, end) == expected


@examples
@given(start=st.integers(1949, 2100), length=st.integers(0, 10), form=st.integers(0, 3))
def test_any_written_period_reads_back(start, length, form):
    end = start + length
    cells = [
        (str(start), "" if start == end else str(end)),
        (start, end),
        (f"{start}-{end}", None),
        (f"{start}年—{end}年", ""),
    ][form]
    assert parse_period(*cells) == (start, end)


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("", "2023", ["起始年份为空"]),
        (None, None, ["起始年份为空"]),
        ("24", None, ["不是年份", "四位数字"]),
        ("二〇二四", None, ["不是年份"]),
        ("2024.5", None, ["不是年份"]),
        (2024.5, None, ["不是年份"]),
        ("2022-2023", "2024", ["不一致"]),
        ("2024", "明年", ["不是年份"]),
    ],
)
def test_bad_periods(start, end, words):
    with pytest.raises(ParseError) as refused:
        parse_period(start, end)
    for word in words:
        assert word in str(refused.value)


def test_a_boolean_is_not_a_year():
    with pytest.raises(ParseError):
        parse_year(True)


# --- committees and metrics ------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["银川", "银川市", "银川市政协", "640100", 640100, " 银川 ", "银 川", "６４０１００", "Yinchuan",
     "yinchuan", "\u3000银川市政协\u3000"],
)  # fmt: skip
def test_yinchuan_by_any_name(cell, committees):
    assert resolve_committee(cell, committees) == "640100"


def test_every_committee_by_its_short_and_full_name_and_code(committees):
    for committee in committees:
        for name in (committee["short_zh"], committee["name_zh"], committee["adcode"]):
            assert resolve_committee(name, committees) == committee["adcode"]
    assert resolve_committee("宁夏回族自治区", committees) == "640000"


@pytest.mark.parametrize(
    ("cell", "suggested"),
    [
        ("石嘴三", "石嘴山市政协"),
        ("银川是", "银川市政协"),
        ("宁夏正协", "宁夏回族自治区政协"),
        ("吴忠县", "吴忠市政协"),
    ],
)
def test_a_typo_gets_a_suggestion(cell, suggested, committees):
    with pytest.raises(ParseError) as refused:
        resolve_committee(cell, committees)
    message = str(refused.value)
    assert f"找不到委员会“{cell}”" in message
    assert f"是不是“{suggested}”" in message
    assert "简称、全称或6位行政区划代码" in message


@pytest.mark.parametrize(
    ("cell", "suggested"),
    [
        ("吴中", "吴忠市政协"),
        ("固元", "固原市政协"),
        ("中为", "中卫市政协"),
        ("灵州", "灵武市政协"),
    ],
)
def test_a_typo_in_a_short_name_gets_a_suggestion(cell, suggested, committees):
    with pytest.raises(ParseError) as refused:
        resolve_committee(cell, committees)
    message = str(refused.value)
    assert "是不是" in message and f"“{suggested}”" in message


def test_blank_committee(committees):
    with pytest.raises(ParseError, match="委员会为空"):
        resolve_committee("  ", committees)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("proposals_received", "proposals_received"),
        ("收到提案", "proposals_received"),
        (" 收到提案 ", "proposals_received"),
        ("立案（合并交办）提案", "proposals_accepted"),
        ("立案(合并交办)提案", "proposals_accepted"),
        ("社情民意信息(条/篇)", "opinion_items"),
        ("社情民意信息（条／篇）", "opinion_items"),
        ("提案办复率", "proposals_reply_rate"),
        ("Proposals received", "proposals_received"),
    ],
)
def test_metrics_by_code_or_name(cell, code, metrics):
    assert resolve_metric(cell, metrics) == code


def test_every_metric_by_code_and_name_with_either_kind_of_bracket(metrics):
    half = str.maketrans("（）／", "()/")
    for metric in metrics:
        for name in (metric["code"], metric["name_zh"], metric["name_zh"].translate(half)):
            assert resolve_metric(name, metrics) == metric["code"]


@pytest.mark.parametrize(
    ("cell", "suggested"),
    [
        ("收到提按", "收到提案"),
        ("提案办复", "提案办复率"),
        ("proposal_received", "proposals_received"),
    ],
)
def test_unknown_metric_gets_a_suggestion(cell, suggested, metrics):
    with pytest.raises(ParseError) as refused:
        resolve_metric(cell, metrics)
    message = str(refused.value)
    assert f"找不到指标“{cell}”" in message and f"是不是“{suggested}”" in message
    assert "“指标与委员会”页" in message


def test_unknown_metric_far_from_any_name_says_where_to_look(metrics):
    with pytest.raises(ParseError) as refused:
        resolve_metric("GDP", metrics)
    assert "是不是" not in str(refused.value) and "“指标与委员会”页" in str(refused.value)


@pytest.mark.parametrize(
    ("cell", "adcode"),
    [("宁夏政协", "640000"), ("自治区政协", "640000"), ("银川政协", "640100")],
)
def test_the_common_short_forms_of_committee_names_are_understood(cell, adcode, committees):
    assert resolve_committee(cell, committees) == adcode


def test_zuoyou_means_approximately():
    assert parse_value("50左右") == (50, "approx")
