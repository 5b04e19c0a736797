"""来源: every figure with its period, qualifier, quote and report; filter and search."""

import streamlit as st

from cppcc import tables
from cppcc.web import cache
from cppcc.web.ui import (
    committee_links,
    downloads,
    ensure_router,
    lang,
    linked_params,
    page_toolbar,
    scope_adcodes,
    scoped_committees,
    t,
)

SHOWN = tables.SOURCES_SHOWN

ensure_router()
st.title(t("sources_title"))
st.caption(t("sources_intro"))
page_toolbar()

committees = scoped_committees()
metrics = cache.query("metrics_reported")
committee_names = dict(
    zip(committees["adcode"], tables.committee_label(committees, lang()), strict=True)
)
metric_names = dict(
    zip(metrics["code"], metrics["name_en" if lang() == "en" else "name_zh"], strict=True)
)
# a chart's “在来源页查看” link arrives with ?metric=<code>
linked = linked_params().get("metric")
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

# no committee chosen: every committee in the sidebar's scope (all of them in Ningxia)
filters = {
    "adcodes": chosen_committees or scope_adcodes(),
    "metrics": chosen_metrics,
    "needle": needle.strip(),
}
n = int(cache.query("figures_detail_count", **filters)["n"].iloc[0])
st.subheader(t("figures_heading", n=n))
if n == 0:
    st.info(t("no_match"))
else:
    found = cache.query("figures_detail", **filters, limit=SHOWN)
    st.dataframe(tables.figures_table(found, lang()), hide_index=True, width="stretch")
    committee_links(found["adcode"])
    if n > len(found):
        st.caption(t("figures_truncated", shown=f"{len(found):,}", n=f"{n:,}"))
    downloads(
        lambda: tables.figures_table(
            cache.query_uncached("figures_detail", **filters, limit=n), lang()
        ),
        key="sources_download",
        file_stem="数据来源",
    )

st.subheader(t("reports_heading"))
st.dataframe(
    tables.sources_table(cache.query("sources_list", adcodes=scope_adcodes()), lang()),
    hide_index=True,
)
