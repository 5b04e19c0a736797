"""PostgreSQL as the shared, authoritative store of several app servers.

With ``CPPCC_STORE=postgresql://…`` the schema, the curated build, uploads, reverts,
batches, catalogue changes and staff accounts all live in one PostgreSQL database. Every
write is one transaction that first locks the one row of ``store_version`` (so writers
queue, as they do on the DuckDB file) and bumps it if it changed anything.

Pages never query PostgreSQL: each app server copies the tables into an in-memory DuckDB
(``snapshot``) inside one repeatable-read transaction, so a copy never holds half a
batch, and copies again only when ``version`` — one tiny query — says the store changed.
The same ``queries/*.sql`` then run on the copy as on the DuckDB file.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import cache

import duckdb
import pandas as pd
import psycopg
from psycopg import sql as pgsql
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.string import TextLoader

from cppcc.store import access_schema, sql
from cppcc.store.config import StoreUnavailable

CONNECT_TIMEOUT_S = 3
# copied in this order into the snapshot; names only from here, never from input
# (a table only refers to tables before it: DuckDB checks each foreign key on insert)
SNAPSHOT_TABLES = (
    "committees", "metrics", "sources", "batches", "batch_reverts", "figures",
    "figure_changes", "collection_rounds", "round_asks", "terms",
)  # fmt: skip
# the DuckDB schema files a snapshot is made in: the store's tables (those above) and
# the views the pages read; a new schema file joins here (and db.ensure_schema)
SNAPSHOT_SCHEMAS = ("schema", "collect_schema", "terms_schema", "round_progress_view")
_WRITES = ("INSERT", "UPDATE", "DELETE")
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _where(url: str) -> str:
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "（地址无法解析）"
    return f"{parts.get('host', 'localhost')}:{parts.get('port', '5432')}"


def unavailable(url: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"无法连接数据库服务器（PostgreSQL，{_where(url)}）。数据库可能正在重启或已停止，"
        "请稍后再试。如持续出现，请联系管理员检查数据库服务"
        "（CPPCC_STORE 设置的地址）。"
    )


def _open(url: str, *, autocommit: bool) -> psycopg.Connection:
    try:
        raw = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=autocommit)
    except psycopg.OperationalError as error:
        raise unavailable(url) from error
    # revert reads a batch's previous state as JSON text, as it does from DuckDB
    raw.adapters.register_loader("json", TextLoader)
    return raw


@cache
def _translate(text: str) -> str:
    """``$name`` (DuckDB's bound parameters, as in ``queries/``) → ``%(name)s``."""
    return _PARAMETER.sub(r"%(\1)s", text.replace("%", "%%"))


def _column_type(column: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(column):
        return "boolean"
    if pd.api.types.is_integer_dtype(column):
        return "bigint"
    if pd.api.types.is_float_dtype(column):
        return "double precision"
    return "text"


class Connection:
    """A PostgreSQL connection that speaks like the DuckDB one the pipeline writes with:
    ``execute(text, {name: value})`` with ``$name`` parameters, and ``register`` /
    ``unregister`` a DataFrame (as a temporary table filled by COPY)."""

    dialect = "postgres"

    def __init__(self, raw: psycopg.Connection):
        self.raw = raw
        self.changed = False

    def execute(self, text: str, params: dict | None = None) -> psycopg.Cursor:
        if params is None:
            cursor = self.raw.execute(text)
        else:
            cursor = self.raw.execute(_translate(text), params)
        status = (cursor.statusmessage or "").split()
        if status and status[0] in _WRITES and cursor.rowcount > 0:
            self.changed = True
        return cursor

    def register(self, name: str, frame: pd.DataFrame) -> None:
        columns = pgsql.SQL(", ").join(
            pgsql.SQL("{} {}").format(pgsql.Identifier(str(c)), pgsql.SQL(_column_type(frame[c])))
            for c in frame.columns
        )
        table = pgsql.Identifier(name)
        self.raw.execute(pgsql.SQL("create temporary table {} ({})").format(table, columns))
        rows = frame.astype(object).where(frame.notna(), None)
        with self.raw.cursor().copy(pgsql.SQL("copy {} from stdin").format(table)) as copy:
            for row in rows.itertuples(index=False, name=None):
                copy.write_row(row)

    def unregister(self, name: str) -> None:
        self.raw.execute(pgsql.SQL("drop table if exists {}").format(pgsql.Identifier(name)))


@contextmanager
def transaction(url: str, *, versioned: bool = True) -> Iterator[Connection]:
    """One write: all of it or none, after every earlier writer has finished.

    ``versioned=False`` is for writes no page reads from a snapshot (a sign-in's audit
    entry and failure count): they neither queue behind an upload nor bump the version,
    so a sign-in does not make every server copy the store again or turn a colleague's
    preview stale."""
    raw = _open(url, autocommit=False)
    con = Connection(raw)
    try:
        try:
            if versioned:
                raw.execute(sql.load("lock_store_version"))
            yield con
            if versioned and con.changed:
                raw.execute(sql.load("bump_store_version"))
            raw.commit()
        except BaseException:
            with suppress(psycopg.Error):
                raw.rollback()
            raise
    except psycopg.OperationalError as error:
        raise unavailable(url) from error
    finally:
        raw.close()


def ensure_schema(url: str) -> None:
    raw = _open(url, autocommit=False)
    try:
        raw.execute(sql.load("advisory_lock_build"))
        for statement in sql.statements("postgres_schema"):
            raw.execute(statement)
        # the audit log, sign-in failures, collection rounds and terms: one text for both
        access_schema.ensure(raw)
        for name in ("collect_schema", "terms_schema"):
            for statement in sql.statements(name):
                raw.execute(statement)
        raw.commit()
    except psycopg.OperationalError as error:
        raise unavailable(url) from error
    finally:
        raw.close()


def repair(url: str) -> dict[str, int] | None:
    """Move "this batch reverts that one" out of a ``batches.reverts_batch`` column made
    by an earlier version into ``batch_reverts``, in one transaction, rows counted
    before it commits. The counts kept, or None when the store needed nothing. An
    audit log from before a round's opening was audited gains the event on the way
    (``ensure_schema``, entries kept)."""
    if _scalar(url, "store_needs_audit_events"):
        ensure_schema(url)
    if not _scalar(url, "store_needs_batch_reverts"):
        return None
    ensure_schema(url)  # batch_reverts
    with transaction(url) as con:
        if not con.execute(sql.load("store_needs_batch_reverts")).fetchone()[0]:
            return None  # another server repaired it meanwhile
        cursor = con.execute(sql.load("repair_counts"))
        before = dict(zip([c.name for c in cursor.description], cursor.fetchone(), strict=True))
        for statement in sql.statements("migrate_batch_reverts_postgres"):
            con.execute(statement)
        links = con.execute(sql.load("revert_links")).fetchone()[0]
        if links != before["reverts"]:
            raise RuntimeError(f"修复时撤销记录数不一致（{before['reverts']} → {links}），未做修改")
    return before


def _scalar(url: str, name: str):
    raw = _open(url, autocommit=True)
    try:
        return raw.execute(sql.load(name)).fetchone()[0]
    except psycopg.OperationalError as error:
        raise unavailable(url) from error
    except psycopg.errors.UndefinedTable:
        return None
    finally:
        raw.close()


def version(url: str) -> int | None:
    """The store's write counter (None before the schema exists): the cheap check each app
    server makes before reusing its snapshot."""
    return _scalar(url, "store_version")


def is_built(url: str) -> bool:
    return bool(_scalar(url, "committee_count"))


def snapshot(url: str) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB copy of the store, with the same schema and views as the file
    store, plus ``store_version``: the version it was copied at."""
    memory = duckdb.connect()
    for name in SNAPSHOT_SCHEMAS:
        for statement in sql.statements(name):
            memory.execute(statement)
    memory.execute(sql.load("snapshot_store_version"))
    raw = _open(url, autocommit=False)
    try:
        raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        raw.read_only = True
        for table in (*SNAPSHOT_TABLES, "store_version"):
            query = pgsql.SQL("select * from {} order by 1").format(pgsql.Identifier(table))
            cursor = raw.execute(query)
            names = [column.name for column in cursor.description]
            rows = cursor.fetchall()
            if not rows:
                continue
            wanted = memory.table(table).columns
            frame = pd.DataFrame(rows, columns=names, dtype=object)[wanted]
            memory.from_df(frame).insert_into(table)
        raw.rollback()
    except psycopg.OperationalError as error:
        memory.close()
        raise unavailable(url) from error
    except BaseException:
        memory.close()
        raise
    finally:
        raw.close()
    return memory


@contextmanager
def session(url: str) -> Iterator[Connection]:
    """A short autocommit connection, for the staff accounts."""
    raw = _open(url, autocommit=True)
    try:
        yield Connection(raw)
    except psycopg.OperationalError as error:
        raise unavailable(url) from error
    finally:
        raw.close()
