"""年度对比: each committee's figures by year, the change since the last reported year.

The regional committee has its own series; the cities, or the counties, are compared
with each other at the level chosen in 比较层级."""

import pandas as pd
import streamlit as st

from cppcc import levels, specs, tables, terms
from cppcc.web import cache
from cppcc.web.ui import (
    committee_links,
    deck_export,
    downloads,
    ensure_router,
    lang,
    level_picker,
    level_title,
    metric_picker,
    page_choices,
    page_state,
    page_toolbar,
    scope_adcodes,
    scoped_committees,
    show_chart,
    static_table,
    t,
)

ensure_router()
st.title(t("yoy_title"))
st.caption(t("yoy_intro"))

committees = scoped_committees()
metrics = cache.query("metrics_reported")


def yoy_view(metric: pd.Series, level: str) -> dict:
    """The region's series, the level's, and the rows the table shows: the same for
    every visitor of this metric, level, scope and language, so made once (#24)."""
    figures = cache.query("metric_figures", metric=metric.name, adcodes=scope_adcodes())
    name = specs.metric_name(metric, lang())
    level_name = level_title(level, committees)
    known_terms = cache.query("terms")
    region = levels.region(figures)
    compared = levels.members(figures, committees, level)
    shown = levels.with_region(figures, committees, level)
    return {
        "region": region,
        "region_spec": specs.yearly(
            metric, region, lang=lang(), title=t("yoy_region_title", metric=name),
            stem=f"{name}_自治区政协_逐年", terms=known_terms,
        ),
        "compared": compared,
        "spec": specs.yearly(
            metric, compared, lang=lang(), who=level_name,
            stem=f"{name}_{level_name}_逐年", terms=known_terms,
        ),
        "shown": shown,
        "totals": tables.multi_year_totals(shown, specs.metric_unit(metric, lang()), lang()),
    }  # fmt: skip


def yearly_charts(metric: pd.Series, level_name: str, view: dict) -> None:
    """The regional committee's series, then the chosen level's, and their deck."""
    charts = []
    st.subheader(t("yoy_region_heading"))
    if view["region_spec"] is None:
        st.caption(t("yoy_region_none"))
    else:
        show_chart(
            view["region_spec"], key="yoy_region_chart", rows=view["region"], metric=metric.name
        )
        charts.append(view["region_spec"])

    st.subheader(level_name)
    if view["spec"] is None:
        st.info(t("yoy_level_none", level=level_name))
    else:
        show_chart(view["spec"], key="yoy_chart", rows=view["compared"], metric=metric.name)
        charts.append(view["spec"])
    if charts:
        deck_export(charts, key="yoy_deck", page=t("page_yoy"))


def year_rows(metric: pd.Series, shown: pd.DataFrame, view: str) -> dict:
    """The by-year or by-term table of ``shown`` and what is said beside it."""
    unit = specs.metric_unit(metric, lang())
    if view == "term":
        return {"table": terms.by_term(shown, cache.query("terms"), unit, lang())}
    if tables.annual_series(shown, lang()).empty:
        return {"table": None}
    return {
        "table": tables.yoy_table(shown, unit, lang()),
        "lower_bounds": bool((shown["qualifier"] == "at_least").any()),
    }


@st.fragment
def year_table(metric: pd.Series, shown: pd.DataFrame, file_stem: str, key: tuple) -> None:
    """By year or by term: its switch reruns this table only. ``key``: the view
    ``shown`` belongs to, under which its tables are kept for every visitor."""
    view = st.segmented_control(
        t("yoy_view"),
        ["year", "term"],
        format_func=lambda v: t("yoy_by_year") if v == "year" else t("yoy_by_term"),
        key="yoy_view",
        default="year",
        required=True,
    )
    made = cache.shared((*key, view), lambda: year_rows(metric, shown, view))
    table = made["table"]
    if view == "term":
        st.subheader(t("yoy_terms_heading"))
        if table.empty:
            st.info(t("yoy_terms_none"))
        else:
            static_table(table, hide_index=True, names=True)
            st.caption(t("yoy_terms_rules"))
    elif table is None:
        st.info(t("yoy_no_annual"))
    else:
        st.subheader(t("yoy_table"))
        # a static table: long report titles wrap instead of being cut off
        static_table(table, hide_index=True, names=True)
        if made["lower_bounds"]:
            st.caption(t("yoy_lower_bound_delta"))
        downloads(table, key="yoy_download", file_stem=file_stem)


@st.fragment
def by_year() -> None:
    """The metric and level pickers and all they show: a change reruns this section,
    not the sidebar and the page's heading (#24)."""
    # the address (?level=&metric=) or the pickers: one state (cppcc.state); the page
    # opens on proposals received, the figure most reports give year after year
    st.session_state.setdefault("yoy_metric", "proposals_received")
    resolved = page_state(
        "yoy", page_choices(committees, metrics, fallback="proposals_received"), with_period=False
    )
    left, right = st.columns(2)
    with left:
        metric = metric_picker(metrics, key="yoy_metric", default=resolved.state.metric)
    with right:
        level = level_picker(committees, key="yoy_level")
    for note in resolved.notes:
        st.caption(note)
    name = specs.metric_name(metric, lang())
    level_name = level_title(level, committees)
    page_toolbar(f"{level_name} · {name}")
    key = ("yoy", metric.name, level, tuple(scope_adcodes()), lang())
    view = cache.shared(key, lambda: yoy_view(metric, level))
    yearly_charts(metric, level_name, view)
    committee_links(view["shown"]["adcode"])
    year_table(metric, view["shown"], f"{name}_{level_name}_逐年对比", key)
    if not view["totals"].empty:
        st.subheader(t("yoy_totals"))
        static_table(view["totals"], hide_index=True, names=True)


by_year()
