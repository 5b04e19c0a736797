"""Reading an uploaded .xlsx or .csv into rows, the way real office files look.

Only the file's shape is checked here (size, type, encoding, header); the cells are
read and judged in ``validate``. Row numbers are the ones the user sees in Excel:
the header is row 1.
"""

import codecs
import csv
import io
import os
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cppcc.export.cells import unquote
from cppcc.upload import xlsx
from cppcc.upload.limits import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_EXPANDED,
    MAX_FIELD,
    MAX_ROWS,
    MAX_TEXT,
    MB,
    FileProblem,
    too_far_right,
    too_many_rows,
    too_much_text,
)
from cppcc.upload.parsing import normalise

__all__ = ["MAX_BYTES", "MAX_COLUMNS", "MAX_EXPANDED", "MAX_ROWS", "FileProblem"]
COLUMNS = ["委员会", "指标", "起始年份", "截止年份", "数值", "限定", "来源", "原文摘录", "备注"]
OPTIONAL = {"限定", "原文摘录", "备注"}


@dataclass(frozen=True, slots=True)  # a file holds up to 100,000 of them
class RawRow:
    number: int  # as Excel shows it
    cells: dict


_ENCODING_HINT = "请在 Excel 中“另存为”→“CSV UTF-8（逗号分隔）”或“Excel 工作簿 (.xlsx)”后再上传。"


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 (Excel's “Unicode text”), or GBK/GB18030;
    comma-separated, or tab-separated as Excel's “文本文件(制表符分隔)” saves it."""
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem(
            "这个文件实际上是 Excel 工作簿，只是扩展名被改成了 .csv。"
            "请把扩展名改回 .xlsx 后再上传。"
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem("文件开头标明是 UTF-16 编码，内容却不是。" + _ENCODING_HINT) from None
        return text, _separator(text)
    if data[:4096].count(0) > len(data[:4096]) // 5:
        raise FileProblem(
            "文件中有大量空字节，像是没有标记的 UTF-16 编码（或者根本不是文字文件）。"
            + _ENCODING_HINT
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, _separator(text)
    raise FileProblem(_header_hint(data, []) or "无法识别文件的文字编码。" + _ENCODING_HINT)


def _separator(text: str) -> str:
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header and "," not in header else ","


def _header_hint(data: bytes | None, names: list[str]) -> str:
    """Why a header was not understood when the file's encoding or separator is the
    likely cause: the column names are there, read another way."""
    joined = "".join(names)
    if any(name in joined for name in COLUMNS) and len([n for n in names if n]) <= 2:
        for separator in (";", "|", "\t", "，"):
            if sum(name in joined for name in COLUMNS) >= 3 and separator in joined:
                return (
                    f"表头的列似乎是用“{separator}”分隔的，看板只认逗号或制表符。"
                    "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再上传。"
                )
    if data:
        for encoding, label in (("big5", "繁体中文 Big5"), ("utf-16-le", "UTF-16")):
            try:
                header = data.decode(encoding).split("\n", 1)[0]
            except UnicodeDecodeError:
                continue
            if sum(name in header for name in ("委員會", "指標", *COLUMNS)) >= 2:
                return (
                    f"文件看起来是 {label} 编码，看板读不出它的表头。"
                    "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿 (.xlsx)”后再上传。"
                )
    return ""


def _header_map(header: list, data: bytes | None = None) -> dict[str, int]:
    """Column name → index; linear in the header's length (a header of a million cells
    is refused in one pass)."""
    names = [normalise(cell) if cell is not None else "" for cell in header]
    while names and not names[-1]:
        names.pop()
    if len(names) > MAX_COLUMNS:
        raise too_far_right(1, len(names))
    counts = Counter(name for name in names if name)
    twice = sorted(name for name, count in counts.items() if count > 1)
    if twice:
        raise FileProblem(
            "第1行表头中这些列出现了不止一次："
            + "、".join(twice)
            + "。请删去重复的列，只保留一列后再上传。"
        )
    position = {name: index for index, name in enumerate(names) if name}
    missing = [name for name in COLUMNS if name not in position and name not in OPTIONAL]
    unknown = [name[:30] for name in names if name and name not in COLUMNS]
    if missing or unknown:
        hint = _header_hint(data, names)
        if hint:
            raise FileProblem(hint)
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


def _blank(value) -> bool:
    """Whether a cell is empty; the same as ``normalise(value) == ""`` (no character
    that is not white space becomes white space in NFKC form), without normalising."""
    return value is None or (isinstance(value, str) and not value.strip())


def _rows(records, data: bytes | None = None) -> list[RawRow]:
    """``records`` are (row number, cells) pairs; the first is the header."""
    records = iter(records)
    try:
        _, header = next(records)
    except StopIteration:
        raise FileProblem("文件是空的：没有表头，也没有数据。") from None
    position = _header_map(list(header), data)
    rows, above, sizes, text = [], {}, {}, 0  # text: bytes of text kept so far
    for number, record in records:
        if len(record) > MAX_COLUMNS:
            extra = next((i for i in range(MAX_COLUMNS, len(record)) if normalise(record[i])), None)
            if extra is not None:
                raise too_far_right(number, extra + 1)
        if number > MAX_ROWS + 1:
            raise too_many_rows(number)
        cells = {}
        for name, index in position.items():
            value = record[index] if index < len(record) else None
            if type(value) is str:
                # one object for a text repeated down a column (the committee, the
                # metric): a file of 20,000 rows then holds a few copies, not 20,000
                if value == above.get(name):
                    value = above[name]
                else:
                    sizes[name] = len(value.encode())
                text += sizes[name]
            cells[name] = above[name] = value
        if text > MAX_TEXT:
            raise too_much_text(number)
        if all(_blank(value) for value in cells.values()):
            continue  # blank lines between blocks of data are common
        rows.append(RawRow(number, cells))
    if not rows:
        raise FileProblem("文件只有表头，没有数据行。")
    return rows


def _csv_records(text: str, delimiter: str):
    """(row number, cells) of each record. Strict first: an opened quote never closed
    is the commonest damage and the lenient reader would swallow the rest of the file
    into one cell; anything else strict refuses (a quote inside a field) is read
    leniently, as Excel does."""
    for strict in (True, False):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=strict)
        records, line = [], 1
        try:
            for number, record in enumerate(reader, start=1):
                if len(record) > MAX_COLUMNS:
                    record = _within_columns(record, number)
                longest = max((len(cell) for cell in record), default=0)
                if longest > MAX_FIELD:
                    raise FileProblem(_field_too_long(line, longest))
                # only a cell this app exported with an apostrophe in front changes
                records.append((number, [unquote(c) if c[:1] == "'" else c for c in record]))
                line = reader.line_num + 1
            return records
        except csv.Error as error:
            if "field larger" in str(error):
                raise FileProblem(_field_too_long(line, None)) from None
            if "unexpected end of data" in str(error):
                raise FileProblem(
                    f'第{line}行（文本的第{line}行）有一个以英文引号 " 开头的单元格，'
                    "直到文件末尾都没有结束的引号，后面的内容都被读成了这一格。"
                    "请检查这一行的引号是否配对，或在 Excel 中另存为 CSV 后再上传。"
                ) from None
            if not strict:
                why = f"第{line}行无法按 CSV 读取（{error}）。"
                raise FileProblem(why + _ENCODING_HINT) from None
    return []


def _within_columns(record: list[str], number: int) -> list[str]:
    """The record cut to ``MAX_COLUMNS``; content further right refuses the file. The
    test for any content runs in C (a 5 MB line of commas is 5 million cells)."""
    if any(record[MAX_COLUMNS:]):
        for index in range(MAX_COLUMNS, len(record)):
            if record[index].strip():
                raise too_far_right(number, index + 1)
    return record[:MAX_COLUMNS]


def _field_too_long(line: int, length: int | None) -> str:
    size = f"有 {length:,} 个字，" if length else ""
    return (
        f"从文本第{line}行起的一个单元格{size}超过上限 {MAX_FIELD:,} 个字。"
        '通常是某个单元格以英文引号 " 开头却没有结束的引号；请检查这一行的引号是否配对。'
    )


def read_csv(data: bytes) -> list[RawRow]:
    text, delimiter = _decode(data)
    # a file this app exported marks formula-like text with an apostrophe: unquote
    return _rows(_csv_records(text, delimiter), data)


def _sheet_to_read(archive: zipfile.ZipFile) -> str:
    """The first visible sheet. A hidden sheet holding data is refused: its figures
    would be imported although nobody looking at the workbook can see them."""
    found = xlsx.sheets(archive)
    if not found:
        names = sorted(n for n in archive.namelist() if n.startswith("xl/worksheets/sheet"))
        if not names:
            raise FileProblem(xlsx.UNREADABLE)
        return names[0]
    for name, state, part in found:
        if state != "visible" and xlsx.holds_data(archive, part):
            how = "深度隐藏（只能在 VBA 编辑器中取消）" if state == "veryHidden" else "隐藏"
            raise FileProblem(
                f"工作簿中的工作表“{name[:31]}”被{how}了，其中有数据。看不到的数据容易误传，"
                "看板不读取隐藏的工作表，也不接受含有它们的文件。请在 Excel 中右键工作表标签"
                "→“取消隐藏”，核对后删去这个工作表（或把数据移到第一个工作表）再上传。"
            )
    visible = [part for _, state, part in found if state == "visible"]
    if not visible:
        raise FileProblem("这个 Excel 文件没有可见的工作表。请取消隐藏数据所在的工作表后再上传。")
    return visible[0]


def read_xlsx(data: bytes) -> list[RawRow]:
    """The first visible worksheet's cells as Excel shows them (a formula gives the
    value Excel last calculated and saved), read as a stream within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise FileProblem(xlsx.UNREADABLE) from None
    with archive:
        xlsx.check_expanded(archive, len(data))
        part = _sheet_to_read(archive)
        styles, from_1904 = xlsx.cell_styles(archive)
        context = {"strings": xlsx.shared_strings(archive), "styles": styles}
        context["from_1904"] = from_1904
        return _rows(xlsx.rows(archive, part, context))


def _too_big(size: int) -> FileProblem:
    return FileProblem(
        f"文件太大（{size / MB:.1f} MB），上限为 {MAX_BYTES // MB} MB。"
        "请删去多余的工作表或图片，或分成几个文件上传。"
    )


def read_upload(file_name: str, data: bytes) -> list[RawRow]:
    if len(data) > MAX_BYTES:
        raise _too_big(len(data))
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


def read_file(path: Path) -> bytes:
    """A file's bytes, its size checked on the open handle before anything is read:
    a link is followed to what it names (a link to a 2 GB sparse file is refused by
    its size), and only a regular file is read (not a device, pipe or folder)."""
    try:
        fd = os.open(Path(path).resolve(), os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise FileProblem(f"无法打开文件：{error.strerror}。请检查文件权限后再试。") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(
                "这不是普通文件（是文件夹、设备或管道）。请指定要上传的 .xlsx 或 .csv 文件。"
            )
        if info.st_size > MAX_BYTES:
            raise _too_big(info.st_size)
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _too_big(len(data))
    return data
