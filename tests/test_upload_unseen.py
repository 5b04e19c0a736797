"""What the user cannot see is refused: data on hidden sheets, a fraction where a
percentage is meant, invisible or direction-changing characters in any text. Text is
stored as written; it is compared in one form only to match. Files in an encoding or
with a separator the reader does not take are told so."""

import io
import json
import unicodedata

import pytest
from openpyxl import Workbook

from cppcc.store import db
from cppcc.upload import catalogue, pipeline
from cppcc.upload.importing import COLUMNS
from tests.upload_corpus import (
    cli_main,
    csv_bytes,
    csv_text,
    figure,
    row,
    sha256,
    state,
    xlsx_bytes,
)


def _book(*sheets) -> bytes:
    """Sheets as (title, state, rows) with the template header on each (rows None: an
    empty sheet)."""
    book = Workbook()
    book.remove(book.active)
    for title, visibility, rows in sheets:
        sheet = book.create_sheet(title)
        if rows is not None:
            sheet.append(COLUMNS)
        for values in rows or []:
            sheet.append(values)
        sheet.sheet_state = visibility
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _import(capsys, tmp_path, name: str, data: bytes) -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes(data)
    status, out, _ = cli_main(capsys, "import", path, "--json")
    # split on newlines only: a message may quote a cell holding U+2028
    return status, json.loads(out.strip().split("\n")[-1])


@pytest.mark.parametrize("visibility", ["hidden", "veryHidden"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_a_hidden_sheet_with_data_refuses_the_file(store, tmp_path, capsys, visibility, where):
    hidden = ("旧数据", visibility, [row(value="999")])
    visible = ("数据", "visible", [row(committee="吴忠", value="7")])
    sheets = (hidden, visible) if where == "first" else (visible, hidden)
    before = sha256(store)
    status, report = _import(capsys, tmp_path, "hidden.xlsx", _book(*sheets))
    assert status == 1
    message = report["errors"][0]["message"]
    assert "“旧数据”" in message and "隐藏" in message and "取消隐藏" in message
    assert sha256(store) == before


def test_an_empty_hidden_sheet_is_harmless_and_the_visible_one_is_read(store, tmp_path, capsys):
    data = _book(("空", "hidden", None), ("数据", "visible", [row(committee="吴忠", value="7")]))
    status, report = _import(capsys, tmp_path, "ok.xlsx", data)
    assert status == 0, report["errors"]
    assert figure(store, "吴忠", "proposals_received", 2024, 2024)["value"] == 7


@pytest.mark.parametrize(
    ("typed", "asked"),
    [("0.997", "0.997 是 99.7% 吗"), (0.5, "0.5 是 50% 吗"), ("0.08", "0.08 是 8% 吗")],
)
def test_a_fraction_for_a_percentage_is_questioned(store, tmp_path, capsys, typed, asked):
    data = xlsx_bytes([row(metric="提案办复率", value=typed)])
    before = state(store)
    status, report = _import(capsys, tmp_path, "rate.xlsx", data)
    assert status == 1
    [error] = report["errors"]
    assert (error["row"], error["column"]) == (2, "数值")
    assert asked in error["message"].replace("“", "").replace("”", "")
    assert state(store) == before


@pytest.mark.parametrize("typed", ["99.7%", "99.7", "0.5%"])
def test_a_percentage_written_as_one_is_taken(store, tmp_path, capsys, typed):
    status, report = _import(
        capsys, tmp_path, "rate.csv", csv_bytes([row(metric="提案办复率", value=typed)])
    )
    assert status == 0, report["errors"]


INVISIBLE = [
    *range(0x200B, 0x2010),
    0x061C,
    0x2028,
    0x2029,
    0xFEFF,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2060,
    0x00AD,
    0x180E,
    0x0000,
    0x007F,
    0x0085,
]


@pytest.mark.parametrize("code", INVISIBLE, ids=lambda code: f"U+{code:04X}")
@pytest.mark.parametrize("column", ["委员会", "指标", "限定", "来源", "原文摘录", "备注"])
def test_an_invisible_character_in_any_text_cell_is_named_with_its_place(
    store, tmp_path, capsys, code, column
):
    values = dict(
        zip(COLUMNS, row(qualifier="精确", quote="收到提案415件", note="另见附表"), strict=True)
    )
    values[column] = values[column][:2] + chr(code) + values[column][2:]
    before = sha256(store)
    status, report = _import(capsys, tmp_path, "x.csv", csv_bytes([list(values.values())]))
    assert status == 1
    messages = [e["message"] for e in report["errors"] if e["column"] == column]
    assert any(f"U+{code:04X}" in m and "第3个字符处" in m for m in messages), report["errors"]
    assert sha256(store) == before


def test_every_format_character_is_refused():
    """The class, not a list: every code point Unicode calls a format character."""
    from cppcc.upload.validate import control_message

    for code in range(0x110000):
        char = chr(code)
        if unicodedata.category(char) in ("Cf", "Zl", "Zp"):
            assert control_message("银川" + char), f"U+{code:04X}"
    assert control_message("银川市政协（２０２４）\t年\n工作报告") is None


def test_a_catalogue_name_with_a_zero_width_space_is_refused(store):
    fields = {"adcode": "640999", "name_zh": "测试\u200b县政协", "short_zh": "测试县",
              "name_en": "Test", "level": "county", "parent_adcode": "640100"}  # fmt: skip
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.add_committee(store, fields)
    assert "全称含有不可见的字符 U+200B（零宽空格）（第3个字符处）" in str(refused.value)


def test_text_is_stored_as_written_and_matched_in_one_form(store, tmp_path, capsys):
    written = "银川市政协（２０２４）年工作报告"
    status, report = _import(capsys, tmp_path, "a.csv", csv_bytes([row(source=written)]))
    assert status == 0, report["errors"]
    assert figure(store, "银川", "proposals_received", 2024, 2024)["source"] == written
    # the same report typed with half-width digits and brackets is the same report
    again = csv_bytes(
        [row(source="银川市政协(2024)年工作报告", metric="立案（合并交办）提案", value="3")]
    )
    status, report = _import(capsys, tmp_path, "b.csv", again)
    assert status == 0, report["errors"]
    assert figure(store, "银川", "proposals_accepted", 2024, 2024)["source"] == written


def _big5() -> bytes:
    header = ["委員會", "指標", "起始年份", "截止年份", "數值", "限定", "來源", "原文摘錄", "備註"]
    values = ["銀川", "收到提案", 2024, "", 415, "", "銀川市政協2024年工作報告", "", ""]
    return csv_text([values], header=header).encode("big5")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_big5(), ["Big5"]),
        (csv_text([row()]).encode("utf-16-le"), ["UTF-16"]),
        (csv_text([row()], delimiter=";").encode(), ["“;”分隔"]),
    ],
    ids=["big5", "utf-16-without-bom", "semicolons"],
)  # fmt: skip
def test_a_file_in_another_encoding_or_separator_is_told_so(store, tmp_path, capsys, data, words):
    status, report = _import(capsys, tmp_path, "x.csv", data)
    assert status == 1
    [error] = report["errors"]
    for word in words:
        assert word in error["message"], error["message"]


def test_utf16_with_commas_is_read(store, tmp_path, capsys):
    status, report = _import(capsys, tmp_path, "x.csv", csv_text([row()]).encode("utf-16"))
    assert status == 0, report["errors"]


def test_pipeline_refuses_a_hidden_sheet_too(store):
    data = _book(("隐藏", "hidden", [row(value="999")]), ("数据", "visible", [row()]))
    with db.connect(store) as con:
        result = pipeline.preview(con, "a.xlsx", data)
    assert not result.ok and "隐藏" in result.problems[0].message
