"""年度对比: each committee's figures by year, the change since the last reported year."""

import streamlit as st

from cppcc import specs, tables
from cppcc.web import cache
from cppcc.web.ui import deck_export, downloads, ensure_router, lang, metric_picker, show_chart, t

ensure_router()
st.title(t("yoy_title"))
st.caption(t("yoy_intro"))

metric = metric_picker(
    cache.query("metrics_reported"), key="yoy_metric", default="proposals_received"
)
figures = cache.query("metric_figures", metric=metric.name)
name = specs.metric_name(metric, lang())
spec = specs.yearly(metric, figures, lang=lang())

if spec is None:
    st.info(t("yoy_no_annual"))
else:
    show_chart(spec, key="yoy_chart", rows=figures, metric=metric.name)
    deck_export([spec], key="yoy_deck", page=t("page_yoy"))
    st.subheader(t("yoy_table"))
    table = tables.yoy_table(figures, metric["unit"], lang())
    # a static table: long report titles wrap instead of being cut off
    st.table(table, hide_index=True)
    if (spec.data["qualifier"] == "at_least").any():
        st.caption(t("yoy_lower_bound_delta"))
    downloads(table, key="yoy_download", file_stem=f"{name}_逐年对比")

totals = tables.multi_year_totals(figures, metric["unit"], lang())
if not totals.empty:
    st.subheader(t("yoy_totals"))
    st.table(totals, hide_index=True)
