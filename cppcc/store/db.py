"""Opening the DuckDB store safely, and building it from the curated CSVs.

DuckDB lets one process write a file, or several read it, never both. Every opening
here is short and retried for a few seconds, so the dashboard and a CLI import can
take turns; if the store stays busy the caller gets ``StoreBusy`` with a message
that says so, never a hang.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from cppcc.store import curated, sql
from cppcc.store.config import CURATED_DIR, db_path

# how long to wait for another process's write; tests shorten it through the environment
BUSY_TIMEOUT_S = float(os.environ.get("CPPCC_BUSY_TIMEOUT", "8"))


class StoreBusy(RuntimeError):
    """Another process holds the store for writing longer than we are willing to wait."""


class StoreMissing(RuntimeError):
    """The store file does not exist (build it with ``python -m cppcc build-db``)."""


class StoreCorrupt(RuntimeError):
    """The store file is damaged or not a DuckDB file; the message says how to recover."""


class StoreReadOnly(RuntimeError):
    """The store, or the folder it is in, cannot be written; nothing was written."""


def _is_lock_error(error: Exception) -> bool:
    text = str(error).lower()
    return "lock" in text or "conflicting" in text


_CORRUPT = (
    "not a valid duckdb database", "could not read enough bytes", "corrupt", "checksum",
    "serializ", "invalid block", "failed to read", "database file is too small",
)  # fmt: skip
_READ_ONLY = ("permission denied", "read-only file system", "read only file system")


def explain(error: Exception, path: Path) -> RuntimeError | None:
    """What a DuckDB error on opening or using the store means to the person who has to
    act on it, or None when it is none of the known faults."""
    text = str(error).lower()
    if any(mark in text for mark in _READ_ONLY):
        return StoreReadOnly(
            f"无法写入数据库 {path}：文件或它所在的文件夹是只读的（权限不足），"
            "本次没有写入任何数据。"
            "请让管理员给运行看板的账号开放这个文件及其文件夹的写权限，"
            "或用环境变量 CPPCC_DB 指向一个可写的位置。"
        )
    if any(mark in text for mark in _CORRUPT):
        return StoreCorrupt(
            f"数据库文件 {path} 已损坏，无法读取（{str(error).splitlines()[0][:160]}）。"
            "恢复方法：先停止看板，把这个文件改名保存以备排查；然后从备份恢复它，"
            "或运行 python -m cppcc build-db 从整理数据重新生成，"
            "再用 python -m cppcc import 重新导入上传过的文件。"
        )
    return None


@contextmanager
def connect(
    path: Path | None = None,
    *,
    read_only: bool = True,
    create: bool = False,
    timeout: float = BUSY_TIMEOUT_S,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store for one short piece of work, waiting while another process writes.

    Only ``build`` creates a store (``create=True``): an empty file made by any other
    write would look like a store to every later command."""
    path = Path(path or db_path())
    if not create and not path.exists():
        raise StoreMissing(f"数据库文件不存在：{path}。请先运行 python -m cppcc build-db。")
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.Error as error:
            if not _is_lock_error(error) or time.monotonic() >= deadline:
                if _is_lock_error(error):
                    raise StoreBusy(
                        f"数据库 {path.name} 正被另一个程序写入（例如正在导入数据），"
                        f"等待 {timeout:.0f} 秒后仍未释放。请稍后再试。"
                    ) from error
                raise explain(error, path) or error from error
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    try:
        yield con
    except duckdb.Error as error:
        # a write refused by the file system, or a damaged block met while reading
        friendly = explain(error, path)
        if friendly is None:
            raise
        raise friendly from error
    finally:
        con.close()


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the open transaction; a failed commit has already ended it, and the error
    that matters is the commit's, not a second one from here."""
    with suppress(duckdb.TransactionException):
        con.execute("rollback")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    if con.execute(sql.load("store_needs_report_key")).fetchone()[0]:
        # a store from before two reports could give the same figure: re-key it, rows kept
        con.execute("begin transaction")
        try:
            for statement in sql.statements("migrate_report_key"):
                con.execute(statement)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    for statement in sql.statements("schema"):
        con.execute(statement)


def build(path: Path | None = None, curated_dir: Path = CURATED_DIR) -> dict[str, int]:
    """Create or refresh the store from ``data/curated``; uploaded figures are kept.

    Curated rows are replaced as a whole in one transaction. Where staff uploaded a
    figure for the same committee, metric and period, the uploaded one stays.
    """
    data = curated.load(curated_dir)
    with connect(path, read_only=False, create=True) as con:
        ensure_schema(con)
        con.execute("begin transaction")
        try:
            for order, row in enumerate(data.committees):
                con.execute(sql.load("upsert_committee"), {**row, "sort_order": order})
            for order, row in enumerate(data.metrics):
                con.execute(sql.load("upsert_metric"), {**row, "sort_order": order})
            for row in data.sources:
                con.execute(sql.load("upsert_source"), row)
            con.execute(sql.load("delete_curated_figures"))
            for row in data.figures:
                con.execute(sql.load("insert_curated_figure"), row)
            counts = con.execute(sql.load("figure_counts_by_origin")).fetchall()
            con.execute("commit")
        except Exception:
            rollback(con)
            raise
        con.execute("checkpoint")
    return dict(counts)


def ensure_built(path: Path | None = None) -> Path:
    """Build the store when it is missing (first start of the app)."""
    path = Path(path or db_path())
    if not path.exists():
        build(path)
    return path


def snapshot(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory copy of the store, for the dashboard to read from.

    The file is held only for the moment of copying, so a CLI import can write
    while the dashboard is open; the app takes a new snapshot when the file changes.
    """
    path = Path(path or db_path())
    if not path.exists():
        raise StoreMissing(f"数据库文件不存在：{path}。请先运行 python -m cppcc build-db。")
    memory = duckdb.connect()
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            memory.execute("attach $path as store (read_only)", {"path": str(path)})
            break
        except duckdb.Error as error:
            if not _is_lock_error(error) or time.monotonic() >= deadline:
                memory.close()
                if _is_lock_error(error):
                    raise StoreBusy(
                        f"数据库 {path.name} 正被另一个程序写入，暂时无法读取。请稍后刷新页面。"
                    ) from error
                if not path.exists():
                    raise StoreMissing(
                        f"数据库文件不存在：{path}。请从备份恢复，或运行 python -m cppcc build-db。"
                    ) from error
                raise explain(error, path) or error from error
            time.sleep(0.1)
    try:
        memory.execute("copy from database store to memory")
        memory.execute("detach store")
    except duckdb.Error as error:
        memory.close()
        raise explain(error, path) or error from error
    return memory


def stamp(path: Path | None = None) -> tuple:
    """Changes whenever the store file (or its write-ahead log) changes."""
    path = Path(path or db_path())
    parts = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            info = candidate.stat()
            parts.append((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)
