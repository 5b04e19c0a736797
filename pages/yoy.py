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


def yearly_charts(metric: pd.Series, level: str, figures: pd.DataFrame) -> None:
    """The regional committee's series, then the chosen level's, and their deck."""
    name = specs.metric_name(metric, lang())
    level_name = level_title(level, committees)
    known_terms = cache.query("terms")
    charts = []
    st.subheader(t("yoy_region_heading"))
    region = levels.region(figures)
    region_spec = specs.yearly(
        metric,
        region,
        lang=lang(),
        title=t("yoy_region_title", metric=name),
        stem=f"{name}_自治区政协_逐年",
        terms=known_terms,
    )
    if region_spec is None:
        st.caption(t("yoy_region_none"))
    else:
        show_chart(region_spec, key="yoy_region_chart", rows=region, metric=metric.name)
        charts.append(region_spec)

    st.subheader(level_name)
    compared = levels.members(figures, committees, level)
    spec = specs.yearly(
        metric,
        compared,
        lang=lang(),
        who=level_name,
        stem=f"{name}_{level_name}_逐年",
        terms=known_terms,
    )
    if spec is None:
        st.info(t("yoy_level_none", level=level_name))
    else:
        show_chart(spec, key="yoy_chart", rows=compared, metric=metric.name)
        charts.append(spec)
    if charts:
        deck_export(charts, key="yoy_deck", page=t("page_yoy"))


@st.fragment
def year_table(metric: pd.Series, shown: pd.DataFrame, file_stem: str) -> None:
    """By year or by term: its switch reruns this table only."""
    unit = specs.metric_unit(metric, lang())
    view = st.segmented_control(
        t("yoy_view"),
        ["year", "term"],
        format_func=lambda v: t("yoy_by_year") if v == "year" else t("yoy_by_term"),
        key="yoy_view",
        default="year",
        required=True,
    )
    if view == "term":
        st.subheader(t("yoy_terms_heading"))
        by_term = terms.by_term(shown, cache.query("terms"), unit, lang())
        if by_term.empty:
            st.info(t("yoy_terms_none"))
        else:
            static_table(by_term, hide_index=True, names=True)
            st.caption(t("yoy_terms_rules"))
    elif tables.annual_series(shown, lang()).empty:
        st.info(t("yoy_no_annual"))
    else:
        st.subheader(t("yoy_table"))
        table = tables.yoy_table(shown, unit, lang())
        # a static table: long report titles wrap instead of being cut off
        static_table(table, hide_index=True, names=True)
        if (shown["qualifier"] == "at_least").any():
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
    figures = cache.query("metric_figures", metric=metric.name, adcodes=scope_adcodes())
    name = specs.metric_name(metric, lang())
    level_name = level_title(level, committees)
    page_toolbar(f"{level_name} · {name}")
    yearly_charts(metric, level, figures)
    shown = levels.with_region(figures, committees, level)
    committee_links(shown["adcode"])
    year_table(metric, shown, f"{name}_{level_name}_逐年对比")
    totals = tables.multi_year_totals(shown, specs.metric_unit(metric, lang()), lang())
    if not totals.empty:
        st.subheader(t("yoy_totals"))
        static_table(totals, hide_index=True, names=True)


by_year()
