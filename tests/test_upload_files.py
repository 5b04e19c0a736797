"""The bad-file corpus: every way an upload goes wrong is refused as a whole, with the
row as Excel numbers it, the column, and a Chinese message saying what to fix; the
store stays byte-for-byte as it was. And the files Excel really saves are accepted."""

import io

import pytest
from openpyxl import Workbook

from cppcc.cli import commands
from cppcc.upload import pipeline
from cppcc.upload.importing import COLUMNS, MAX_BYTES, MAX_ROWS
from cppcc.upload.parsing import normalise
from tests.conftest import run_cli
from tests.upload_corpus import (
    SOURCE,
    cli_main,
    csv_bytes,
    csv_text,
    figure,
    json_line,
    million_rows,
    row,
    sha256,
    state,
    with_cached_values,
    with_dimension,
    xlsx_bytes,
    zip_bomb,
)


def _too_big() -> bytes:
    data = csv_bytes([row(quote="收到提案415件。" * 20)] * 11000)
    assert len(data) > MAX_BYTES
    return data


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def _header(replace: dict | None = None, drop=(), add=()) -> list:
    header = [(replace or {}).get(name, name) for name in COLUMNS if name not in drop]
    return header + list(add)


def _several_errors() -> list[list]:
    # Excel row numbers: 1 header, 2 good, 3 blank, 4 unknown committee, 5 blank,
    # 6 bad value and no source, 7 the same figure as row 2
    return [
        row(),
        [],
        row(committee="石嘴三", start=2023),
        ["", " ", "", "", "", "", "", "", ""],
        row(start=2022, value="abc", source=""),
        row(value="416"),
    ]


SEVERAL = [
    (4, "委员会", ["石嘴三", "是不是"]),
    (6, "数值", ["abc", "不是数字"]),
    (6, "来源", ["缺少来源"]),
    (7, "指标", ["第2行", "同一"]),
]

BAD = [
    pytest.param("big.csv", _too_big, [(0, "文件", ["太大", "5 MB"])], id="too-big"),
    pytest.param(
        "数据.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
        [(0, "文件", [".xls", "另存为", ".xlsx"])],
        id="old-xls",
    ),
    pytest.param(
        "报告.pdf",
        lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        [(0, "文件", ["不支持的文件类型", "报告.pdf", ".xlsx", ".csv"])],
        id="pdf",
    ),
    pytest.param("empty.csv", lambda: b"", [(0, "文件", ["空"])], id="empty-csv"),
    pytest.param("empty.xlsx", lambda: b"", [(0, "文件", ["无法打开"])], id="empty-xlsx-file"),
    pytest.param("blank.xlsx", _empty_workbook, [(0, "文件", ["空"])], id="blank-workbook"),
    pytest.param(
        "header.csv", lambda: csv_bytes([]), [(0, "文件", ["只有表头"])], id="header-only-csv"
    ),
    pytest.param(
        "header.xlsx", lambda: xlsx_bytes([]), [(0, "文件", ["只有表头"])], id="header-only-xlsx"
    ),
    pytest.param(
        "blank-rows.csv",
        lambda: csv_bytes([[], [""] * 9, [" "] * 9]),
        [(0, "文件", ["只有表头"])],
        id="header-and-blank-rows",
    ),
    pytest.param(
        "wrong-header.csv",
        lambda: csv_bytes([row()], header=_header({"委员会": "单位"})),
        [(0, "文件", ["第1行表头", "缺少列：委员会", "无法识别的列：单位", "模板"])],
        id="wrong-header-column",
    ),
    pytest.param(
        "missing.csv",
        lambda: csv_bytes([row()[:6] + row()[7:]], header=_header(drop=["来源"])),
        [(0, "文件", ["第1行表头", "缺少列：来源"])],
        id="missing-header-column",
    ),
    pytest.param(
        "extra.xlsx",
        lambda: xlsx_bytes([[*row(), "张三"]], header=_header(add=["联系人"])),
        [(0, "文件", ["第1行表头", "无法识别的列：联系人"])],
        id="extra-header-column",
    ),
    pytest.param(
        "no-header.csv",
        lambda: csv_bytes([row(start=2023)], header=row()),
        [(0, "文件", ["第1行表头", "缺少列"])],
        id="data-in-row-1",
    ),
    pytest.param(
        "garbled.csv",
        lambda: csv_bytes([row()]) + b"\x81\xff\xfe\x80",
        [(0, "文件", ["编码", "另存为"])],
        id="undecodable-bytes",
    ),
    pytest.param(
        "damaged.xlsx",
        lambda: xlsx_bytes([row()])[:2000],
        [(0, "文件", ["无法打开", "损坏", ".xlsx"])],
        id="damaged-xlsx",
    ),
    pytest.param(
        "renamed.xlsx",
        lambda: csv_bytes([row()]),
        [(0, "文件", ["无法打开"])],
        id="csv-named-xlsx",
    ),
    pytest.param(
        "formula.xlsx",
        lambda: xlsx_bytes([row(value="=400+15")]),
        [(0, "文件", ["第2行", "公式", "没有计算结果", "保存"])],
        id="uncalculated-formula",
    ),
    pytest.param(
        "committee.csv",
        lambda: csv_bytes([row(committee="石嘴三")]),
        [(2, "委员会", ["找不到委员会“石嘴三”", "是不是“石嘴山市政协”"])],
        id="unknown-committee",
    ),
    pytest.param(
        "blank-committee.csv",
        lambda: csv_bytes([row(committee="")]),
        [(2, "委员会", ["委员会为空"])],
        id="blank-committee",
    ),
    pytest.param(
        "metric.csv",
        lambda: csv_bytes([row(metric="收到提按")]),
        [(2, "指标", ["找不到指标“收到提按”", "是不是“收到提案”"])],
        id="unknown-metric",
    ),
    pytest.param(
        "text-value.csv",
        lambda: csv_bytes([row(value="很多")]),
        [(2, "数值", ["很多", "不是数字", "60余"])],
        id="non-numeric-value",
    ),
    pytest.param(
        "blank-value.xlsx",
        lambda: xlsx_bytes([row(value=None)]),
        [(2, "数值", ["数值为空"])],
        id="blank-value",
    ),
    pytest.param(
        "negative.csv",
        lambda: csv_bytes([row(value="-5")]),
        [(2, "数值", ["-5", "负数"])],
        id="negative-value",
    ),
    pytest.param(
        "rate.csv",
        lambda: csv_bytes([row(metric="proposals_reply_rate", value="120")]),
        [(2, "数值", ["120%", "超过 100%"])],
        id="percentage-over-100",
    ),
    pytest.param(
        "rate.xlsx",
        lambda: xlsx_bytes([row(metric="提案办复率", value=120.5)]),
        [(2, "数值", ["120.5%", "超过 100%"])],
        id="percentage-over-100-xlsx",
    ),
    pytest.param(
        "period.csv",
        lambda: csv_bytes([row(start="2024", end="2022")]),
        [(2, "截止年份", ["2024", "晚于", "2022", "对调"])],
        id="start-after-end",
    ),
    pytest.param(
        "period-cells.csv",
        lambda: csv_bytes([row(start="2022-2023", end="2024")]),
        [(2, "起始年份", ["2022-2023", "2024", "不一致"])],
        id="period-cells-disagree",
    ),
    pytest.param(
        "1800.csv",
        lambda: csv_bytes([row(start="1800")]),
        [(2, "起始年份", ["1800", "不在", "1949"])],
        id="year-1800",
    ),
    pytest.param(
        "2999.xlsx",
        lambda: xlsx_bytes([row(start=2999)]),
        [(2, "起始年份", ["2999", "不在"])],
        id="year-2999",
    ),
    pytest.param(
        "year.csv",
        lambda: csv_bytes([row(start="24年")]),
        [(2, "起始年份", ["不是年份", "四位数字"])],
        id="two-digit-year",
    ),
    pytest.param(
        "duplicate.csv",
        lambda: csv_bytes([row(), row(start="2024年", value="416")]),
        [(3, "指标", ["第2行", "同一委员会、同一指标、同一期间", "只保留一行"])],
        id="duplicate-rows",
    ),
    pytest.param(
        "accepted.csv",
        lambda: csv_bytes([row(value="100"), row(metric="立案（合并交办）提案", value="150")]),
        [(3, "数值", ["立案", "150", "多于收到提案", "100", "2024"])],
        id="accepted-over-received-in-file",
    ),
    pytest.param(
        "accepted-store.csv",
        lambda: csv_bytes(
            [row(committee="石嘴山", metric="proposals_accepted", start=2023, value="500")]
        ),
        [(2, "数值", ["500", "多于收到提案", "350", "2023"])],  # the fixture's 350
        id="accepted-over-stored-received",
    ),
    pytest.param(
        "received-store.csv",
        lambda: csv_bytes([row(committee="石嘴山", start=2022, value="200")]),
        [(2, "数值", ["240", "多于收到提案", "200"])],  # the fixture's 240 accepted
        id="received-under-stored-accepted",
    ),
    pytest.param(
        "source.csv",
        lambda: csv_bytes([row(source="")]),
        [(2, "来源", ["缺少来源", "报告"])],
        id="missing-source",
    ),
    pytest.param(
        "qualifier.csv",
        lambda: csv_bytes([row(value="60余", qualifier="精确")]),
        [(2, "限定", ["精确", "60余", "一致"])],
        id="qualifier-contradicts-value",
    ),
    pytest.param(
        "qualifier-word.csv",
        lambda: csv_bytes([row(qualifier="大概")]),
        [(2, "限定", ["大概", "精确、不少于 或 约"])],
        id="unknown-qualifier",
    ),
    pytest.param(
        "several.csv", lambda: csv_bytes(_several_errors()), SEVERAL, id="several-errors-csv"
    ),
    # hostile files: bounded reading, control characters, lengths, implausible values
    pytest.param(
        "bomb.xlsx", zip_bomb, [(0, "文件", ["解压后", "150 MB", "上限 100 MB"])], id="zip-bomb"
    ),
    pytest.param(
        "million.xlsx",
        million_rows,
        [(0, "文件", [f"超过上限 {MAX_ROWS:,} 行", f"第{MAX_ROWS + 2:,}行", "分成几个文件"])],
        id="million-rows-xlsx",
    ),
    pytest.param(
        "long.csv",
        lambda: csv_bytes(
            [row(committee="640100", metric="proposals_received", source="x")] * (MAX_ROWS + 5)
        ),
        [(0, "文件", [f"超过上限 {MAX_ROWS:,} 行", f"第{MAX_ROWS + 2:,}行", "分成几个文件"])],
        id="over-row-limit-csv",
    ),
    pytest.param(
        "nul.csv",
        lambda: csv_bytes([row(source="银川市政协\x00工作报告")]),
        [(2, "来源", ["控制字符 U+0000", "第6个字符", "删去"])],
        id="nul-in-source",
    ),
    pytest.param(
        "bidi.csv",
        lambda: csv_bytes([row(quote="收到提案\u202e514件")]),
        [(2, "原文摘录", ["控制字符 U+202E"])],
        id="bidi-override-in-quote",
    ),
    pytest.param(
        "long-quote.csv",
        lambda: csv_bytes([row(quote="收到提案415件。" * 1111 + "收")]),
        [(2, "原文摘录", ["10000 个字", "上限 500"])],
        id="quote-of-10000-characters",
    ),
    pytest.param(
        "long-source.xlsx",
        lambda: xlsx_bytes([row(), row(start=2023, source="报" * 201)]),
        [(3, "来源", ["201 个字", "上限 200", "标题"])],
        id="source-over-200",
    ),
    pytest.param(
        "long-note.csv",
        lambda: csv_bytes([row(note="注" * 501)]),
        [(2, "备注", ["501 个字", "上限 500"])],
        id="note-over-500",
    ),
    pytest.param(
        "huge.xlsx",
        lambda: xlsx_bytes([row(value=1e308)]),
        [(2, "数值", ["太大", "不是一个实际的数量"])],
        id="1e308-number-cell",
    ),
    pytest.param(
        "count.csv",
        lambda: csv_bytes([row(value="5000000")]),
        [(2, "数值", ["5,000,000件", "上限 1,000,000件"])],
        id="count-over-ceiling",
    ),
    pytest.param(
        "several.xlsx", lambda: xlsx_bytes(_several_errors()), SEVERAL, id="several-errors-xlsx"
    ),
]


@pytest.fixture(scope="session")
def pristine(built_store):
    """The bytes and contents of a fresh store, which every ``store`` starts as."""
    return sha256(built_store), state(built_store)


@pytest.mark.parametrize(("name", "make", "expected"), BAD)
def test_bad_file_is_refused_and_the_store_is_untouched(
    store, pristine, tmp_path, capsys, name, make, expected
):
    path = tmp_path / name
    path.write_bytes(make())
    before_bytes, before = pristine
    assert sha256(store) == before_bytes

    status, out, _ = cli_main(capsys, "import", path, "--json")

    assert status == 1
    report = json_line(out)
    assert report["ok"] is False and report["batch_id"] is None
    assert report["new"] == report["changed"] == 0
    errors = report["errors"]
    found = [(error["row"], error["column"]) for error in errors]
    assert found == [(row_number, column) for row_number, column, _ in expected], errors
    for error, (_, _, words) in zip(errors, expected, strict=True):
        for word in words:
            assert word in error["message"], error["message"]
    assert sha256(store) == before_bytes
    assert state(store) == before
    assert before["batches"] == []


def test_problems_print_with_row_and_column_for_people(store, tmp_path):
    """The real ``python -m cppcc`` process, as staff run it."""
    path = tmp_path / "several.csv"
    path.write_bytes(csv_bytes(_several_errors()))
    before = sha256(store)
    result = run_cli("import", str(path))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert [line.split("：", 1)[0] for line in lines] == [
        "第4行【委员会】",
        "第6行【数值】",
        "第6行【来源】",
        "第7行【指标】",
    ]
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert sha256(store) == before


def test_a_file_problem_prints_without_a_row(store, tmp_path, capsys):
    path = tmp_path / "数据.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    status, _, err = cli_main(capsys, "import", path)
    assert status == 1
    assert err.startswith("文件：不支持旧版 .xls 文件")


def test_a_missing_file_is_a_usage_mistake(store, tmp_path):
    result = run_cli("import", str(tmp_path / "没有这个文件.xlsx"), "--json")
    assert result.returncode == 2
    assert "找不到文件" in result.stderr and "没有这个文件.xlsx" in result.stderr
    assert state(store)["batches"] == []


def test_upload_import_file_refuses_the_same_way(store):
    """The page calls the pipeline directly: same problems, nothing written."""
    before = commands.all_figures(store)
    result, batch_id = pipeline.import_file(
        store, "several.xlsx", xlsx_bytes(_several_errors()), user="tester"
    )
    assert batch_id is None and not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(r, c) for r, c, _ in SEVERAL]
    assert commands.all_figures(store) == before


# --- files that must be accepted -------------------------------------------------------

ROWS = [
    row(),
    row(metric="立案（合并交办）提案", value="200件"),
    row(metric="consultation_activities", start="2022-2023", value="60余", quote="开展协商活动60余次"),
]  # fmt: skip
EXPECTED = [
    ("proposals_received", 2024, 2024, 415, "exact"),
    ("proposals_accepted", 2024, 2024, 200, "exact"),
    ("consultation_activities", 2022, 2023, 60, "at_least"),
]


def _full_width(cell):
    return str(cell).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))


def _padded(rows) -> list[list]:
    return [[f" {cell}\u3000 " if cell != "" else "  " for cell in values] for values in rows]


def _typed_rows() -> list[list]:
    """What Excel stores when the cells are typed: numbers as numbers, blanks as None."""
    return [
        ["银川", "收到提案", 2024, None, 415, None, SOURCE, None, None],
        ["银川市", "立案（合并交办）提案", 2024, 2024, 200, "精确", SOURCE, None, None],
        ["640100", "协商活动", 2022, 2023, "60余", None, SOURCE, "开展协商活动60余次", None],
    ]


def _cached_formula() -> bytes:
    rows = [[*values[:5], "精确", SOURCE, "摘录", "备注"] for values in _typed_rows()[:2]]
    rows[0][3:5] = [2024, "=400+15"]  # every cell filled: see the xfail below
    return with_cached_values(xlsx_bytes(rows), {"E2": "415"})


GOOD = [
    pytest.param("utf8.csv", lambda: csv_bytes(ROWS), EXPECTED, id="utf-8"),
    pytest.param(
        "bom.csv", lambda: csv_bytes(ROWS, encoding="utf-8-sig"), EXPECTED, id="utf-8-bom"
    ),
    pytest.param("gbk.csv", lambda: csv_bytes(ROWS, encoding="gbk"), EXPECTED, id="gbk"),
    pytest.param(
        "gb18030.csv", lambda: csv_bytes(ROWS, encoding="gb18030"), EXPECTED, id="gb18030"
    ),
    pytest.param(
        "unicode.txt",
        lambda: csv_bytes(ROWS, encoding="utf-16", delimiter="\t"),
        EXPECTED,
        id="utf-16-tab-txt",
    ),
    pytest.param(
        "unicode.csv",
        lambda: b"\xfe\xff" + csv_bytes(ROWS, encoding="utf-16-be", delimiter="\t"),
        EXPECTED,
        id="utf-16-be-tab",
    ),
    pytest.param(
        "lf.csv", lambda: csv_text(ROWS).replace("\r\n", "\n").encode(), EXPECTED, id="lf-line-ends"
    ),
    pytest.param(
        "spaces.csv",
        lambda: csv_bytes(_padded(ROWS), header=[f"{name} " for name in COLUMNS]),
        EXPECTED,
        id="trailing-spaces",
    ),
    pytest.param(
        "fullwidth.csv",
        lambda: csv_bytes([[_full_width(cell) for cell in values] for values in ROWS]),
        EXPECTED,
        id="full-width-digits",
    ),
    pytest.param(
        "blank-lines.csv",
        lambda: csv_bytes([[], ROWS[0], [], [], ROWS[1], [""] * 9, ROWS[2], [], []]),
        EXPECTED,
        id="csv-blank-rows",
    ),
    pytest.param(
        "reordered.csv",
        lambda: csv_bytes([values[::-1] for values in ROWS], header=COLUMNS[::-1]),
        EXPECTED,
        id="columns-in-another-order",
    ),
    pytest.param(
        "required.csv",
        lambda: csv_bytes(
            [[*values[:5], values[6]] for values in ROWS],
            header=["委员会", "指标", "起始年份", "截止年份", "数值", "来源"],
        ),
        EXPECTED,
        id="only-required-columns",
    ),
    pytest.param("text.xlsx", lambda: xlsx_bytes(ROWS), EXPECTED, id="xlsx-numbers-as-text"),
    pytest.param("typed.xlsx", lambda: xlsx_bytes(_typed_rows()), EXPECTED, id="xlsx-typed-cells"),
    pytest.param(
        "gaps.xlsx",
        lambda: xlsx_bytes([[], ROWS[0], [], ROWS[1], [None] * 9, ROWS[2], [], []]),
        EXPECTED,
        id="xlsx-blank-rows",
    ),
    pytest.param("cached.xlsx", _cached_formula, EXPECTED[:2], id="xlsx-formula-with-cached-value"),
    pytest.param(
        "dimension.xlsx",
        lambda: with_dimension(xlsx_bytes(ROWS), "A1"),
        EXPECTED,
        id="xlsx-that-claims-only-A1-is-used",
    ),
    pytest.param(
        "tab.txt",
        lambda: csv_bytes(ROWS, encoding="gbk", delimiter="\t"),
        EXPECTED,
        id="gbk-tab-txt",
    ),
    pytest.param(
        "percent.xlsx",
        lambda: xlsx_bytes(
            [["银川", "提案办复率", 2024, None, 1, None, SOURCE, None, None]], formats={"E2": "0%"}
        ),
        [("proposals_reply_rate", 2024, 2024, 100, "exact")],
        id="xlsx-percent-formatted-cell",
    ),
    pytest.param(
        "cached-blank.xlsx",
        lambda: with_cached_values(xlsx_bytes([row(value="=400+15")]), {"E2": "415"}),
        EXPECTED[:1],
        id="xlsx-formula-with-cached-value-and-blank-cells",
    ),
]


@pytest.mark.parametrize(("name", "make", "expected"), GOOD)
def test_files_excel_saves_are_imported(store, tmp_path, capsys, name, make, expected):
    path = tmp_path / name
    path.write_bytes(make())
    status, out, _ = cli_main(capsys, "import", path, "--json", "--user", "张三")
    report = json_line(out)
    assert report["ok"] is True, report["errors"]
    assert status == 0
    assert (report["new"], report["changed"], report["batch_id"]) == (len(expected), 0, 1)
    for metric, start, end, value, qualifier in expected:
        shown = figure(store, "银川", metric, start, end)
        assert shown is not None, (metric, start, end)
        assert (shown["value"], shown["qualifier"]) == (value, qualifier)
        # kept as written (full-width digits stay full-width), the same report in one form
        assert (normalise(shown["source"]), shown["origin"]) == (SOURCE, "uploaded")


def test_gb18030_keeps_characters_gbk_lacks(store, tmp_path, capsys):
    quote = "𠀀㐀收到提案415件"  # CJK extensions: GB18030 has them, GBK does not
    path = tmp_path / "gb18030.csv"
    path.write_bytes(csv_bytes([row(quote=quote)], encoding="gb18030"))
    assert cli_main(capsys, "import", path)[0] == 0
    assert figure(store, "银川", "proposals_received", 2024)["quote"] == quote


def test_a_quoted_line_break_keeps_excel_row_numbers(store, tmp_path, capsys):
    text = csv_text([row(quote="收到提案\n415件"), row(start=2023, value="abc")])
    path = tmp_path / "multiline.csv"
    path.write_text(text, encoding="utf-8", newline="")
    report = json_line(cli_main(capsys, "import", path, "--json")[1])
    # Excel shows the two-line cell in one row, so the bad value is on row 3
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(3, "数值")]


def test_a_column_named_twice_is_refused(store, tmp_path, capsys):
    path = tmp_path / "twice.csv"
    path.write_bytes(csv_bytes([[*row(), "999"]], header=[*COLUMNS, "数值"]))
    report = json_line(cli_main(capsys, "import", path, "--json")[1])
    assert report["ok"] is False and "数值" in report["errors"][0]["message"]
    assert figure(store, "银川", "proposals_received", 2024) is None
