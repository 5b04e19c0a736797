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
    show_sources,
    t,
)

ensure_router()
st.title(t("map_title"))
st.caption(t("map_intro"))

metrics = cache.query("metrics_reported")
committees = scoped_committees()


@st.fragment
def shaded() -> None:
    """The map and its pickers: a change reruns this part only, not the page's chrome
    and sidebar (#24)."""
    first, second = st.columns(2)
    left, right = st.columns(2)
    level, metric, periods, period = comparison_pickers(
        committees,
        metrics,
        key="map",
        fallback="platform_reception_rooms",
        slots=(first, second, left),
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
    page_toolbar(
        t(
            "print_view",
            level=levels.label(level, committees, lang()),
            metric=specs.metric_name(metric, lang()),
            period=tables.period_label(period, specs.inferred_periods(periods)[period], lang()),
        )
    )
    if density and metric["category"] != "履职平台":
        st.info(t("map_density_only_platforms"))
        density = False

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
    st.pydeck_chart(maps.deck(drawn), key="map_deck", height=560)
    st.html(maps.legend_html(values, density, metric["unit"], lang()))
    unplaced = maps.unplaced_note(drawn, lang())
    if unplaced:
        st.caption(unplaced)
    if level == levels.COUNTIES:
        st.caption(t("map_county_hint"))
    elif levels.is_county(level):
        st.caption(t("map_city_lines"))
    if region_note:
        st.caption(region_note)
    picture_export(picture, key="map_picture")
    committee_links(values["adcode"])
    show_sources(levels.members(rows, committees, level), key="map_sources", metric=metric.name)
    st.caption(t("map_origin"))
    deck_export([picture], key="map_deck", page=t("page_map"))
    if not empty:
        level_name = levels.label(level, committees, lang())
        report_export(metric, period, list(values["adcode"]), level_name, key="map_report")


shaded()
