"""委员会: one committee's figures over the years, its rank among its peers, its sources.

Opened as ``/committee?code=640200``; the charts, the map, the tables and the sources
page link here."""

import streamlit as st

from cppcc import committee, levels, specs, tables
from cppcc.web import cache
from cppcc.web.ui import (
    committee_choice,
    committee_links,
    ensure_router,
    lang,
    metric_picker,
    page_toolbar,
    show_chart,
    static_table,
    t,
)

ensure_router()
committees = cache.query("committees")
head = st.container()  # the heading above the picker, though it names the picked one
chosen = committee_choice(committees, key="committee_code")
head.title(committee.heading(chosen, lang()))
page_toolbar()
st.caption(t(f"committee_level_{chosen['level']}") + " · " + t("committee_intro"))
committee_links(
    committee.relatives(committees, chosen)["adcode"], lead=committee.relatives_lead(chosen)
)

own = committee.ranked(cache.query("committee_figures", code=chosen["adcode"]))
metrics = cache.query("metrics_reported")
if own.empty:
    st.info(t("committee_none"))
    st.stop()

st.subheader(t("committee_by_year"))
st.caption(t("committee_by_year_help"))
by_year = committee.by_year(own, lang())
if not by_year.empty:
    # static tables: every cell is text on the page (escaped, never markdown), readable,
    # printable, wrapping on a phone
    static_table(by_year)
missing = committee.unreported(own, metrics[metrics["n_figures"] > 0], lang())
if missing:
    st.caption(t("committee_unreported", names=levels.name_list(missing, lang())))

st.subheader(t("committee_chart"))
annual = own[own["is_annual"]]
if annual.empty:
    st.caption(t("committee_chart_none"))
else:
    metric = metric_picker(
        metrics,
        key="committee_metric",
        default=annual["metric"].iloc[0],
        codes=set(annual["metric"]),
    )
    rows = own[own["metric"] == metric.name]
    spec = specs.yearly(metric, rows, lang=lang(), who=committee.heading(chosen, lang()))
    show_chart(spec, key="committee_chart", rows=rows, metric=metric.name)

st.subheader(t("committee_figures"))
st.caption(t("committee_region_rank" if chosen["level"] == "region" else "committee_rank_help"))
static_table(committee.figures_table(own, lang()), hide_index=True)

st.subheader(t("committee_sources"))
static_table(
    tables.sources_table(cache.query("sources_list", adcodes=[chosen["adcode"]]), lang()),
    hide_index=True,
)
