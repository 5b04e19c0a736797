"""Builders for upload files as office staff make them: CSV in the encodings Excel
saves, .xlsx through openpyxl, and the store's state to compare before and after."""

import csv
import functools
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from cppcc.cli import commands
from cppcc.store import db, sql
from cppcc.upload import pipeline
from cppcc.upload.importing import COLUMNS
from cppcc.upload.limits import MAX_BYTES, MAX_TEXT

SOURCE = "银川市政协2024年工作报告"


def row(
    committee="银川",
    metric="收到提案",
    start=2024,
    end="",
    value="415",
    qualifier="",
    source=SOURCE,
    quote="",
    note="",
) -> list:
    """One data row in the template's column order."""
    return [committee, metric, start, end, value, qualifier, source, quote, note]


def csv_text(rows, header=COLUMNS, delimiter=",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def csv_bytes(rows, header=COLUMNS, encoding="utf-8", delimiter=",") -> bytes:
    """``encoding`` as Python names it: utf-8, utf-8-sig, gbk, gb18030, utf-16."""
    return csv_text(rows, header, delimiter).encode(encoding)


def xlsx_bytes(rows, header=COLUMNS, formats: dict | None = None, at: dict | None = None) -> bytes:
    """Header on row 1, then ``rows``; ``at`` places cells anywhere (``{"A5": "银川"}``),
    ``formats`` sets number formats (``{"E2": "0%"}``)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "数据"
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    for coordinate, value in (at or {}).items():
        sheet[coordinate] = value
    for coordinate, number_format in (formats or {}).items():
        sheet[coordinate].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edit_sheet_xml(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML passed through ``edit`` (text → text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode("utf-8")).encode("utf-8")
            target.writestr(item, content)
    return out.getvalue()


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the result Excel would have saved with them.

    openpyxl writes ``<c r="E2"><f>…</f><v></v></c>``; Excel writes the last result in
    ``<v>``. ``values`` maps a cell reference to that result.
    """

    def edit(text: str) -> str:
        for reference, value in values.items():
            text, count = re.subn(
                rf'(<c r="{reference}"[^>]*>)(<f>[^<]*</f>)<v\s*/?>(?:</v>)?',
                rf"\1\2<v>{value}</v>",
                text,
            )
            assert count == 1, f"no formula cell {reference} in the sheet"
        return text

    return edit_sheet_xml(data, edit)


def with_dimension(data: bytes, reference: str) -> bytes:
    """The used range a sheet claims (``<dimension ref=…>``); some export tools write A1."""
    return edit_sheet_xml(
        data, lambda text: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{reference}"', text)
    )


def many_new_rows(count: int, committee="银川", offset: int = 0) -> list[list]:
    """``count`` rows none of which is in the store: one metric over many early years."""
    return [
        row(committee=committee, metric="协商活动", start=year, value=str(year - 1900 + offset))
        for year in range(1950, 1950 + count)
    ]


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def state(path: Path) -> dict:
    """What a user could see of the store: figures, batches, the changes they recorded."""
    with db.connect(path) as con:
        batches = pipeline.batches(con)
        changes = con.execute(
            "select batch_id, adcode, metric, period_start, period_end, previous "
            "from figure_changes order by all"
        ).fetchall()
    return {"figures": commands.all_figures(path), "batches": batches, "changes": changes}


def figure(path: Path, committee: str, metric: str, start: int, end: int | None = None):
    """The figure as ``figures --format json`` shows it, or None."""
    end = start if end is None else end
    for item in commands.all_figures(path):
        if (item["committee"], item["metric"], item["period_start"], item["period_end"]) == (
            committee,
            metric,
            start,
            end,
        ):
            return item
    return None


def batch_figures(path: Path, batch_id: int) -> list[tuple]:
    with db.connect(path) as con:
        return con.execute(
            "select adcode, metric, period_start, period_end, value from figures "
            "where batch_id = ? order by all",
            [batch_id],
        ).fetchall()


def change_counts(path: Path) -> dict[int, int]:
    with db.connect(path) as con:
        return dict(
            con.execute(
                "select batch_id, count(*) from figure_changes group by batch_id"
            ).fetchall()
        )


def json_line(stdout: str) -> dict:
    """The one JSON object ``import --json`` prints."""
    return json.loads(stdout.strip().splitlines()[-1])


def cli_main(capsys, *args) -> tuple[int, str, str]:
    """``python -m cppcc ARGS`` run in this process (same code, no interpreter start-up):
    exit status, stdout, stderr."""
    capsys.readouterr()
    status = commands.main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return status, out, err


def figures_table(path: Path) -> list[tuple]:
    """Every column of every stored figure, to compare states exactly."""
    with db.connect(path) as con:
        return con.execute("select * from figures order by all").fetchall()


def sources_list(path: Path) -> list[tuple]:
    """What the 来源 page lists."""
    with db.connect(path) as con:
        return con.execute(sql.load("sources_list"), {"adcodes": []}).fetchall()


def preview(path: Path, name: str, data: bytes) -> pipeline.Preview:
    with db.connect(path) as con:
        return pipeline.preview(con, name, data)


def _with_sheet_stream(chunks, level: int = 6) -> bytes:
    """A real workbook whose first sheet's XML is ``chunks`` (bytes), written as a stream."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([row()])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
                continue
            with target.open(item.filename, "w", force_zip64=True) as stream:
                for chunk in chunks:
                    stream.write(chunk)
    return out.getvalue()


@functools.cache
def zip_bomb(expanded_mb: int = 150) -> bytes:
    """About 1 MB of .xlsx whose sheet unpacks to ``expanded_mb`` MB of one repeated cell."""
    cell = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"A" * 1000 + b"</t></is></c></row>"
    block = (cell * (1_048_576 // len(cell) + 1))[:1_048_576]
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return _with_sheet_stream([head, *([block] * expanded_mb), b"</sheetData></worksheet>"], 1)


@functools.cache
def million_rows(count: int = 1_000_000) -> bytes:
    """A small .xlsx (about 2.5 MB) with ``count`` data rows under the template header."""
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(COLUMNS)
    )
    head = (
        '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData><row r="1">{header}</row>'
    ).encode()
    body = b"".join(b'<row r="%d"><c t="n"><v>1</v></c></row>' % n for n in range(2, count + 2))
    return _with_sheet_stream([head, body, b"</sheetData></worksheet>"])


def sheet_of(rows: list[list]) -> bytes:
    """The template's header and ``rows`` as openpyxl writes them (inline strings: the
    most XML per row a real program writes); written as XML directly, in a second
    instead of openpyxl's minute."""

    def cell(ref: str, value) -> str:
        if isinstance(value, int):
            return f'<c r="{ref}" t="n"><v>{value}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    def line(number: int, values: list) -> bytes:
        cells = "".join(
            cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values) if v is not None
        )
        return f'<row r="{number}">{cells}</row>'.encode()

    head = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    ) + line(1, COLUMNS)
    body = b"".join(line(number, values) for number, values in enumerate(rows, start=2))
    return _with_sheet_stream([head, body, b"</sheetData></worksheet>"])


@functools.cache
def full_rows(count: int) -> bytes:
    """``count`` rows with every template column filled, each source and quote its own
    text."""
    return sheet_of(
        [
            ["银川", "收到提案", 1950 + i % 70, None, i, "精确", f"报告{i}", f"摘录{i}", "注"]
            for i in range(count)
        ]
    )


_FILLER = "关于提案办理协商议事社情民意信息委员履职工作情况的说明"


def long_text_rows(count: int, budget: int) -> list[list]:
    """``count`` template rows whose report title, quote and note are each the row's
    own, as long as ``budget`` bytes of Chinese text a row allow (three bytes a
    character), within each column's length limit."""
    chars = max(6, budget // 3)
    title = min(200, chars * 3 // 4)
    quote = min(500, chars - title)
    note = min(500, max(1, chars - title - quote))
    return [
        [
            "银川", "收到提案", 1950 + i % 70, None, i, "精确",
            (f"某市政协{i}号报告" + _FILLER * 8)[:title],
            (f"第{i}条" + _FILLER * 20)[:quote],
            (f"注{i}" + _FILLER * 20)[:note],
        ]
        for i in range(count)
    ]  # fmt: skip


@functools.cache
def long_texts_csv(count: int) -> bytes:
    """``count`` rows as .csv filling the 5 MB limit, every title and quote long and the
    row's own: with ``long_texts_xlsx`` the worst files within the limits for the page's
    memory, since the preview, the write and the new snapshot each hold every distinct
    text (20,000 rows: 4.8 MB, a 54-character title and an 18-character quote a row)."""
    room = (MAX_BYTES - 64 * 1024) // count - 40  # the numbers, names and commas: ~40
    rows = long_text_rows(count, room)
    data = csv_text([["" if v is None else v for v in r] for r in rows]).encode()
    assert len(data) <= MAX_BYTES, len(data)
    return data


@functools.cache
def long_texts_xlsx(count: int) -> bytes:
    """``count`` rows as .xlsx holding just under ``MAX_TEXT`` bytes of text, every title,
    quote and note the row's own. Compressed, an .xlsx could hold far more than a .csv
    of the same size; the text limit makes this the most it may (0.7 MB)."""
    room = (MAX_TEXT - 64 * 1024) // count - 24  # 银川, 收到提案, 精确: 24 bytes
    return sheet_of(long_text_rows(count, room))
