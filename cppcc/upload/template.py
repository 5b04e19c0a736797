"""The upload template (.xlsx and .csv), and the store written out in its shape."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from cppcc.export import cells
from cppcc.store import sql
from cppcc.upload.importing import COLUMNS
from cppcc.upload.parsing import QUALIFIER_NAMES

EXAMPLE = [
    "银川",
    "收到提案",
    2024,
    "",
    "415",
    "精确",
    "银川市政协2024年工作报告",
    "收到提案415件",
    "",
]
HELP = [
    "委员会：简称、全称或6位行政区划代码（见“指标与委员会”页）",
    "指标：中文名称或代码（见“指标与委员会”页）",
    "起始年份、截止年份：四位数字；单一年份时截止年份可留空；也可在起始年份写 2022-2023",
    "数值：只写数字，可写 60余、100多、约50、100%；不要写成 0 来表示“没有报告”，没有就不填这一行",
    "限定：精确 / 不少于 / 约，可留空（由数值的写法判断）",
    "来源：报告或文件的标题和年份（必填）",
    "原文摘录：报告中写出这个数字的原句，便于核对",
]


def _rows_of_store(con) -> list[list]:
    rows = []
    for committee, metric, start, end, value, qualifier, source, quote, note in con.execute(
        sql.load("figures_as_template")
    ).fetchall():
        rows.append(
            [
                committee,
                metric,
                start,
                end if end != start else "",
                int(value) if float(value).is_integer() else value,
                QUALIFIER_NAMES[qualifier],
                source,
                quote or "",
                note or "",
            ]
        )
    return rows


def xlsx(committees: list[dict], metrics: list[dict], rows: list[list] | None = None) -> bytes:
    """The template workbook: 数据 (the header, then ``rows``), 指标与委员会, 填写说明."""
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(COLUMNS)
    for number, row in enumerate(rows or [], start=2):
        cells.write_row(sheet, number, row)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FBE3DF")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
    for letter, width in zip("ABCDEFGHI", (16, 22, 10, 10, 10, 8, 36, 36, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    choice = DataValidation(type="list", formula1='"精确,不少于,约"', allow_blank=True)
    sheet.add_data_validation(choice)
    choice.add("F2:F5000")

    lists = book.create_sheet("指标与委员会")
    lists.append(["委员会（简称）", "全称", "代码", "", "指标（中文名称）", "代码", "单位", "类别"])
    for cell in lists[1]:
        cell.font = bold
    for index in range(max(len(committees), len(metrics))):
        left = committees[index] if index < len(committees) else None
        right = metrics[index] if index < len(metrics) else None
        lists.append(
            [
                left["short_zh"] if left else None,
                left["name_zh"] if left else None,
                left["adcode"] if left else None,
                None,
                right["name_zh"] if right else None,
                right["code"] if right else None,
                right["unit_zh"] if right else None,
                right["category"] if right else None,
            ]
        )
    for letter, width in zip("ABCDEFGH", (14, 20, 10, 2, 30, 30, 6, 10), strict=True):
        lists.column_dimensions[letter].width = width
    notes = book.create_sheet("填写说明")
    for line in HELP:
        notes.append([line])
    notes.append([])
    notes.append(["示例（请在“数据”页按此格式填写，不要复制这一行）："])
    notes.append(COLUMNS)
    notes.append(EXAMPLE)
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list] | None = None) -> bytes:
    """The template as CSV, UTF-8 with BOM so Excel on Windows shows the Chinese."""
    return cells.csv_text(rows or [], header=COLUMNS).encode("utf-8-sig")


def store_xlsx(con, committees: list[dict], metrics: list[dict]) -> bytes:
    return xlsx(committees, metrics, _rows_of_store(con))


def store_csv(con) -> bytes:
    return csv_bytes(_rows_of_store(con))
