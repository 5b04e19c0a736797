"""On a PostgreSQL store: any sequence of uploads, undos, catalogue changes and curated
rebuilds leaves every page working (the same sequences as tests/test_store_sequences.py
on a DuckDB file), and a store written by the version before ``batch_reverts`` is
repaired in one transaction with every batch kept."""

import psycopg
from hypothesis import HealthCheck, example, given, settings

from cppcc.store import db, postgres
from cppcc.upload import pipeline
from tests.store_sequences import ROUND_THEN_UNDO, run_sequence, sequences, upload_undo_scenario


@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=sequences)
@example(steps=ROUND_THEN_UNDO)
def test_every_sequence_of_writes_leaves_every_page_working_on_postgresql(pg_store, steps):
    # the examples share one database: each ends by undoing every upload, so the next
    # starts from the curated figures again (a committee it adds stays, as in real use)
    run_sequence(pg_store, steps, "CPPCC_STORE")


def test_upload_undo_refused_undo_upload_undo_on_postgresql(pg_store):
    upload_undo_scenario(pg_store, "CPPCC_STORE")


def _history(url) -> list[tuple]:
    with db.connect(url) as con:
        return [
            (b["batch_id"], b["kind"], b["reverts_batch"], b["reverted_by"])
            for b in pipeline.batches(con)
        ]


def test_a_store_of_the_earlier_layout_is_repaired_with_every_batch(pg_store):
    # the layout the earlier version made (queries/postgres_schema.sql at 9ea0acf): the
    # revert's link a column of batches referring to batches, no batch_reverts
    with psycopg.connect(pg_store, autocommit=True) as con:
        con.execute("drop table batch_reverts")
        con.execute(
            "alter table batches add column reverts_batch integer references batches (batch_id)"
        )
        con.execute("insert into batches (kind, user_name, n_new) values ('upload', '张三', 1)")
        con.execute(
            "insert into batches (kind, user_name, n_changed, reverts_batch) "
            "values ('revert', '李四', 1, 1)"
        )
        con.execute("insert into batches (kind, user_name, n_new) values ('upload', '张三', 0)")
    before = postgres.version(pg_store)

    said = db.repair(pg_store)
    assert "已就地修复" in said and "批次 3 个，其中撤销 1 个" in said
    assert _history(pg_store) == [
        (3, "upload", None, None),
        (2, "revert", 1, None),
        (1, "upload", None, 2),
    ]
    with psycopg.connect(pg_store) as con:
        columns = con.execute(
            "select column_name from information_schema.columns where table_name = 'batches'"
        ).fetchall()
    assert ("reverts_batch",) not in columns
    assert postgres.version(pg_store) == before + 1  # every app server copies it again
    assert db.repair(pg_store) is None
    db.snapshot(pg_store).close()
    assert pipeline.revert(pg_store, 3, user="李四") == 4
