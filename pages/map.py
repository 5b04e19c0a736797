"""地图: the five cities, or the counties, shaded by a metric; all offline."""

from functools import partial

import pandas as pd
import streamlit as st

from cppcc import levels, maps, specs
from cppcc.web import cache
from cppcc.web.ui import (
    committee_links,
    comparison_pickers,
    deck_export,
    ensure_router,
    lang,
    level_title,
    page_toolbar,
    picture_export,
    report_export,
    scope_adcodes,
    scoped_committees,
    show_map,
    show_sources,
    static_table,
    t,
    view_line,
)

ensure_router()
st.title(t("map_title"))
st.caption(t("map_intro"))

metrics = cache.query("metrics_reported")
committees = scoped_committees()


def density_switch(metric: pd.Series, slot) -> bool:
    """绝对数 / 每乡镇: the per-township view divides platforms by the townships they
    sit in; for any other metric the switch is shown disabled, with the reason under it."""
    applies = metric["category"] == "履职平台"
    if not applies and st.session_state.get("map_mode", "absolute") != "absolute":
        st.session_state["map_mode"] = "absolute"
    with slot:
        mode = st.segmented_control(
            t("map_mode"),
            ["absolute", "density"],
            format_func=lambda m: t("map_absolute") if m == "absolute" else t("map_density"),
            key="map_mode",
            default="absolute",
            required=True,
            disabled=not applies,
            help=t("map_density_help"),
        )
        if not applies:
            st.caption(t("map_density_only_platforms", metric=specs.metric_name(metric, lang())))
    return mode == "density" and applies


def beside_map(metric, level: str, values, drawn, density: bool, notes: tuple) -> None:
    """The colour key with its unit, what is not drawn, and the committees ranked."""
    empty, region_note = notes
    unit = specs.metric_unit(metric, lang())
    st.html(maps.legend_html(values, density, unit, lang()))
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
        static_table(maps.ranking(values, density, unit, lang()), hide_index=True)


def map_view(level: str, metric, period, *, density: bool, inferred: bool) -> dict:
    """The map of one level, metric, period and view (absolute or per township): the
    same for every visitor of it, so made once per process (#24)."""
    chosen = {
        "metric": metric.name,
        "period_start": period[0],
        "period_end": period[1],
        "adcodes": scope_adcodes(),
    }
    every = cache.query("map_values", **chosen)
    values = levels.members(every, committees, level)
    rows = cache.query("figures_for_period", **chosen)
    drawn, picture, region_note = specs.map_view(
        metric, period, values, rows, inferred=inferred, density=density, lang=lang(),
        level_name=level_title(level, committees),
    )  # fmt: skip
    return {
        "values": values,
        "rows": levels.members(rows, committees, level),
        "empty": levels.empty_note(every, committees, level, lang()),
        "drawn": drawn,
        "picture": picture,
        "region_note": region_note,
    }


@st.fragment
def shaded_map() -> None:
    """The pickers and the map they choose: a change reruns this section, not the
    sidebar and the page's heading (#24)."""
    first, second = st.columns(2)
    left, right = st.columns(2)
    level, metric, periods, period = comparison_pickers(
        committees,
        metrics,
        key="map",
        fallback="platform_reception_rooms",
        slots=(first, second, left),
    )
    density = density_switch(metric, right)
    level_name = level_title(level, committees)
    inferred = specs.inferred_periods(periods)[period]
    page_toolbar(view_line(level_name, metric, period, inferred))
    view_key = ("map", level, metric.name, period, density, tuple(scope_adcodes()), lang())
    view = cache.shared(
        view_key, partial(map_view, level, metric, period, density=density, inferred=inferred)
    )
    values, rows, empty = view["values"], view["rows"], view["empty"]
    drawn, picture, region_note = view["drawn"], view["picture"], view["region_note"]
    if empty:
        st.info(empty)
    on_map, beside = st.columns([3, 2], gap="medium")
    with on_map:
        show_map(drawn, key="map_deck", view=view_key)
    with beside:
        beside_map(metric, level, values, drawn, density, (empty, region_note))
    picture_export(picture, key="map_picture")
    committee_links(values["adcode"])
    show_sources(rows, key="map_sources", metric=metric.name)
    st.caption(t("map_origin"))
    deck_export([picture], key="map_deck", page=t("page_map"))
    if not empty:
        report_export(metric, period, list(values["adcode"]), level_name, key="map_report")


shaded_map()
