"""Tables the upload page shows: problems, the preview's changes, batches. Plain pandas."""

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


def candidates_frame(candidates, metric_names: dict) -> pd.DataFrame:
    """Extracted candidates as the editable table staff confirm (all ticked)."""
    from cppcc.upload.parsing import QUALIFIER_NAMES

    return pd.DataFrame(
        [
            {
                "采用": True,
                "委员会": c.committee,
                "指标": metric_names.get(c.metric, c.metric),
                "起始年份": c.period_start,
                "截止年份": c.period_end,
                "数值": c.value,
                "限定": QUALIFIER_NAMES[c.qualifier],
                "原文摘录": c.quote,
                "可信度": round(c.confidence, 2),
            }
            for c in candidates
        ],
        columns=EDITOR_COLUMNS,
    )


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
        rows.append(
            [row[1], row[2], row[3], row[4], value, row[6], source, row[7], "从报告文本提取"]
        )
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
