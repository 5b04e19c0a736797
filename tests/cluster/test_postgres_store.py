"""The PostgreSQL store, with the real engine: the same pipeline as the DuckDB file,
one transaction per write, a version counter that previews are checked against, and
staff accounts shared by every app server."""

import json
import subprocess
import sys
import threading

import pytest

from cppcc.store import db, postgres
from cppcc.upload import access, accounts, catalogue, pipeline
from tests.conftest import ROOT, fixture_csv

HEADER = "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"


def _file(*rows: str) -> bytes:
    return (HEADER + "".join(f"{row}\n" for row in rows)).encode("utf-8")


def _figures(url) -> dict:
    with db.connect(url) as con:
        rows = con.execute(
            "select committee, metric, period_start, value from figures_labeled"
        ).fetchall()
    return {(c, m, y): v for c, m, y, v in rows}


def _preview(url, name, data):
    with db.connect(url) as snapshot:  # as an app server previews: on its snapshot
        return pipeline.preview(snapshot, name, data)


def test_build_puts_the_curated_figures_in_postgresql(pg_store, tmp_path):
    figures = _figures(pg_store)
    assert db.exists(pg_store)
    assert figures[("石嘴山", "proposals_received", 2023)] == 350  # tests/fixtures/figures.csv
    # rebuilding keeps what is there and does not duplicate it
    db.build(pg_store, curated_dir=fixture_csv(tmp_path))
    assert _figures(pg_store) == figures


def test_apply_writes_a_batch_and_bumps_the_version(pg_store):
    before = postgres.version(pg_store)
    result = _preview(pg_store, "吴忠.csv", _file("吴忠,收到提案,1991,,777,,测试报告,,"))
    assert result.ok and len(result.new) == 1
    batch = pipeline.apply(pg_store, result, user="张三")
    assert postgres.version(pg_store) == before + 1
    assert _figures(pg_store)[("吴忠", "proposals_received", 1991)] == 777
    with db.connect(pg_store) as con:
        assert [b["batch_id"] for b in pipeline.batches(con)] == [batch]


def test_a_preview_made_before_another_write_is_refused_and_writes_nothing(pg_store):
    first = _preview(pg_store, "a.csv", _file("吴忠,收到提案,1991,,1,,报告甲,,"))
    second = _preview(pg_store, "b.csv", _file("固原,收到提案,1991,,2,,报告乙,,"))
    pipeline.apply(pg_store, first, user="甲")
    version = postgres.version(pg_store)
    with pytest.raises(pipeline.StoreChanged):
        pipeline.apply(pg_store, second, user="乙")
    assert postgres.version(pg_store) == version
    assert ("固原", "proposals_received", 1991) not in _figures(pg_store)
    # previewed again, it goes in, and the first file's figure is still there
    again = _preview(pg_store, "b.csv", _file("固原,收到提案,1991,,2,,报告乙,,"))
    assert again.ok and len(again.new) == 1 and again.fingerprint == f"v{version}"
    pipeline.apply(pg_store, again, user="乙")
    assert postgres.version(pg_store) == version + 1
    figures = _figures(pg_store)
    assert figures[("吴忠", "proposals_received", 1991)] == 1
    assert figures[("固原", "proposals_received", 1991)] == 2


def test_two_applies_at_the_same_moment_one_wins_and_nothing_is_half_written(pg_store):
    previews = [
        _preview(pg_store, f"{n}.csv", _file(*(f"吴忠,收到提案,{1960 + i},,{n},,报告{n},,"
                                               for i in range(30))))
        for n in (1, 2)
    ]  # fmt: skip
    outcomes = []

    def run(result):
        try:
            outcomes.append(pipeline.apply(pg_store, result, user="并发"))
        except pipeline.StoreChanged:
            outcomes.append("changed")

    threads = [threading.Thread(target=run, args=(p,)) for p in previews]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes))[-1] == "changed" and len(outcomes) == 2
    values = {v for (c, m, y), v in _figures(pg_store).items() if y >= 1960 and y < 1990}
    assert len(values) == 1  # all 30 rows of one file, none of the other


def test_two_cli_imports_at_once_both_land_in_full(pg_store, tmp_path):
    """Two staff import at the same moment from two servers: the imports queue on the
    store's lock and every row of both files is there afterwards."""
    files = []
    for n, committee in ((1, "吴忠"), (2, "固原")):
        path = tmp_path / f"import-{n}.csv"
        path.write_bytes(_file(*(f"{committee},收到提案,{1950 + i},,{i + 1},,报告{n},,"
                                 for i in range(40))))  # fmt: skip
        files.append(path)
    env = {"CPPCC_STORE": pg_store, "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "cppcc", "import", str(path), "--user", f"u{n}", "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, path in enumerate(files)
    ]
    results = [json.loads(run.communicate(timeout=120)[0]) for run in runs]
    assert all(r["ok"] and r["new"] == 40 and r["batch_id"] for r in results)
    figures = _figures(pg_store)
    for committee in ("吴忠", "固原"):
        assert all((committee, "proposals_received", 1950 + i) in figures for i in range(40))


def test_revert_restores_exactly_what_a_batch_replaced(pg_store):
    key = next(k for k in _figures(pg_store) if k[1] == "proposals_received")
    old = _figures(pg_store)[key]
    result = _preview(
        pg_store,
        "改.csv",
        _file(
            f"{key[0]},收到提案,{key[2]},,{old + 5},,新报告,,", "吴忠,收到提案,1992,,9,,新报告,,"
        ),
    )
    batch = pipeline.apply(pg_store, result, user="甲", reason="更正", confirm_curated=True)
    pipeline.revert(pg_store, batch, user="乙")
    figures = _figures(pg_store)
    assert figures[key] == old
    assert ("吴忠", "proposals_received", 1992) not in figures
    with pytest.raises(pipeline.RevertRefused):
        pipeline.revert(pg_store, batch, user="乙")


def test_a_new_committee_is_in_every_later_snapshot(pg_store):
    before = postgres.version(pg_store)
    catalogue.add_metric(pg_store, {"code": "cluster_metric", "name_zh": "集群指标",
                                    "name_en": "Cluster metric", "unit_zh": "件",
                                    "category": "提案"})  # fmt: skip
    assert postgres.version(pg_store) == before + 1
    with db.connect(pg_store) as con:
        _, metrics = pipeline.catalogue(con)
    assert "cluster_metric" in {m["code"] for m in metrics}
    with pytest.raises(catalogue.CatalogueError):  # a refused entry changes nothing
        catalogue.add_metric(pg_store, {"code": "cluster_metric"})
    assert postgres.version(pg_store) == before + 1


def test_accounts_live_in_postgresql(pg_store, monkeypatch, tmp_path):
    monkeypatch.setenv("CPPCC_STORE", pg_store)
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    assert not accounts.has_accounts()
    accounts.add_user("李四", "correct-horse-9")
    assert accounts.verify("李四", "correct-horse-9")
    assert not accounts.verify("李四", "wrong-password")
    assert not (tmp_path / "users.json").exists()  # not in a file on one server


def test_sign_in_throttling_and_the_audit_log_are_shared_by_every_server(pg_store):
    """Failures counted through one server slow the next try on any server, and the
    管理员 reads sign-ins and applies in the shared audit log (not a server's copy)."""
    for _ in range(access.FREE_FAILURES):
        access.record_signin(pg_store, "李四", False)
    assert access.signin_wait(pg_store, "李四") > 1
    assert access.signin_wait(pg_store, "别人") == 0
    access.record_signin(pg_store, "李四", True)
    assert access.signin_wait(pg_store, "李四") == 0
    result = _preview(pg_store, "吴忠.csv", _file("吴忠,收到提案,1992,,778,,测试报告,,"))
    pipeline.apply(pg_store, result, user="李四")
    events = [(e["event"], e["user_name"]) for e in access.entries(pg_store)]
    assert events[0] == ("apply", "李四")
    assert events.count(("signin_failed", "李四")) == access.FREE_FAILURES
    assert ("signin", "李四") in events


def test_a_sign_in_between_preview_and_apply_does_not_make_the_preview_stale(pg_store):
    """A colleague signing in changes no figure: the staff member's preview still applies
    (and no server copies the store again for it)."""
    result = _preview(pg_store, "吴忠.csv", _file("吴忠,收到提案,1993,,779,,测试报告,,"))
    before = postgres.version(pg_store)
    access.record_signin(pg_store, "同事", True)
    access.record_signin(pg_store, "同事", False)
    assert postgres.version(pg_store) == before
    pipeline.apply(pg_store, result, user="李四")
    assert postgres.version(pg_store) == before + 1


def test_an_unreachable_server_gives_a_chinese_message_not_a_traceback():
    url = "postgresql://cppcc@127.0.0.1:9/postgres"
    with pytest.raises(db.StoreUnavailable, match="无法连接数据库服务器"):
        db.snapshot(url)
    done = subprocess.run(
        [sys.executable, "-m", "cppcc", "batches"], cwd=ROOT, capture_output=True, text=True,
        env={"CPPCC_STORE": url, "PATH": "/usr/bin:/bin"}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert "无法连接数据库服务器" in done.stderr and "Traceback" not in done.stderr


def test_a_snapshot_never_holds_half_a_batch(pg_store, tmp_path):
    """An import stopped in the middle of its transaction (after its change log, before
    its figures): a server copying the store meanwhile sees none of it."""
    path = tmp_path / "半.csv"
    path.write_bytes(_file(*(f"吴忠,收到提案,{1950 + i},,{i + 1},,报告,," for i in range(20))))
    before = postgres.version(pg_store)
    child = subprocess.Popen(
        [sys.executable, "-m", "cppcc", "import", str(path), "--user", "慢"],
        cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={"CPPCC_STORE": pg_store, "PATH": "/usr/bin:/bin", "CPPCC_TEST_PAUSE_APPLY": "4"},
    )  # fmt: skip
    try:
        assert child.stderr.readline().strip() == "apply paused"
        with db.connect(pg_store) as con:
            assert pipeline.batches(con) == []
            assert pipeline.fingerprint(con) == f"v{before}"
        assert not any(y < 1970 for (_, _, y) in _figures(pg_store))
    finally:
        child.wait(timeout=60)
    assert child.returncode == 0
    assert sum(1 for (_, _, y) in _figures(pg_store) if y < 1970) == 20
    assert postgres.version(pg_store) == before + 1


def test_postgresql_has_every_table_and_column_of_the_duckdb_schema(pg_store):
    """queries/postgres_schema.sql follows queries/schema.sql: a column added to one and
    not the other would break every app server's snapshot."""
    import duckdb
    import psycopg

    from cppcc.store import sql

    memory = duckdb.connect()
    for name in postgres.SNAPSHOT_SCHEMAS:
        for statement in sql.statements(name):
            memory.execute(statement)
    with psycopg.connect(pg_store) as con:
        for table in postgres.SNAPSHOT_TABLES:
            found = con.execute(
                "select column_name from information_schema.columns where table_name = %s "
                "order by ordinal_position",
                (table,),
            ).fetchall()
            assert [name for (name,) in found] == memory.table(table).columns, table


def test_every_table_of_the_duckdb_store_is_copied_by_a_postgresql_snapshot(tmp_path):
    """A table added to the DuckDB store's schema files and not to SNAPSHOT_TABLES
    (and SNAPSHOT_SCHEMAS) would be missing, or empty, on every PostgreSQL app server."""
    import duckdb

    from cppcc.store import db

    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    db.ensure_schema(con)
    tables = {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()
    }
    con.close()
    # the access layer's tables (accounts, sign-ins, audit) are read live, never copied
    access = {"audit_log", "signin_failures", "ended_sessions"}
    assert tables - access - {"store_version"} == set(postgres.SNAPSHOT_TABLES), tables
