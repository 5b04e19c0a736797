"""提案: proposals received and accepted, the acceptance ratio, reply and satisfaction rates."""

import streamlit as st

from cppcc import charts, store, tables
from cppcc.ui import ensure_router, lang, show_chart, t

ensure_router()
st.title(t("proposals_title"))
st.caption(t("proposals_intro"))

proposals = store.query("proposal_figures")
bars = tables.proposal_bars(proposals, lang())
figure = charts.bars(
    bars,
    title=t("proposals_chart"),
    unit="件",
    sources=tables.sources_of(proposals),
    lang=lang(),
    series="series",
)
show_chart(figure, key="proposals_chart", file_stem="提案数量", rows=proposals)

st.subheader(t("ratio_heading"))
st.caption(t("ratio_help"))
st.dataframe(tables.acceptance_table(store.query("acceptance"), lang()), hide_index=True)

st.subheader(t("rates_heading"))
st.dataframe(tables.rates_table(proposals, lang()), hide_index=True)

totals = tables.multi_year_totals(proposals, "件", lang())
if not totals.empty:
    st.subheader(t("proposals_totals"))
    st.dataframe(totals, hide_index=True, width="stretch")
