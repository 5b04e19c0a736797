"""提案: proposals received and accepted, the acceptance ratio, reply and satisfaction rates."""

import streamlit as st

from cppcc import charts, tables
from cppcc.web import cache
from cppcc.web.ui import (
    deck_export,
    ensure_router,
    lang,
    page_toolbar,
    scope_adcodes,
    show_chart,
    t,
)

ensure_router()
st.title(t("proposals_title"))
st.caption(t("proposals_intro"))
page_toolbar()

adcodes = scope_adcodes()
proposals = cache.query("proposal_figures", adcodes=adcodes)
spec = charts.ChartSpec(
    kind="bars",
    title=t("proposals_chart_title"),
    subtitle=t("export_unit", unit="件"),
    unit="件",
    data=tables.proposal_bars(proposals, lang()),
    sources=tuple(tables.sources_of(proposals)),
    series="series",
    lang=lang(),
    file_stem="提案数量",
)
show_chart(spec, key="proposals_chart", rows=proposals)
deck_export([spec], key="proposals_deck", page=t("page_proposals"))

st.subheader(t("ratio_heading"))
st.caption(t("ratio_help"))
st.dataframe(
    tables.acceptance_table(cache.query("acceptance", adcodes=adcodes), lang()), hide_index=True
)

st.subheader(t("rates_heading"))
st.dataframe(tables.rates_table(proposals, lang()), hide_index=True)

totals = tables.multi_year_totals(proposals, "件", lang())
if not totals.empty:
    st.subheader(t("proposals_totals"))
    st.dataframe(totals, hide_index=True, width="stretch")
