"""Opening the store safely, writing to it in one transaction, and building it.

The store is a DuckDB file (the default) or, for several app servers, a PostgreSQL
database (``CPPCC_STORE=postgresql://…``, see ``postgres``). ``target`` below is either:
a ``Path`` or a ``postgresql://`` address, as ``config.store_target()`` returns it.

DuckDB lets one process write a file, or several read it, never both. Every opening
here is short and retried for a few seconds, so the dashboard and a CLI import can
take turns; if the store stays busy the caller gets ``StoreBusy`` with a message
that says so, never a hang.
"""

import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from cppcc import settings, terms
from cppcc.store import access_schema, curated, sql
from cppcc.store.config import CURATED_DIR, StoreUnavailable, is_postgres, store_target

if TYPE_CHECKING:
    from cppcc.store.postgres import Connection as PostgresConnection

__all__ = ["StoreBusy", "StoreMissing", "StoreUnavailable"]

log = logging.getLogger(__name__)

# how long to wait for another process's write; tests shorten it through the environment
BUSY_TIMEOUT_S = float(settings.env("CPPCC_BUSY_TIMEOUT") or "8")


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
    path: Path | str | None = None,
    *,
    read_only: bool = True,
    create: bool = False,
    timeout: float = BUSY_TIMEOUT_S,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the store for one short piece of work, waiting while another process writes.

    Only ``build`` creates a store (``create=True``): an empty file made by any other
    write would look like a store to every later command. On a PostgreSQL store this
    reads from a fresh snapshot; its writes go through ``transaction``."""
    target = path or store_target()
    if is_postgres(target):
        if not read_only:
            raise ValueError("a PostgreSQL store is written through db.transaction")
        from cppcc.store import postgres

        memory = postgres.snapshot(target)
        try:
            yield memory
        finally:
            memory.close()
        return
    path = Path(target)
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
    if _needs_batch_reverts(con):
        move_reverts_out_of_batches(con)
    for statement in sql.statements("schema"):
        con.execute(statement)
    con.execute("begin transaction")
    try:
        access_schema.ensure(con)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    for name in ("collect_schema", "terms_schema", "round_progress_view"):
        for statement in sql.statements(name):
            con.execute(statement)


def _needs_batch_reverts(con) -> bool:
    return bool(con.execute(sql.load("store_needs_batch_reverts")).fetchone()[0])


def _counts(con) -> dict[str, int]:
    cursor = con.execute(sql.load("repair_counts"))
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def move_reverts_out_of_batches(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Re-make a store of an earlier version, whose ``batches.reverts_batch`` referred to
    ``batches`` itself (a copy of it failed once a batch was undone), with the link in
    ``batch_reverts``: one transaction, every row kept and counted before it commits.
    Returns the counts kept."""
    con.execute("begin transaction")
    try:
        before = _counts(con)
        for name in ("migrate_batch_reverts_aside", "schema", "migrate_batch_reverts_back"):
            for statement in sql.statements(name):
                con.execute(statement)
        after = _counts(con)
        links = con.execute(sql.load("revert_links")).fetchone()[0]
        if after != before or links != before["reverts"]:
            raise RuntimeError(f"修复前后行数不一致（{before} → {after}，撤销 {links}），未做修改")
        con.execute("commit")
    except BaseException:
        rollback(con)
        raise
    return before


def _repaired(target, kept: dict[str, int], backup: Path | None) -> str:
    where = f"修复前的文件备份在 {backup}。" if backup else ""
    return (
        f"数据库 {target} 由旧版本生成，撤销过批次后页面无法打开：已就地修复"
        "（撤销记录移入 batch_reverts 表），上传的数据全部保留"
        f"（批次 {kept['batches']} 个，其中撤销 {kept['reverts']} 个；"
        f"上传的数字 {kept['uploaded']} 个）。{where}"
    )


def repair(target: Path | str | None = None) -> str | None:
    """Bring a store made by an earlier version up to this one's schema, in place and
    without losing a row; a sentence saying what was done, or None when nothing was
    needed. A DuckDB file is copied beside itself first (``<name>.bak-<time>``)."""
    target = target or store_target()
    if is_postgres(target):
        from cppcc.store import postgres

        kept = postgres.repair(target)
        return _repaired("（PostgreSQL）", kept, None) if kept else None
    path = Path(target)
    if not path.exists():
        return None
    with connect(path) as con:
        reverts = _needs_batch_reverts(con)
        stale = bool(con.execute(sql.load("store_needs_round_view")).fetchone()[0])
    if stale and not reverts:
        # the board's view as an earlier version made it: made again (only views change)
        with connect(path, read_only=False) as con:
            ensure_schema(con)
    if not reverts:
        return None
    with connect(path, read_only=False) as con:
        if not _needs_batch_reverts(con):
            return None  # another process repaired it meanwhile
        con.execute("checkpoint")  # the whole store in the file, for the backup
        backup = path.with_name(f"{path.name}.bak-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.copy2(path, backup)
        kept = move_reverts_out_of_batches(con)
        if stale:
            ensure_schema(con)
        con.execute("checkpoint")
    return _repaired(path, kept, backup)


@contextmanager
def transaction(
    target: Path | str | None = None, *, create: bool = False, versioned: bool = True
) -> Iterator["duckdb.DuckDBPyConnection | PostgresConnection"]:
    """One write to the store: committed as a whole when the block ends, rolled back
    on any error. On PostgreSQL, writers queue and each write bumps the store's version
    (not a ``versioned=False`` one: see ``postgres.transaction``)."""
    target = target or store_target()
    if is_postgres(target):
        from cppcc.store import postgres

        with postgres.transaction(target, versioned=versioned) as con:
            yield con
        return
    with connect(target, read_only=False, create=create) as con:
        con.execute("begin transaction")
        try:
            yield con
            con.execute("commit")
        except BaseException:
            rollback(con)
            raise


def build(target: Path | str | None = None, curated_dir: Path = CURATED_DIR) -> dict[str, int]:
    """Create or refresh the store from ``data/curated``; uploaded figures are kept.

    Curated rows are replaced as a whole in one transaction. Where staff uploaded a
    figure for the same committee, metric and period, the uploaded one stays.
    """
    data = curated.load(curated_dir)
    target = target or store_target()
    _log_repair(target)
    if is_postgres(target):
        from cppcc.store import postgres

        postgres.ensure_schema(target)
    else:
        with connect(target, read_only=False, create=True) as con:
            ensure_schema(con)
    with transaction(target) as con:
        for order, row in enumerate(data.committees):
            con.execute(sql.load("upsert_committee"), {**row, "sort_order": order})
        for order, row in enumerate(data.metrics):
            con.execute(sql.load("upsert_metric"), {**row, "sort_order": order})
        for row in data.sources:
            con.execute(sql.load("upsert_source"), row)
        con.execute(sql.load("delete_curated_figures"))
        for row in data.figures:
            con.execute(sql.load("insert_curated_figure"), row)
        # the curated terms (the regional committee's); terms a 管理员 added or
        # corrected are kept as they wrote them
        for row in terms.curated_rows(curated_dir):
            con.execute(sql.load("upsert_curated_term"), row)
        counts = con.execute(sql.load("figure_counts_by_origin")).fetchall()
    if not is_postgres(target):
        with connect(target, read_only=False) as con:
            con.execute("checkpoint")
    return dict(counts)


def exists(target: Path | str | None = None) -> bool:
    target = target or store_target()
    if is_postgres(target):
        from cppcc.store import postgres

        return postgres.is_built(target)
    return Path(target).exists()


def _log_repair(target: Path | str) -> None:
    try:
        note = repair(target)
    except StoreReadOnly as error:
        # browsing a store that cannot be written still works until a batch is undone
        log.warning("旧版本的数据库无法修复：%s", error)
        return
    if note:
        log.warning(note)


def ensure_built(target: Path | str | None = None) -> Path | str:
    """Build the store when it is missing (first start of the app); repair one made by
    an earlier version (``repair``), and log what was done."""
    target = target or store_target()
    if not exists(target):
        build(target)
    else:
        _log_repair(target)
    return target


def snapshot(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory copy of the store, for the dashboard to read from.

    The file is held only for the moment of copying, so a CLI import can write
    while the dashboard is open; the app takes a new snapshot when the file changes.
    A PostgreSQL store is copied in one repeatable-read transaction (``postgres``).
    """
    target = path or store_target()
    if is_postgres(target):
        from cppcc.store import postgres

        memory = postgres.snapshot(target)
        read_model(memory)
        return memory
    path = Path(target)
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
    read_model(memory)
    return memory


def read_model(con: duckdb.DuckDBPyConnection) -> None:
    """Turn a fresh in-memory copy of the store into the dashboard's read model.

    Call it once, right after the copy is made (``snapshot`` does; so must any other
    code that builds a snapshot). The views the pages read (``figures_labeled`` and the
    summaries in ``queries/read_model.sql``) become tables of the same name and columns,
    sorted for the pages' filters, so every query reads a ready table instead of
    joining and grouping two million figures again. The schema's views are created
    first, so a store file built by an older version reads the same.
    """
    ensure_schema(con)
    for statement in sql.statements("read_model"):
        con.execute(statement)


def stamp(path: Path | str | None = None) -> tuple:
    """Changes whenever the store changes: the file (or its write-ahead log), or the
    version counter of a PostgreSQL store."""
    target = path or store_target()
    if is_postgres(target):
        from cppcc.store import postgres

        return ("version", postgres.version(target))
    path = Path(target)
    parts = []
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            info = candidate.stat()
            parts.append((info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            parts.append(None)
    return tuple(parts)
