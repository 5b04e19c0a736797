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


def proposal_tables() -> dict:
    """The chart and the three tables: the same for every visitor of the same scope and
    language, so made once per process (#24)."""
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
    acceptance = cache.query("acceptance", adcodes=adcodes)
    return {
        "spec": spec,
        "acceptance": tables.acceptance_table(acceptance, lang()),
        "rates": tables.rates_table(proposals, lang()),
        "totals": tables.multi_year_totals(proposals, "件", lang()),
    }


shown = cache.shared(("proposals", tuple(adcodes), lang()), proposal_tables)
show_chart(shown["spec"], key="proposals_chart", rows=proposals)
deck_export([shown["spec"]], key="proposals_deck", page=t("page_proposals"))

st.subheader(t("ratio_heading"))
st.caption(t("ratio_help"))
st.dataframe(shown["acceptance"], hide_index=True)

st.subheader(t("rates_heading"))
st.dataframe(shown["rates"], hide_index=True)

if not shown["totals"].empty:
    st.subheader(t("proposals_totals"))
    st.dataframe(shown["totals"], hide_index=True, width="stretch")
