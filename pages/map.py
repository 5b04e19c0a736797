"""地图: the five cities shaded by a metric, 灵武 and 青铜峡 as dots, all offline."""

import streamlit as st

from cppcc import maps, specs, tables
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    metric_picker,
    period_picker,
    picture_export,
    show_sources,
    t,
)
from cppcc.web.ui import lang as current_lang

ensure_router()
lang = current_lang()
st.title(t("map_title"))
st.caption(t("map_intro"))

metrics = cache.query("metrics_reported")
# the map draws the cities and counties, not the region: open on what most of them report
coverage = cache.query("figure_coverage")
shown = ["prefecture", "county"]
opening = tables.most_reported(coverage, levels=shown)
left, middle, right = st.columns([2, 2, 2])
with left:
    metric = metric_picker(
        metrics, key="map_metric", default=opening[0] if opening else "platform_reception_rooms"
    )
periods = cache.query("metric_periods", metric=metric.name)
best = tables.most_reported(coverage, metric.name, levels=shown)
with middle:
    period = period_picker(periods, key="map_period", metric=metric.name, best=best and best[1])
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

values = cache.query("map_values", metric=metric.name, period_start=period[0], period_end=period[1])
rows = cache.query(
    "figures_for_period", metric=metric.name, period_start=period[0], period_end=period[1]
)
deck, picture, region_note = specs.map_view(
    metric,
    period,
    values,
    rows,
    inferred=specs.inferred_periods(periods)[period],
    density=density,
    lang=lang,
)
st.pydeck_chart(deck, key="map_deck", height=560)
st.html(maps.legend_html(values, density, metric["unit"], lang))
unplaced = maps.unplaced_note(deck, lang)
if unplaced:
    st.caption(unplaced)
if region_note:
    st.caption(region_note)
picture_export(picture, key="map_picture")
show_sources(rows, key="map_sources", metric=metric.name)
st.caption(t("map_origin"))
deck_export([picture], key="map_deck", page=t("page_map"))
