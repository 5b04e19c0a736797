"""Reading an .xlsx's sheet as a stream of rows, bounded by construction.

An .xlsx is a zip of XML parts. The sheet's XML is pulled through an expat parser in
small chunks; each cell is judged by its own coordinates as it arrives (no reader
allocates a grid by the sheet's claimed size, so one cell at XFD1048576 costs nothing
and is refused); only cells with content are kept. The zip module stops every part at
the size its directory states, so no part unpacks beyond ``MAX_EXPANDED``.
"""

import datetime
import re
import zipfile
from xml.etree import ElementTree
from xml.parsers import expat

from cppcc.upload.limits import (
    MAX_COLUMNS,
    MAX_EXPANDED,
    MAX_PART,
    MAX_ROWS,
    MAX_SHARED_STRINGS,
    MAX_TEXT,
    MB,
    FileProblem,
    too_far_right,
    too_many_rows,
    too_much_text,
)

UNREADABLE = (
    "无法打开这个 Excel 文件（可能已损坏，或不是 .xlsx 格式）。"
    "请在 Excel 中打开并另存为“Excel 工作簿 (.xlsx)”后再上传。"
)
_DAMAGED = (
    "这个 Excel 文件的“{part}”部分不完整或已损坏（{why}）。"
    "请在 Excel 中打开文件，另存为“Excel 工作簿 (.xlsx)”后再上传。"
)
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384  # Excel's own grid
# Excel's built-in number formats that show a date (27–36 and 50–58 in Chinese Excel)
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
_PERCENT_FORMATS = {9, 10}
_CHUNK = 1 << 16


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open(archive: zipfile.ZipFile, name: str):
    try:
        return archive.open(name)
    except KeyError:
        raise FileProblem(_DAMAGED.format(part=name, why="缺少这一部分")) from None


class _Refused(Exception):
    pass


def _no_doctype(*_):
    raise _Refused


def _parse(archive: zipfile.ZipFile, name: str, handler):
    """Feed one part to ``handler`` (``start``, ``end``, ``text``) 64 KB at a time,
    yielding after each chunk so the caller can take what the handler gathered. A
    document type declaration (the way to an “XML bomb”) never occurs in an .xlsx and
    is refused."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    try:
        with _open(archive, name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)
        yield
    except _Refused:
        raise FileProblem(_DAMAGED.format(part=name, why="含有文档类型声明")) from None
    except expat.ExpatError as error:
        why = f"XML 第 {error.lineno} 行无法解析，文件可能被截断"
        raise FileProblem(_DAMAGED.format(part=name, why=why)) from None
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as error:
        why = "压缩数据校验失败" if "CRC" in str(error) else "压缩数据无法解开"
        raise FileProblem(_DAMAGED.format(part=name, why=why)) from None


def _small_part(archive: zipfile.ZipFile, name: str):
    """A part that is read whole (workbook, relations, styles): bounded by ``MAX_PART``."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        why = f"解压后 {info.file_size / MB:,.0f} MB，超过 {MAX_PART // MB} MB"
        raise FileProblem(_DAMAGED.format(part=name, why=why))
    try:
        data = archive.read(name)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
        raise FileProblem(_DAMAGED.format(part=name, why="压缩数据无法解开")) from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FileProblem(_DAMAGED.format(part=name, why="含有文档类型声明"))
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise FileProblem(_DAMAGED.format(part=name, why="XML 无法解析")) from None


def _relations(archive: zipfile.ZipFile, name: str) -> dict[str, tuple[str, str]]:
    """Id → (part name, relation type) of the parts ``name`` refers to."""
    folder, _, base = name.rpartition("/")
    root = _small_part(archive, f"{folder}/_rels/{base}.rels")
    found = {}
    for item in root.iter() if root is not None else ():
        target = item.get("Target") or ""
        if _local(item.tag) != "Relationship" or item.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
        parts = []
        for piece in path.split("/"):
            if piece == "..":
                parts = parts[:-1]
            elif piece not in ("", "."):
                parts.append(piece)
        found[item.get("Id")] = ("/".join(parts), item.get("Type") or "")
    return found


def sheets(archive: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(name, state, part) of every worksheet in the workbook's order; state is
    ``visible``, ``hidden`` or ``veryHidden``."""
    book = _small_part(archive, "xl/workbook.xml")
    if book is None:
        raise FileProblem(UNREADABLE)
    relations = _relations(archive, "xl/workbook.xml")
    names = set(archive.namelist())
    found = []
    for item in book.iter():
        if _local(item.tag) != "sheet":
            continue
        rid = next((v for k, v in item.attrib.items() if _local(k) == "id"), None)
        part = relations.get(rid, ("", ""))[0]
        if part in names:
            found.append((item.get("name") or "", item.get("state") or "visible", part))
    return found


class _SharedTexts:
    """Gathers the texts of <si> items; phonetic guides (<rPh>) are not shown."""

    def __init__(self):
        self.texts, self.pieces, self.phonetic, self.inside = [], [], 0, False
        self.size = 0  # bytes of text gathered (UTF-8)

    def start(self, name, _attributes):
        tag = name.rpartition(":")[2]
        if tag == "rPh":
            self.phonetic += 1
        self.inside = tag == "t" and not self.phonetic

    def end(self, name):
        tag = name.rpartition(":")[2]
        self.inside = False
        if tag == "rPh":
            self.phonetic -= 1
        elif tag == "si":
            self.texts.append("".join(self.pieces))
            self.pieces = []
            self.size += len(self.texts[-1].encode())
            if self.size > MAX_TEXT:
                raise too_much_text()
            if len(self.texts) > MAX_SHARED_STRINGS:
                raise FileProblem(
                    f"这个 Excel 文件含有超过 {MAX_SHARED_STRINGS:,} 段不同的文字，"
                    "不是一份数据表。请把数据复制到新的模板中再上传。"
                )

    def text(self, data):
        if self.inside:
            self.pieces.append(data)


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared texts, in order."""
    relations = _relations(archive, "xl/workbook.xml").values()
    part = next((p for p, kind in relations if kind.endswith("/sharedStrings")), None)
    part = part or "xl/sharedStrings.xml"
    if part not in archive.namelist():
        return []
    handler = _SharedTexts()
    for _ in _parse(archive, part, handler):
        pass
    return handler.texts


def _format_kind(code: str) -> str | None:
    bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    if "%" in bare:
        return "percent"
    if re.search(r"[yYdD]|[hH]|(?<![#0])[mM]|[sS]", bare) and "@" not in bare:
        return "date"
    return None


def cell_styles(archive: zipfile.ZipFile) -> tuple[dict[int, str], bool]:
    """Style index → ``percent`` or ``date`` for the cell styles that show one, and
    whether the workbook counts dates from 1904 (old Mac Excel)."""
    styles = _small_part(archive, "xl/styles.xml")
    book = _small_part(archive, "xl/workbook.xml")
    from_1904 = any(
        _local(item.tag) == "workbookPr" and item.get("date1904") in ("1", "true")
        for item in (book.iter() if book is not None else ())
    )
    if styles is None:
        return {}, from_1904
    kinds: dict[int, str] = {number: "date" for number in _DATE_FORMATS}
    kinds |= {number: "percent" for number in _PERCENT_FORMATS}
    by_style = {}
    for group in styles:
        if _local(group.tag) == "numFmts":
            for fmt in group:
                kind = _format_kind(fmt.get("formatCode") or "")
                number = int(fmt.get("numFmtId") or -1)
                kinds.pop(number, None)
                if kind:
                    kinds[number] = kind
        elif _local(group.tag) == "cellXfs":
            for index, xf in enumerate(group):
                kind = kinds.get(int(xf.get("numFmtId") or 0))
                if kind:
                    by_style[index] = kind
    return by_style, from_1904


def _bad_reference(reference: str) -> FileProblem:
    return FileProblem(_DAMAGED.format(part="工作表", why=f"单元格位置“{reference[:20]}”无效"))


def _position(reference: str) -> tuple[int, int]:
    """ "E12" → (12, 5), checked against Excel's grid before it is used."""
    found = _REFERENCE.fullmatch(reference)
    if not found:
        raise _bad_reference(reference)
    column = 0
    for char in found.group(1):
        column = column * 26 + ord(char) - 64
    number = int(found.group(2))
    if not (1 <= number <= _LAST_ROW and column <= _LAST_COLUMN):
        raise _bad_reference(reference)
    return number, column


def _number(text: str, kind: str | None, from_1904: bool):
    try:
        value = float(text)
    except ValueError:
        raise FileProblem(_DAMAGED.format(part="工作表", why=f"数值“{text[:20]}”无效")) from None
    if kind == "percent":
        value *= 100  # Excel stores a cell shown as “100%” as 1
    elif kind == "date" and 0 <= value < 2_958_466:
        start = datetime.datetime(1904, 1, 1) if from_1904 else datetime.datetime(1899, 12, 30)
        return start + datetime.timedelta(days=value)
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _value(kind: str, style: str | None, text: str, context):
    """The value a cell shows, ``None`` for an empty one."""
    if text == "":
        return None
    if kind == "s":
        strings = context["strings"]
        if not (text.isascii() and text.isdigit()) or int(text) >= len(strings):
            raise FileProblem(_DAMAGED.format(part="工作表", why="引用了不存在的共享文字"))
        return strings[int(text)]
    if kind in ("str", "inlineStr", "e", "d"):
        return text
    if kind == "b":
        return text == "1"
    style_kind = context["styles"].get(int(style)) if style and style.isdigit() else None
    return _number(text, style_kind, context["from_1904"])


_DIGITS = "0123456789"
_KNOWN_NAMES = 256  # element names remembered (a sheet uses about ten)


class _SheetRows:
    """Turns the sheet's elements into rows as they end; ``done`` collects finished
    (row number, {column: value}) pairs for the caller to take.

    Called for each of the sheet's millions of elements, so it does as little as it
    can per call: element names and column letters are looked up in small tables, and
    a cell's row digits are checked only when they differ from its row's number."""

    def __init__(self, context: dict):
        self.context, self.done = context, []
        self.row, self.row_digits, self.column, self.record = 0, "", 0, {}
        self.kind = self.style = None  # type and style of the open <c>
        self.value, self.formula, self.phonetic = [], None, 0
        self.gather = None  # "v", "f" or "t" while inside one
        self.tags: dict[str, str] = {}  # element name as written → its local name
        self.columns: dict[str, int] = {}  # column letters → number, checked

    def _tag(self, name: str) -> str:
        tag = self.tags.get(name)
        if tag is None:
            tag = name.rpartition(":")[2]
            if len(self.tags) < _KNOWN_NAMES:
                self.tags[name] = tag
        return tag

    def _column(self, reference: str) -> int:
        letters = reference.rstrip(_DIGITS)
        column = self.columns.get(letters)
        if column is None or reference[len(letters) :] != self.row_digits:
            column = _position(reference)[1]
            self.columns[letters] = column
        return column

    def start(self, name, attributes):
        tag = self.tags.get(name) or self._tag(name)
        if tag == "c":
            reference = attributes.get("r")
            self.column = self._column(reference) if reference else self.column + 1
            self.kind, self.style = attributes.get("t") or "n", attributes.get("s")
            self.value, self.formula = [], None
        elif tag == "row":
            self._open_row(attributes.get("r"))
        elif tag == "rPh":
            self.phonetic += 1
        elif self.kind and (tag == "v" or tag == "f" or (tag == "t" and not self.phonetic)):
            self.gather = tag
            if tag == "f":
                self.formula = []

    def _open_row(self, reference: str | None):
        if reference and reference.isascii() and reference.isdigit() and len(reference) <= 7:
            number = int(reference)
        elif reference:
            raise FileProblem(_DAMAGED.format(part="工作表", why="行号无效"))
        else:
            number = self.row + 1
        if not 1 <= number <= _LAST_ROW:
            raise FileProblem(_DAMAGED.format(part="工作表", why="行号无效"))
        self.row, self.row_digits, self.column, self.record = number, reference, 0, {}

    def end(self, name):
        self.gather = None
        tag = self.tags.get(name) or self._tag(name)
        if tag == "c":
            if self.kind:
                self._close_cell()
        elif tag == "row":
            if self.record:
                self.done.append((self.row, self.record))
                self.record = {}
        elif tag == "rPh":
            self.phonetic -= 1

    def _close_cell(self):
        kind, self.kind = self.kind, None
        pieces = self.value
        text = pieces[0] if len(pieces) == 1 else "".join(pieces)
        if kind == "inlineStr" or kind == "str":
            value = text or None
        else:
            value = _value(kind, self.style, text, self.context)
        if value is None:
            if self.formula is not None:
                formula = "".join(self.formula)[:50]
                raise FileProblem(
                    f"第{self.row}行有公式（={formula}）但没有计算结果。"
                    "请在 Excel 中打开文件、保存一次后再上传。"
                )
            return
        if self.column > MAX_COLUMNS:
            raise too_far_right(self.row, self.column)
        if self.row > MAX_ROWS + 1:
            raise too_many_rows(self.row)
        self.record[self.column] = value

    def text(self, data):
        if self.gather:
            (self.formula if self.gather == "f" else self.value).append(data)


def rows(archive: zipfile.ZipFile, part: str, context: dict):
    """(row number, [value of column A, B, …]) for every row with content, in order.

    ``context`` holds ``strings``, ``styles`` and ``from_1904``. A formula saved
    without its calculated value is refused; a cell with content beyond column
    ``MAX_COLUMNS`` or row ``MAX_ROWS + 1`` refuses the file as soon as it is met."""
    handler = _SheetRows(context)
    for _ in _parse(archive, part, handler):
        for number, record in handler.done:
            yield number, [record.get(c) for c in range(1, max(record) + 1)]
        handler.done = []


class _AnyValue:
    def __init__(self):
        self.inside, self.found = False, False

    def start(self, name, _attributes):
        self.inside = name.rpartition(":")[2] in ("v", "t")

    def end(self, _name):
        self.inside = False

    def text(self, data):
        if self.inside and data.strip():
            self.found = True


def holds_data(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether any cell of a sheet has a value (stops at the first)."""
    handler = _AnyValue()
    return any(handler.found for _ in _parse(archive, part, handler))


def expanded_size(archive: zipfile.ZipFile) -> int:
    return sum(item.file_size for item in archive.infolist())


def check_expanded(archive: zipfile.ZipFile, size: int) -> None:
    expanded = expanded_size(archive)
    if expanded > MAX_EXPANDED:
        raise FileProblem(
            f"这个 Excel 文件只有 {size / MB:.1f} MB，解压后却有 "
            f"{expanded / MB:,.0f} MB，超过上限 {MAX_EXPANDED // MB} MB"
            "（可能含有大量空白格式、图片，或是恶意构造的文件）。"
            "请把数据复制到新的模板中，另存为 .xlsx 后再上传。"
        )
