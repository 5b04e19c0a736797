"""The one writer every exported cell goes through: CSV, xlsx, the upload template
and the workbooks embedded in PowerPoint charts.

Stored text comes from uploads, so a quote such as ``=HYPERLINK("http://…")`` or
``+cmd|' /C calc'!A0`` must reach a spreadsheet as the text it is, never as a formula
(OWASP's CSV-injection guidance). The rule:

- xlsx: every text cell is written as a string cell (never openpyxl's formula type),
  with Excel's quote prefix set when it starts with a formula character, so the cell
  shows the text unchanged and stays text when someone edits it;
- CSV: a text cell that starts with ``= + - @``, a tab or a carriage return (after
  any leading spaces) gets a leading apostrophe, the guidance's literal-text marker;
  ``unquote`` takes it off again when such a file is uploaded back;
- numbers stay numbers in both.
"""

import csv
import io
import math
from collections.abc import Iterable
from contextlib import contextmanager

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def risky(value) -> bool:
    """Text a spreadsheet would read as a formula (or a DDE command)."""
    return isinstance(value, str) and value.lstrip(" ").startswith(TRIGGERS)


def csv_cell(value):
    """A value as it goes into a CSV file: risky text behind an apostrophe."""
    if risky(value):
        return "'" + value
    return value


def unquote(value):
    """The inverse of ``csv_cell`` for an uploaded cell: ``'=1+1`` is the text ``=1+1``."""
    if isinstance(value, str) and value.startswith("'") and risky(value[1:]):
        return value[1:]
    return value


def csv_text(rows: Iterable[Iterable], header: Iterable | None = None, **options) -> str:
    """Rows (and an optional header) as CSV text, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, **{"lineterminator": "\r\n", **options})
    if header is not None:
        writer.writerow([csv_cell(value) for value in header])
    for values in rows:
        writer.writerow([csv_cell(value) for value in values])
    return buffer.getvalue()


def frame_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark (Excel on Windows reads the Chinese)."""
    values = frame.astype(object).where(frame.notna(), "")
    text = csv_text(values.itertuples(index=False), header=[str(c) for c in frame.columns])
    return text.encode("utf-8-sig")


def set_cell(cell, value) -> None:
    """Put ``value`` into an openpyxl cell: text always as a literal string cell."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
        if risky(value):
            cell.quotePrefix = True


def write_row(sheet, row: int, values: Iterable) -> None:
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row=row, column=column), value)


def frames_xlsx_bytes(sheets: dict[str, pd.DataFrame], widths: bool = True) -> bytes:
    """Each DataFrame on its own sheet (header in row 1), every cell neutralised."""
    from openpyxl import Workbook  # not at import: off the first chart's path (#24)

    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        sheet = book.create_sheet(title)
        write_row(sheet, 1, [str(column) for column in frame.columns])
        for row, values in enumerate(frame.astype(object).itertuples(index=False), start=2):
            write_row(sheet, row, values)
        if widths:
            for index, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                letter = sheet.cell(row=1, column=index).column_letter
                sheet.column_dimensions[letter].width = min(80, 4 + 1.8 * longest)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def chart_data(**options):
    """python-pptx's ``CategoryChartData`` whose embedded workbook keeps every name as
    literal text: python-pptx writes it with XlsxWriter, whose ``write`` turns a string
    starting with ``=`` into a formula and ``http://…`` into a link."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook as XlsxWriterBook

    class LiteralWriter(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file):
            settings = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
            workbook = XlsxWriterBook(xlsx_file, settings)
            yield workbook, workbook.add_worksheet()
            workbook.close()

    class LiteralChartData(CategoryChartData):
        @property
        def _workbook_writer(self):
            return LiteralWriter(self)

    return LiteralChartData(**options)
