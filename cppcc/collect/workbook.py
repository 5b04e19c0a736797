"""One workbook per committee for a round: the upload template's columns, one row per
asked cell, ready to fill in Excel, WPS or LibreOffice and to return as an ordinary
upload.

- 数据 (first sheet, what the importer reads): a cell the store already has is filled
  in with its value, report, quote and note, shaded grey and locked (sheet protection,
  no password: it guards against slips, not against the office); an empty cell has its
  committee, metric and year locked and 数值, 限定, 来源, 原文摘录, 备注 open, 来源
  filled with the committee's return as the report. A few blank rows below take other
  figures. Data validation where people type: 数值 by the metric's unit (whole numbers
  for counts, 0–100 for percentages, never negative), 限定 a list, years four digits,
  委员会 and 指标 lists on the extra rows.
- 说明: what is asked, by when, and how to fill it in, in plain Chinese.
- 指标: the metrics with their units (the list the extra rows choose from).

The workbook is marked as the round's (``marker``), so a cell left empty comes back as
未报告, never as 0.
"""

import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from cppcc.collect import marker
from cppcc.collect.round import cells as round_cells
from cppcc.collect.round import get
from cppcc.export import cells
from cppcc.upload.importing import COLUMNS
from cppcc.upload.parsing import QUALIFIER_NAMES
from cppcc.upload.pipeline import catalogue
from cppcc.upload.validate import COUNT_CEILING, FIRST_YEAR, VALUE_CEILING, WHOLE_UNITS

EXTRA_ROWS = 10
BOLD = Font(bold=True)
HEADER = PatternFill("solid", fgColor="FBE3DF")
KNOWN = PatternFill("solid", fgColor="E7E6E6")
TO_FILL = PatternFill("solid", fgColor="FFF2CC")
OPEN = Protection(locked=False)
WIDTHS = (12, 26, 10, 10, 10, 9, 34, 36, 24)
QUALIFIERS = "精确,不少于,约"


def source_title(round_: dict, committee_name: str) -> str:
    # no brackets: uploads keep titles in one form, with half-width ones
    return f"{committee_name}{round_['years']}年数据征集报送"


def file_name(round_: dict, short_name: str) -> str:
    """``数据征集第1轮_2025年_吴忠.xlsx``: the committee's short name, safe on every disk."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", short_name).strip("_") or "委员会"
    years = round_["years"].replace("、", "-")
    return f"数据征集第{round_['round_id']}轮_{years}年_{safe}.xlsx"


def _value_rule(unit: str) -> DataValidation:
    """数值's rule for one unit: counts whole, percentages 0–100, all non-negative."""
    if unit in WHOLE_UNITS:
        kind, top, how = "whole", COUNT_CEILING, f"单位“{unit}”，请填 0 或正整数"
    elif unit == "%":
        kind, top, how = "decimal", 100, "百分比，请填 0–100 之间的数（95.5 表示 95.5%）"
    else:
        kind, top, how = (
            "decimal",
            VALUE_CEILING,
            f"单位“{unit}”，请填不小于 0 的数" if unit else "请填不小于 0 的数",
        )
    rule = DataValidation(
        type=kind, operator="between", formula1="0", formula2=str(top), allow_blank=True
    )
    rule.errorTitle, rule.error = "数值不对", f"{how}；没有这个数字就留空（未报告），不要填 0。"
    rule.promptTitle, rule.prompt = "数值", f"{how}。没有就留空。"
    rule.showErrorMessage = rule.showInputMessage = True
    return rule


def _list_rule(formula: str, title: str, message: str) -> DataValidation:
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.errorTitle, rule.error = title, message
    rule.showErrorMessage = True
    return rule


def _row_values(cell: dict, source: str) -> tuple[list, bool]:
    """The row for one asked cell, and whether the store already has its figure."""
    head = [cell["committee"], cell["metric_name"], int(cell["year"]), int(cell["year"])]
    if cell["value"] is None:
        return [*head, None, None, source, None, None], False
    value = cell["value"]
    value = int(value) if float(value).is_integer() else value
    qualifier = QUALIFIER_NAMES.get(cell["qualifier"], "")
    return [*head, value, qualifier, cell["source"], cell["quote"], cell["note"]], True


def _data_sheet(sheet, rows: list[dict], source: str) -> dict[str, list[int]]:
    """Write 数据; returns the rows to fill, grouped by the metric's unit."""
    sheet.title = "数据"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER
    by_unit: dict[str, list[int]] = {}
    for number, cell in enumerate(rows, start=2):
        values, known = _row_values(cell, source)
        cells.write_row(sheet, number, values)
        line = sheet[number]
        if known:
            for item in line:
                item.fill = KNOWN
            continue
        by_unit.setdefault(cell["unit"] or "", []).append(number)
        line[4].fill = TO_FILL
        for item in line[4:]:
            item.protection = OPEN
    last = len(rows) + 1
    for number in range(last + 1, last + 1 + EXTRA_ROWS):
        for column in range(1, len(COLUMNS) + 1):
            sheet.cell(row=number, column=column).protection = OPEN
    for letter, width in zip("ABCDEFGHI", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    # printed, the nine columns fit across one landscape page
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    # protected against slips; widths and row heights stay adjustable
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    return by_unit


def _validations(sheet, by_unit: dict[str, list[int]], n_rows: int, committee: str, year: int):
    last = n_rows + 1 + EXTRA_ROWS
    first_extra = n_rows + 2
    for unit, numbers in by_unit.items():
        rule = _value_rule(unit)
        sheet.add_data_validation(rule)
        for number in numbers:
            rule.add(f"E{number}")
    extra_value = _value_rule("")
    sheet.add_data_validation(extra_value)
    extra_value.add(f"E{first_extra}:E{last}")
    qualifier = _list_rule(
        f'"{QUALIFIERS}"', "限定不对", "请从列表中选：精确、不少于、约；也可留空"
    )
    sheet.add_data_validation(qualifier)
    qualifier.add(f"F2:F{last}")
    years = DataValidation(
        type="whole",
        operator="between",
        formula1=str(FIRST_YEAR),
        formula2=str(year + 1),
        allow_blank=True,
    )
    years.errorTitle, years.error = "年份不对", f"请填四位数字的年份，如 {year}"
    years.showErrorMessage = True
    sheet.add_data_validation(years)
    years.add(f"C2:D{last}")
    name = committee.replace('"', "").replace(",", "")
    who = _list_rule(f'"{name}"', "委员会不对", f"本工作簿只收{name}的数字")
    sheet.add_data_validation(who)
    who.add(f"A{first_extra}:A{last}")
    return first_extra, last


def _metrics_sheet(book, metrics: list[dict]):
    sheet = book.create_sheet("指标")
    sheet.append(["指标", "单位", "类别", "填写要求"])
    for cell in sheet[1]:
        cell.font, cell.fill = BOLD, HEADER
    for metric in metrics:
        unit = metric["unit_zh"]
        rule = (
            "0–100 之间的数"
            if unit == "%"
            else ("整数" if unit in WHOLE_UNITS else "不小于 0 的数")
        )
        sheet.append([metric["name_zh"], unit, metric["category"], rule])
    for letter, width in zip("ABCD", (30, 8, 10, 18), strict=True):
        sheet.column_dimensions[letter].width = width
    return f"'指标'!$A$2:$A${len(metrics) + 1}"


def guide_lines(round_: dict, committee: dict, n_known: int, n_open: int, source: str) -> list[str]:
    """The 说明 sheet's text, one paragraph per line."""
    due = f"{round_['due']} 前" if round_["due"] else "按通知要求的日期"
    return [
        f"宁夏政协履职数据征集（第 {round_['round_id']} 轮）：{committee['name_zh']}",
        f"征集 {round_['years']} 年的数字，请于 {due}交回。",
        f"“数据”表共 {n_open + n_known} 项：{n_known} 项数据库中已有（灰色，已锁定，不用填），"
        f"{n_open} 项待填（黄色的“数值”格）。",
        "怎样填写：",
        "1. 在黄色的“数值”格里只填数字本身。件、条、次、个等按整数填写；百分比填 0–100 之间的数，"
        "95.5 表示 95.5%。各指标的单位见“指标”表，选中格子时也会提示。",
        "2. 没有这个数字、或暂时统计不出来的，请留空。留空表示“未报告”，看板上显示“未报告”，"
        "不会当作 0。只有确实为零时才填 0。",
        "3. 报告中写的是“60余”“约50”这样的数字时，数值填 60 或 50，在“限定”中选“不少于”或“约”；"
        "准确的数字“限定”可以留空。",
        f"4. “来源”已填好“{source}”。如果数字出自已公开的工作报告，可改成报告标题和年份，"
        "并在“原文摘录”中贴上写出这个数字的原句。",
        "5. “备注”可写口径说明，如“含合并办理的提案”。",
        f"6. 表格下方的 {EXTRA_ROWS} 行空白行可补充其他指标或其他年份的数字，要整行填写："
        "委员会、指标、起始年份（截止年份）、数值、来源。",
        "7. 请不要改动表头、增删列或调换工作表的顺序，保存为 Excel 工作簿（.xlsx）。",
        "怎样交回：",
        f"本委员会的录入员登录看板的“数据上传”页，上传这个文件即可（账号只能上传{committee['short_zh']}的数字）。"
        "上传时会逐行检查，有问题的文件整个不写入，并列出行号和原因，改好后再上传。",
        "可以先交一部分，以后补齐了再上传同一个文件；已经交过的数字不会重复。",
    ]


def build(round_: dict, committee: dict, rows: list[dict], metrics: list[dict]) -> bytes:
    """The workbook of one committee (``rows``: its asked cells from ``round.cells``)."""
    book = Workbook()
    source = source_title(round_, committee["name_zh"])
    by_unit = _data_sheet(book.active, rows, source)
    n_open = sum(len(numbers) for numbers in by_unit.values())
    first_extra, last = _validations(
        book.active, by_unit, len(rows), committee["short_zh"], int(round_["last_year"])
    )
    guide = book.create_sheet("说明")
    for line in guide_lines(round_, committee, len(rows) - n_open, n_open, source):
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    guide["A1"].font = Font(bold=True, size=14)
    for row in guide.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    names = _list_rule(_metrics_sheet(book, metrics), "指标不对", "请从“指标”表列出的指标中选择")
    book.active.add_data_validation(names)
    names.add(f"B{first_extra}:B{last}")
    marker.mark(book, round_["round_id"], committee["adcode"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbooks(con, round_id: int, adcodes: list[str] | None = None) -> list[tuple[str, bytes]]:
    """(file name, workbook) for each committee of the round (or of ``adcodes``)."""
    round_ = get(con, round_id)
    committees, metrics = catalogue(con)
    by_code = {c["adcode"]: c for c in committees}
    grouped: dict[str, list[dict]] = {}
    for cell in round_cells(con, round_id, adcodes):
        grouped.setdefault(cell["adcode"], []).append(cell)
    return [
        (
            file_name(round_, by_code[adcode]["short_zh"]),
            build(round_, by_code[adcode], rows, metrics),
        )
        for adcode, rows in grouped.items()
    ]


def zip_bytes(books: list[tuple[str, bytes]]) -> bytes:
    """Every workbook in one .zip (file names in UTF-8, as current unzip tools read them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in books:
            archive.writestr(name, data)
    return buffer.getvalue()
