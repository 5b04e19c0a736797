"""总览: headline figures, one metric compared across committees, and what is reported."""

import streamlit as st

from cppcc import specs, tables
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    lang,
    metric_picker,
    period_picker,
    show_chart,
    show_headlines,
    show_matrix,
    t,
)

HEADLINES = ["proposals_received", "proposals_accepted", "opinion_items", "suggestions"]

ensure_router()
st.title(t("overview_title"))
st.caption(t("app_subtitle"))

st.subheader(t("kpi_heading"))
st.caption(t("kpi_not_total"))
show_headlines(
    tables.headline_tiles(cache.query("latest_two_years", metrics=HEADLINES), HEADLINES, lang())
)

st.subheader(t("compare_heading"))
st.caption(t("overview_intro"))
metrics = cache.query("metrics_reported")
coverage = cache.query("figure_coverage")
opening = tables.most_reported(coverage)
left, right = st.columns(2)
with left:
    metric = metric_picker(
        metrics, key="overview_metric", default=opening[0] if opening else "proposals_received"
    )
periods = cache.query("metric_periods", metric=metric.name)
best = tables.most_reported(coverage, metric.name)
with right:
    period = period_picker(
        periods, key="overview_period", metric=metric.name, best=best and best[1]
    )
by_committee = cache.query(
    "metric_by_committee", metric=metric.name, period_start=period[0], period_end=period[1]
)
spec = specs.comparison(
    metric, period, by_committee, inferred=specs.inferred_periods(periods)[period], lang=lang()
)
show_chart(
    spec,
    key="overview_chart",
    rows=cache.query(
        "figures_for_period", metric=metric.name, period_start=period[0], period_end=period[1]
    ),
    metric=metric.name,
)
st.caption(t("reported_count", n=int(by_committee["value"].notna().sum())))
deck_export([spec], key="overview_deck", page=t("page_overview"))

st.subheader(t("matrix_heading"))
st.caption(t("matrix_help"))
only_reported = st.toggle(t("only_reported_metrics"), value=True, key="overview_only_reported")
matrix = tables.completeness(
    cache.query("reported_periods"), cache.query("committees"), metrics, lang(), only_reported
)
show_matrix(matrix)
