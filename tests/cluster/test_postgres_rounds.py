"""A collection round on the PostgreSQL store: opened in one transaction, read from an
app server's snapshot, and returned by an account bound to its committee, whose binding
lives in the shared accounts table."""

import io

from openpyxl import load_workbook

from cppcc.collect import board, workbook
from cppcc.collect import round as rounds
from cppcc.store import db, postgres
from cppcc.upload import accounts, binding, pipeline


def test_a_round_on_postgresql(pg_store, monkeypatch, tmp_path):
    monkeypatch.setenv("CPPCC_STORE", pg_store)
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    before = postgres.version(pg_store)
    opened = rounds.open_round(pg_store, user="甲", years=[2025], committees=["吴忠", "固原"])
    assert postgres.version(pg_store) == before + 1 and opened["n_committees"] == 2
    accounts.add_user("吴忠录入", "correct-horse-9", committees=["640300"])
    assert accounts.committees_of("吴忠录入") == ["640300"]
    with db.connect(pg_store) as snapshot:
        books = dict(workbook.workbooks(snapshot, opened["round_id"]))
        committees, _ = pipeline.catalogue(snapshot)
    scope = binding.scope_for("吴忠录入", "entry", accounts.committees_of("吴忠录入"), committees)
    for name, data in books.items():
        book = load_workbook(io.BytesIO(data))
        book["数据"]["E2"] = 315
        buffer = io.BytesIO()
        book.save(buffer)
        result, batch = pipeline.import_file(
            pg_store, name, buffer.getvalue(), user="吴忠录入", scope=scope
        )
        assert (batch is not None) == name.endswith("_吴忠.xlsx"), result.problems
    with db.connect(pg_store) as snapshot:
        rows = {r["committee"]: r for r in board.board(snapshot, opened["round_id"])}
    assert rows["吴忠"]["user"] == "吴忠录入" and rows["吴忠"]["filled"] == 1
    assert rows["固原"]["returned_at"] is None and rows["固原"]["filled"] == 0
