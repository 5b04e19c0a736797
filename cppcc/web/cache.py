"""The dashboard's access to the store: one cached snapshot, cached query results.

The app reads from an in-memory snapshot of the store file (see ``db.snapshot``), so
it never holds the file open and a CLI import can write at any time. The snapshot and
every query result are keyed on the file's stamp: when the file changes, the next
rerun reads the new data; ``clear()`` drops everything at once after an upload.
"""

import duckdb
import pandas as pd
import streamlit as st

from cppcc import i18n, markup
from cppcc.store import db, sql
from cppcc.store.config import db_path


@st.cache_resource(max_entries=4, show_spinner=False)
def _built_once(path: str) -> str:
    """The first visit builds a missing store; later, a store that disappears while the
    app runs is reported (``StoreMissing``), not silently rebuilt without the uploads,
    and the app reads it again as soon as it is back."""
    db.ensure_built(path)
    return path


def _path() -> str:
    return _built_once(str(db_path()))


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


def _stop_on_fault(error: Exception):
    """A missing or damaged store: say what is wrong and how to recover, and end this
    run of the page (the next rerun tries again), instead of a traceback."""
    st.error(i18n.text("store_fault", st.session_state.get("lang", "zh"), what=markup.md(error)))
    st.stop()


def query(name: str, **params) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with bound parameters against the current data."""
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    try:
        path = _path()
        return _query(name, key, path, db.stamp(path))
    except (db.StoreMissing, db.StoreCorrupt) as error:
        _stop_on_fault(error)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on the current snapshot, for work that needs more than one query."""
    try:
        path = _path()
        return _snapshot(path, db.stamp(path)).cursor()
    except (db.StoreMissing, db.StoreCorrupt) as error:
        _stop_on_fault(error)


def clear() -> None:
    _query.clear()
    _snapshot.clear()
