"""The DuckDB store: built from CSVs laid out like ``data/curated`` (here the tests' own
dataset, ``tests/fixtures/``), constrained, and kind to uploads."""

import json

import duckdb
import pytest

from cppcc.cli import commands
from cppcc.store import db
from tests.conftest import FIXTURES, build_fixture_store, run_cli


def _insert_upload(path, value=999.0, key=("640300", "proposals_received", 2024, 2024)):
    with db.connect(path, read_only=False) as con:
        con.execute(
            "insert into sources (source_id, title, origin) values ('U1', '吴忠市政协工作报告', 'uploaded')"
        )
        con.execute("insert into batches (kind, user_name) values ('upload', 'tester')")
        con.execute(
            "insert into figures values (?, ?, ?, ?, ?, 'exact', 'stated', 'U1', null, null, 'uploaded', 1)",
            [*key, value],
        )


def test_build_twice_gives_the_same_figures(store):
    first = commands.all_figures(store)
    build_fixture_store(store)
    assert commands.all_figures(store) == first
    with (FIXTURES / "figures.csv").open(encoding="utf-8") as rows:
        assert len(first) == sum(1 for _ in rows) - 1  # every row, none twice


def test_figures_json_round_trips_through_the_cli(store):
    result = run_cli("figures", "--format", "json", env_db=store, check=True)
    printed = json.loads(result.stdout)
    assert printed == commands.all_figures(store)
    shizuishan = [r for r in printed if r["committee"] == "石嘴山" and r["period_start"] == 2023]
    received = next(r for r in shizuishan if r["metric"] == "proposals_received")
    assert received["value"] == 350 and received["origin"] == "curated"
    assert set(received) == {
        "committee", "adcode", "metric", "period_start", "period_end", "value",
        "qualifier", "year_basis", "source", "quote", "origin", "as_of", "current",
    }  # fmt: skip


def test_figures_json_keeps_both_reports_of_the_regional_2024_proposals(store):
    printed = json.loads(run_cli("figures", "--format", "json", env_db=store, check=True).stdout)
    received = [
        r for r in printed if (r["adcode"], r["metric"]) == ("640000", "proposals_received")
    ]
    by_year = {}
    for row in received:
        assert row["quote"] and str(row["value"]) in row["quote"]
        by_year.setdefault(row["period_start"], []).append(row)
    assert set(by_year) == {2016, 2024}
    # the January 2025 report is the figure shown; the May 2024 notice is kept beside it
    assert [(r["value"], r["as_of"], r["current"]) for r in by_year[2024]] == [
        (990, "2025-01-18", True),
        (980, "2024-05-31", False),
    ]
    county = [r for r in printed if r["adcode"] == "640303"]
    assert {(r["metric"], r["period_start"], r["value"]) for r in county} == {
        ("proposals_received", 2025, 110),
        ("proposals_key", 2025, 9),
    }


def test_figures_csv_has_a_header_and_every_figure(store):
    result = run_cli("figures", "--format", "csv", env_db=store, check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("committee,adcode,metric")
    assert len(lines) == len(commands.all_figures(store)) + 1


def test_rebuild_keeps_uploaded_figures(store):
    _insert_upload(store)
    # an upload that replaces a curated figure must survive the rebuild too
    _insert_upload_replacing = ("640200", "proposals_received", 2023, 2023)
    with db.connect(store, read_only=False) as con:
        con.execute(
            "update figures set value = 416, origin = 'uploaded', batch_id = 1, source_id = 'U1' "
            "where adcode = ? and metric = ? and period_start = ? and period_end = ?",
            list(_insert_upload_replacing),
        )
    build_fixture_store(store)
    rows = [r for r in commands.all_figures(store) if r["period_start"] in (2023, 2024)]
    shown = {(r["adcode"], r["metric"], r["period_start"]): r for r in rows if r["current"]}
    assert shown[("640300", "proposals_received", 2024)]["value"] == 999
    assert shown[("640200", "proposals_received", 2023)]["value"] == 416
    assert shown[("640200", "proposals_received", 2023)]["origin"] == "uploaded"
    # the curated report's own number is back beside it, as the earlier report
    earlier = [r for r in rows if not r["current"] and r["adcode"] == "640200"]
    assert [(r["metric"], r["value"], r["origin"]) for r in earlier] == [
        ("proposals_received", 350, "curated")
    ]


@pytest.mark.parametrize(
    "change",
    [
        "qualifier = 'maybe'",
        "value = -1",
        "period_start = 2030",
        "adcode = '999999'",
        "metric = 'no_such_metric'",
    ],
)
def test_schema_refuses_impossible_figures(store, change):
    with db.connect(store, read_only=False) as con, pytest.raises(duckdb.Error):
        con.execute(f"update figures set {change} where metric = 'proposals_key'")


def test_acceptance_ratio_only_where_both_are_reported(store):
    with db.connect(store) as con:
        rows = con.execute(
            "select committee, period_start, accepted, received, ratio from acceptance_ratio "
            "order by committee, period_start"
        ).fetchall()
    assert ("石嘴山", 2022, 240.0, 300.0, pytest.approx(240 / 300)) in rows
    assert not [row for row in rows if row[0] == "石嘴山" and row[1] == 2023]  # received only
    # 宁夏's five-year review gives accepted (3000) but not received: no ratio for 2018–2022
    assert [row[1] for row in rows if row[0] == "宁夏"] == [2016, 2024]
    # 2024 pairs the figures shown (the January 2025 report), never one of each report
    assert ("宁夏", 2024, 700.0, 990.0, pytest.approx(700 / 990)) in rows


def test_platform_density_uses_township_counts(store):
    with db.connect(store) as con:
        value = con.execute(
            "select per_township from platform_density "
            "where adcode = '640200' and metric = 'platform_reception_rooms'"
        ).fetchone()[0]
        townships = con.execute(
            "select jiedao + zhen + xiang from committees where adcode = '640200'"
        ).fetchone()[0]
    assert value == pytest.approx(20 / townships)  # 石嘴山's 20 rooms


def test_missing_store_gives_a_clear_cli_error(tmp_path):
    result = run_cli("figures", "--format", "json", env_db=tmp_path / "none.duckdb")
    assert result.returncode == 1
    assert "build-db" in result.stderr and "Traceback" not in result.stderr


def test_cli_waits_then_fails_clearly_while_another_process_writes(store, monkeypatch):
    monkeypatch.setenv("CPPCC_BUSY_TIMEOUT", "1")
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)",
         str(store)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("figures", "--format", "json", env_db=store)
    finally:
        holder.kill()
    assert result.returncode == 1
    assert "正被另一个程序写入" in result.stderr


def test_verify_quotes_cli_rejects_a_missing_folder(tmp_path):
    result = run_cli("verify-quotes", "--texts", str(tmp_path / "nope"))
    assert result.returncode == 2 and "找不到" in result.stderr


OLD_KEYED = """
drop view if exists platform_density; drop view if exists acceptance_ratio;
drop view if exists latest_figures; drop view if exists figures_labeled;
drop view if exists figure_reports;
create temporary table kept as select * from figures;
drop table figure_changes; drop table figures;
create table figures (
    adcode varchar not null, metric varchar not null, period_start integer not null,
    period_end integer not null, value double not null, qualifier varchar not null,
    year_basis varchar not null, source_id varchar not null, quote varchar, note varchar,
    origin varchar not null, batch_id integer,
    primary key (adcode, metric, period_start, period_end));
create table figure_changes (
    batch_id integer not null, adcode varchar not null, metric varchar not null,
    period_start integer not null, period_end integer not null, previous json,
    primary key (batch_id, adcode, metric, period_start, period_end));
insert into figures select * from kept where source_id <> 'T07'
"""


def test_a_store_from_before_two_reports_is_rekeyed_and_keeps_every_row(store):
    # the layout before a figure's key held its report, with an upload that replaced
    # 石嘴山's curated 350 the old way
    with db.connect(store, read_only=False) as con:
        for statement in OLD_KEYED.split(";"):
            con.execute(statement)
        con.execute(
            "insert into sources (source_id, title, origin) values ('U1-1', '新报告', 'uploaded')"
        )
        con.execute("insert into batches (kind, user_name, n_changed) values ('upload', 't', 1)")
        con.execute(
            "insert into figure_changes select 1, adcode, metric, period_start, period_end, "
            "to_json(f) from figures as f where adcode = '640200' "
            "and metric = 'proposals_received' and period_start = 2023"
        )
        con.execute(
            "update figures set value = 416, origin = 'uploaded', batch_id = 1, "
            "source_id = 'U1-1' where adcode = '640200' "
            "and metric = 'proposals_received' and period_start = 2023"
        )
    build_fixture_store(store)
    shizuishan = [
        (r["value"], r["origin"], r["current"])
        for r in commands.all_figures(store)
        if (r["adcode"], r["metric"], r["period_start"]) == ("640200", "proposals_received", 2023)
    ]
    assert shizuishan == [(416, "uploaded", True), (350, "curated", False)]
    from cppcc.upload import pipeline

    pipeline.revert(store, 1, user="审核员")
    after = [
        (r["value"], r["origin"])
        for r in commands.all_figures(store)
        if (r["adcode"], r["metric"], r["period_start"]) == ("640200", "proposals_received", 2023)
    ]
    assert after == [(350, "curated")]


def test_the_snapshot_holds_every_row_of_the_store_without_its_keys(store):
    """The dashboard's snapshot is only read: its tables carry every row and column of
    the store's, but none of the primary, unique or foreign keys, whose indexes cost a
    store of a few hundred thousand figures about as much memory again as its rows."""
    _insert_upload(store)
    memory = db.snapshot(store)
    memory.execute("attach $path as file (read_only)", {"path": str(store)})
    tables = memory.execute(
        "select table_name from duckdb_tables() where database_name = 'file'"
    ).fetchall()
    assert {"figures", "sources", "figure_changes", "batches"} <= {name for (name,) in tables}
    for (name,) in tables:
        for one, other in (("memory", "file"), ("file", "memory")):
            extra = memory.execute(
                f"select count(*) from (select * from {one}.main.{name}"
                f" except all select * from {other}.main.{name})"
            ).fetchone()[0]
            assert extra == 0, (name, one)
    keys = memory.execute(
        "select count(*) from duckdb_constraints() where database_name = 'memory'"
        " and constraint_type in ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')"
    ).fetchone()[0]
    assert keys == 0
    assert (
        memory.execute(
            "select count(*) from duckdb_indexes() where database_name = 'memory'"
        ).fetchone()[0]
        == 0
    )
    assert memory.execute("select count(*) from figures_labeled").fetchone()[0] > 0
