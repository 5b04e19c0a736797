"""Bad days: an import killed -9 at twenty moments, damaged store and accounts files, a
read-only data folder, the store deleted under the running app, a CLI import while
the dashboard is open. Each ends with a clear message or a whole store, never a
traceback or half a batch."""

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cppcc.cli import commands
from cppcc.store import db
from cppcc.upload import pipeline
from tests.conftest import ROOT, run_cli
from tests.upload_corpus import csv_bytes, figures_table, row, state

ADCODES = ["640000", "640100", "640200", "640300", "640400", "640500", "640181", "640381"]
METRICS = ["consultation_activities"]


def _large_file() -> bytes:
    """About 550 new figures: every committee, one counted metric, 1950–2018 (the
    curated figures start later)."""
    rows = [
        row(committee=adcode, metric=metric, start=year, value=str(year - 1900), source="大文件")
        for adcode in ADCODES
        for metric in METRICS
        for year in range(1950, 2019)
    ]
    return csv_bytes(rows)


def _fork_import(store: Path, data: bytes) -> tuple[int, int]:
    """The import in a forked child (no interpreter start-up per kill): its pid, and a
    pipe on which it writes B once its write transaction has begun and C once that
    transaction is over (committed or rolled back)."""
    marks, marker = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(marks)
        status = 1
        try:
            transaction = db.transaction

            @contextlib.contextmanager
            def marked(*args, **kwargs):
                with transaction(*args, **kwargs) as con:
                    os.write(marker, b"B")
                    yield con
                os.write(marker, b"C")

            db.transaction = marked  # in this child only
            _, batch = pipeline.import_file(store, "大文件.csv", data, user="kill")
            status = 0 if batch else 1
        finally:
            os._exit(status)
    os.close(marker)
    return pid, marks


def _marks_at(marks: int) -> dict[bytes, float]:
    """Each mark the child wrote and when it arrived, until the child has ended."""
    seen = {}
    with os.fdopen(marks, "rb", buffering=0) as pipe:
        while mark := pipe.read(1):
            seen[mark] = time.monotonic()
    return seen


def _reached(marks: int) -> bytes:
    """What the child wrote before it ended (the pipe is closed once it has)."""
    with os.fdopen(marks, "rb") as pipe:
        return pipe.read()


def _counts(store: Path) -> tuple[int, int, int]:
    """Batches, recorded changes and audit entries: written in one transaction."""
    with db.connect(store) as con:
        return con.execute(
            "select (select count(*) from batches), (select count(*) from figure_changes), "
            "(select count(*) from audit_log)"
        ).fetchone()


def _reset(pristine: Path, store: Path) -> None:
    for leftover in (store, store.with_name(store.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copy(pristine, store)


def test_kill_9_at_twenty_moments_leaves_all_or_nothing(built_store, tmp_path):
    store = tmp_path / "ningxia.duckdb"
    data = _large_file()
    _reset(built_store, store)
    before = figures_table(store)

    started = time.monotonic()
    pid, marks = _fork_import(store, data)
    seen = _marks_at(marks)
    _, status = os.waitpid(pid, 0)
    whole = time.monotonic() - started
    assert os.waitstatus_to_exitcode(status) == 0
    assert list(seen) == [b"B", b"C"]
    held = seen[b"C"] - seen[b"B"]  # how long the write transaction was open
    after = figures_table(store)
    applied = state(store)
    assert len(after) - len(before) == len(ADCODES) * len(METRICS) * 69

    inside = 0  # kills that landed while the write transaction was open
    for moment in range(20):
        _reset(built_store, store)
        pid, marks = _fork_import(store, data)
        first = b""
        if moment < 10:
            # from the first instant to just past the end: reading, validating,
            # writing, committing, exiting
            time.sleep(whole * (moment + 0.5) / 9.5)
        else:
            # inside the write transaction, from its start to its end (timed from its
            # own mark, so a slow or busy machine cannot shift every kill outside it)
            first = os.read(marks, 1)
            time.sleep(held * (moment - 10 + 0.5) / 10)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        inside += first + _reached(marks) == b"B"
        # readable, and exactly as before or exactly as after, never in between
        now = figures_table(store)
        assert now in (before, after), f"kill {moment}: {len(now)} figures"
        if now == after:
            assert _counts(store) == (1, len(applied["changes"]), 1)
        else:
            assert _counts(store) == (0, 0, 0)
    # the moments are worth something only if kills hit the transaction itself (the
    # preview and the write run inside it: most of an import's time)
    assert inside >= 5, f"only {inside} of 20 kills landed inside the write transaction"
    # the same file then goes in whole (or is already in) on the next try
    result, _ = pipeline.import_file(store, "大文件.csv", data, user="retry")
    assert result.ok and figures_table(store) == after


def _damaged(store: Path, how: str) -> None:
    if how == "truncated":
        with store.open("r+b") as handle:
            handle.truncate(store.stat().st_size // 3)
    elif how == "empty":
        store.write_bytes(b"")
    else:
        store.write_bytes(b"not a database\n" * 1000)


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage"])
def test_a_damaged_store_is_explained_by_the_cli(store, tmp_path, how):
    _damaged(store, how)
    path = tmp_path / "one.csv"
    path.write_bytes(csv_bytes([row()]))
    for args in (["figures"], ["import", str(path)]):
        result = run_cli(*args, env_db=store)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert "已损坏" in result.stderr and "build-db" in result.stderr and "备份" in result.stderr


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _visit(at: AppTest, page: str) -> AppTest:
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _errors(at: AppTest) -> str:
    """The error boxes' text as a reader sees it (the markdown escapes taken off)."""
    return re.sub(r"\\(.)", r"\1", " ".join(e.value for e in at.error))


def test_a_damaged_store_is_explained_by_the_app(store):
    _damaged(store, "truncated")
    at = _visit(_app(), "overview")
    assert "已损坏" in _errors(at) and "备份" in _errors(at)


def test_the_app_says_the_store_is_gone_and_recovers_when_it_is_back(store, tmp_path):
    at = _visit(_app(), "sources")
    heading = at.subheader[0].value
    assert "数字（" in heading
    saved = tmp_path / "backup.duckdb"
    shutil.move(store, saved)
    at.run()
    assert not at.exception
    assert "数据库文件不存在" in _errors(at)
    assert not store.exists()  # not silently rebuilt without the uploads
    shutil.move(saved, store)
    at.run()
    assert not at.exception and not at.error
    assert at.subheader[0].value == heading


def test_a_cli_import_shows_in_open_sessions(store, tmp_path):
    sessions = [_visit(_app(), "sources") for _ in range(2)]
    before = {at.subheader[0].value for at in sessions}
    assert len(before) == 1
    count = int(before.pop().split("（")[1].split(" ")[0])
    path = tmp_path / "one.csv"
    path.write_bytes(csv_bytes([row(start=1990, metric="协商活动", value="12")]))
    assert run_cli("import", str(path), env_db=store).returncode == 0
    for at in sessions:
        at.run()
        assert not at.exception
        assert at.subheader[0].value == f"数字（{count + 1} 条）"


def test_a_damaged_accounts_file_is_explained(store, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    users.write_text('{"张三": {"salt": "ab", "ha', encoding="utf-8")
    monkeypatch.setenv("CPPCC_USERS", str(users))
    at = _visit(_app(), "upload")
    assert "账号文件" in _errors(at) and "已损坏" in _errors(at) and "add-user" in _errors(at)
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "add-user", "李四", "--password-stdin"],
        cwd=ROOT, input="long-enough-9\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "已损坏" in result.stderr


def _as_someone_else(function) -> tuple[int, str]:
    """Run ``function`` (returning an exit status) in a forked child that cannot write
    where root could: as ``nobody`` when the tests run as root. Its stderr comes back."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 99
        try:
            os.close(read)
            if os.getuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            sys.stderr = io.StringIO()
            status = function()
            os.write(write, sys.stderr.getvalue().encode("utf-8"))
        except BaseException as error:  # anything that escapes is what the test catches
            os.write(write, f"Traceback: {type(error).__name__}: {error}".encode())
        finally:
            os._exit(status)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode("utf-8")


@pytest.fixture
def open_tmp():
    """A folder anyone may enter (pytest's own are root's alone), removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="cppcc-ro-"))
    path.chmod(0o755)
    yield path
    for inner in path.rglob("*"):
        if inner.is_dir():
            inner.chmod(0o755)
    shutil.rmtree(path)


@pytest.mark.parametrize("what", ["folder", "file and folder"])
def test_a_read_only_data_folder_refuses_writes_clearly(built_store, open_tmp, what):
    tmp_path = open_tmp
    folder = tmp_path / "data"
    folder.mkdir()
    store = folder / "ningxia.duckdb"
    shutil.copy(built_store, store)
    upload = tmp_path / "one.csv"
    upload.write_bytes(csv_bytes([row()]))
    upload.chmod(0o644)
    if os.getuid() == 0 and what == "folder":
        os.chown(store, 65534, 65534)  # nobody owns the file, not the folder
    store.chmod(0o644 if what == "folder" else 0o444)
    folder.chmod(0o555)
    before = figures_table(store)
    try:
        env = {"CPPCC_DB": str(store)}

        def run():
            os.environ.update(env)
            return commands.main(["import", str(upload)])

        status, err = _as_someone_else(run)
    finally:
        folder.chmod(0o755)
    assert status == 1, err
    assert "Traceback" not in err
    assert "只读" in err and "写权限" in err and "没有写入任何数据" in err
    assert figures_table(store) == before
