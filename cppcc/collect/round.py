"""Opening a collection round (数据征集) and reading it back.

A round asks committees for metrics in one or more years: one ``round_asks`` row per
committee, metric and year. By default it asks every committee below the region (the
27 city and county committees) for every metric some committee reports for a single
year (the catalogue's yearly metrics; a metric only ever given as a five-year total is
left out), for the years given. A 管理员 opens it on the upload page or with
``python -m cppcc round open``.
"""

from datetime import date
from pathlib import Path

import pandas as pd

from cppcc.store import db, sql
from cppcc.upload import access
from cppcc.upload.parsing import ParseError, committee_resolver, metric_resolver
from cppcc.upload.pipeline import catalogue
from cppcc.upload.validate import FIRST_YEAR


class RoundError(ValueError):
    """What is wrong with the round asked for, item by item, in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def records(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def default_metrics(con) -> list[str]:
    """The metrics reported for single years, in catalogue order (all of them when the
    store has no single-year figure yet)."""
    found = [row[0] for row in con.execute(sql.load("metrics_with_annual_figures")).fetchall()]
    return found or [m["code"] for m in catalogue(con)[1]]


def default_committees(con) -> list[str]:
    """Every committee below the region, in catalogue order."""
    return [c["adcode"] for c in catalogue(con)[0] if c["level"] != "region"]


def _years(years, today: date, problems: list[str]) -> list[int]:
    found = []
    for year in years or []:
        text = str(year).strip().removesuffix("年")
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= today.year:
            problems.append(f"年份“{year}”不对：请写 {FIRST_YEAR}–{today.year} 之间的四位数字")
        else:
            found.append(int(text))
    if not years:
        problems.append("请写明征集哪一年的数字（如 2025）")
    return sorted(set(found))


def _due(due, today: date, problems: list[str]) -> str | None:
    if due in (None, ""):
        return None
    try:
        day = date.fromisoformat(str(due).strip())
    except ValueError:
        problems.append(f"截止日期“{due}”不对：请写成 2026-03-31 这样的年-月-日")
        return None
    if day < today:
        problems.append(f"截止日期 {day} 已经过去，请写今天或以后的日期")
    return day.isoformat()


def _resolved(values, resolver, label: str, problems: list[str]) -> list[str]:
    found = []
    for value in values:
        try:
            found.append(resolver(value))
        except ParseError as error:
            problems.append(f"{label}：{error}")
    return list(dict.fromkeys(found))


def plan(con, *, years, metrics=None, committees=None, due=None, today: date | None = None):
    """Check a round's settings against the catalogue: (years, metric codes, committee
    codes, due date), or ``RoundError`` listing every problem."""
    today = today or date.today()
    problems: list[str] = []
    all_committees, all_metrics = catalogue(con)
    chosen_years = _years(years, today, problems)
    chosen_metrics = (
        _resolved(metrics, metric_resolver(all_metrics), "指标", problems)
        if metrics
        else default_metrics(con)
    )
    chosen_committees = (
        _resolved(committees, committee_resolver(all_committees), "委员会", problems)
        if committees
        else default_committees(con)
    )
    day = _due(due, today, problems)
    if problems:
        raise RoundError(problems)
    return chosen_years, chosen_metrics, chosen_committees, day


def open_round(
    target: Path | str | None,
    *,
    user: str,
    years,
    metrics=None,
    committees=None,
    due=None,
    note: str | None = None,
) -> dict:
    """Open a round in one transaction; returns it as ``get`` does."""
    with db.transaction(target) as con:
        # a store built before rounds existed gains the tables (and a DuckDB file the
        # board's view; PostgreSQL has no views, its snapshots make it)
        names = ["collect_schema"]
        if getattr(con, "dialect", "duckdb") == "duckdb":
            names.append("round_progress_view")
        for name in names:
            for statement in sql.statements(name):
                con.execute(statement)
        chosen_years, chosen_metrics, chosen_committees, day = plan(
            con, years=years, metrics=metrics, committees=committees, due=due
        )
        round_id = con.execute(
            sql.load("insert_round"), {"opened_by": user, "due": day, "note": note or None}
        ).fetchone()[0]
        asks = pd.DataFrame(
            [(a, m, y) for a in chosen_committees for m in chosen_metrics for y in chosen_years],
            columns=["adcode", "metric", "year"],
        ).astype({"adcode": "object", "metric": "object", "year": "int64"})
        con.register("incoming_asks", asks)
        try:
            con.execute(sql.load("insert_round_asks_from_frame"), {"round_id": round_id})
        finally:
            con.unregister("incoming_asks")
        access.record(con, "round_open", user, _opened_detail(round_id, asks, day))
    with db.connect(target) as con:
        return get(con, round_id)


def _opened_detail(round_id: int, asks: pd.DataFrame, due: str | None) -> str:
    """The audit log's line for a round opened: what was asked of whom, by when."""
    years = "、".join(str(y) for y in sorted(asks["year"].unique()))
    return (
        f"开启数据征集第 {round_id} 轮：{years} 年，{asks['adcode'].nunique()} 个委员会 × "
        f"{asks['metric'].nunique()} 个指标，共 {len(asks)} 项" + (f"，截止 {due}" if due else "")
    )


def rounds(con) -> list[dict]:
    """Every round, newest first (none on a store without the tables)."""
    if not _has_rounds(con):
        return []
    return records(con.execute(sql.load("rounds_list")))


def _has_rounds(con) -> bool:
    found = con.execute(sql.load("store_tables")).fetchall()
    return "round_asks" in {row[0] for row in found}


def get(con, round_id: int) -> dict:
    found = [r for r in rounds(con) if r["round_id"] == round_id]
    if not found:
        raise RoundError([f"没有编号为 {round_id} 的数据征集"])
    return found[0]


def cells(con, round_id: int, adcodes: list[str] | None = None) -> list[dict]:
    """Every asked cell of the round (of ``adcodes`` only, when given), with the figure
    the store has for it, if any."""
    return records(
        con.execute(
            sql.load("round_workbook_cells"), {"round_id": round_id, "adcodes": list(adcodes or [])}
        )
    )
