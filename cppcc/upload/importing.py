"""Reading an uploaded .xlsx or .csv into rows, the way real office files look.

Only the file's shape is checked here (size, type, encoding, header); the cells are
read and judged in ``validate``. Row numbers are the ones the user sees in Excel:
the header is row 1.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass

from cppcc.export.cells import unquote
from cppcc.upload.parsing import normalise

MAX_BYTES = 5 * 1024 * 1024
# data rows below the header; a file this long is a mistake or an attack, and reading it
# would hold the server for everyone (openpyxl reads about 5,000 rows a second)
MAX_ROWS = 100_000
# what an .xlsx may unpack to: 100,000 template rows written by openpyxl are about 70 MB
MAX_EXPANDED = 100 * 1024 * 1024
# columns read per row: the template has 9; a cell far to the right (XFD) must not make
# the reader fill 16,384 cells on every row
MAX_COLUMNS = 64
_MB = 1024 * 1024
COLUMNS = ["委员会", "指标", "起始年份", "截止年份", "数值", "限定", "来源", "原文摘录", "备注"]
OPTIONAL = {"限定", "原文摘录", "备注"}


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class RawRow:
    number: int  # as Excel shows it
    cells: dict


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode text”), or GBK/GB18030;
    comma-separated, or tab-separated as Excel's “文本文件(制表符分隔)” saves it."""
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem(
            "这个文件实际上是 Excel 工作簿，只是扩展名被改成了 .csv。"
            "请把扩展名改回 .xlsx 后再上传。"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "\t"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        header = text.split("\n", 1)[0]
        return text, "\t" if "\t" in header and "," not in header else ","
    raise FileProblem(
        "无法识别文件的文字编码。请在 Excel 中“另存为”CSV UTF-8 或 Excel 工作簿后再上传。"
    )


def _header_map(header: list) -> dict[str, int]:
    names = [normalise(cell) for cell in header]
    while names and not names[-1]:
        names.pop()
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        raise FileProblem(
            "第1行表头中这些列出现了不止一次："
            + "、".join(twice)
            + "。请删去重复的列，只保留一列后再上传。"
        )
    position = {name: index for index, name in enumerate(names) if name}
    missing = [name for name in COLUMNS if name not in position and name not in OPTIONAL]
    unknown = [name for name in names if name and name not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("缺少列：" + "、".join(missing))
        if unknown:
            parts.append("无法识别的列：" + "、".join(unknown))
        raise FileProblem(
            "第1行表头不对（"
            + "；".join(parts)
            + "）。表头应为："
            + "、".join(COLUMNS)
            + "。请下载模板，把数据粘贴到模板中再上传。"
        )
    return position


def _rows(records, start: int = 2) -> list[RawRow]:
    records = iter(records)
    try:
        header = next(records)
    except StopIteration:
        raise FileProblem("文件是空的：没有表头，也没有数据。") from None
    position = _header_map(list(header))
    rows = []
    for number, record in enumerate(records, start=start):
        if number > MAX_ROWS + 1:
            raise _too_many_rows()
        record = list(record)
        cells = {
            name: (record[index] if index < len(record) else None)
            for name, index in position.items()
        }
        if all(normalise(value) == "" for value in cells.values()):
            continue  # blank lines between blocks of data are common
        rows.append(RawRow(number, cells))
    if not rows:
        raise FileProblem("文件只有表头，没有数据行。")
    return rows


def _too_many_rows(count: int | None = None) -> FileProblem:
    found = f"有 {count - 1:,} 行数据，" if count else ""
    return FileProblem(
        f"文件{found}超过上限 {MAX_ROWS:,} 行（表头之外；第{MAX_ROWS + 2:,}行起超出）。"
        "请分成几个文件上传，或删去表格下方多余的空行后再上传。"
    )


def read_csv(data: bytes) -> list[RawRow]:
    text, delimiter = _decode(data)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # a file this app exported marks formula-like text with an apostrophe: take it off
    return _rows([unquote(cell) for cell in record] for record in records)


def _cell_value(cell):
    """What the user sees in the cell: Excel stores a cell shown as “100%” as 1."""
    value = cell.value
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and "%" in (cell.number_format or "")
    ):
        return value * 100
    return value


_UNREADABLE = (
    "无法打开这个 Excel 文件（可能已损坏，或不是 .xlsx 格式）。"
    "请在 Excel 中打开并另存为“Excel 工作簿 (.xlsx)”后再上传。"
)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part name of the workbook's first sheet (what every reader reads)."""
    names = set(archive.namelist())
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
        first = re.search(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", book)
        if first:
            rel = re.search(
                rb"<Relationship\b[^>]*?\bId=\"" + re.escape(first.group(1)) + rb"\"[^>]*>", rels
            )
            target = rel and re.search(rb"\bTarget=\"([^\"]+)\"", rel.group(0))
            if target:
                path = target.group(1).decode("utf-8", "replace").lstrip("/")
                path = path if path.startswith("xl/") else "xl/" + path
                if path in names:
                    return path
    except KeyError:
        pass
    sheets = sorted(name for name in names if name.startswith("xl/worksheets/sheet"))
    return sheets[0] if sheets else ""


def _count_rows(archive: zipfile.ZipFile, name: str) -> int:
    """How many rows the sheet's XML holds, read as a stream (never all in memory) and
    stopping as soon as the limit is passed; no more than ``MAX_EXPANDED`` is unpacked."""
    row = re.compile(rb"<(?:[A-Za-z0-9_]+:)?row[\s>/]")
    count, carry, read = 0, b"", 0
    with archive.open(name) as stream:
        while count <= MAX_ROWS + 1 and read <= MAX_EXPANDED:
            chunk = stream.read(1 << 20)
            if not chunk:
                break
            read += len(chunk)
            buffer = carry + chunk
            # XML text and attributes hold no raw “<”: up to the last one, tags are whole
            cut = buffer.rfind(b"<")
            count += len(row.findall(buffer, 0, cut))
            carry = buffer[cut:][:4096]
        count += len(row.findall(carry))
    return count


def _inspect_xlsx(data: bytes) -> None:
    """Refuse, before any reader parses it, an .xlsx that unpacks to more than
    ``MAX_EXPANDED`` (a “zip bomb”) or whose first sheet has more than ``MAX_ROWS`` rows.
    The archive's own table of sizes is checked first; the rows are counted by
    streaming through the sheet. Whatever reader follows, these bounds hold."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise FileProblem(_UNREADABLE) from error
    with archive:
        expanded = sum(item.file_size for item in archive.infolist())
        if expanded > MAX_EXPANDED:
            raise FileProblem(
                f"这个 Excel 文件只有 {len(data) / _MB:.1f} MB，解压后却有 "
                f"{expanded / _MB:,.0f} MB，超过上限 {MAX_EXPANDED // _MB} MB"
                "（可能含有大量空白格式、图片，或是恶意构造的文件）。"
                "请把数据复制到新的模板中，另存为 .xlsx 后再上传。"
            )
        sheet = _first_sheet(archive)
        if not sheet:
            raise FileProblem(_UNREADABLE)
        try:
            count = _count_rows(archive, sheet)
        except (zipfile.BadZipFile, OSError, EOFError) as error:
            raise FileProblem(_UNREADABLE) from error
    if count > MAX_ROWS + 1:
        raise _too_many_rows()


def read_xlsx(data: bytes) -> list[RawRow]:
    from openpyxl import load_workbook

    _inspect_xlsx(data)
    try:
        # data_only: a formula cell gives the value Excel last calculated and saved
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise FileProblem(_UNREADABLE) from error
    try:
        sheet = book.worksheets[0]
        # some programs write a wrong used-range tag (“A1”); read what is really there
        sheet.reset_dimensions()
        records = [
            [_cell_value(cell) for cell in row] for row in sheet.iter_rows(max_col=MAX_COLUMNS)
        ]
    finally:
        book.close()
    rows = _rows(records)
    _check_uncalculated_formulas(data, records)
    return rows


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the .xlsx holds a formula (an <f> element)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml:
                    return True
    return False


def _check_uncalculated_formulas(data: bytes, records: list[list]) -> None:
    """A formula saved by a program that never calculated it has no cached value:
    refuse those cells only (a formula whose result was saved reads normally)."""
    if not any(value is None for record in records for value in record):
        return
    if not _has_formulas(data):
        return  # the common case: reading the workbook a second time would double the cost
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        for number, record in enumerate(rows, start=1):
            cached = records[number - 1] if number <= len(records) else []
            for index, value in enumerate(record):
                uncached = index >= len(cached) or cached[index] is None
                if isinstance(value, str) and value.startswith("=") and uncached:
                    raise FileProblem(
                        f"第{number}行有公式（{value}）但没有计算结果。"
                        "请在 Excel 中打开文件、保存一次后再上传。"
                    )
    finally:
        book.close()


def read_upload(file_name: str, data: bytes) -> list[RawRow]:
    if len(data) > MAX_BYTES:
        raise FileProblem(
            f"文件太大（{len(data) / 1024 / 1024:.1f} MB），上限为 5 MB。"
            "请删去多余的工作表或图片，或分成几个文件上传。"
        )
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return read_xlsx(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return read_csv(data)
    if name.endswith(".xls"):
        raise FileProblem(
            "不支持旧版 .xls 文件。请在 Excel 中另存为“Excel 工作簿 (.xlsx)”后再上传。"
        )
    raise FileProblem(f"不支持的文件类型：{file_name}。请上传 .xlsx 或 .csv 文件。")
