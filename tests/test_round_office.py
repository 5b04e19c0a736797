"""A round's workbook opened in LibreOffice (Debian's, installed by ``make test``):
converted to PDF it shows its Chinese rows and guide; saved again as .xlsx by Calc it
keeps its validation rules, its locked cells and its round mark, and, filled in, comes
back as an ordinary upload with its empty cells 未报告."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from cppcc.collect import marker, workbook
from cppcc.collect import round as rounds
from cppcc.store import db
from cppcc.upload import binding, pipeline
from tests.test_office import _tool

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent / "artifacts" / "office"
YEAR = date.today().year - 1


@pytest.fixture(scope="module")
def resaved(built_store, tmp_path_factory):
    """吴忠's workbook, as generated and as LibreOffice Calc saved it again."""
    folder = tmp_path_factory.mktemp("round_office")
    store = folder / "store.duckdb"
    shutil.copy(built_store, store)
    opened = rounds.open_round(store, user="甲", years=[YEAR], committees=["吴忠"])
    with db.connect(store) as con:
        (_, data), = workbook.workbooks(con, opened["round_id"])  # fmt: skip
    source = folder / "in" / "吴忠.xlsx"
    source.parent.mkdir()
    source.write_bytes(data)
    soffice = _tool("soffice")
    profile = f"-env:UserInstallation=file://{folder}/profile"
    for target in ("xlsx:Calc MS Excel 2007 XML", "pdf"):
        subprocess.run(
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=240,
        )  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(folder / "吴忠.pdf", ARTIFACTS / "round_workbook.pdf")
    return store, opened, data, (folder / "吴忠.xlsx").read_bytes(), folder / "吴忠.pdf"


def test_the_workbook_reads_in_chinese_in_libreoffice(resaved):
    *_, pdf = resaved
    words = subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"], check=True, capture_output=True,
        text=True, timeout=60,
    ).stdout  # fmt: skip
    for expected in ("委员会", "收到提案", "数据征集报送", "留空表示“未报告”", "单位"):
        assert expected in words, expected


def test_calc_keeps_the_rules_the_locks_and_the_round_mark(resaved):
    _, opened, original, again, _ = resaved
    assert marker.read("吴忠.xlsx", again) == {"round": opened["round_id"], "adcode": "640300"}

    def rules(data):
        """Each cell's rule (type and bounds) and lock; Calc writes the same ranges in
        its own way (E2:E5 for E2 E3 E4 E5, 指标!… for '指标'!…)."""
        sheet = load_workbook(io.BytesIO(data))["数据"]
        found = {}
        for rule in sheet.data_validations.dataValidation:
            bounds = (
                rule.formula1.replace("'", ""),
                rule.formula2 if rule.type != "list" else None,
            )
            for cells in rule.sqref.ranges:
                for number, column in cells.cells:
                    found[(number, column)] = (rule.type, *bounds)
        locks = {c.coordinate: c.protection.locked for line in sheet.iter_rows() for c in line}
        return sheet.protection.sheet, found, locks

    protected, found, locks = rules(again)
    assert protected and {kind for kind, *_ in found.values()} == {"whole", "decimal", "list"}
    _, expected, original_locks = rules(original)
    assert found == expected
    typed = [c for c, locked in original_locks.items() if c[0] == "E" and c != "E1" and not locked]
    assert typed and all((int(c[1:]), 5) in found for c in typed), "a 数值 cell lost its rule"
    assert all(original_locks.get(cell, True) == locked for cell, locked in locks.items())
    assert not locks["E2"] and locks["A2"]


def test_a_workbook_filled_and_saved_by_calc_is_an_ordinary_upload(resaved):
    store, opened, _, again, _ = resaved
    book = load_workbook(io.BytesIO(again))
    sheet = book["数据"]
    sheet["E2"] = 315  # 收到提案, the first asked row
    buffer = io.BytesIO()
    book.save(buffer)
    with db.connect(store) as con:
        scope = binding.scope_for("乙", "entry", ["640300"], pipeline.catalogue(con)[0])
        result = pipeline.preview(con, "吴忠.xlsx", buffer.getvalue(), scope)
    assert result.ok, result.problems
    assert [(c.figure.metric, c.figure.value) for c in result.new] == [("proposals_received", 315)]
    assert result.not_reported == opened["n_asked"] - 1
