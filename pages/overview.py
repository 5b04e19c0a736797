"""总览: headline figures, one metric compared across committees, and what is reported."""

import streamlit as st

from cppcc import charts, levels, tables
from cppcc.formatting import period_text
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    lang,
    level_picker,
    metric_picker,
    show_chart,
    show_matrix,
    t,
)

HEADLINES = ["proposals_received", "proposals_accepted", "opinion_items", "suggestions"]

ensure_router()
st.title(t("overview_title"))
st.caption(t("app_subtitle"))

st.subheader(t("kpi_heading"))
tiles = tables.headline_tiles(cache.query("latest_two_years", metrics=HEADLINES), HEADLINES, lang())
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
committees = cache.query("committees")
left, middle, right = st.columns(3)
with left:
    level = level_picker(committees, key="overview_level")
with middle:
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
    "metric_by_committee", metric=metric.name, period_start=period[0], period_end=period[1]
)
rows = cache.query(
    "figures_for_period", metric=metric.name, period_start=period[0], period_end=period[1]
)
compared = levels.members(by_committee, committees, level)
level_name = levels.label(level, committees, lang())
empty = levels.empty_note(by_committee, committees, level, lang())
if empty:
    st.info(empty)
else:
    data, unreported = levels.for_chart(tables.comparison(compared, lang()))
    name = metric["name_en" if lang() == "en" else "name_zh"]
    spec = charts.ChartSpec(
        kind="bars",
        title=t("chart_compare_title", metric=name),
        subtitle=f"{level_name} · "
        + t(
            "export_subtitle",
            period=tables.period_label(period, False, lang()),
            unit=metric["unit"],
        ),
        unit=metric["unit"],
        data=data,
        sources=tuple(tables.sources_of(compared)),
        lang=lang(),
        file_stem=f"{name}_{level_name}_{period_text(*period)}",
    )
    show_chart(
        spec, key="overview_chart", rows=levels.members(rows, committees, level), metric=metric.name
    )
    st.caption(
        t(
            "reported_count",
            level=level_name,
            total=len(compared),
            n=int(compared["value"].notna().sum()),
        )
    )
    if unreported:
        st.caption(t("level_unreported", names=levels.name_list(unreported, lang())))
    deck_export([spec], key="overview_deck", page=t("page_overview"))
region_note = tables.region_note(rows, period, lang(), key="region_alongside")
if region_note:
    st.caption(region_note)

st.subheader(t("matrix_heading"))
st.caption(t("matrix_help"))
reported = cache.query("reported_periods")
left, right = st.columns(2)
only_reported = left.toggle(t("only_reported_metrics"), value=True, key="overview_only_reported")
all_committees = right.toggle(
    t("show_empty_committees", n=tables.empty_committees(reported, committees)),
    value=False,
    key="overview_all_committees",
)
matrix = tables.completeness(reported, committees, metrics, lang(), only_reported, all_committees)
show_matrix(matrix)
