"""总览: headline figures, one metric compared across committees, and what is reported."""

import streamlit as st

from cppcc import charts, tables
from cppcc.formatting import period_text
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    lang,
    metric_picker,
    scope_adcodes,
    scoped_committees,
    show_chart,
    show_matrix,
    t,
)

HEADLINES = ["proposals_received", "proposals_accepted", "opinion_items", "suggestions"]

ensure_router()
st.title(t("overview_title"))
st.caption(t("app_subtitle"))

st.subheader(t("kpi_heading"))
# the latest figures of the committees the page compares (all of them in Ningxia)
adcodes = scope_adcodes()
tiles = tables.headline_tiles(
    cache.query("latest_two_years", metrics=HEADLINES, adcodes=adcodes), HEADLINES, lang()
)
for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
    with column:
        if tile["value"] is None:
            st.metric(tile["label"], t("kpi_none"), border=True)
        else:
            st.metric(
                tile["label"], tile["value"], delta=tile["delta"], help=tile["help"], border=True
            )
            st.caption(tile["who"])

st.subheader(t("compare_heading"))
st.caption(t("overview_intro"))
metrics = cache.query("metrics_reported")
left, right = st.columns(2)
with left:
    metric = metric_picker(metrics, key="overview_metric", default="proposals_received")
periods = cache.query("metric_periods", metric=metric.name)
options = tables.period_options(periods)
inferred = {(int(r.period_start), int(r.period_end)): r.any_inferred for r in periods.itertuples()}
with right:
    period = st.selectbox(
        t("period"),
        options,
        format_func=lambda p: tables.period_label(p, inferred[p], lang()),
        key="overview_period",
    )
by_committee = cache.query(
    "metric_by_committee",
    metric=metric.name,
    period_start=period[0],
    period_end=period[1],
    adcodes=adcodes,
)
name = metric["name_en" if lang() == "en" else "name_zh"]
spec = charts.ChartSpec(
    kind="bars",
    title=t("chart_compare_title", metric=name),
    subtitle=t(
        "export_subtitle", period=tables.period_label(period, False, lang()), unit=metric["unit"]
    ),
    unit=metric["unit"],
    data=tables.comparison(by_committee, lang()),
    sources=tuple(tables.sources_of(by_committee)),
    lang=lang(),
    file_stem=f"{name}_{period_text(*period)}",
)
show_chart(
    spec,
    key="overview_chart",
    rows=cache.query(
        "figures_for_period",
        metric=metric.name,
        period_start=period[0],
        period_end=period[1],
        adcodes=adcodes,
    ),
    metric=metric.name,
)
st.caption(t("reported_count", n=int(by_committee["value"].notna().sum())))
deck_export([spec], key="overview_deck", page=t("page_overview"))

st.subheader(t("matrix_heading"))
st.caption(t("matrix_help"))
only_reported = st.toggle(t("only_reported_metrics"), value=True, key="overview_only_reported")
matrix = tables.completeness(
    cache.query("reported_periods", adcodes=adcodes),
    scoped_committees(),
    metrics,
    lang(),
    only_reported,
)
show_matrix(matrix)
