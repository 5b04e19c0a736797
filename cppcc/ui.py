"""Streamlit helpers shared by the pages: language, charts with their sources, downloads."""

import io
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cppcc import i18n

SOURCES_PAGE = "pages/sources.py"


def ensure_router() -> None:
    """Send a page that runs without ``app.py`` back through it.

    Streamlit treats an app with a ``pages/`` folder as an old-style multipage app
    until ``app.py`` has called ``st.navigation`` once in the server process. So the
    first visit after a restart, straight to a bookmarked page such as ``/map``,
    would run that page alone: no router, no language, no page config. Flag the app
    as a navigation app and rerun; the URL, and so the page, stay the same.
    """
    if "lang" in st.session_state:
        return
    try:
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
    except ImportError:  # a later Streamlit without the flag has no such problem
        return
    st.rerun()


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **values) -> str:
    return i18n.text(key, lang(), **values)


def plotly_config(file_stem: str) -> dict:
    return {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {
            "format": "png",
            "filename": f"宁夏政协_{file_stem}_{date.today().isoformat()}",
            "width": 1920,
            "height": 1080,
            "scale": 2,
        },
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    }


def show_chart(
    fig: go.Figure, *, key: str, file_stem: str, rows: pd.DataFrame, metric: str | None = None
) -> None:
    """Draw a chart, then the figures behind it in a “查看来源” expander."""
    # theme=None: the page shows the same figure the export draws, not Streamlit's restyling
    st.plotly_chart(fig, key=key, config=plotly_config(file_stem), width="stretch", theme=None)
    show_sources(rows, key=key, metric=metric)


def show_sources(rows: pd.DataFrame, *, key: str, metric: str | None = None) -> None:
    from cppcc.tables import figures_table

    with st.expander(t("view_sources")):
        if rows.empty:
            st.caption(t("no_match"))
        else:
            st.dataframe(figures_table(rows, lang()), hide_index=True, width="stretch")
        if metric:
            st.page_link(
                SOURCES_PAGE, label=t("open_sources_page"), query_params={"metric": metric}
            )


def downloads(table: pd.DataFrame, *, key: str, file_stem: str) -> None:
    """CSV (UTF-8 with BOM, so Excel on Windows reads the Chinese) and Excel buttons."""
    stem = f"宁夏政协_{file_stem}_{date.today().isoformat()}"
    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        table.to_csv(index=False).encode("utf-8-sig"),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        width="stretch",
    )
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, engine="openpyxl")
    right.download_button(
        t("download_xlsx"),
        buffer.getvalue(),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        width="stretch",
    )


def metric_picker(metrics: pd.DataFrame, *, key: str, default: str, codes=None) -> pd.Series:
    """A metric selector listing metrics with figures; returns the chosen catalogue row."""
    choices = metrics[metrics["n_figures"] > 0]
    if codes is not None:
        choices = choices[choices["code"].isin(codes)]
    names = dict(
        zip(choices["code"], choices["name_en" if lang() == "en" else "name_zh"], strict=True)
    )
    options = list(names)
    st.session_state.setdefault(key, default if default in options else options[0])
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    code = st.selectbox(t("metric"), options, format_func=names.get, key=key)
    return choices.set_index("code").loc[code]


def show_matrix(matrix: pd.DataFrame) -> None:
    """The completeness matrix: reported cells tinted, blanks left pale, every row visible."""
    styled = matrix.style.map(lambda cell: "background-color: #FBE3DF" if cell else "")
    st.dataframe(styled, width="stretch", height=35 * (len(matrix) + 1) + 3)
