"""年度对比: each committee's figures by year, the change since the last reported year.

The regional committee has its own series; the cities, or the counties, are compared
with each other at the level chosen in 比较层级."""

import streamlit as st

from cppcc import charts, levels, tables
from cppcc.formatting import period_text
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    downloads,
    ensure_router,
    lang,
    level_picker,
    metric_picker,
    show_chart,
    t,
)

ensure_router()
st.title(t("yoy_title"))
st.caption(t("yoy_intro"))

committees = cache.query("committees")
left, right = st.columns(2)
with left:
    metric = metric_picker(
        cache.query("metrics_reported"), key="yoy_metric", default="proposals_received"
    )
with right:
    level = level_picker(committees, key="yoy_level")
figures = cache.query("metric_figures", metric=metric.name)
name = metric["name_en" if lang() == "en" else "name_zh"]
level_name = levels.label(level, committees, lang())
region = levels.region(figures)
compared = levels.members(figures, committees, level)
specs = []


def series_chart(frame, *, key: str, title: str, stem: str, who: str = ""):
    series = tables.annual_series(frame, lang())
    spec = charts.ChartSpec(
        kind="lines",
        title=title,
        subtitle=levels.who(series, who)
        + t(
            "export_subtitle",
            period=period_text(int(series["year"].min()), int(series["year"].max())),
            unit=metric["unit"],
        ),
        unit=metric["unit"],
        data=series,
        sources=tuple(tables.sources_of(series)),
        lang=lang(),
        file_stem=stem,
    )
    show_chart(spec, key=key, rows=frame, metric=metric.name)
    specs.append(spec)


st.subheader(t("yoy_region_heading"))
if tables.annual_series(region, lang()).empty:
    st.caption(t("yoy_region_none"))
else:
    series_chart(
        region,
        key="yoy_region_chart",
        title=t("yoy_region_title", metric=name),
        stem=f"{name}_自治区政协_逐年",
    )

st.subheader(level_name)
if tables.annual_series(compared, lang()).empty:
    st.info(t("yoy_level_none", level=level_name))
else:
    series_chart(
        compared,
        key="yoy_chart",
        title=t("yoy_chart_title", metric=name),
        stem=f"{name}_{level_name}_逐年",
        who=level_name,
    )
if specs:
    deck_export(specs, key="yoy_deck", page=t("page_yoy"))

shown = levels.with_region(figures, committees, level)
if tables.annual_series(shown, lang()).empty:
    st.info(t("yoy_no_annual"))
else:
    st.subheader(t("yoy_table"))
    table = tables.yoy_table(shown, metric["unit"], lang())
    st.dataframe(table, hide_index=True, width="stretch")
    if (shown["qualifier"] == "at_least").any():
        st.caption(t("yoy_lower_bound_delta"))
    downloads(table, key="yoy_download", file_stem=f"{name}_{level_name}_逐年对比")

totals = tables.multi_year_totals(shown, metric["unit"], lang())
if not totals.empty:
    st.subheader(t("yoy_totals"))
    st.dataframe(totals, hide_index=True, width="stretch")
