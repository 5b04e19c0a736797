"""A collection round on the PostgreSQL store: opened in one transaction, read from an
app server's snapshot, and returned by an account bound to its committee, whose binding
lives in the shared accounts table."""

import io

import psycopg
from openpyxl import load_workbook

from cppcc.collect import board, workbook
from cppcc.collect import round as rounds
from cppcc.store import db, postgres
from cppcc.upload import access, accounts, binding, pipeline


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


def test_a_store_made_before_rounds_were_audited_gains_the_event(pg_store):
    """An app server or a command starting on a PostgreSQL store whose audit log's check
    predates a round's opening (``db.ensure_built``) widens it, entries kept; the
    opening is then audited in its own transaction."""
    with psycopg.connect(pg_store, autocommit=True) as raw:
        raw.execute("alter table audit_log drop constraint audit_log_event_check")
        raw.execute(
            "alter table audit_log add constraint audit_log_event_check check (event in "
            "('signin', 'signin_failed', 'apply', 'revert', 'catalogue', 'role_refused'))"
        )
        raw.execute("insert into audit_log (event, user_name, detail) values ('signin', '甲', 'x')")
    db.ensure_built(pg_store)
    opened = rounds.open_round(pg_store, user="甲", years=[2025], committees=["吴忠"])
    found = [(e["entry_id"], e["event"], e["user_name"]) for e in access.entries(pg_store)]
    assert found == [(2, "round_open", "甲"), (1, "signin", "甲")]
    assert access.entries(pg_store)[0]["detail"].startswith(
        f"开启数据征集第 {opened['round_id']} 轮：2025 年，1 个委员会"
    )
