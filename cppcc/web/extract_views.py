"""The upload page's 从报告文本提取 (Streamlit): read a report, show it as text with every
number marked, let staff take, assign or reject each number, and send the result to
the same preview and batch as an uploaded file.

Staff never type a number the text holds: a number is picked in the text (one click on
its tag), and only what it counts (metric), its years and its committee are chosen.
"""

import pandas as pd
import streamlit as st

from cppcc import markup
from cppcc.extract import extractor, reasons
from cppcc.extract.reports import ReportError, read_report_bytes
from cppcc.upload import pipeline, template
from cppcc.web import cache, staff, upload_views, uploader
from cppcc.web.ui import lang, t

STATE_STYLE = """<style>
.extract-text {white-space: pre-wrap; line-height: 2; font-size: 0.95rem;}
.extract-text mark {padding: 0 2px; border-radius: 3px;}
.extract-text mark sup {font-size: 0.65em; margin-left: 1px; color: #555;}
mark.extract-taken {background: #c8e6c9;}
mark.extract-open {background: #ffe082;}
mark.extract-rejected {background: #e0e0e0; text-decoration: line-through;}
</style>"""


def show_extract(user: str, role: str) -> None:
    st.caption(t("extract_intro"))
    committees, metrics = pipeline.catalogue(cache.cursor())
    committee, year, report, pasted, source = _inputs(committees)
    if st.button(t("extract_button"), key="extract_run", type="primary"):
        _run(committee, year, report, pasted, committees, metrics)
    found = st.session_state.get("extract_found")
    if found is None:
        return
    for level, message in found.notes(lang()):
        (st.error if level == "error" else st.warning)(markup.md(message))
    chosen = {name: staff.offer_committee(name, committees) for name in found.unknown_committees}
    if found.numbers:
        _text_view(found, committees, metrics)
    candidates = st.session_state["extract_candidates"]
    if candidates.empty:
        return
    edited = _table(candidates, metrics)
    send, keep = st.columns([1, 2])
    if send.button(t("extract_send"), key="extract_send"):
        _send(edited, source, chosen)
    keep.download_button(
        t("extract_labels"),
        upload_views.labelled_folder(
            st.session_state["extract_report"],
            edited,
            metrics,
            st.session_state["extract_published"],
        ),
        file_name="提取标注.zip",
        mime="application/zip",
        help=t("extract_labels_help"),
        key="extract_labels",
    )
    preview = st.session_state.get("extract_preview")
    if preview is not None:
        staff.show_preview_and_apply(preview, user=user, key="extract")


def _inputs(committees: list[dict]) -> tuple:
    one, two = st.columns(2)
    # "" (not None) for 按文中标题判断: a chosen string is redrawn in the new language
    # after the language switch (ui.relabel_choices_after_switch); None would be cleared
    committee = one.selectbox(
        t("extract_committee"),
        ["", *[c["adcode"] for c in committees]],
        format_func=lambda a: staff.shown_names().get(a, a) if a else t("extract_committee_auto"),
        key="extract_committee",
    )
    year = two.number_input(
        t("extract_year"), min_value=1990, max_value=2100, step=1, key="extract_year", value=None
    )
    st.markdown(t("extract_file_help"))
    report = uploader.file_box(t("extract_file"), ["txt", "docx"], key="extract_file")
    pasted = st.text_area(t("extract_paste"), key="extract_text", height=160)
    source = st.text_input(t("extract_source"), key="extract_source")
    return committee or None, year, report, pasted, source


def _run(committee, year, report, pasted, committees, metrics) -> None:
    """Read the report; what it gave replaces what an earlier run gave."""
    try:
        text = read_report_bytes(report.name, report.getvalue()) if report else pasted
    except ReportError as error:
        st.error(markup.md(error))
        return
    if not text.strip():
        st.error(t("extract_no_text"))
        return
    if year is None:
        st.error(t("extract_no_year"))
        return
    try:
        with st.spinner(t("extract_running")):
            found = extractor.read_figures(
                text, year=int(year), committee=committee, committees=committees, metrics=metrics
            )
    except ReportError as error:
        st.error(markup.md(error))
        return
    names = {m["code"]: m["name_zh"] for m in metrics}
    st.session_state["extract_candidates"] = upload_views.candidates_frame(found.candidates, names)
    st.session_state["extract_found"] = found
    st.session_state["extract_report"] = text
    st.session_state["extract_published"] = int(year)
    st.session_state["extract_version"] = st.session_state.get("extract_version", 0) + 1
    st.session_state.pop("extract_preview", None)
    st.session_state.pop("extract_pick", None)


# --- the text view ------------------------------------------------------------------------


def _unique(numbers: list) -> list:
    """One entry per place in the text (a shared value gives two candidates, one number)."""
    seen, unique = set(), []
    for number in numbers:
        if (number.start, number.end) not in seen and number.start >= 0:
            seen.add((number.start, number.end))
            unique.append(number)
    return unique


def _states(frame: pd.DataFrame) -> dict:
    """(start, end) → 'taken' or 'rejected', from the table's rows."""
    states = {}
    for place, taken in zip(frame["位置"], frame["采用"], strict=True):
        start, end = (int(part) for part in str(place).split(":", 1))
        if states.get((start, end)) != "taken":
            states[(start, end)] = "taken" if taken else "rejected"
    return states


def _text_view(found, committees: list[dict], metrics: list[dict]) -> None:
    numbers = _unique(found.numbers)
    frame = _current_frame()
    states = _states(frame)
    st.markdown(t("extract_text_heading", n=len(numbers)))
    st.caption(t("extract_text_help"))
    report = st.session_state["extract_report"]
    # a long report scrolls in its own box; a short one takes only its own height
    height = 420 if len(report) > 800 else "content"
    with st.container(height=height, border=True, key="extract_text_view"):
        html = upload_views.marked_text(report, numbers, states)
        st.html(f'{STATE_STYLE}<div class="extract-text">{html}</div>')
    picked = st.pills(
        t("extract_pick"),
        range(len(numbers)),
        format_func=lambda i: _tag(i, numbers[i], states),
        key="extract_pick",
    )
    if picked is not None:
        _assign(numbers[picked], found, committees, metrics, states)


def _tag(index: int, number, states: dict) -> str:
    mark = {"taken": "✓", "rejected": "✗"}.get(states.get((number.start, number.end)), "")
    return f"{index + 1} · {number.value:g}{number.unit}{mark}"


def _assign(number, found, committees: list[dict], metrics: list[dict], states: dict) -> None:
    """What a picked number counts: pre-filled when it was recognised, one choice each."""
    place = (number.start, number.end)
    st.markdown(t("extract_picked", quote=markup.md(number.quote)))
    if number.left:
        st.caption(t("extract_left", why=markup.md(reasons.said(number.left, lang()))))
    key = f"extract_n{number.start}_{number.end}"
    metric_codes = [m["code"] for m in metrics]
    metric_names = {m["code"]: m["name_zh"] for m in metrics}
    names = [c["short_zh"] for c in committees]
    names += [n for n in found.unknown_committees if n not in names]
    default = number.committee or found.committee
    start, end, why = found.report_period
    one, two, three, four = st.columns([3, 2, 1, 1])
    metric = one.selectbox(
        t("metric"),
        metric_codes,
        index=metric_codes.index(number.metric) if number.metric in metric_codes else None,
        format_func=lambda code: metric_names[code],
        placeholder=t("extract_choose_metric"),
        key=f"{key}_metric",
    )
    committee = two.selectbox(
        t("committee"),
        names,
        index=names.index(default) if default in names else None,
        placeholder=t("extract_choose_none"),
        key=f"{key}_committee",
    )
    first = three.number_input(
        t("extract_from"), 1990, 2100, number.period_start or start, key=f"{key}_from"
    )
    last = four.number_input(t("extract_to"), 1990, 2100, number.period_end or end, key=f"{key}_to")
    take, reject, _ = st.columns([1, 1, 3])
    if take.button(t("extract_take"), key=f"{key}_take", type="primary"):
        if metric is None or committee is None:
            st.error(t("extract_take_needs"))
            return
        read = (number.period_start or start, number.period_end or end)
        basis = number.year_basis if number.metric else "inferred"
        reason = (number.year_reason if number.metric else why) or ""
        if (first, last) != read:
            basis, reason = "inferred", t("extract_staff_years")
        row = {"committee": committee, "metric": metric, "years": (first, last)}
        _take(number, row, (basis, reason), metric_names)
    if states.get(place) == "taken" and reject.button(t("extract_reject"), key=f"{key}_reject"):
        _reject(place)


# --- the table of figures to send -------------------------------------------------------------


def _editor_key() -> str:
    return f"extract_editor_{st.session_state.get('extract_version', 0)}"


def _current_frame() -> pd.DataFrame:
    """The table as staff left it: the stored rows with the editor's edits applied."""
    frame = st.session_state["extract_candidates"].copy()
    edits = st.session_state.get(_editor_key()) or {}
    for index, changes in (edits.get("edited_rows") or {}).items():
        for column, value in changes.items():
            frame.at[int(index), column] = value
    return frame


def _replace_frame(frame: pd.DataFrame) -> None:
    """A new table: the editor starts afresh from it (its edits are already in it)."""
    st.session_state["extract_candidates"] = frame.reset_index(drop=True)
    st.session_state["extract_version"] = st.session_state.get("extract_version", 0) + 1
    st.session_state.pop("extract_preview", None)
    st.rerun()


def _take(number, row: dict, basis: tuple, metric_names: dict) -> None:
    """Put a number in the table as this metric, years and committee (ticked)."""
    frame = _current_frame()
    place = f"{number.start}:{number.end}"
    same = (frame["位置"] == place) & (frame["指标"] == metric_names[row["metric"]])
    frame = frame[~same]
    year_basis, year_reason = basis
    figure = extractor.Candidate(
        row["committee"], "", row["metric"], *row["years"], number.value, number.qualifier,
        number.quote, 1.0, year_basis, year_reason, start=number.start, end=number.end,
    )  # fmt: skip
    added = pd.DataFrame([upload_views.candidate_row(figure, metric_names)])
    _replace_frame(pd.concat([frame, added], ignore_index=True))


def _reject(place: tuple) -> None:
    frame = _current_frame()
    frame.loc[frame["位置"] == f"{place[0]}:{place[1]}", "采用"] = False
    _replace_frame(frame)


def _table(candidates: pd.DataFrame, metrics: list[dict]) -> pd.DataFrame:
    st.markdown(t("extract_review", n=len(candidates)))
    return st.data_editor(
        candidates,
        key=_editor_key(),
        hide_index=True,
        width="stretch",
        disabled=["可信度", "年份依据", "推定理由"],
        column_config={
            "采用": st.column_config.CheckboxColumn(width="small"),
            "指标": st.column_config.SelectboxColumn(options=[m["name_zh"] for m in metrics]),
            "限定": st.column_config.SelectboxColumn(options=["精确", "不少于", "约"]),
            "数值": st.column_config.NumberColumn(min_value=0),
            "位置": None,
        },
    )


def _send(edited: pd.DataFrame, source: str, chosen: dict) -> None:
    """The ticked rows through the upload's own checks and preview; inferred years kept."""
    if not source.strip():
        st.error(t("extract_need_source"))
        return
    rows = upload_views.rows_from_editor(edited, source.strip())
    for row in rows:
        row[0] = chosen.get(row[0]) or row[0]
    preview = pipeline.preview(
        cache.cursor(fresh=True),
        "从报告文本提取.csv",
        template.csv_bytes(rows),
        staff.bound_scope(),
    )
    preview.year_basis = upload_views.year_basis_by_row(edited)
    st.session_state["extract_preview"] = preview
