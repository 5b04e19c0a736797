"""Terms (届次): a committee works in five-year terms, and its reports count by them
(五年来, 本届以来). This module holds the pure parts: the curated terms file, checking a
term a 管理员 adds, totals per term, and the term changes a year chart marks.

Totals are honest sums: a year not reported is never counted as 0 — a total with a
gap is a lower bound (≥, counts are never negative) and names the missing years; a
lower bound among the parts makes the total one too (≥); an approximate part makes it
approximate (约). Rates (%) are not summed.
"""

import csv
import math
import re
from pathlib import Path

import pandas as pd

from cppcc.formatting import QUALIFIER_PREFIX, QUALIFIER_PREFIX_EN, number, value_text
from cppcc.i18n import text

CURATED_BY = "整理数据"
# 政协章程: 每届任期五年; a term runs over at most six calendar years (换届 in a January)
LONGEST = 5


def curated_rows(directory: Path) -> list[dict]:
    """``terms.csv`` of the curated data, as rows for ``upsert_term``."""
    path = directory / "terms.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        {
            "adcode": row["adcode"],
            "term": int(row["term"]),
            "start_year": int(row["start_year"]),
            "end_year": int(row["end_year"]),
            "source": row["source"],
            "url": row.get("url") or None,
            "quote": row.get("quote") or None,
            "note": row.get("note") or None,
            "added_by": CURATED_BY,
        }
        for row in rows
    ]


def _year(value, label: str, problems: list[str]) -> int | None:
    raw = str(value if value is not None else "").strip()
    if not re.fullmatch(r"\d{4}", raw) or not 1949 <= int(raw) <= 2100:
        problems.append(f"{label}应为四位数的年份（1949–2100），如 2023；现为“{raw}”")
        return None
    return int(raw)


def check(fields: dict, known: pd.DataFrame) -> tuple[dict, list[str]]:
    """A term as a 管理员 typed it (``adcode``, ``term``, ``start_year``, ``end_year``,
    ``source``, ``url``, ``quote``, ``note``), checked against the committee's ``known``
    terms: the row to store, and what is wrong, in Chinese."""
    problems = []
    raw_term = str(fields.get("term") or "").strip().removeprefix("第").removesuffix("届")
    term = int(raw_term) if raw_term.isdigit() and 1 <= int(raw_term) <= 99 else None
    if term is None:
        problems.append(f"届次应为 1 到 99 的整数（第十二届写 12）；现为“{fields.get('term')}”")
    start = _year(fields.get("start_year"), "开始年份", problems)
    end = _year(fields.get("end_year"), "结束年份", problems)
    if start is not None and end is not None:
        if end < start:
            problems.append(f"结束年份 {end} 早于开始年份 {start}")
        elif end - start > LONGEST:
            problems.append(f"{start}–{end} 年超过一届（每届五年）：请分成两届填写，或核对年份")
    source = str(fields.get("source") or "").strip()
    if not source:
        problems.append("请填写公开来源（报告或网页的标题），届次和年份须能在来源中查到")
    url = str(fields.get("url") or "").strip() or None
    if url and not re.match(r"https?://", url):
        problems.append(f"来源网址应以 http:// 或 https:// 开头；现为“{url}”")
    if term is not None and start is not None and end is not None and end >= start:
        for other in known.itertuples():
            if other.term != term and other.start_year <= end and start <= other.end_year:
                problems.append(
                    f"与第{other.term}届（{other.start_year}–{other.end_year}年）的年份重叠"
                )
    row = {
        "adcode": fields.get("adcode"),
        "term": term,
        "start_year": start,
        "end_year": end,
        "source": source,
        "url": url,
        "quote": str(fields.get("quote") or "").strip() or None,
        "note": str(fields.get("note") or "").strip() or None,
    }
    return row, problems


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def year_sum(figures: pd.DataFrame, start: int, end: int, unit: str, lang: str) -> str:
    """The sum of one committee's single-year ``figures`` over ``start``–``end``, marked
    as the rules above say, with the years missing; 未报告 when none is reported."""
    if unit == "%":
        return text("terms_no_sum", lang)
    annual = figures[
        (figures["period_start"] == figures["period_end"])
        & figures["period_start"].between(start, end)
        & figures["value"].notna()
    ]
    if annual.empty:
        return text("not_reported", lang)
    years = set(annual["period_start"].astype(int))
    missing = [year for year in range(start, end + 1) if year not in years]
    prefix = ""
    if annual["qualifier"].eq("approx").any():
        prefix += (QUALIFIER_PREFIX if lang == "zh" else QUALIFIER_PREFIX_EN)["approx"]
    if missing or annual["qualifier"].eq("at_least").any():
        prefix = "≥" + prefix
    mark = "*" if annual["year_basis"].eq("inferred").any() else ""
    shown = f"{prefix}{number(annual['value'].sum())}{unit if lang == 'zh' else ''}{mark}"
    if missing:
        gap = ("、" if lang == "zh" else ", ").join(str(year) for year in missing)
        shown += text("terms_missing", lang, years=gap)
    return shown


def _report_total(figures: pd.DataFrame, start: int, end: int, unit: str, lang: str) -> str:
    """A report's own total for the term's years (五年来 …), if a report gives one."""
    spans = figures[(figures["period_start"] == start) & (figures["period_end"] == end)]
    spans = spans[spans["period_start"] != spans["period_end"]]
    if spans.empty:
        return ""
    row = spans.iloc[-1]
    return value_text(row["value"], row["qualifier"], unit, lang)


def by_term(
    figures: pd.DataFrame, terms: pd.DataFrame, unit: str, lang: str, last_year: int | None = None
) -> pd.DataFrame:
    """One row per committee and term: the sum of its yearly figures over the term's
    years (up to ``last_year`` for the term still running: 本届以来; by default the
    latest year any of ``figures`` reports) beside the total a report gives for those
    years, and the term's source."""
    if last_year is None:
        annual = figures[figures["period_start"] == figures["period_end"]]
        last_year = int(annual["period_end"].max()) if not annual.empty else 0
    terms = terms[terms["adcode"].isin(figures["adcode"])]
    rows = []
    for term in terms.itertuples():
        own = figures[figures["adcode"] == term.adcode]
        current = term.start_year <= last_year < term.end_year
        end = min(term.end_year, last_year)
        if term.start_year > last_year:
            continue
        name = term.committee_en if lang == "en" else term.committee
        label = text("terms_term", lang, term=term.term, start=term.start_year, end=term.end_year)
        if current:
            label += text("terms_so_far", lang, start=term.start_year, end=end)
        rows.append(
            {
                text("committee", lang): name,
                text("terms_term_column", lang): label,
                text("terms_year_sum", lang): year_sum(own, term.start_year, end, unit, lang),
                text("terms_report_total", lang): _report_total(
                    own, term.start_year, end, unit, lang
                ),
                text("terms_source", lang): term.source,
            }
        )
    return pd.DataFrame(rows)


def changes(terms: pd.DataFrame, years: list[int], lang: str) -> tuple[tuple[int, str], ...]:
    """The term changes inside a year chart's ``years``: (first year of the new term,
    label), one per year — “第12届” for one committee, “3个委员会换届” for several."""
    inside = terms[terms["start_year"].isin(years[1:])]
    marks = []
    for year, group in inside.groupby("start_year"):
        if len(group) == 1:
            label = text("terms_mark_one", lang, term=int(group["term"].iloc[0]))
        else:
            label = text("terms_mark_many", lang, n=len(group))
        marks.append((int(year), label))
    return tuple(marks)
