"""Tables the upload page shows: problems, the preview's changes, batches. Plain pandas."""

import html
import json

import pandas as pd

from cppcc.formatting import period_text, value_text
from cppcc.i18n import text
from cppcc.upload.pipeline import Change, Preview


def problems_table(preview: Preview, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("problem_row", lang): [
                text("file_level", lang) if p.row == 0 else str(p.row) for p in preview.problems
            ],
            text("problem_column", lang): [p.column for p in preview.problems],
            text("problem_message", lang): [p.message for p in preview.problems],
        }
    )


def changes_table(changes: list[Change], names: dict, lang: str, *, with_old: bool) -> pd.DataFrame:
    """``names`` maps adcode and metric code to what the user reads."""
    rows = []
    for change in changes:
        figure = change.figure
        row = {
            text("problem_row", lang): figure.row,
            text("committee", lang): names.get(figure.adcode, figure.adcode),
            text("metric", lang): names.get(figure.metric, figure.metric),
            text("period", lang): period_text(figure.period_start, figure.period_end),
        }
        if with_old and change.old is not None:
            row[text("old_value", lang)] = value_text(
                change.old["value"], change.old["qualifier"], "", lang
            )
        row[text("new_value", lang)] = value_text(figure.value, figure.qualifier, "", lang)
        if with_old and change.old is not None:
            row[text("old_source", lang)] = change.old["source"]
        row[text("source", lang)] = figure.source
        if with_old and change.old is not None:
            row[text("old_kept", lang)] = text(
                "old_kept_beside" if change.kept_beside else "old_replaced", lang
            )
        rows.append(row)
    return pd.DataFrame(rows)


def batches_table(batches: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("batch", lang): [b["batch_id"] for b in batches],
            text("batch_kind", lang): [text(f"kind_{b['kind']}", lang) for b in batches],
            text("batch_time", lang): [f"{b['created_at']:%Y-%m-%d %H:%M}" for b in batches],
            text("batch_user", lang): [b["user_name"] for b in batches],
            text("batch_file", lang): [b["file_name"] or "" for b in batches],
            text("count_new", lang): [b["n_new"] for b in batches],
            text("count_changed", lang): [b["n_changed"] for b in batches],
            text("reason", lang): [b["reason"] or "" for b in batches],
            text("batch_state", lang): [
                text("state_reverted", lang, batch=b["reverted_by"])
                if b["reverted_by"]
                else text("state_active", lang)
                for b in batches
            ],
        }
    )


def batch_rows_table(rows: list[dict], lang: str) -> pd.DataFrame:
    out = []
    for row in rows:
        previous = json.loads(row["previous"]) if row["previous"] else None
        out.append(
            {
                text("committee", lang): row["committee_en" if lang == "en" else "committee"],
                text("metric", lang): row["metric_en" if lang == "en" else "metric_name"],
                text("period", lang): period_text(row["period_start"], row["period_end"]),
                text("before", lang): value_text(previous["value"], previous["qualifier"], "", lang)
                if previous
                else text("absent", lang),
                text("now", lang): value_text(
                    row["current_value"], row["current_qualifier"], "", lang
                )
                if row["current_value"] is not None
                else text("absent", lang),
            }
        )
    return pd.DataFrame(out)


def name_lookup(committees: pd.DataFrame, metrics: pd.DataFrame, lang: str) -> dict:
    """adcode and metric code → the name a reader knows them by."""
    names = dict(
        zip(
            committees["adcode"],
            committees["committee_en" if lang == "en" else "committee"],
            strict=True,
        )
    )
    names.update(
        zip(metrics["code"], metrics["name_en" if lang == "en" else "name_zh"], strict=True)
    )
    return names


EDITOR_COLUMNS = [
    "采用",
    "委员会",
    "指标",
    "起始年份",
    "截止年份",
    "数值",
    "限定",
    "原文摘录",
    "可信度",
]


# After the columns above: how the years were read, and where the number stands in the
# text (hidden: it ties a row to its number in the text view).
BASIS_COLUMNS = ["年份依据", "推定理由", "位置"]
BASIS_NAMES = {"stated": "报告写明", "inferred": "推定*"}


def candidates_frame(candidates, metric_names: dict) -> pd.DataFrame:
    """Extracted candidates as the editable table staff confirm (all ticked)."""
    return pd.DataFrame(
        [candidate_row(c, metric_names) for c in candidates],
        columns=EDITOR_COLUMNS + BASIS_COLUMNS,
    )


def candidate_row(c, metric_names: dict, confidence: float | None = None) -> dict:
    """One row of the table: a candidate, or a number staff assigned (same fields)."""
    from cppcc.upload.parsing import QUALIFIER_NAMES

    sure = getattr(c, "confidence", confidence)
    return {
        "采用": True,
        "委员会": c.committee,
        "指标": metric_names.get(c.metric, c.metric),
        "起始年份": c.period_start,
        "截止年份": c.period_end,
        "数值": c.value,
        "限定": QUALIFIER_NAMES[c.qualifier],
        "原文摘录": c.quote,
        "可信度": None if sure is None else round(sure, 2),
        "年份依据": BASIS_NAMES.get(c.year_basis, BASIS_NAMES["stated"]),
        "推定理由": c.year_reason or "",
        "位置": f"{c.start}:{c.end}",
    }


def year_basis_by_row(edited: pd.DataFrame) -> dict[int, str]:
    """The template row number (the header is row 1) of each ticked row whose year was
    inferred: the preview stores them as inferred, so the page marks them *."""
    basis, number = {}, 1
    for row in edited.itertuples(index=False):
        if not row[0]:
            continue
        number += 1
        if len(row) > 9 and row[9] == BASIS_NAMES["inferred"]:
            basis[number] = "inferred"
    return basis


LABEL_COLUMNS = (
    "file", "committee", "year", "metric", "value", "qualifier", "quote",
    "period_start", "period_end",
)  # fmt: skip


def labelled_folder(text: str, frame: pd.DataFrame, metrics: list[dict], year: int) -> bytes:
    """The report and the staff's decisions on it as a labelled folder (a zip of
    report.txt, labels.csv and key.json, as ``../shared/reports``), for
    ``evaluate-extractor --texts``: taken rows under their metric's code, rejected ones
    as ``distractor:staff_rejected``; numbers nobody decided on are left out."""
    import csv
    import io
    import zipfile

    from cppcc.upload.parsing import QUALIFIER_NAMES

    codes = {m["name_zh"]: m["code"] for m in metrics}
    qualifiers = {name: code for code, name in QUALIFIER_NAMES.items()}
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(LABEL_COLUMNS)
    for row in frame.itertuples(index=False):
        start, end = (int(part) for part in str(row[11]).split(":", 1))
        quote = row[7] if row[7] and row[7] in text else text[max(start, 0) : end]
        metric = codes.get(row[2], row[2]) if row[0] else "distractor:staff_rejected"
        value = int(row[5]) if float(row[5]).is_integer() else row[5]
        qualifier = qualifiers.get(row[6], "exact")
        writer.writerow(
            ["report.txt", row[1], year, metric, value, qualifier, quote, row[3], row[4]]
        )
    key = {"report.txt": {"year": year}}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as folder:
        folder.writestr("report.txt", text)
        folder.writestr("labels.csv", rows.getvalue())
        folder.writestr("key.json", json.dumps(key, ensure_ascii=False))
    return out.getvalue()


def marked_text(text: str, numbers: list, states: dict) -> str:
    """The report as HTML with each number marked by its state ('taken', 'rejected',
    'open') and numbered as in the picker; everything else escaped as plain text."""
    parts, at = [], 0
    for index, number in enumerate(numbers, start=1):
        if number.start < at or number.start < 0:
            continue  # a second candidate from the same number: marked once
        state = states.get((number.start, number.end), "open")
        parts.append(html.escape(text[at : number.start]))
        parts.append(
            f'<mark class="extract-{state}" title="{index}">'
            f"{html.escape(text[number.start : number.end])}<sup>{index}</sup></mark>"
        )
        at = number.end
    parts.append(html.escape(text[at:]))
    return "".join(parts)


def rows_from_editor(edited: pd.DataFrame, source: str) -> list[list]:
    """The ticked rows in the upload template's columns, so they go through the same
    validation, preview and batch as a file."""
    rows = []
    for row in edited.itertuples(index=False):
        if not row[0]:
            continue
        value = row[5]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        note = "从报告文本提取"
        if len(row) > 10 and row[9] == BASIS_NAMES["inferred"] and row[10]:
            note += f"；年份推定：{row[10]}"
        rows.append([row[1], row[2], row[3], row[4], value, row[6], source, row[7], note])
    return rows


def audit_table(entries: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("audit_time", lang): [f"{e['happened_at']:%Y-%m-%d %H:%M:%S}" for e in entries],
            text("audit_event", lang): [text(f"event_{e['event']}", lang) for e in entries],
            text("audit_user", lang): [e["user_name"] for e in entries],
            text("audit_detail", lang): [e["detail"] or "" for e in entries],
        }
    )
