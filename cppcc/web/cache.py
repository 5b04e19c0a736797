"""The dashboard's access to the store: one cached snapshot, cached query results.

The app reads from an in-memory snapshot of the store file (see ``db.snapshot``), so
it never holds the file open and a CLI import can write at any time. The snapshot and
every query result are keyed on the file's stamp: when the file changes, the next
rerun reads the new data; ``clear()`` drops everything at once after an upload.
"""

import duckdb
import pandas as pd
import streamlit as st

from cppcc.store import db, sql
from cppcc.store.config import db_path


@st.cache_resource(max_entries=2, show_spinner=False)
def _snapshot(path: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    return db.snapshot(path)


@st.cache_data(max_entries=256, show_spinner=False)
def _query(name: str, params: tuple, path: str, stamp: tuple) -> pd.DataFrame:
    cursor = _snapshot(path, stamp).cursor()
    try:
        bound = {key: list(v) if isinstance(v, tuple) else v for key, v in params}
        return cursor.execute(sql.load(name), bound).df()
    finally:
        cursor.close()


def query(name: str, **params) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with bound parameters against the current data."""
    path = db.ensure_built(db_path())
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(name, key, str(path), db.stamp(path))


def query_uncached(name: str, **params) -> pd.DataFrame:
    """``query`` without keeping the result: for a large one-off read, such as a download
    of every figure, that would only crowd the cache."""
    cursor_ = cursor()
    try:
        return cursor_.execute(sql.load(name), params).df()
    finally:
        cursor_.close()


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the current snapshot, for work that needs more than one query."""
    path = db.ensure_built(db_path())
    return _snapshot(str(path), db.stamp(path)).cursor()


def clear() -> None:
    _query.clear()
    _snapshot.clear()
