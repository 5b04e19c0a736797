"""年度对比: each committee's figures by year, the change since the last reported year."""

import streamlit as st

from cppcc import charts, tables
from cppcc.formatting import period_text
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    downloads,
    ensure_router,
    lang,
    metric_picker,
    scope_adcodes,
    show_chart,
    t,
)

ensure_router()
st.title(t("yoy_title"))
st.caption(t("yoy_intro"))

metric = metric_picker(
    cache.query("metrics_reported"), key="yoy_metric", default="proposals_received"
)
figures = cache.query("metric_figures", metric=metric.name, adcodes=scope_adcodes())
name = metric["name_en" if lang() == "en" else "name_zh"]
series = tables.annual_series(figures, lang())

if series.empty:
    st.info(t("yoy_no_annual"))
else:
    spec = charts.ChartSpec(
        kind="lines",
        title=t("yoy_chart_title", metric=name),
        subtitle=t(
            "export_subtitle",
            period=period_text(int(series["year"].min()), int(series["year"].max())),
            unit=metric["unit"],
        ),
        unit=metric["unit"],
        data=series,
        sources=tuple(tables.sources_of(series)),
        lang=lang(),
        file_stem=f"{name}_逐年",
    )
    show_chart(spec, key="yoy_chart", rows=figures, metric=metric.name)
    deck_export([spec], key="yoy_deck", page=t("page_yoy"))
    st.subheader(t("yoy_table"))
    table = tables.yoy_table(figures, metric["unit"], lang())
    st.dataframe(table, hide_index=True, width="stretch")
    if (series["qualifier"] == "at_least").any():
        st.caption(t("yoy_lower_bound_delta"))
    downloads(table, key="yoy_download", file_stem=f"{name}_逐年对比")

totals = tables.multi_year_totals(figures, metric["unit"], lang())
if not totals.empty:
    st.subheader(t("yoy_totals"))
    st.dataframe(totals, hide_index=True, width="stretch")
