"""What every export of a chart shares: file names and the chart's data as CSV and Excel.

The images live in ``cppcc.export.image`` and the PowerPoint deck in
``cppcc.export.deck``; all of them are pure (a ChartSpec in, bytes out, the office
name and the date passed in), so the pages, the tests and the CLI can use them alike.
"""

import math
import re
from datetime import date

import pandas as pd

from cppcc.charts import ChartSpec
from cppcc.export import cells
from cppcc.formatting import value_text
from cppcc.i18n import text

PREFIX = "宁夏政协"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# characters Windows refuses in a file name, and whitespace, which mail clients mangle
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def file_name(stem: str, extension: str, day: date) -> str:
    """``宁夏政协_提案数量_2026-11-22.png``."""
    clean = _UNSAFE.sub("_", stem).strip("_") or "图表"
    return f"{PREFIX}_{clean}_{day.isoformat()}.{extension}"


def date_text(day: date, lang: str) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def chart_table(spec: ChartSpec) -> pd.DataFrame:
    """The figures behind a chart, one row per bar or point, in words a reader knows.

    The number stays a number (blank where not reported, never 0) so a spreadsheet
    can chart it again; “显示为” carries the chart's own marks (≥, 约, *, 未报告).
    """
    lang, data = spec.lang, spec.data
    unit = ""
    if spec.unit:
        unit = f"（{spec.unit}）" if lang == "zh" else f" ({spec.unit})"
    columns = {text("committee", lang): data["label"]}
    if spec.series is not None:
        columns[text("export_series", lang)] = data[spec.series]
    if spec.kind == "lines":
        columns[text("year", lang)] = data["year"].astype(int)
    columns[text("value", lang) + unit] = data["value"]
    columns[text("export_shown", lang)] = [
        value_text(v, q, spec.unit, lang) + ("*" if flag and not _missing(v) else "")
        for v, q, flag in zip(data["value"], data["qualifier"], data["inferred"], strict=True)
    ]
    columns[text("qualifier", lang)] = [
        "" if _missing(v) else text(f"qualifier_{q or 'exact'}", lang)
        for v, q in zip(data["value"], data["qualifier"], strict=True)
    ]
    columns[text("year_basis", lang)] = [
        "" if _missing(v) else text("basis_inferred" if flag else "basis_stated", lang)
        for v, flag in zip(data["value"], data["inferred"], strict=True)
    ]
    if "source" in data:
        columns[text("source", lang)] = data["source"].fillna("")
    if "hover" in data and data["hover"].fillna("").astype(bool).any():
        columns[text("other_reports", lang)] = data["hover"].fillna("")
    return pd.DataFrame(columns).reset_index(drop=True)


def about(spec: ChartSpec) -> list[tuple[str, str]]:
    """The chart's title, period and unit, how to read its marks, and its sources."""
    lang = spec.lang
    rows = [
        (text("title", lang), spec.title),
        (text("export_period_unit", lang), spec.subtitle),
        (text("export_how_to_read", lang), text("sidebar_note", lang)),
    ]
    rows += [(text("export_sources", lang), f"《{s}》") for s in dict.fromkeys(spec.sources)]
    return rows


def csv_bytes(spec: ChartSpec) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese."""
    return cells.frame_csv_bytes(chart_table(spec))


def xlsx_bytes(spec: ChartSpec) -> bytes:
    """Two sheets: the chart's data, then its title, period, unit and sources."""
    lang = spec.lang
    notes = pd.DataFrame(
        about(spec), columns=[text("export_item", lang), text("export_content", lang)]
    )
    sheets = {text("export_data_sheet", lang): chart_table(spec)}
    sheets[text("export_notes_sheet", lang)] = notes
    return cells.frames_xlsx_bytes(sheets)


_SHEET_UNSAFE = re.compile(r"[\\/:*?\[\]]")


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: no []:*?/\\, at most 31 characters, unique in the file."""
    base = _SHEET_UNSAFE.sub("_", title).strip("'") or "Sheet"
    name, n = base[:31], 2
    while name in taken:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def workbook_bytes(specs: list[ChartSpec], names: list[str]) -> bytes:
    """One sheet per chart (named ``names``: the metrics), then one sheet of notes with
    every chart's title, period, unit and sources."""
    lang = specs[0].lang
    taken: set[str] = set()
    sheets = {
        sheet_name(name, taken): chart_table(spec) for spec, name in zip(specs, names, strict=True)
    }
    rows = [row for spec in specs for row in [*about(spec), ("", "")]][:-1]
    notes = pd.DataFrame(rows, columns=[text("export_item", lang), text("export_content", lang)])
    sheets[sheet_name(text("export_notes_sheet", lang), taken)] = notes
    return cells.frames_xlsx_bytes(sheets)
