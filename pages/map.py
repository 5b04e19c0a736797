"""地图: the five cities, or the counties, shaded by a metric; all offline."""

import streamlit as st

from cppcc import levels, maps, specs, tables
from cppcc.web import cache
from cppcc.web.ui import (
    committee_links,
    comparison_pickers,
    deck_export,
    ensure_router,
    lang,
    page_toolbar,
    picture_export,
    report_export,
    scope_adcodes,
    scoped_committees,
    show_map,
    show_sources,
    static_table,
    t,
)

ensure_router()
st.title(t("map_title"))
st.caption(t("map_intro"))

metrics = cache.query("metrics_reported")
committees = scoped_committees()
first, second = st.columns(2)
left, right = st.columns(2)
level, metric, periods, period = comparison_pickers(
    committees, metrics, key="map", fallback="platform_reception_rooms", slots=(first, second, left)
)
# the per-township view divides platforms by the townships they sit in; for any
# other metric the switch is shown disabled, with the reason under it
density_applies = metric["category"] == "履职平台"
if not density_applies and st.session_state.get("map_mode", "absolute") != "absolute":
    st.session_state["map_mode"] = "absolute"
with right:
    mode = st.segmented_control(
        t("map_mode"),
        ["absolute", "density"],
        format_func=lambda m: t("map_absolute") if m == "absolute" else t("map_density"),
        key="map_mode",
        default="absolute",
        required=True,
        disabled=not density_applies,
        help=t("map_density_help"),
    )
    if not density_applies:
        st.caption(t("map_density_only_platforms", metric=specs.metric_name(metric, lang())))
density = mode == "density" and density_applies
page_toolbar(
    t(
        "print_view",
        level=levels.label(level, committees, lang()),
        metric=specs.metric_name(metric, lang()),
        period=tables.period_label(period, specs.inferred_periods(periods)[period], lang()),
    )
)

chosen = {
    "metric": metric.name,
    "period_start": period[0],
    "period_end": period[1],
    "adcodes": scope_adcodes(),
}
every = cache.query("map_values", **chosen)
values = levels.members(every, committees, level)
empty = levels.empty_note(every, committees, level, lang())
if empty:
    st.info(empty)
rows = cache.query("figures_for_period", **chosen)
drawn, picture, region_note = specs.map_view(
    metric,
    period,
    values,
    rows,
    inferred=specs.inferred_periods(periods)[period],
    density=density,
    lang=lang(),
    level_name=levels.label(level, committees, lang()),
)
on_map, beside = st.columns([3, 2], gap="medium")
with on_map:
    show_map(drawn, key="map_deck")
with beside:
    st.html(maps.legend_html(values, density, specs.metric_unit(metric, lang()), lang()))
    unplaced = maps.unplaced_note(drawn, lang())
    if unplaced:
        st.caption(unplaced)
    if level == levels.COUNTIES:
        st.caption(t("map_county_hint"))
    elif levels.is_county(level):
        st.caption(t("map_city_lines"))
    if region_note:
        st.caption(region_note)
    if not empty:
        static_table(
            maps.ranking(values, density, specs.metric_unit(metric, lang()), lang()),
            hide_index=True,
        )
picture_export(picture, key="map_picture")
committee_links(values["adcode"])
show_sources(levels.members(rows, committees, level), key="map_sources", metric=metric.name)
st.caption(t("map_origin"))
deck_export([picture], key="map_deck", page=t("page_map"))
if not empty:
    level_name = levels.label(level, committees, lang())
    report_export(metric, period, list(values["adcode"]), level_name, key="map_report")
