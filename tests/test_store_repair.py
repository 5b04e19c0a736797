"""A store made by the version before ``batch_reverts`` (``batches.reverts_batch`` referred
to ``batches`` itself, and a snapshot failed once a batch was undone) opens again after
``build-db`` or the app's start repairs it, with every upload kept."""

from pathlib import Path

import duckdb
import pytest

from cppcc.store import db, sql
from cppcc.upload import pipeline
from tests.conftest import run_cli
from tests.test_pages import PAGES, app, visit
from tests.upload_corpus import figure

FIXTURES = Path(__file__).parent / "fixtures"
# the schema as the earlier version wrote it (commit 9ea0acf), kept as a test fixture
OLD_SCHEMA = FIXTURES / "schema_before_batch_reverts.sql"

# what the earlier version wrote for: an upload of 银川's 2024 proposals (batch 1), its
# undo (batch 2, which removed the figure and its report), and an upload of 银川's 2023
# proposals that stands (batch 3)
OLD_WRITES = """
insert into batches (kind, user_name, file_name, n_new) values ('upload', '张三', 'a.csv', 1);
insert into batches (kind, user_name, file_name, n_changed, reason, reverts_batch)
    values ('revert', '李四', 'a.csv', 1, '撤销批次 1', 1);
insert into figure_changes values (1, '640100', 'proposals_received', 2024, 2024, 'U1-1', null);
insert into batches (kind, user_name, file_name, n_new) values ('upload', '张三', 'b.csv', 1);
insert into sources (source_id, title, origin) values ('U3-1', '银川市政协2023年工作报告', 'uploaded');
insert into figure_changes values (3, '640100', 'proposals_received', 2023, 2023, 'U3-1', null);
insert into figures values ('640100', 'proposals_received', 2023, 2023, 300, 'exact', 'stated',
    'U3-1', '收到提案300件', null, 'uploaded', 3)
"""


def _statements(text: str) -> list[str]:
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";\n") if part.strip().strip(";")]


def make_old_store(path: Path, built_store: Path) -> Path:
    """A store file in the earlier version's layout, with the curated rows of
    ``built_store`` and the batches above: the state every page failed on."""
    con = duckdb.connect(str(path))
    try:
        for statement in _statements(OLD_SCHEMA.read_text(encoding="utf-8")):
            con.execute(statement)
        for statement in sql.statements("access_schema"):
            con.execute(statement)
        con.execute("attach $path as built (read_only)", {"path": str(built_store)})
        for table in ("committees", "metrics", "sources", "figures"):
            con.execute(f"insert into {table} select * from built.{table}")
        con.execute("detach built")
        for statement in _statements(OLD_WRITES):
            con.execute(statement)
    finally:
        con.close()
    return path


@pytest.fixture
def old_store(built_store, tmp_path, monkeypatch) -> Path:
    path = make_old_store(tmp_path / "ningxia.duckdb", built_store)
    monkeypatch.setenv("CPPCC_DB", str(path))
    # the fixture is the broken state itself: the earlier version's snapshot fails on it
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        db.snapshot(path)
    return path


def _history(path: Path) -> list[tuple]:
    with db.connect(path) as con:
        return [
            (b["batch_id"], b["kind"], b["user_name"], b["reverts_batch"], b["reverted_by"])
            for b in pipeline.batches(con)
        ]


KEPT = [
    (3, "upload", "张三", None, None),
    (2, "revert", "李四", 1, None),
    (1, "upload", "张三", None, 2),
]


def test_build_db_repairs_an_old_store_in_place_and_keeps_its_uploads(old_store):
    result = run_cli("build-db", env_db=old_store)
    assert result.returncode == 0, result.stderr
    said = result.stdout.splitlines()[0]
    assert "由旧版本生成" in said and "已就地修复" in said and "上传的数字 1 个" in said
    backups = list(old_store.parent.glob("ningxia.duckdb.bak-*"))
    assert len(backups) == 1 and str(backups[0]) in said
    # the backup is the store as it was, untouched
    with duckdb.connect(str(backups[0]), read_only=True) as con:
        assert con.execute("select reverts_batch from batches where batch_id = 2").fetchone() == (
            1,
        )

    db.snapshot(old_store).close()
    assert _history(old_store) == KEPT
    kept = figure(old_store, "银川", "proposals_received", 2023)
    assert (kept["value"], kept["origin"], kept["quote"]) == (300, "uploaded", "收到提案300件")
    assert figure(old_store, "银川", "proposals_received", 2024) is None

    # it works on as a store of this version: the standing upload can be undone, the
    # undone one cannot, and the next batch takes the next number
    with pytest.raises(pipeline.RevertRefused, match="已被批次 2 撤销"):
        pipeline.revert(old_store, 1, user="李四")
    assert pipeline.revert(old_store, 3, user="李四") == 4
    assert figure(old_store, "银川", "proposals_received", 2023) is None
    db.snapshot(old_store).close()

    again = run_cli("build-db", env_db=old_store)
    assert "修复" not in again.stdout  # once is enough


def test_the_app_repairs_an_old_store_at_start_and_every_page_opens(old_store, caplog):
    for page in PAGES:
        at = app(old_store)
        at.session_state["signin_user"] = "tester"
        visit(at, page)  # asserts no exception
        assert not at.error, [e.value for e in at.error]
    assert _history(old_store) == KEPT
    assert len(list(old_store.parent.glob("ningxia.duckdb.bak-*"))) == 1
    said = [r.getMessage() for r in caplog.records if r.name == "cppcc.store.db"]
    assert len(said) == 1 and "已就地修复" in said[0]  # in the server's log, once


def test_a_repair_that_would_lose_a_row_changes_nothing(old_store, monkeypatch):
    """The counts are checked before the repair commits: a repair that lost the undo's
    link is rolled back whole and the store stays as it was."""
    real = sql.statements

    def losing(name):
        found = real(name)
        if name == "migrate_batch_reverts_back":
            return [s for s in found if "insert into batch_reverts" not in s]
        return found

    monkeypatch.setattr(sql, "statements", losing)
    with pytest.raises(RuntimeError, match="行数不一致"):
        db.repair(old_store)
    monkeypatch.setattr(sql, "statements", real)
    with duckdb.connect(str(old_store), read_only=True) as con:
        assert con.execute("select count(*) from batches where reverts_batch = 1").fetchone() == (
            1,
        )
    assert db.repair(old_store) is not None
    assert _history(old_store) == KEPT
