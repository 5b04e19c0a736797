"""Strict checks on an upload: every problem of every row at once, in Chinese.

A file with any problem applies nothing; staff fix the file and upload it again, so
the messages name the row as Excel shows it, the column, and what to write instead.
"""

import math
import unicodedata
from dataclasses import dataclass
from datetime import date

from cppcc.upload.importing import RawRow
from cppcc.upload.parsing import (
    ParseError,
    committee_resolver,
    metric_resolver,
    normalise,
    parse_period,
    parse_qualifier,
    parse_value,
)

FIRST_YEAR = 1949
# units counted in whole things: a value such as 415.5件 is a typing mistake
WHOLE_UNITS = {"件", "条", "篇", "期", "个", "次", "名", "项", "人", "场"}
# the most a committee can plausibly report of a counted thing in one period (the
# region's busiest figure, 社情民意信息, is in the thousands), and of anything at all
COUNT_CEILING = 1_000_000
VALUE_CEILING = 1_000_000_000
# problems listed at most: a file of 100,000 wrong rows would otherwise hold, send and
# draw half a million messages (over 400 MB); the first thousand are what staff fix first
MAX_PROBLEMS = 1_000
# characters a title, quote or note may hold at most
MAX_LENGTH = {"来源": 200, "原文摘录": 500, "备注": 500}
_SHORTER = {
    "来源": "请只写报告或文件的标题和年份",
    "原文摘录": "请只摘录写出这个数字的那一句",
    "备注": "请写得简短些",
}
# characters a reader cannot see, which have no place in a cell: C0/C1 controls (tab
# and line breaks excepted: a quote may span lines), Unicode's format characters (the
# zero-width ones, direction marks, embeddings, overrides and isolates, the byte-order
# mark, soft hyphen, …: category Cf), and the line and paragraph separators. A
# zero-width space makes a second report whose title looks identical to the first; a
# direction control makes text display in an order other than the one stored.
_ALLOWED = {"\t", "\n", "\r"}
_NAMES = {
    0x00AD: "软连字符",
    0x061C: "阿拉伯字母标记",
    0x200B: "零宽空格",
    0x200C: "零宽非连接符",
    0x200D: "零宽连接符",
    0x200E: "从左到右标记",
    0x200F: "从右到左标记",
    0x2028: "行分隔符",
    0x2029: "段分隔符",
    0x2060: "零宽不换行符",
    0xFEFF: "零宽不换行空格（字节顺序标记）",
    **{code: "文字方向嵌入或覆盖控制符" for code in range(0x202A, 0x202F)},
    **{code: "文字方向隔离控制符" for code in range(0x2066, 0x206A)},
}


def _hidden(char: str) -> bool:
    return char not in _ALLOWED and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


def control_message(text: str) -> str | None:
    """What to tell the user about an invisible character in ``text``, if any: which
    one and where."""
    if not text or text.isprintable():  # in C: no control, format or separator character
        return None
    for position, char in enumerate(text or "", start=1):
        if _hidden(char):
            code = ord(char)
            control = unicodedata.category(char) == "Cc" or "方向" in _NAMES.get(code, "")
            kind = "控制字符" if control or code in (0x061C, 0x200E, 0x200F) else "字符"
            name = _NAMES.get(code) or unicodedata.name(char, "").lower()
            named = f"（{name}）" if name else ""
            return (
                f"含有不可见的{kind} U+{code:04X}{named}（第{position}个字符处）；"
                "请删去后再上传（常见于从网页或其他系统复制的文字）"
            )
    return None


def _text(cell) -> str | None:
    """Source, quote and note are kept as typed, only trimmed: they must match the
    report's own characters (full-width brackets included)."""
    if cell is None:
        return None
    return str(cell).strip() or None


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


@dataclass(frozen=True, slots=True)  # a file holds up to 100,000 of them
class Figure:
    row: int
    adcode: str
    metric: str
    period_start: int
    period_end: int
    value: float
    qualifier: str
    source: str
    quote: str | None
    note: str | None

    @property
    def key(self) -> tuple:
        return (self.adcode, self.metric, self.period_start, self.period_end)

    @property
    def identity(self) -> tuple:
        """The key and the report: two reports may give the same figure in one file."""
        return (*self.key, normalise(self.source))


@dataclass
class _Row:
    """One row as it is being read: the cells, what was parsed, the problems found."""

    raw: RawRow
    problems: list
    adcode: str | None = None
    metric: str | None = None
    period: tuple | None = None
    parsed: tuple | None = None
    stated: str | None = None

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.raw.number, column, message))

    def cell(self, column: str):
        return self.raw.cells.get(column)

    def typed(self, column: str) -> str:
        return normalise(self.cell(column))


def _remembered(resolve):
    """``resolve`` answering each distinct cell once: a file of 100,000 rows names a few
    committees and metrics over and over (a misspelt one is looked up in the catalogue
    with difflib, which is slow, once)."""
    answers: dict[tuple, tuple] = {}

    def remembered(cell):
        key = (type(cell), cell)  # 1, 1.0 and True are equal keys otherwise
        answer = answers.get(key)
        if answer is None:
            try:
                answer = (resolve(cell), None)
            except ParseError as error:
                answer = (None, str(error))
            answers[key] = answer
        if answer[1] is not None:
            raise ParseError(answer[1])
        return answer[0]

    return remembered


def _parse_cells(row: _Row, rules) -> None:
    """Each cell read on its own; a cell that cannot be read is a problem of its column."""

    def attempt(column, parse):
        try:
            return parse()
        except ParseError as error:
            row.problem(column, str(error))
            return None

    committee_of, metric_of = rules["resolvers"]
    row.adcode = attempt("委员会", lambda: committee_of(row.cell("委员会")))
    row.metric = attempt("指标", lambda: metric_of(row.cell("指标")))
    row.period = attempt(
        "起始年份", lambda: parse_period(row.cell("起始年份"), row.cell("截止年份"))
    )
    row.parsed = attempt("数值", lambda: parse_value(row.cell("数值")))
    row.stated = attempt("限定", lambda: parse_qualifier(row.cell("限定")))


def _invisible(row: _Row, rules) -> None:
    for column, cell in row.raw.cells.items():
        message = control_message(cell) if isinstance(cell, str) else None
        if message:
            row.problem(column, message)


def _lengths(row: _Row, rules) -> None:
    for column, limit in MAX_LENGTH.items():
        length = len(_text(row.cell(column)) or "")
        if length > limit:
            row.problem(
                column, f"{column}有 {length} 个字，超过上限 {limit} 个字；" + _SHORTER[column]
            )


def _years(row: _Row, rules) -> None:
    if not row.period:
        return
    start, end = row.period
    last_year = rules["last_year"]
    for year in (start, end):
        if not FIRST_YEAR <= year <= last_year:
            row.problem("起始年份", f"年份 {year} 不在 {FIRST_YEAR}–{last_year} 之间")
            break
    if start > end:
        row.problem("截止年份", f"起始年份 {start} 晚于截止年份 {end}，请对调")


def _value_message(value: float, unit: str | None, typed: str) -> str | None:
    """The first rule of the value table this value breaks, if any."""
    if value < 0:
        return f"数值 {value:g} 为负数；数量不能小于 0"
    if not math.isfinite(value) or value > VALUE_CEILING:
        return f"数值“{typed}”太大，不是一个实际的数量"
    if unit in WHOLE_UNITS and value > COUNT_CEILING:
        return (
            f"数值 {value:,.0f}{unit} 超过一个委员会一期可能的上限"
            f" {COUNT_CEILING:,}{unit}；请核对是否多写了位数"
        )
    if unit == "%" and value > 100:
        return f"百分比 {value:g}% 超过 100%"
    if unit == "%" and 0 < value < 1 and not typed.endswith("%"):
        percent = f"{value * 100:.10g}"
        return (
            f"{typed} 是 {percent}% 吗？这个指标是百分比：若是 {percent}%，"
            f"请写成 {percent}% 或 {percent}；若确实只有 {typed}%，请写成 {typed}%"
        )
    if unit and unit != "%" and typed.endswith("%"):
        return f"这个指标的单位是“{unit}”，数值不应写成百分比“{typed}”"
    if unit in WHOLE_UNITS and not float(value).is_integer():
        return f"这个指标按“{unit}”计数，数值 {value:g} 应为整数"
    return None


def _value(row: _Row, rules) -> None:
    if not row.parsed:
        return
    value, qualifier = row.parsed
    unit = rules["units"].get(row.metric) if row.metric else None
    message = _value_message(value, unit, row.typed("数值"))
    if message:
        row.problem("数值", message)
    if row.stated and qualifier != "exact" and row.stated != qualifier:
        row.problem(
            "限定",
            f"限定写的是“{row.typed('限定')}”，数值却写成“{row.typed('数值')}”；请让两者一致",
        )


def _source(row: _Row, rules) -> None:
    if not _text(row.cell("来源")):
        row.problem("来源", "缺少来源；请写明数字出自哪份报告或文件（标题、年份）")


# the checks every row passes through, in the order their problems are listed
ROW_RULES = (_invisible, _lengths, _parse_cells, _years, _value, _source)


def _read_row(raw: RawRow, rules: dict) -> tuple[Figure | None, list]:
    row = _Row(raw, [])
    for rule in ROW_RULES:
        rule(row, rules)
    if row.problems:
        return None, row.problems
    value, qualifier = row.parsed
    return Figure(
        raw.number,
        row.adcode,
        row.metric,
        *row.period,
        value,
        row.stated or qualifier,
        _text(row.cell("来源")),  # kept as written; compared in one form (``identity``)
        _text(row.cell("原文摘录")),
        _text(row.cell("备注")),
    ), []


_MISSING = object()
_BAD = object()  # a cell that does not parse: the row goes the slow way, which says why


class _CleanRows:
    """The quick way through the rules for a row in which nothing is wrong.

    A file of 30,000 rows names a few committees, metrics, years and qualifiers over and
    over, so each rule is answered once per distinct cell (or pair of cells), keyed by
    the cell's type and value (1, 1.0 and True are different cells), and a clean row
    is a handful of lookups. Any doubt — a cell some rule finds fault with, an answer
    not known — and ``figure`` returns None: the row then goes through ``ROW_RULES``
    one by one, which find every problem and word it. So the quick way can only ever
    be more cautious than the rules, never less."""

    def __init__(self, rows: list[RawRow], rules: dict):
        self.rules = rules
        self.answers = {name: {} for name in ("委员会", "指标", "期间", "数值", "限定")}
        columns = list(rows[0].cells) if rows else []
        # columns some distinct cell of which breaks the hidden-character or length rule
        self.suspect = []
        for column in columns:
            found = {
                cell
                for cell in {raw.cells.get(column) for raw in rows}
                if _faulty_text(column, cell)
            }
            if found:
                self.suspect.append((column, found))

    def figure(self, raw: RawRow) -> "Figure | None":
        cells = raw.cells
        for column, faulty in self.suspect:
            if cells.get(column) in faulty:
                return None
        get = cells.get
        committee, metric, value_cell = get("委员会"), get("指标"), get("数值")
        start, end, qualifier_cell = get("起始年份"), get("截止年份"), get("限定")
        by = self.answers
        # a text is its own key; any other cell is keyed with its type
        key = committee if type(committee) is str else (type(committee), committee)
        adcode = by["委员会"].get(key)
        if adcode is None:
            adcode = by["委员会"][key] = _parsed(self.rules["resolvers"][0], committee)
        key = metric if type(metric) is str else (type(metric), metric)
        code = by["指标"].get(key)
        if code is None:
            code = by["指标"][key] = _parsed(self.rules["resolvers"][1], metric)
        key = (type(start), start, type(end), end)
        period = by["期间"].get(key)
        if period is None:
            period = by["期间"][key] = self._period(start, end)
        key = value_cell if type(value_cell) is str else (type(value_cell), value_cell)
        parsed = by["数值"].get(key)
        if parsed is None:
            parsed = by["数值"][key] = _parsed(parse_value, value_cell)
        key = (type(qualifier_cell), qualifier_cell)
        stated = by["限定"].get(key, _MISSING)
        if stated is _MISSING:
            stated = by["限定"][key] = _parsed(parse_qualifier, qualifier_cell)
        if adcode is _BAD or code is _BAD or period is _BAD or parsed is _BAD or stated is _BAD:
            return None
        value, qualifier = parsed
        if _value_message(value, self.rules["units"].get(code), normalise(value_cell)):
            return None
        if stated and qualifier != "exact" and stated != qualifier:
            return None
        source = _text(get("来源"))
        if not source:
            return None
        return Figure(
            raw.number, adcode, code, *period, value, stated or qualifier, source,
            _text(get("原文摘录")), _text(get("备注")),
        )  # fmt: skip

    def _period(self, start, end):
        period = _parsed(lambda _: parse_period(start, end), None)
        if period is _BAD:
            return _BAD
        last_year = self.rules["last_year"]
        first, last = period
        if not (FIRST_YEAR <= first <= last_year and FIRST_YEAR <= last <= last_year):
            return _BAD
        return _BAD if first > last else period


def _parsed(parse, cell):
    try:
        return parse(cell)
    except ParseError:
        return _BAD


def _faulty_text(column: str, cell) -> bool:
    """Whether the hidden-character or the length rule finds fault with this cell."""
    if isinstance(cell, str) and control_message(cell):
        return True
    limit = MAX_LENGTH.get(column)
    return limit is not None and len(_text(cell) or "") > limit


def validate(
    rows: list[RawRow],
    committees: list[dict],
    metrics: list[dict],
    stored: dict[tuple, float] | None = None,
) -> tuple[list[Figure], list[Problem]]:
    """Clean figures and the problems found; ``stored`` maps key → value already in the
    store, so accepted > received is caught across the file and the store."""
    units = {row["code"]: row["unit_zh"] for row in metrics}
    rules = {
        "units": units,
        "last_year": date.today().year + 1,
        "resolvers": (
            _remembered(committee_resolver(committees)),
            _remembered(metric_resolver(metrics)),
        ),
    }
    clean = _CleanRows(rows, rules)
    figures, problems = [], []
    first_row: dict[tuple, int] = {}
    for raw in rows:
        if len(problems) >= MAX_PROBLEMS:
            problems.append(_too_many_problems(len(problems), raw.number))
            break
        figure = clean.figure(raw)
        if figure is None:
            figure, found = _read_row(raw, rules)
            problems.extend(found)
            if figure is None:
                continue
        identity = figure.identity
        if identity in first_row:
            problems.append(
                Problem(
                    raw.number,
                    "指标",
                    f"与第{first_row[identity]}行是同一委员会、同一指标、同一期间、"
                    "同一来源，请只保留一行",
                )
            )
            continue
        first_row[identity] = raw.number
        figures.append(figure)
    problems.extend(_accepted_within_received(figures, stored or {}))
    problems.sort(key=lambda p: p.row)
    return figures, problems


def _too_many_problems(listed: int, row: int) -> Problem:
    return Problem(
        row,
        "文件",
        f"问题太多：上面列出了前 {listed:,} 处，从第{row}行起没有再检查。"
        "请先改正这些问题（常见原因：列的顺序与模板不同，或整列填错），再上传一次，"
        "检查会接着列出其余的问题。",
    )


def _accepted_within_received(figures: list[Figure], stored: dict) -> list[Problem]:
    in_file = {figure.key: figure for figure in figures}
    problems = []
    for figure in figures:
        if figure.metric not in ("proposals_received", "proposals_accepted"):
            continue
        adcode, _, start, end = figure.key
        received_key = (adcode, "proposals_received", start, end)
        accepted_key = (adcode, "proposals_accepted", start, end)
        received = (
            in_file[received_key].value if received_key in in_file else stored.get(received_key)
        )
        accepted = (
            in_file[accepted_key].value if accepted_key in in_file else stored.get(accepted_key)
        )
        if received is None or accepted is None or accepted <= received:
            continue
        where = ""
        if received_key not in in_file:
            where = "；收到提案数是数据库中已有的数字"
        elif accepted_key not in in_file:
            where = "；立案数是数据库中已有的数字"
        # report it once, on the row of the file that takes part
        if figure.metric == "proposals_accepted" or accepted_key not in in_file:
            problems.append(
                Problem(
                    figure.row,
                    "数值",
                    f"立案（合并交办）提案 {accepted:g} 件多于收到提案 {received:g} 件"
                    f"（{start}{'' if start == end else f'–{end}'}年{where}）；请核对",
                )
            )
    return problems
