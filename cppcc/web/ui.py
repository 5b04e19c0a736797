"""Streamlit helpers shared by the pages: language, charts with their export control and
sources, downloads."""

import gc
import html
import math
import threading
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from cppcc import charts, i18n, levels, maps, markup, scope, settings, specs, state, tables
from cppcc.charts import ChartSpec
from cppcc.export import cells, image, report, sheets
from cppcc.store.config import ROOT
from cppcc.web import cache

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


def warm_exports() -> None:
    """In a running server (not AppTest or a script), start the chart renderer in the
    background after the first page, so a session's first PNG does not wait for it."""
    from streamlit import runtime

    # AppTest stands a mock (specced as a Runtime) in for the runtime: only a server's
    # own Runtime starts Chromium
    if runtime.exists() and type(runtime.get_instance()) is runtime.Runtime:
        image.warm_in_background()
        _freeze_heap_once()


_frozen = threading.Lock()


def _freeze_heap_once() -> None:
    """After the server's first page, once: what the imports and that page made lives
    as long as the process, so the collector stops walking it (``gc.freeze``). Each
    automatic full collection walked ~150,000 objects, 150 ms of a new session's run
    now and then (#24; the collection Streamlit ran after every run is off in
    .streamlit/config.toml)."""
    if _frozen.acquire(blocking=False):
        gc.freeze()


def lang() -> str:
    return st.session_state.get("lang", "zh")


def relabel_choices_after_switch() -> None:
    """After the language switch, have the browser redraw every chosen option in the
    new language. A selectbox in the browser keeps showing the label it was drawn with
    (“五个地级市” on the English page) until its value is set from the server, so each
    chosen value is set again, unchanged. Buttons and uploads (whose state cannot be
    set) hold booleans or objects and are left alone."""
    shown = st.session_state.get("lang_shown")
    st.session_state["lang_shown"] = lang()
    if shown is None or shown == lang():
        return
    settable = (str, int, float, tuple, list)
    for key, value in list(st.session_state.items()):
        chosen = isinstance(value, settable) and not isinstance(value, bool)
        if chosen and key not in ("lang", "lang_shown"):
            st.session_state[key] = value


def t(key: str, **values) -> str:
    return i18n.text(key, lang(), **values)


def _scopes() -> dict:
    """The store's scopes (``cppcc.scope``), worked out once per process: over the
    national store's 3,300 committees this walk was ~25 ms of every page's run (#24).
    ``needed`` False: a regional store, shown whole."""
    committees = cache.query("committees")
    if not scope.needed(committees):
        return {"needed": False}
    options = scope.parents(committees)
    return {"needed": True, "options": options, "default": scope.default(committees)}


def _scope() -> str | None:
    """The sidebar's chosen scope, or the default one."""
    return st.session_state.get("scope") or cache.shared("scopes", _scopes)["default"]


def scope_adcodes() -> list[str]:
    """The committees the pages compare: [] (every one) unless the store is national-sized,
    then the sidebar's 范围 and the committees directly under it (``cppcc.scope``)."""
    if not cache.shared("scopes", _scopes)["needed"]:
        return []
    chosen = _scope()
    members = cache.shared(
        ("scope_members", chosen),
        lambda: scope.members(cache.query("committees"), chosen),
    )
    return list(members)


def scoped_committees() -> pd.DataFrame:
    adcodes = scope_adcodes()
    if not adcodes:
        return cache.query("committees")
    scoped = cache.shared(
        ("scoped_committees", tuple(adcodes)),
        lambda: cache.query("committees").pipe(lambda c: c[c["adcode"].isin(adcodes)]),
    )
    return scoped.copy(deep=False)


def scope_picker() -> None:
    """The sidebar's 范围 selector, drawn only for a store too large to show whole."""
    scopes = cache.shared("scopes", _scopes)
    if not scopes["needed"]:
        return
    shown = lang()
    names = cache.shared(("scope_names", shown), partial(_committee_names, shown))
    options = scopes["options"]
    st.session_state.setdefault("scope", scopes["default"])
    if st.session_state["scope"] not in options:
        st.session_state["scope"] = scopes["default"]
    # the choice lives in "scope", not in the widget's own state, so it holds when the
    # page changes (Streamlit's pattern for a widget shared by pages)
    st.session_state["scope_picker"] = st.session_state["scope"]
    st.selectbox(
        t("scope"),
        options,
        format_func=names.get,
        key="scope_picker",
        on_change=_keep_scope,
        help=t("scope_help"),
    )


def _committee_names(lang: str) -> dict[str, str]:
    committees = cache.query("committees")
    column = committees["committee_en" if lang == "en" else "name_zh"]
    return dict(zip(committees["adcode"], column, strict=True))


def _keep_scope() -> None:
    st.session_state["scope"] = st.session_state["scope_picker"]


def plotly_config() -> dict:
    """Hover, but no plotly toolbar: on a phone it sits over the chart's title, its
    zooming does little for a bar chart, and its camera's picture would have no source
    footnote; the “导出” control beside every chart makes PNG, SVG and slides that do."""
    return {
        "displayModeBar": False,
        "displaylogo": False,
        "responsive": True,
        "scrollZoom": False,
        "doubleClick": False,
    }


def for_touch(fig):
    """A chart on the page scrolls with it: no dragging, zooming or panning, so a
    finger on a phone moves the page (assets/page.css lets vertical pans through);
    a bar label that would shrink below 10 px is left out (its value is in the
    table and the hover) instead of becoming unreadable."""
    fig.update_layout(dragmode=False, uniformtext={"minsize": 10, "mode": "hide"})
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    return fig


def office() -> str:
    """The office named on exported images and slides: ``[export] office`` in secrets."""
    section = settings.secret(st.secrets, "export") or {}
    return str(section.get("office", "")).strip()


def show_chart(spec: ChartSpec, *, key: str, rows: pd.DataFrame, metric: str | None = None):
    """Draw a chart, its “导出” control, then the figures behind it in “查看来源”."""
    # drawn once per process for every visitor of the same chart: building and validating
    # the plotly figure was a fifth of a new session's first page (#24); plotly_chart
    # only reads it (to_dict copies it)
    figure = cache.shared(
        ("page_figure", spec.fingerprint()),
        lambda: for_touch(charts.figure(spec, with_footnote=False)),
    )
    # theme=None: the page shows the same figure the export draws, not Streamlit's restyling
    st.plotly_chart(
        figure,
        key=key,
        config=plotly_config(),
        width="stretch",
        theme=None,
    )
    # beneath the chart as text, so that it wraps on a phone; the exports draw it inside
    lines = charts.footnote_lines(list(spec.sources), spec.lang, spec.inferred, math.inf)
    plain_caption(lines)
    export_controls(spec, key=key)
    show_sources(rows, key=key, metric=metric)


def _download(label: str, make, *, name: str, mime: str, key: str) -> None:
    # the callable runs only when the button is clicked, on a thread of its own;
    # "ignore" keeps the page (and the open popover) as it is
    st.download_button(
        label, make, file_name=name, mime=mime, key=key, on_click="ignore", width="stretch"
    )


def export_controls(spec: ChartSpec, *, key: str) -> None:
    """One “导出” popover: slide-ready PNGs and SVG, and the chart's data.

    Nothing is rendered here: each button holds a callable that makes its file when
    clicked, so a rerun costs only the buttons.
    """
    today, name = date.today(), office()
    with st.popover(t("export"), width="content"):
        st.caption(t("export_images"))
        problem = image.chromium_missing(lang())
        if problem:
            st.warning(problem)
        else:
            _image_buttons(spec, image.png, image.svg, key=key, office=name, day=today)
        st.caption(t("export_data"))
        _download(
            t("download_xlsx"),
            partial(sheets.xlsx_bytes, spec),
            name=sheets.file_name(spec.file_stem, "xlsx", today),
            mime=sheets.XLSX_MIME,
            key=f"{key}_xlsx",
        )
        _download(
            t("download_csv"),
            partial(sheets.csv_bytes, spec),
            name=sheets.file_name(spec.file_stem, "csv", today),
            mime="text/csv",
            key=f"{key}_csv",
        )


def _image_buttons(item, png, svg, *, key: str, office: str, day: date) -> None:
    """One PNG button per size, named for the pixels it delivers and saved under a file
    name that carries them, then the SVG."""
    for size_key, size in image.SIZES.items():
        _download(
            t("export_png", size=size_key.replace("x", "×"), ratio=image.RATIOS[size_key]),
            partial(png, item, size, office=office, day=day),
            name=sheets.file_name(f"{item.file_stem}_{size_key}", "png", day),
            mime="image/png",
            key=f"{key}_png_{size_key}",
        )
    _download(
        t("export_svg"),
        partial(svg, item, office=office, day=day),
        name=sheets.file_name(item.file_stem, "svg", day),
        mime="image/svg+xml",
        key=f"{key}_svg",
    )


def show_map(drawn, *, key: str, view: Hashable) -> None:
    """The map model as one Deck per screen size (``maps.SCREENS``); the page's
    stylesheet shows the one that fills the map's column on this screen. ``view``
    names the map shown: its Decks are made once per process for every visitor (#24;
    their layers hold plain lists, which ``st.pydeck_chart`` only reads)."""
    decks = cache.shared(
        ("map_decks", view),
        lambda: [maps.deck(drawn, height=s.height, scale=s.scale) for s in maps.SCREENS],
    )
    for screen, deck in zip(maps.SCREENS, decks, strict=True):
        with st.container(key=f"mapfit_{screen.name}"):
            st.pydeck_chart(deck, key=f"{key}_{screen.name}", height=screen.height)


def picture_export(picture: charts.PictureSpec, *, key: str) -> None:
    """“导出地图图片”: the map as a PNG (or SVG) with its title, notes and sources."""
    today, name = date.today(), office()
    with st.popover(t("export_picture"), width="content"):
        st.caption(t("export_images"))
        problem = image.chromium_missing(lang())
        if problem:
            st.warning(problem)
            return
        _image_buttons(
            picture, image.picture_png, image.picture_svg, key=key, office=name, day=today
        )


def _deck(items: list, **options) -> bytes:
    """The deck's bytes; a picture chart (the map) is rendered only now, on the click."""
    slides = [
        image.slide_image(item) if isinstance(item, charts.PictureSpec) else item for item in items
    ]
    from cppcc.export import deck  # python-pptx only when a deck is asked for (#24)

    return deck.deck(slides, **options)


def deck_export(items: list, *, key: str, page: str) -> None:
    """“导出演示文稿”: tick charts of this page, or all of them, for a 16:9 deck."""
    today, name = date.today(), office()
    with st.popover(t("export_deck"), width="content"):
        st.caption(t("export_deck_help"))
        if image.chromium_missing(lang()) and any(
            isinstance(item, charts.PictureSpec) for item in items
        ):
            # the map can only go in as a picture, and pictures need the browser
            st.warning(t("export_deck_no_map"))
            items = [item for item in items if not isinstance(item, charts.PictureSpec)]
        everything = st.checkbox(t("export_deck_all"), value=True, key=f"{key}_all")
        chosen = [
            item
            for index, item in enumerate(items)
            if st.checkbox(
                markup.md(item.title), value=True, key=f"{key}_{index}", disabled=everything
            )
            or everything
        ]
        tables = st.checkbox(t("export_deck_tables"), value=True, key=f"{key}_tables")
        if not chosen:
            st.caption(t("export_deck_none"))
        stem = chosen[0].file_stem if len(chosen) == 1 else page
        st.download_button(
            t("export_deck_button"),
            partial(
                _deck,
                chosen,
                title=t("export_deck_title", page=page),
                day=today,
                office=name,
                tables=tables,
                lang=lang(),
            ),
            file_name=sheets.file_name(stem, "pptx", today),
            mime=sheets.PPTX_MIME,
            key=f"{key}_pptx",
            on_click="ignore",
            disabled=not chosen,
            width="stretch",
        )


def report_export(metric: pd.Series, period, adcodes: list[str], level_name: str, *, key: str):
    """“导出 Word 报告”: the current view (metric, level, period) as a 公文, and any other
    metrics ticked here, each at the period the most committees of the level report."""
    today, name = date.today(), office()
    with st.popover(t("export_report"), width="content"):
        st.caption(t("export_report_help"))
        problem = image.chromium_missing("zh")
        if problem:  # the charts go in as the pages' PNG, which needs the browser
            st.warning(problem)
            return
        others = cache.shared(
            ("report_others", metric.name, tuple(adcodes), lang()),
            partial(_report_others, metric.name, list(adcodes), lang()),
        )
        extra = st.multiselect(
            t("export_report_more"), list(others), format_func=others.get, key=f"{key}_more"
        )
        chosen = [(metric.name, period), *[(code, None) for code in extra]]
        try:
            # the same sections for every visitor of this view: made once (#24)
            prepared = cache.shared(
                ("report", tuple(chosen), tuple(adcodes), level_name),
                partial(report.prepare, cache.query, chosen, list(adcodes), level_name),
            )
        except report.NothingToReport:
            st.caption(t("export_report_none"))
            return
        names = [section.heading for _, section in prepared]
        title = report.default_title(names, level_name, period if not extra else None)
        st.download_button(
            t("export_report_button"),
            partial(report.write, prepared, title=title, day=today, office=name),
            file_name=sheets.file_name(prepared[0][0].file_stem, "docx", today),
            mime=sheets.DOCX_MIME,
            key=f"{key}_docx",
            on_click="ignore",
            width="stretch",
        )


def _report_others(code: str, adcodes: list[str], lang: str) -> dict[str, str]:
    """The metrics a report can add to ``code``'s: those ``adcodes`` report, by name."""
    reported = set(cache.query("coverage_counts", adcodes=adcodes)["metric"])
    metrics = cache.query("metrics_reported")
    names = metrics["name_en" if lang == "en" else "name_zh"]
    return {
        other: name
        for other, name in zip(metrics["code"], names, strict=True)
        if other in reported and other != code
    }


def show_sources(rows: pd.DataFrame, *, key: str, metric: str | None = None) -> None:
    """The figures behind a chart, drawn only when asked for: a table inside a closed
    expander would still be built, and sent to the browser, on every rerun."""
    from cppcc.tables import figures_table

    if not st.toggle(t("view_sources"), key=f"{key}_sources"):
        return
    if rows.empty:
        st.caption(t("no_match"))
    else:
        st.dataframe(figures_table(rows, lang()), hide_index=True, width="stretch")
    if metric:
        st.page_link(SOURCES_PAGE, label=t("open_sources_page"), query_params={"metric": metric})


# a table, or a function that makes one when the button is clicked
# plain HTML for stored text: markdown would autolink a bare address even when every
# markup character is escaped (GFM finds links in the text after parsing)
_PLAIN_STYLE = (
    "<style>.cppcc-caption{font-size:.875rem;color:rgba(49,51,63,.6);line-height:1.5}"
    ".cppcc-table{border-collapse:collapse;width:100%;font-size:.875rem}"
    ".cppcc-table th,.cppcc-table td{border-bottom:1px solid rgba(49,51,63,.1);"
    "padding:.25rem .5rem;text-align:left;vertical-align:top}"
    ".cppcc-table td:not(:first-child):not(:last-child){white-space:nowrap}"
    ".cppcc-names tbody td:first-child{white-space:nowrap}"
    ".cppcc-table td:last-child{min-width:10em}"
    ".cppcc-table th{color:rgba(49,51,63,.6);font-weight:400}"
    # a phone: each row a card, each cell beside its column's name (data-label), so a
    # wide table reads without scrolling sideways or breaking names a character a line
    "@media (max-width:640px){.cppcc-table thead{display:none}"
    ".cppcc-table,.cppcc-table tbody,.cppcc-table tr{display:block;width:100%}"
    ".cppcc-table tr{border-bottom:1px solid rgba(49,51,63,.2);padding:.35rem 0}"
    ".cppcc-table td,.cppcc-table tbody th{display:grid;grid-template-columns:6.5em 1fr;"
    "gap:.5rem;border:none;padding:.1rem .25rem;white-space:normal!important;min-width:0!important}"
    ".cppcc-table tbody th{color:inherit;font-weight:600;display:block}"
    ".cppcc-table td::before{content:attr(data-label);color:rgba(49,51,63,.6)}"
    ".cppcc-table td:empty{display:none}"
    ".cppcc-names tbody td:first-child{font-weight:600}}</style>"
)


def plain_caption(lines: list[str]) -> None:
    """Lines of stored text under a chart, as a caption that formats and links nothing."""
    body = "<br>".join(markup.html(line) for line in lines)
    st.html(f'{_PLAIN_STYLE}<div class="cppcc-caption">{body}</div>')


def static_table(table: pd.DataFrame, hide_index: bool = False, names: bool = False) -> None:
    """A table of stored text that wraps long titles: plain HTML, every cell escaped
    (``st.table`` renders cells as markdown: links, images, emphasis, formulas).
    ``names``: the first column holds committee names, kept whole on one line (on a
    phone the table scrolls sideways inside its box instead)."""
    classes = "cppcc-table cppcc-names" if names else "cppcc-table"
    st.html(
        f'{_PLAIN_STYLE}<div style="overflow-x:auto">{table_html(table, hide_index, classes)}</div>'
    )


def _cell(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def table_html(table: pd.DataFrame, hide_index: bool, classes: str) -> str:
    """One header row, then the rows; every cell escaped and carrying its column's name
    (``data-label``) for the phone's card layout; a shown index is each row's ``th``."""
    labels = [_cell(column) for column in table.columns]
    head = ([] if hide_index else [_cell(table.index.name)]) + labels
    rows = []
    for index, row in zip(table.index, table.itertuples(index=False), strict=True):
        cells = [] if hide_index else [f"<th>{html.escape(_cell(index))}</th>"]
        cells += [
            f'<td data-label="{html.escape(label, quote=True)}">{html.escape(_cell(value))}</td>'
            for label, value in zip(labels, row, strict=True)
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    header = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    return (
        f'<table class="{classes}"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _xlsx(table) -> bytes:
    frame = table() if callable(table) else table
    return cells.frames_xlsx_bytes({"Sheet1": frame}, widths=False)


def _csv(table) -> bytes:
    return cells.frame_csv_bytes(table() if callable(table) else table)


def downloads(table, *, key: str, file_stem: str) -> None:
    """CSV (UTF-8 with BOM, so Excel on Windows reads the Chinese) and Excel buttons;
    the files are made when clicked, not on every rerun. ``table`` is a DataFrame, or a
    function that makes one (the sources page fetches every match only on the click)."""
    stem = f"宁夏政协_{file_stem}_{date.today().isoformat()}"
    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        partial(_csv, table),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        width="stretch",
    )
    right.download_button(
        t("download_xlsx"),
        partial(_xlsx, table),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        width="stretch",
    )


def metric_picker(metrics: pd.DataFrame, *, key: str, default: str, codes=None) -> pd.Series:
    """A metric selector listing metrics with figures; returns the chosen catalogue row.
    ``metrics`` is the ``metrics_reported`` query's result."""
    wanted = None if codes is None else tuple(codes)
    names, rows = cache.shared(
        ("metric_choices", tuple(metrics["code"]), wanted, lang()),
        partial(_metric_choices, metrics, wanted, lang()),
    )
    options = list(names)
    st.session_state.setdefault(key, default if default in options else options[0])
    if st.session_state[key] not in options:
        st.session_state[key] = options[0]
    code = st.selectbox(t("metric"), options, format_func=names.get, key=key)
    return rows[code].copy(deep=False)


def _metric_choices(metrics: pd.DataFrame, codes, lang: str) -> tuple[dict, dict]:
    """The metrics with figures (of ``codes`` if given): their names in this language
    and their catalogue rows, by code."""
    choices = metrics[metrics["n_figures"] > 0]
    if codes is not None:
        choices = choices[choices["code"].isin(codes)]
    names = dict(
        zip(choices["code"], choices["name_en" if lang == "en" else "name_zh"], strict=True)
    )
    indexed = choices.set_index("code")
    return names, {code: indexed.loc[code] for code in names}


_MATRIX_STYLE = (
    "<style>.cppcc-matrix td.cppcc-reported{background-color:#FBE3DF}"
    ".cppcc-matrix th,.cppcc-matrix td{white-space:nowrap}</style>"
)


def show_matrix(key: Hashable, make: Callable[[], pd.DataFrame]) -> None:
    """The completeness matrix ``make()`` as one plain table for the screen and for paper
    (no scrolling grid, which would print only what it shows, and no pandas Styler:
    #24): reported cells tinted, blanks left pale, every row visible, every name
    escaped. Its markup is made once per process for every visitor of ``key``."""
    st.html(cache.shared(("matrix", key), lambda: _matrix_html(make())))


def _matrix_html(matrix: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(name))}</th>" for name in matrix.columns)
    body = "".join(
        f"<tr><th>{html.escape(str(metric))}</th>"
        + "".join(
            f'<td class="cppcc-reported">{html.escape(cell)}</td>' if cell else "<td></td>"
            for cell in cells
        )
        + "</tr>"
        for metric, cells in zip(matrix.index, matrix.itertuples(index=False), strict=True)
    )
    corner = html.escape(str(matrix.index.name or ""))
    return (
        f'{_PLAIN_STYLE}{_MATRIX_STYLE}<div class="cppcc-matrix" style="overflow-x:auto">'
        f'<table class="cppcc-table"><thead><tr><th>{corner}</th>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def show_headlines(tiles: list[dict]) -> None:
    """The headline tiles: per metric, whose figure each number is and for which year,
    at the size of the number itself, then the change since that committee's year before."""
    for column, tile in zip(st.columns(len(tiles)), tiles, strict=True):
        with column, st.container(border=True):
            st.markdown(f"**{markup.md(tile['label'])}**")
            if not tile["entries"]:
                st.markdown(t("kpi_none"))
                continue
            st.caption(t("kpi_reported", n=tile["reported"]))
            for entry in tile["entries"]:
                st.markdown(
                    t("kpi_entry", who=markup.md(entry["who"]), value=markup.md(entry["value"])),
                    help=entry["help"],
                )
                if entry["delta"]:
                    st.caption(markup.md(entry["delta"]))
            if tile["more"]:
                st.caption(t("kpi_more", n=tile["more"]))


def period_labels(periods: pd.DataFrame, lang: str) -> dict[tuple[int, int], str]:
    """A metric's periods in the picker's order, each with its name."""
    inferred = {
        (int(r.period_start), int(r.period_end)): r.any_inferred for r in periods.itertuples()
    }
    return {p: tables.period_label(p, inferred[p], lang) for p in tables.period_options(periods)}


def period_picker(periods: pd.DataFrame, *, key: str, labels: dict | None = None) -> tuple:
    """The period selector of a metric; its value is set by ``comparison_pickers``.
    ``labels``: :func:`period_labels` of ``periods``, when the caller has them."""
    labels = period_labels(periods, lang()) if labels is None else labels
    return st.selectbox(t("period"), list(labels), format_func=labels.get, key=key)


def level_labels(committees: pd.DataFrame) -> dict[str, str]:
    """The 比较层级 options of ``committees`` (a scope's) and their names in this
    language, worked out once per process for every visitor (#24)."""
    shown = lang()
    return cache.shared(
        ("level_labels", tuple(committees["adcode"]), shown),
        lambda: {
            option: levels.label(option, committees, shown) for option in levels.options(committees)
        },
    )


def level_title(level: str, committees: pd.DataFrame) -> str:
    """``levels.label`` of ``level``, from :func:`level_labels` when it is an option."""
    return level_labels(committees).get(level) or levels.label(level, committees, lang())


def level_picker(committees: pd.DataFrame, *, key: str) -> str:
    """The 比较层级 control shared by the overview, map and year-over-year pages."""
    labels = level_labels(committees)
    options = list(labels)
    st.session_state.setdefault(key, levels.DEFAULT)
    if st.session_state[key] not in options:
        st.session_state[key] = levels.DEFAULT
    return st.selectbox(
        t("compare_level"),
        options,
        format_func=labels.get,
        key=key,
        help=t("compare_level_help"),
    )


URL_FIELDS = ("level", "metric", "period")


def _asked_in_url(key: str) -> tuple[state.PageState | None, list[str]]:
    """The state an address asks for (``?level=&metric=&period=``) on the page's
    first run in this browser tab: a link opened, or an address typed (which starts
    a new session). Later the address is the page's own; and parameters another page
    wrote, carried over by the menu, are not a request. None when nothing is asked."""
    params = {name: value for name, value in linked_params().items() if name in URL_FIELDS}
    if not params or f"{key}_state" in st.session_state:
        return None, []
    return state.PageState.from_params(params, lang())


def linked_params() -> dict[str, str]:
    """The address's parameters (but ``lang``) when a link put them there, not another
    page of this session (a page reached from the menu may still carry them)."""
    params = {name: st.query_params[name] for name in st.query_params if name != "lang"}
    return {} if params == st.session_state.get("url_written") else params


def _write_url(key: str, shown: state.PageState) -> None:
    """The address follows the page: a copied link reopens this view. (``sort`` is
    the overview's bar order, written by :func:`sort_picker`.)"""
    params = shown.to_params()
    for name in URL_FIELDS:
        if name in params and st.query_params.get(name) != params[name]:
            st.query_params[name] = params[name]
        elif name not in params and name in st.query_params:
            del st.query_params[name]
    written = {n: v for n, v in params.items() if n in URL_FIELDS}
    if "sort" in st.query_params:
        written["sort"] = st.query_params["sort"]
    st.session_state["url_written"] = written


SORTS = ("catalogue", "value")


def sort_picker(key: str) -> str:
    """按目录顺序 / 按数值 for a comparison's bars; a link with ``sort=value`` opens
    sorted by value, and the address says ``sort=value`` while it is (catalogue order,
    the default, writes nothing). A ``sort`` it cannot read falls back, with a note."""
    # a link asks on the session's first run of the picker only: later the address
    # is the page's own (or carried over from it by the menu)
    asked = st.query_params.get("sort") if f"{key}_linked" not in st.session_state else None
    st.session_state[f"{key}_linked"] = True
    if asked in SORTS:
        st.session_state[key] = asked
    elif asked is not None:
        st.caption(t("state_bad_value", name="sort", value=asked[:40]))
    order = st.segmented_control(
        t("sort_bars"),
        list(SORTS),
        format_func=lambda order: t(f"sort_{order}"),
        key=key,
        default="catalogue",
        required=True,
    )
    written = st.session_state.setdefault("url_written", {})
    if order == "value":
        st.query_params["sort"] = written["sort"] = "value"
    else:
        written.pop("sort", None)
        if "sort" in st.query_params:
            del st.query_params["sort"]
    return order


def page_state(key: str, choices: state.Choices, *, with_period: bool = True) -> state.Resolved:
    """The page's state (``cppcc.state``) from the address when a link asks for one,
    else from its pickers' values and the state it showed last time; written back to
    the pickers' keys before they are drawn, and to the address."""
    from_url, notes = _asked_in_url(key)
    if from_url is not None:
        asked, before = from_url, None
    else:
        asked = state.PageState(
            level=st.session_state.get(f"{key}_level"),
            metric=st.session_state.get(f"{key}_metric"),
            period=st.session_state.get(f"{key}_period") if with_period else None,
        )
        before = st.session_state.get(f"{key}_state")
    # the same answer for every visitor asking the same of the same committees: the
    # opening view's coverage counts ran per new session before (#24)
    resolved = cache.shared(
        (
            "page_state", asked, before, tuple(choices.committees["adcode"]),
            tuple(choices.metrics), choices.fallback, lang(), with_period,
        ),
        partial(state.resolve, asked, before, choices, lang=lang(), with_period=with_period),
    )  # fmt: skip
    shown = resolved.state
    st.session_state[f"{key}_level"] = shown.level
    st.session_state[f"{key}_metric"] = shown.metric
    if with_period:
        st.session_state[f"{key}_period"] = shown.period
    st.session_state[f"{key}_state"] = shown
    _write_url(key, shown)
    return replace(resolved, notes=(*notes, *resolved.notes))


def page_choices(committees, metrics, *, fallback: str) -> state.Choices:
    return state.Choices(
        committees=committees,
        coverage=lambda adcodes: cache.query("coverage_counts", adcodes=adcodes),
        metrics=cache.shared(
            ("reported_codes", tuple(metrics["code"])),
            lambda: list(metrics.loc[metrics["n_figures"] > 0, "code"]),
        ),
        periods=lambda code: cache.query("metric_periods", metric=code),
        fallback=fallback,
    )


def language_from_url() -> str | None:
    """``?lang=zh|en`` in an address opened: the language to show. Returns a note when
    the value is neither; the address is then left to the language shown."""
    asked = st.query_params.get("lang")
    if asked is None or asked == st.session_state.get("lang_url"):
        return None
    st.session_state["lang_url"] = asked
    if asked in ("zh", "en"):
        st.session_state["lang"] = asked
        return None
    return i18n.text(
        "state_bad_value", st.session_state.get("lang", "zh"), name="lang", value=asked[:40]
    )


def language_to_url() -> None:
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()
    st.session_state["lang_url"] = lang()


def comparison_pickers(committees, metrics, *, key: str, fallback: str, slots) -> tuple:
    """Level, metric and period of a comparison, each in its slot (a column), opening on
    the metric and the period that the most committees of the chosen level report (see
    ``cppcc.state``). Returns the level, the metric's catalogue row, its periods and
    the chosen period."""
    resolved = page_state(key, page_choices(committees, metrics, fallback=fallback))
    with slots[0]:
        level = level_picker(committees, key=f"{key}_level")
    with slots[1]:
        metric = metric_picker(metrics, key=f"{key}_metric", default=resolved.state.metric)
    if resolved.switched_from:
        st.caption(
            t(
                "metric_switched",
                level=level_title(level, committees),
                old=specs.metric_name(
                    metrics.set_index("code").loc[resolved.switched_from], lang()
                ),
                new=specs.metric_name(metric, lang()),
            )
        )
    for note in resolved.notes:
        st.caption(note)
    # the same for every visitor of this metric and level: made once (#24)
    shape = (metric.name, level, tuple(committees["adcode"]))
    periods = cache.shared(
        ("level_periods", *shape),
        lambda: specs.for_level(
            cache.query("metric_periods", metric=metric.name),
            levels.members(committees, committees, level)["adcode"],
        ),
    ).copy(deep=False)
    labels = cache.shared(
        ("period_labels", *shape, lang()), partial(period_labels, periods, lang())
    )
    with slots[2]:
        period = period_picker(periods, key=f"{key}_period", labels=labels)
    return level, metric, periods, period


COMMITTEE_PAGE = "pages/committee.py"


def committee_choice(committees: pd.DataFrame, *, key: str) -> pd.Series:
    """The committee page's committee: ``?code=`` in the address, else the selector's;
    a code no committee has falls back to the first one with a short note."""
    from cppcc import committee

    names = dict(zip(committees["adcode"], tables.committee_label(committees, lang()), strict=True))
    asked = st.query_params.get("code")
    if asked is not None and st.session_state.get(f"{key}_asked") != asked:
        st.session_state[f"{key}_asked"] = asked
        if committee.find(committees, asked) is None:
            first = committees.iloc[0]
            st.caption(
                t("committee_unknown", code=markup.md(asked[:40]), name=names[first["adcode"]])
            )
            st.session_state[key] = first["adcode"]
        else:
            st.session_state[key] = str(asked).strip()
    st.session_state.setdefault(key, committees["adcode"].iloc[0])
    code = st.selectbox(t("committee_pick"), list(names), format_func=names.get, key=key)
    if st.query_params.get("code") != code:
        st.query_params["code"] = code
    st.session_state[f"{key}_asked"] = code
    return committee.find(committees, code)


def committee_links(adcodes, *, lead: str = "committee_links") -> None:
    """A line of links to the pages of the committees ``adcodes``, in catalogue order,
    as many to a row as fit."""
    wanted = tuple(adcodes)
    codes, names = cache.shared(
        ("committee_links", wanted, lang()), partial(_linked, wanted, lang())
    )
    if not codes:
        return
    # a container keyed screen_…: links are left out of a printout (assets/page.css)
    with st.container(key=f"screen_links_{lead}_{codes[0]}_{len(codes)}"):
        _link_rows(codes, names, lead)


def _linked(adcodes: tuple, lang: str) -> tuple[list[str], list[str]]:
    """The codes and names of the committees ``adcodes``, in catalogue order."""
    committees = cache.query("committees")
    chosen = committees[committees["adcode"].isin(set(adcodes))]
    return list(chosen["adcode"]), list(tables.committee_label(chosen, lang))


def _link_rows(codes: list[str], names: list[str], lead: str) -> None:
    st.caption(t(lead))
    width = min(len(codes), 6)
    for start in range(0, len(codes), width):
        row = zip(
            st.columns(width),
            codes[start : start + width],
            names[start : start + width],
            strict=False,
        )
        for column, adcode, name in row:
            column.page_link(COMMITTEE_PAGE, label=name, query_params={"code": adcode})


def page_chrome() -> None:
    """The dashboard's stylesheet (screen, phone and print) and its page script, on
    every page; both are files in ``assets/``."""
    st.html(f"<style>{(ROOT / 'assets' / 'page.css').read_text(encoding='utf-8')}</style>")
    st.html(
        f"<script>{(ROOT / 'assets' / 'page.js').read_text(encoding='utf-8')}</script>",
        unsafe_allow_javascript=True,
    )


def view_line(level_name: str, metric: pd.Series, period, inferred: bool) -> str:
    """The view a comparison page shows, in one line (level, metric, period): what
    ``page_toolbar`` prints above the charts on paper."""
    return t(
        "print_view",
        level=level_name,
        metric=specs.metric_name(metric, lang()),
        period=tables.period_label(period, inferred, lang()),
    )


def page_toolbar(view: str | None = None) -> None:
    """复制链接 and 打印 (the address holds the page's state), and, on paper only, the
    view shown (level, metric, period) above the charts."""
    done = html.escape(t("link_copied"), quote=True)
    heading = ""
    if view:
        heading = f'<div class="cppcc-print-only cppcc-print-heading">{html.escape(view)}</div>'
    st.html(
        '<div class="cppcc-toolbar">'
        f'<button type="button" data-cppcc-action="copy" data-done="{done}">'
        f"{html.escape(t('copy_link'))}</button>"
        f'<button type="button" data-cppcc-action="print">{html.escape(t("print"))}</button>'
        '<span class="cppcc-done" aria-live="polite"></span></div>' + (heading if view else "")
    )


def print_footer() -> None:
    """At the end of a printed page: the print date and what the figures are."""
    line = html.escape(t("printed_on", day=date.today().isoformat()))
    st.html(f'<div class="cppcc-print-only cppcc-print-footer">{line}</div>')
