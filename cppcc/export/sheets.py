"""What every export of a chart shares: file names and the chart's data as CSV and Excel.

The images live in ``cppcc.export.image`` and the PowerPoint deck in
``cppcc.export.deck``; all of them are pure (a ChartSpec in, bytes out, the office
name and the date passed in), so the pages, the tests and the CLI can use them alike.
"""

import io
import math
import re
from datetime import date

import pandas as pd

from cppcc.charts import ChartSpec
from cppcc.formatting import value_text
from cppcc.i18n import text

PREFIX = "宁夏政协"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
    return chart_table(spec).to_csv(index=False).encode("utf-8-sig")


def _workbook(sheets: list[tuple[str, pd.DataFrame]]) -> bytes:
    """An Excel file of named sheets, each column as wide as its longest cell."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets:
            frame.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for index, column in enumerate(frame.columns):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                letter = sheet.cell(row=1, column=index + 1).column_letter
                sheet.column_dimensions[letter].width = min(80, 4 + 1.8 * longest)
    return buffer.getvalue()


def _notes(rows: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[text("export_item", lang), text("export_content", lang)])


def xlsx_bytes(spec: ChartSpec) -> bytes:
    """Two sheets: the chart's data, then its title, period, unit and sources."""
    lang = spec.lang
    return _workbook(
        [
            (text("export_data_sheet", lang), chart_table(spec)),
            (text("export_notes_sheet", lang), _notes(about(spec), lang)),
        ]
    )


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
    sheets = [
        (sheet_name(name, taken), chart_table(spec))
        for spec, name in zip(specs, names, strict=True)
    ]
    rows = [row for spec in specs for row in [*about(spec), ("", "")]]
    sheets.append((sheet_name(text("export_notes_sheet", lang), taken), _notes(rows[:-1], lang)))
    return _workbook(sheets)
