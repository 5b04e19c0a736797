"""总览: headline figures, one metric compared across committees, and what is reported."""

from functools import partial

import streamlit as st

from cppcc import levels, specs, tables
from cppcc.web import cache, round_summary
from cppcc.web.ui import (
    committee_links,
    comparison_pickers,
    deck_export,
    ensure_router,
    lang,
    level_title,
    page_toolbar,
    report_export,
    scope_adcodes,
    scoped_committees,
    show_chart,
    show_headlines,
    show_matrix,
    sort_picker,
    t,
    view_line,
)

HEADLINES = tables.HEADLINES

ensure_router()
st.title(t("overview_title"))
st.caption(t("app_subtitle"))

st.subheader(t("kpi_heading"))
# the committees in the sidebar's scope: all of them for a regional store (cppcc.scope)
adcodes = scope_adcodes()
st.caption(t("kpi_not_total"))
metrics = cache.query("metrics_reported")
committees = scoped_committees()


def headline_tiles() -> list[dict]:
    rows = cache.query(
        "headline_tiles", metrics=HEADLINES, adcodes=adcodes, shown=tables.HEADLINES_SHOWN
    )
    return tables.headline_tiles(rows, HEADLINES, lang(), metrics=metrics)


# the same tiles for every visitor of the same scope and language: made once (#24)
show_headlines(cache.shared(("headline_tiles", tuple(adcodes), lang()), headline_tiles))


def compared_view(level: str, metric, period: tuple[int, int]) -> dict:
    """What the comparison shows of one level, metric and period: the same for every
    visitor of that view, so made once per process (#24)."""
    chosen = {
        "metric": metric.name,
        "period_start": period[0],
        "period_end": period[1],
        "adcodes": adcodes,
    }
    by_committee = cache.query("metric_by_committee", **chosen)
    rows = cache.query("figures_for_period", **chosen)
    compared = levels.members(by_committee, committees, level)
    return {
        "compared": compared,
        "rows": levels.members(rows, committees, level),
        "empty": levels.empty_note(by_committee, committees, level, lang()),
        "reported": int(compared["value"].notna().sum()),
        "region_note": tables.region_note(rows, period, lang(), key="region_alongside"),
    }


@st.fragment
def comparison() -> None:
    """The compared metric: its pickers rerun this section only, not the headlines,
    the matrix or the sidebar (#24)."""
    level, metric, periods, period = comparison_pickers(
        committees, metrics, key="overview", fallback="proposals_received", slots=st.columns(3)
    )
    level_name = level_title(level, committees)
    inferred = specs.inferred_periods(periods)[period]
    page_toolbar(view_line(level_name, metric, period, inferred))
    view_key = ("overview", level, metric.name, period, tuple(adcodes), lang())
    view = cache.shared(view_key, partial(compared_view, level, metric, period))
    compared = view["compared"]
    if view["empty"]:
        st.info(view["empty"])
    else:
        order = sort_picker("overview_sort")
        spec, unreported = cache.shared(
            (*view_key, order),
            partial(
                specs.comparison, metric, period, compared, inferred=inferred, lang=lang(),
                level_name=level_name, by_value=order == "value",
            ),
        )  # fmt: skip
        show_chart(spec, key="overview_chart", rows=view["rows"], metric=metric.name)
        st.caption(t("reported_count", level=level_name, total=len(compared), n=view["reported"]))
        if unreported:
            st.caption(t("level_unreported", names=levels.name_list(unreported, lang())))
        committee_links(compared["adcode"])
        deck_export([spec], key="overview_deck", page=t("page_overview"))
        report_export(metric, period, list(compared["adcode"]), level_name, key="overview_report")
    if view["region_note"]:
        st.caption(view["region_note"])


@st.fragment
def completeness() -> None:
    """What is reported: its two toggles rerun this table only."""
    round_note = round_summary.overview_note()
    if round_note:
        st.caption(round_note)
    reported = cache.query("reported_periods", adcodes=adcodes)
    empty_count = cache.shared(
        ("empty_committees", tuple(adcodes)),
        partial(tables.empty_committees, reported, committees),
    )
    left, right = st.columns(2)
    only_reported = left.toggle(
        t("only_reported_metrics"), value=True, key="overview_only_reported"
    )
    all_committees = right.toggle(
        t("show_empty_committees", n=empty_count), value=False, key="overview_all_committees"
    )
    show_matrix(
        ("overview", tuple(adcodes), lang(), only_reported, all_committees),
        partial(
            tables.completeness,
            reported,
            committees,
            metrics,
            lang(),
            only_reported,
            all_committees,
        ),
    )


st.subheader(t("compare_heading"))
st.caption(t("overview_intro"))
comparison()

st.subheader(t("matrix_heading"))
st.caption(t("matrix_help"))
completeness()
