"""``python -m cppcc import`` and friends as staff run them, including the bad days:
the process killed halfway through writing, two imports at once, a busy store."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from openpyxl import load_workbook

from cppcc.store import db
from cppcc.upload.importing import COLUMNS
from tests.conftest import ROOT, run_cli
from tests.upload_corpus import (
    SOURCE,
    change_counts,
    cli_main,
    csv_bytes,
    figure,
    figures_table,
    json_line,
    many_new_rows,
    row,
    sha256,
    state,
)


def _start_import(path, store, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cppcc", "import", str(path), "--json", "--user", path.stem],
        cwd=ROOT,
        env={**os.environ, "CPPCC_DB": str(store), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(stream, text: str) -> list[str]:
    """Lines read until one contains ``text`` (or the stream ends)."""
    lines = []
    for line in stream:
        lines.append(line)
        if text in line:
            break
    return lines


def test_killing_an_import_halfway_leaves_none_of_it(store, tmp_path, capsys):
    path = tmp_path / "fifty.csv"
    path.write_bytes(csv_bytes(many_new_rows(50)))
    printed_before = run_cli("figures", "--format", "json", check=True).stdout
    table = figures_table(store)

    process = _start_import(path, store, CPPCC_TEST_PAUSE_APPLY="30")
    try:
        lines = _wait_for(process.stderr, "apply paused")
        assert lines and "apply paused" in lines[-1], lines
        # 25 of the 50 rows are written inside the open transaction now
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL

    with db.connect(store) as con:
        assert con.execute("select count(*) from batches").fetchone()[0] == 0
        assert con.execute("select count(*) from figure_changes").fetchone()[0] == 0
        assert (
            con.execute("select count(*) from figures where batch_id is not null").fetchone()[0]
            == 0
        )
    assert figures_table(store) == table
    assert cli_main(capsys, "figures", "--format", "json")[1] == printed_before

    # the store opens for writing again, and the same file now imports whole
    status, out, _ = cli_main(capsys, "import", path, "--json")
    report = json_line(out)
    assert status == 0 and report["new"] == 50
    with db.connect(store) as con:
        written = con.execute(
            "select count(*) from figures where batch_id = ?", [report["batch_id"]]
        ).fetchone()[0]
    assert written == 50


SHARED = ("640100", "proposals_received", 2024, 2024)


@pytest.mark.parametrize(
    ("pause", "busy_timeout"),
    [("0.5", "30"), ("3", "0.5")],
    ids=["second-waits-its-turn", "second-gives-up-clearly"],
)
def test_two_imports_at_once_never_half_apply(store, tmp_path, pause, busy_timeout):
    files = {
        "yinchuan": [*many_new_rows(12, committee="银川"), row(value="400")],
        "wuzhong": [*many_new_rows(12, committee="吴忠", offset=1000), row(value="410")],
    }
    paths = {}
    for name, rows in files.items():
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_bytes(csv_bytes(rows))
    env = {"CPPCC_TEST_PAUSE_APPLY": pause, "CPPCC_BUSY_TIMEOUT": busy_timeout}

    processes = {name: _start_import(path, store, **env) for name, path in paths.items()}
    outcomes = {}
    try:
        for name, process in processes.items():
            out, err = process.communicate(timeout=90)  # both end: nobody hangs
            outcomes[name] = (process.returncode, out, err)
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait()

    applied = {}
    for name, (status, out, err) in outcomes.items():
        assert status in (0, 1), err
        assert "Traceback" not in err
        if status == 0:
            report = json_line(out)
            assert report["ok"] and report["new"] + report["changed"] == 13
            applied[name] = report["batch_id"]
        else:
            assert "正被另一个程序写入" in err or "已被他人更新" in err, err

    with db.connect(store) as con:
        stored = {
            (adcode, metric, start, end): (value, batch)
            for adcode, metric, start, end, value, batch in con.execute(
                "select adcode, metric, period_start, period_end, value, batch_id from figures"
            ).fetchall()
        }
    adcodes = {"yinchuan": "640100", "wuzhong": "640300"}
    for name in files:
        own = [k for k in stored if k[0] == adcodes[name] and k[1] == "consultation_activities"]
        own = [k for k in own if k[2] < 1990]
        if name in applied:
            assert len(own) == 12 and {stored[k][1] for k in own} == {applied[name]}
        else:
            assert own == []  # nothing of a failed import, not even half
    if applied:
        last = max(applied, key=applied.get)
        assert stored[SHARED] == ({"yinchuan": 400, "wuzhong": 410}[last], applied[last])
    else:
        assert SHARED not in stored

    batches = state(store)["batches"]
    assert sorted(b["batch_id"] for b in batches) == sorted(applied.values())
    counts = change_counts(store)
    for batch in batches:
        assert counts[batch["batch_id"]] == batch["n_new"] + batch["n_changed"] == 13
    if busy_timeout == "30":
        assert len(applied) == 2  # the second one waited and then saw the first one's figure
        second = max(applied.values())
        assert next(b for b in batches if b["batch_id"] == second)["n_changed"] == 1
    else:
        assert len(applied) == 1  # the other gave up after half a second, and said why


def test_an_import_while_the_store_is_held_fails_clearly_and_writes_nothing(
    store, tmp_path, monkeypatch
):
    path = tmp_path / "new.csv"
    path.write_bytes(csv_bytes([row()]))
    before = sha256(store)
    monkeypatch.setenv("CPPCC_BUSY_TIMEOUT", "1")
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(60)",
         str(store)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        result = run_cli("import", str(path), "--json")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and result.stdout == ""
    assert "正被另一个程序写入" in result.stderr and "请稍后再试" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited < 20
    assert sha256(store) == before


def test_dry_run_previews_without_writing(store, tmp_path, capsys):
    path = tmp_path / "new.csv"
    path.write_bytes(csv_bytes([row(), row(committee="石嘴山", start=2022, value="300")]))
    before = sha256(store)
    status, out, _ = cli_main(capsys, "import", path, "--dry-run")
    assert status == 0
    assert out.strip() == "预览（未写入）：新增 1，修改 0，不变 1"
    status, out, _ = cli_main(capsys, "import", path, "--dry-run", "--json")
    assert json_line(out) == {
        "ok": True, "errors": [], "new": 1, "changed": 0, "unchanged": 1, "curated_changes": 0, "batch_id": None,
    }  # fmt: skip
    assert sha256(store) == before


def test_importing_an_unchanged_file_says_so(store, tmp_path, capsys):
    path = tmp_path / "same.csv"
    path.write_bytes(csv_bytes([row(committee="石嘴山", start=2022, value="300")]))
    status, out, _ = cli_main(capsys, "import", path)
    assert (status, out.strip()) == (0, "没有需要写入的变化：新增 0，修改 0，不变 1")


def test_batches_lists_uploads_and_their_undo(store, tmp_path, capsys):
    assert cli_main(capsys, "batches")[1].strip() == "还没有上传批次。"
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(), row(start=2023)]))
    status, out, _ = cli_main(capsys, "import", path, "--user", "张三")
    assert (status, out.strip()) == (0, "已写入，批次 1：新增 2，修改 0，不变 0")
    status, out, _ = cli_main(capsys, "revert", "1", "--user", "李四", "--reason", "数字有误")
    assert (status, out.strip()) == (0, "已撤销批次 1（记录为批次 2）")

    lines = cli_main(capsys, "batches")[1].strip().splitlines()
    assert lines[0].startswith("#2 撤销 ") and lines[0].endswith("李四 a.csv 新增0 修改2")
    assert lines[1].startswith("#1 上传 ") and lines[1].endswith(
        "张三 a.csv 新增2 修改0（已被批次 2 撤销）"
    )
    listed = json.loads(cli_main(capsys, "batches", "--json")[1])
    assert [(b["batch_id"], b["kind"], b["reason"], b["reverted_by"]) for b in listed] == [
        (2, "revert", "数字有误", None),
        (1, "upload", None, 2),
    ]
    assert figure(store, "银川", "proposals_received", 2024) is None


def test_template_files_open_in_excel_shape(store, tmp_path, capsys):
    xlsx, plain = tmp_path / "模板.xlsx", tmp_path / "模板.csv"
    assert cli_main(capsys, "template", "--out", xlsx)[1].strip() == f"已写出 {xlsx}"
    assert cli_main(capsys, "template", "--out", plain)[0] == 0
    book = load_workbook(xlsx)
    assert book.sheetnames == ["数据", "指标与委员会", "填写说明"]
    assert [cell.value for cell in book["数据"][1]] == COLUMNS
    assert book["数据"].max_row == 1
    listed = [cell.value for cell in book["指标与委员会"]["A"]]
    assert "银川" in listed and "石嘴山" in listed
    assert plain.read_bytes().startswith("\ufeff委员会,指标,起始年份".encode())


def test_the_store_exported_with_data_imports_as_no_change(store, tmp_path, capsys):
    out = tmp_path / "全部数据.xlsx"
    assert cli_main(capsys, "template", "--out", out, "--with-data")[0] == 0
    status, printed, _ = cli_main(capsys, "import", out, "--dry-run", "--json")
    report = json_line(printed)
    assert status == 0 and (report["new"], report["changed"]) == (0, 0)
    assert report["unchanged"] == len(figures_table(store))


def test_the_first_import_builds_a_missing_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CPPCC_DB", str(tmp_path / "fresh.duckdb"))
    path = tmp_path / "new.csv"
    path.write_bytes(csv_bytes([row()]))
    assert cli_main(capsys, "import", path)[0] == 0
    shown = figure(tmp_path / "fresh.duckdb", "银川", "proposals_received", 2024)
    assert (shown["value"], shown["source"]) == (415, SOURCE)


def test_revert_on_a_missing_store_fails_clearly_and_leaves_no_broken_file(
    tmp_path, monkeypatch, capsys
):
    missing = tmp_path / "ningxia.duckdb"
    monkeypatch.setenv("CPPCC_DB", str(missing))
    status, _, err = cli_main(capsys, "revert", "1")
    assert status == 1 and err.startswith(("错误：", "无法撤销："))
    if missing.exists():  # whatever is left behind must be a usable store
        assert cli_main(capsys, "figures", "--format", "json")[0] == 0


@pytest.mark.parametrize("form", ["csv", "json"])
def test_figures_into_a_pipe_closed_early_ends_quietly(store, tmp_path, capsys, form):
    """``python -m cppcc figures | head``: no BrokenPipeError traceback."""
    path = tmp_path / "many.csv"
    path.write_bytes(csv_bytes(many_new_rows(70)))
    for committee in ("石嘴山", "吴忠", "固原", "中卫", "灵武", "青铜峡"):
        path.write_bytes(csv_bytes(many_new_rows(70, committee=committee)))
        assert cli_main(capsys, "import", path)[0] == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "cppcc", "figures", "--format", form],
        cwd=ROOT,
        env={**os.environ, "CPPCC_DB": str(store)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout.readline()
    process.stdout.close()  # what head does after its lines
    _, err = process.communicate(timeout=60)
    assert "Traceback" not in err.decode() and "BrokenPipe" not in err.decode()
    assert process.returncode == 0
