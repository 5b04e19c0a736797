"""地图: the five cities, or the counties, shaded by a metric; all offline."""

import streamlit as st

from cppcc import charts, levels, maps, tables
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    lang,
    level_picker,
    metric_picker,
    show_sources,
    t,
)

ensure_router()
st.title(t("map_title"))
st.caption(t("map_intro"))

metrics = cache.query("metrics_reported")
committees = cache.query("committees")
first, second = st.columns(2)
with first:
    level = level_picker(committees, key="map_level")
with second:
    metric = metric_picker(metrics, key="map_metric", default="platform_reception_rooms")
periods = cache.query("metric_periods", metric=metric.name)
inferred = {(int(r.period_start), int(r.period_end)): r.any_inferred for r in periods.itertuples()}
left, right = st.columns(2)
with left:
    period = st.selectbox(
        t("period"),
        tables.period_options(periods),
        format_func=lambda p: tables.period_label(p, inferred[p], lang()),
        key="map_period",
    )
with right:
    mode = st.segmented_control(
        t("map_mode"),
        ["absolute", "density"],
        format_func=lambda m: t("map_absolute") if m == "absolute" else t("map_density"),
        key="map_mode",
        default="absolute",
        required=True,
        help=t("map_density_help"),
    )
density = mode == "density"
if density and metric["category"] != "履职平台":
    st.info(t("map_density_only_platforms"))
    density = False

every = cache.query("map_values", metric=metric.name, period_start=period[0], period_end=period[1])
values = levels.members(every, committees, level)
empty = levels.empty_note(every, committees, level, lang())
if empty:
    st.info(empty)
deck = maps.deck(values, unit=metric["unit"], period=period, density=density, lang=lang())
st.pydeck_chart(deck, key="map_deck", height=560)
st.html(maps.legend_html(values, density, metric["unit"], lang()))
if levels.is_county(level):
    st.caption(t("map_county_hint"))

rows = cache.query(
    "figures_for_period", metric=metric.name, period_start=period[0], period_end=period[1]
)
region_note = tables.region_note(rows, period, lang())
if region_note:
    st.caption(region_note)
shown_rows = levels.members(rows, committees, level)
show_sources(shown_rows, key="map_sources", metric=metric.name)
st.caption(t("map_origin"))

name = metric["name_en" if lang() == "en" else "name_zh"]
picture = charts.PictureSpec(
    title=t("map_slide_title", metric=name),
    subtitle=t(
        "export_subtitle",
        period=tables.period_label(period, inferred[period], lang()),
        unit=t("map_density") if density else metric["unit"],
    ),
    figure=charts.map_picture(deck),
    sources=tuple(tables.sources_of(shown_rows)),
    notes=tuple(n for n in (t("map_slide_legend"), region_note, t("map_origin")) if n),
    lang=lang(),
    file_stem=f"{name}_{levels.label(level, committees, lang())}_地图",
)
deck_export([picture], key="map_deck", page=t("page_map"))
