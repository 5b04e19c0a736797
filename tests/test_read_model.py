"""Queries rewritten for the national store (issue #24) give the pages what the earlier
versions gave: on the fixture store, each new query's result equals the earlier query's
(kept here as it was) for every parameter set a page can bind."""

import itertools
from pathlib import Path

import pandas as pd
import pytest

from cppcc import levels, tables
from cppcc.store import db, sql

# the queries as they were before issue #24's read model (tests/fixtures/queries_before_24)
BEFORE = Path(__file__).parent / "fixtures" / "queries_before_24"
OLD_COVERAGE = """
select metric, metric_order, adcode, level, period_start, period_end
from figures_labeled
order by metric_order, period_end desc, committee_order
"""


@pytest.fixture(scope="module")
def con(shown_store):
    snapshot = db.snapshot(shown_store)
    yield snapshot
    snapshot.close()


@pytest.fixture(scope="module")
def committees(con):
    return con.execute(sql.load("committees")).df()


def _same(con, name: str, params: dict) -> pd.DataFrame:
    got = con.execute(sql.load(name), params).df()
    expected = con.execute((BEFORE / f"{name}.sql").read_text(encoding="utf-8"), params).df()
    # a query may give more since (metric_periods: inferred_adcodes); what the earlier
    # one gave must be the same
    pd.testing.assert_frame_equal(got[list(expected.columns)], expected, check_dtype=False)
    return got


def _adcode_sets(committees) -> list[list[str]]:
    """Every committee, each comparison level's, a single committee, and none known."""
    every = list(committees["adcode"])
    by_level = [levels.adcodes(committees, o) for o in levels.options(committees)]
    return [[], every, *by_level, every[:1], ["999999"]]


def test_the_opening_comparison_is_the_same_for_every_level(con, committees):
    """coverage_counts counts in SQL what the pages counted from one row per figure."""
    figures = con.execute(OLD_COVERAGE).df()
    metrics = [None, *figures["metric"].unique()]
    for adcodes in _adcode_sets(committees):
        counts = con.execute(sql.load("coverage_counts"), {"adcodes": adcodes}).df()
        rows = figures[figures["adcode"].isin(adcodes)]
        for metric in metrics:
            assert tables.most_reported(counts, metric) == tables.most_reported(rows, metric)
        assert int(counts["n"].sum()) == len(rows)  # one figure per committee and period


def _tiles_before(latest: pd.DataFrame, shown: int) -> pd.DataFrame:
    """What the overview made of the earlier latest_two_years in pandas: per metric the
    first committees with a latest figure, in catalogue order, with the year before."""
    newest = latest[latest["recency"] == 1].copy()
    newest["reported"] = newest.groupby("metric")["adcode"].transform("size")
    newest = newest.sort_values(["metric_order", "committee_order", "adcode"], kind="stable")
    newest["place"] = newest.groupby("metric").cumcount() + 1
    previous = latest[latest["recency"] == 2][
        ["metric", "adcode", "period_end", "year_basis", "value", "qualifier"]
    ].rename(columns=lambda c: c if c in ("metric", "adcode") else f"previous_{c}")
    previous = previous.rename(columns={"previous_period_end": "previous_end"})
    previous = previous.rename(columns={"previous_year_basis": "previous_basis"})
    tiles = newest[newest["place"] <= shown].merge(previous, on=["metric", "adcode"], how="left")
    return tiles.reset_index(drop=True)


def _blank_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """A merge leaves NaN where SQL's left join leaves null: both are "no year before"."""
    return frame.astype(object).where(frame.notna(), None)


def test_headline_tiles_are_the_same(con, committees):
    """The tiles' rows in SQL are what the page built from every latest figure."""
    metrics = sorted(set(con.execute("select metric from latest_two").df()["metric"]))
    asked = [metrics, metrics[:1], ["no_such_metric"], []]
    text = (BEFORE / "latest_two_years.sql").read_text(encoding="utf-8")
    shown = compared = 0
    for adcodes, wanted, most in itertools.product(_adcode_sets(committees), asked, (1, 4)):
        params = {"metrics": wanted, "adcodes": adcodes}
        got = con.execute(sql.load("headline_tiles"), {**params, "shown": most}).df()
        expected = _tiles_before(con.execute(text, params).df(), most)[list(got.columns)]
        missing = [_blank_as_none(frame) for frame in (got, expected)]
        pd.testing.assert_frame_equal(*missing, check_dtype=False)
        shown += len(got)
        compared += int(got["previous_end"].notna().sum())
    assert shown > 0 and compared > 0  # tiles listed, some with the change since before


def test_the_sources_page_lists_and_counts_the_same_figures(con, committees):
    metrics = sorted(set(con.execute("select metric from figure_reports").df()["metric"]))
    filters = itertools.product(
        _adcode_sets(committees)[:4], [[], metrics[:2]], ["", "提案", "zz-none"]
    )
    listed = 0
    for adcodes, wanted, needle in filters:
        params = {"adcodes": adcodes, "metrics": wanted, "needle": needle}
        for limit in (5, 1000):
            listed += len(_same(con, "figures_detail", {**params, "limit": limit}))
        _same(con, "figures_detail_count", params)
    assert listed > 0  # the filters found figures, so the comparison compared something


def _periods_to_bind(con, adcodes: list[str], periods: pd.DataFrame) -> pd.DataFrame:
    """Every metric and period for the whole store (an empty list, every committee
    named); for a narrower scope, the period its comparison opens on and one it does not
    report. Each scope meets each kind of period without the full product, which was
    1,760 queries (29 s at load 5: past pytest's 300 s limit when the machine is loaded
    tenfold, the test's intermittent failure)."""
    if not adcodes or len(adcodes) == len(con.execute("select adcode from committees").df()):
        return periods
    counts = con.execute(sql.load("coverage_counts"), {"adcodes": adcodes}).df()
    opened = tables.most_reported(counts)
    picked = []
    if opened is not None:
        metric, (start, end) = opened
        picked.append((metric, start, end))
    reported = set(counts[["metric", "period_start", "period_end"]].itertuples(index=False))
    missing = [tuple(p) for p in periods.itertuples(index=False) if tuple(p) not in reported]
    picked.extend(missing[:1])
    return pd.DataFrame(picked, columns=periods.columns)


def test_the_comparison_map_and_series_queries_are_the_same(con, committees):
    """Every query a comparison, map, series or proposal page binds a scope to."""
    periods = con.execute(
        "select distinct metric, period_start, period_end from figures_labeled order by all"
    ).df()
    found = {}
    for adcodes in _adcode_sets(committees):
        bound = {"adcodes": adcodes}
        for name in ("proposal_figures", "acceptance", "reported_periods"):
            found[name] = found.get(name, 0) + len(_same(con, name, bound))
        chosen = _periods_to_bind(con, adcodes, periods)
        for metric in chosen["metric"].unique():
            _same(con, "metric_figures", {**bound, "metric": metric})
        for metric, start, end in chosen.itertuples(index=False):
            period = {**bound, "metric": metric, "period_start": start, "period_end": end}
            for name in ("figures_for_period", "map_values", "metric_by_committee"):
                found[name] = found.get(name, 0) + len(_same(con, name, period))
    for metric in periods["metric"].unique():
        found["metric_periods"] = len(_same(con, "metric_periods", {"metric": metric}))
    assert all(found.values()), found
