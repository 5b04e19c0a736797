"""Queries rewritten for the national store (issue #24) give the pages what the earlier
versions gave: on the fixture store, each new query's result equals the earlier query's
(kept here as it was) for every parameter set a page can bind."""

import itertools

import pandas as pd
import pytest

from cppcc import levels, tables
from cppcc.store import db, sql

# the queries as they were before the read model's narrower tables and joins
OLD_COVERAGE = """
select metric, metric_order, adcode, level, period_start, period_end
from figures_labeled
order by metric_order, period_end desc, committee_order
"""
OLD_LATEST_TWO = """
select *
from latest_two
where list_contains($metrics, metric)
    and (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
order by metric_order, period_end desc, committee_order, recency
"""
OLD_DETAIL_WHERE = """
where (len($adcodes::varchar[]) = 0 or list_contains($adcodes::varchar[], adcode))
    and (len($metrics::varchar[]) = 0 or list_contains($metrics::varchar[], metric))
    and ($needle = '' or contains(
        lower(concat_ws(' ', quote, source, note, committee, metric_name)), lower($needle)))
"""
OLD_DETAIL = f"""
select * from (
    select f.*, s.published_year, s.date_basis, s.file_name, s.url
    from figure_reports as f join sources as s on s.source_id = f.source_id
)
{OLD_DETAIL_WHERE}
order by committee_order, metric_order, period_start, period_end, report_rank
limit $limit
"""
OLD_DETAIL_COUNT = f"select count(*) as n from figure_reports {OLD_DETAIL_WHERE}"


@pytest.fixture(scope="module")
def con(shown_store):
    snapshot = db.snapshot(shown_store)
    yield snapshot
    snapshot.close()


@pytest.fixture(scope="module")
def committees(con):
    return con.execute(sql.load("committees")).df()


def _same(con, new: str, old: str, params: dict) -> pd.DataFrame:
    got = con.execute(sql.load(new), params).df()
    expected = con.execute(old, params).df()
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
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


def test_headline_figures_are_the_same(con, committees):
    metrics = sorted(set(con.execute("select metric from latest_two").df()["metric"]))
    asked = [metrics, metrics[:1], ["no_such_metric"], []]
    shown = 0
    for adcodes, wanted in itertools.product(_adcode_sets(committees), asked):
        params = {"metrics": wanted, "adcodes": adcodes}
        shown += len(_same(con, "latest_two_years", OLD_LATEST_TWO, params))
    assert shown > 0


def test_the_sources_page_lists_and_counts_the_same_figures(con, committees):
    metrics = sorted(set(con.execute("select metric from figure_reports").df()["metric"]))
    filters = itertools.product(
        _adcode_sets(committees)[:4], [[], metrics[:2]], ["", "提案", "zz-none"]
    )
    listed = 0
    for adcodes, wanted, needle in filters:
        params = {"adcodes": adcodes, "metrics": wanted, "needle": needle}
        for limit in (5, 1000):
            listed += len(_same(con, "figures_detail", OLD_DETAIL, {**params, "limit": limit}))
        _same(con, "figures_detail_count", OLD_DETAIL_COUNT, params)
    assert listed > 0  # the filters found figures, so the comparison compared something
