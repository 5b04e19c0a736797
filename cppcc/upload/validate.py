"""Strict checks on an upload: every problem of every row at once, in Chinese.

A file with any problem applies nothing; staff fix the file and upload it again, so
the messages name the row as Excel shows it, the column, and what to write instead.
"""

import math
import re
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
# characters a title, quote or note may hold at most
MAX_LENGTH = {"来源": 200, "原文摘录": 500, "备注": 500}
_SHORTER = {
    "来源": "请只写报告或文件的标题和年份",
    "原文摘录": "请只摘录写出这个数字的那一句",
    "备注": "请写得简短些",
}
# invisible characters that have no place in a cell: C0/C1 controls (tab and line
# breaks excepted: a quote may span lines), and bidirectional overrides, which make
# text display in an order other than the one stored
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_message(text: str) -> str | None:
    """What to tell the user about an invisible control character in ``text``, if any."""
    found = _CONTROL.search(text or "")
    if not found:
        return None
    return (
        f"含有不可见的控制字符 U+{ord(found.group()):04X}（第{found.start() + 1}个字符处）；"
        "请删去后再上传（常见于从网页或其他系统复制的文字）"
    )


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


@dataclass(frozen=True)
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
        return (*self.key, self.source)


def _read_row(raw: RawRow, resolvers, units, last_year) -> tuple[Figure | None, list]:
    problems = []
    cells = raw.cells

    def attempt(column, parse):
        try:
            return parse()
        except ParseError as error:
            problems.append(Problem(raw.number, column, str(error)))
            return None

    for column, cell in cells.items():
        if isinstance(cell, str) and _CONTROL.search(cell):
            problems.append(Problem(raw.number, column, control_message(cell)))
    for column, limit in MAX_LENGTH.items():
        length = len(_text(cells.get(column)) or "")
        if length > limit:
            problems.append(
                Problem(
                    raw.number,
                    column,
                    f"{column}有 {length} 个字，超过上限 {limit} 个字；" + _SHORTER[column],
                )
            )
    committee_of, metric_of = resolvers
    adcode = attempt("委员会", lambda: committee_of(cells.get("委员会")))
    metric = attempt("指标", lambda: metric_of(cells.get("指标")))
    period = attempt("起始年份", lambda: parse_period(cells.get("起始年份"), cells.get("截止年份")))
    parsed = attempt("数值", lambda: parse_value(cells.get("数值")))
    stated = attempt("限定", lambda: parse_qualifier(cells.get("限定")))
    # a title identifies a report: compared in one form, as names are
    source = normalise(cells.get("来源"))

    if period:
        start, end = period
        for year in (start, end):
            if not FIRST_YEAR <= year <= last_year:
                problems.append(
                    Problem(
                        raw.number, "起始年份", f"年份 {year} 不在 {FIRST_YEAR}–{last_year} 之间"
                    )
                )
                break
        if start > end:
            problems.append(
                Problem(raw.number, "截止年份", f"起始年份 {start} 晚于截止年份 {end}，请对调")
            )
    qualifier = None
    if parsed:
        value, qualifier = parsed
        if value < 0:
            problems.append(Problem(raw.number, "数值", f"数值 {value:g} 为负数；数量不能小于 0"))
        unit = units.get(metric) if metric else None
        typed = normalise(cells.get("数值"))
        if not math.isfinite(value) or value > VALUE_CEILING:
            problems.append(Problem(raw.number, "数值", f"数值“{typed}”太大，不是一个实际的数量"))
        elif unit in WHOLE_UNITS and value > COUNT_CEILING:
            problems.append(
                Problem(
                    raw.number,
                    "数值",
                    f"数值 {value:,.0f}{unit} 超过一个委员会一期可能的上限"
                    f" {COUNT_CEILING:,}{unit}；请核对是否多写了位数",
                )
            )
        elif unit == "%" and value > 100:
            problems.append(Problem(raw.number, "数值", f"百分比 {value:g}% 超过 100%"))
        elif unit and unit != "%" and typed.endswith("%"):
            problems.append(
                Problem(
                    raw.number, "数值", f"这个指标的单位是“{unit}”，数值不应写成百分比“{typed}”"
                )
            )
        elif unit in WHOLE_UNITS and not float(value).is_integer():
            problems.append(
                Problem(raw.number, "数值", f"这个指标按“{unit}”计数，数值 {value:g} 应为整数")
            )
        if stated and qualifier != "exact" and stated != qualifier:
            problems.append(
                Problem(
                    raw.number,
                    "限定",
                    f"限定写的是“{normalise(cells.get('限定'))}”，数值却写成"
                    f"“{normalise(cells.get('数值'))}”；请让两者一致",
                )
            )
        qualifier = stated or qualifier
    if not source:
        problems.append(
            Problem(raw.number, "来源", "缺少来源；请写明数字出自哪份报告或文件（标题、年份）")
        )
    if problems:
        return None, problems
    quote = _text(cells.get("原文摘录"))
    note = _text(cells.get("备注"))
    return Figure(
        raw.number, adcode, metric, *period, parsed[0], qualifier, source, quote, note
    ), []


def validate(
    rows: list[RawRow],
    committees: list[dict],
    metrics: list[dict],
    stored: dict[tuple, float] | None = None,
) -> tuple[list[Figure], list[Problem]]:
    """Clean figures and the problems found; ``stored`` maps key → value already in the
    store, so accepted > received is caught across the file and the store."""
    units = {row["code"]: row["unit_zh"] for row in metrics}
    resolvers = (committee_resolver(committees), metric_resolver(metrics))
    last_year = date.today().year + 1
    figures, problems = [], []
    first_row: dict[tuple, int] = {}
    for raw in rows:
        figure, found = _read_row(raw, resolvers, units, last_year)
        problems.extend(found)
        if figure is None:
            continue
        if figure.identity in first_row:
            problems.append(
                Problem(
                    raw.number,
                    "指标",
                    f"与第{first_row[figure.identity]}行是同一委员会、同一指标、同一期间、"
                    "同一来源，请只保留一行",
                )
            )
            continue
        first_row[figure.identity] = raw.number
        figures.append(figure)
    problems.extend(_accepted_within_received(figures, stored or {}))
    problems.sort(key=lambda p: p.row)
    return figures, problems


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
