"""来源: every figure with its period, qualifier, quote and report; filter and search."""

import streamlit as st

from cppcc import tables
from cppcc.web import cache
from cppcc.web.ui import downloads, ensure_router, lang, t

ensure_router()
st.title(t("sources_title"))
st.caption(t("sources_intro"))

committees = cache.query("committees")
metrics = cache.query("metrics_reported")
committee_names = dict(
    zip(committees["adcode"], tables.committee_label(committees, lang()), strict=True)
)
metric_names = dict(
    zip(metrics["code"], metrics["name_en" if lang() == "en" else "name_zh"], strict=True)
)
# a chart's “在来源页查看” link arrives with ?metric=<code>
linked = st.query_params.get("metric")
if linked in metric_names and "sources_metrics" not in st.session_state:
    st.session_state["sources_metrics"] = [linked]

left, middle, right = st.columns([2, 2, 3])
chosen_committees = left.multiselect(
    t("committees"),
    list(committee_names),
    format_func=committee_names.get,
    key="sources_committees",
    placeholder=t("all"),
)
chosen_metrics = middle.multiselect(
    t("metric"),
    list(metric_names),
    format_func=metric_names.get,
    key="sources_metrics",
    placeholder=t("all"),
)
needle = right.text_input(t("search"), key="sources_search")

found = cache.query(
    "figures_detail", adcodes=chosen_committees, metrics=chosen_metrics, needle=needle.strip()
)
st.subheader(t("figures_heading", n=len(found)))
if found.empty:
    st.info(t("no_match"))
else:
    table = tables.figures_table(found, lang())
    st.dataframe(table, hide_index=True, width="stretch")
    downloads(table, key="sources_download", file_stem="数据来源")

st.subheader(t("reports_heading"))
st.dataframe(tables.sources_table(cache.query("sources_list"), lang()), hide_index=True)
