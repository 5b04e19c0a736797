"""The dashboard's access to the store: one cached snapshot, cached query results.

The app reads from an in-memory snapshot of the store (see ``db.snapshot``), so it never
holds the file open and a CLI import can write at any time. The snapshot and every query
result are keyed on the store's stamp: the file's, or the version counter of a
PostgreSQL store shared by several app servers. When it changes, the next rerun reads
the new data; ``clear()`` drops everything at once after an upload.

A PostgreSQL store's version is asked at most once per ``CHECK_EVERY_S`` per process,
not once per query or per session, so a thousand open pages cost one tiny query a
second, and a write on another server shows here within about that long.

Query results and what the pages derive from them (``shared``: a figure, the headline
tiles, the matrix) are kept once per process for every session, not copied per use
(``st.cache_data`` unpickled a copy on every call): a new visitor's first page reuses
what the last visitor's made (#24). A query's result comes back as a shallow copy,
which pandas' copy-on-write keeps from ever changing the kept frame; a ``shared``
value is handed out as is, so its callers only read it.
"""

import contextlib
import ctypes
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

import duckdb
import pandas as pd
import streamlit as st

from cppcc import i18n, markup, settings
from cppcc.store import db, sql
from cppcc.store.config import is_postgres, store_target

CHECK_EVERY_S = 1.0

# per process, shared by every session: the last version seen and when; guarded by _lock
_lock = threading.Lock()
_checked: dict = {}
# per process, shared by every session: query results and derived values, keyed on the
# store and its stamp (a write makes new keys and drops the old ones), least recently
# used dropped first; guarded by _kept_lock
KEPT_ENTRIES = 512
_kept_lock = threading.Lock()
_kept: OrderedDict = OrderedDict()
_kept_for: dict = {}


# per process: the store the settings name (resolved once per value of the two
# settings, not per query: a path's resolve is a system call per folder), and the
# DuckDB files already built or found; guarded by _lock
_resolved: dict = {}
_built: set = set()


def _target():
    asked = (settings.env("CPPCC_STORE"), settings.env("CPPCC_DB"))
    with _lock:
        if _resolved.get("asked") != asked:
            _resolved.update(asked=asked, target=store_target())
        return _resolved["target"]


def _built_once(path: str) -> str:
    """The first visit builds a missing store; later, a store that disappears while the
    app runs is reported (``StoreMissing``), not silently rebuilt without the uploads,
    and the app reads it again as soon as it is back."""
    with _lock:
        if path in _built:
            return path
    db.ensure_built(path)
    with _lock:
        _built.add(path)
    return path


# one snapshot alive per process: a new stamp (a write) evicts the old copy at once, so
# the server never holds two copies of the store after an apply
@st.cache_resource(max_entries=1, show_spinner=False)
def _snapshot(target: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    _give_back_freed_memory()
    return db.snapshot(target)


def _give_back_freed_memory() -> None:
    """Before a new snapshot: hand what Python freed back to the system. DuckDB has an
    allocator of its own, so memory an upload's preview and write freed (its rows, its
    frames) would otherwise stay with the process beside the new copy: ~11 MB at the
    peak after a 20,000-row apply (bench ``upload_page``). glibc only; elsewhere a no-op."""
    gc.collect()
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None).malloc_trim(0)


def _run(name: str, params: tuple, target: str, stamp: tuple) -> pd.DataFrame:
    cursor = _snapshot(target, stamp).cursor()
    try:
        bound = {key: list(v) if isinstance(v, tuple) else v for key, v in params}
        return cursor.execute(sql.load(name), bound).df()
    finally:
        cursor.close()


def _keep(key: tuple, make: Callable):
    """The value kept under ``key`` (ending in the store and its stamp), made by
    ``make()`` when there is none. Two sessions asking at once may both make it; the
    values are equal, the last one is kept. A new stamp drops what the old one kept,
    so the process never holds two versions of the store's results."""
    with _kept_lock:
        if _kept_for.get("current") != key[-2:]:
            _kept.clear()
            _kept_for["current"] = key[-2:]
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    value = make()
    with _kept_lock:
        # made from a store another session has seen change meanwhile: not kept
        if _kept_for.get("current") == key[-2:]:
            _kept[key] = value
            while len(_kept) > KEPT_ENTRIES:
                _kept.popitem(last=False)
    return value


def _current() -> tuple[str, tuple]:
    """The store and its stamp now; builds a missing store on first use."""
    target = _target()
    if not is_postgres(target):
        path = _built_once(str(target))
        return path, db.stamp(path)
    with _lock:
        now = time.monotonic()
        if _checked.get("target") == target and now - _checked["at"] < CHECK_EVERY_S:
            return target, _checked["stamp"]
        if _checked.get("built") != target:
            db.ensure_built(target)
        stamp = db.stamp(target)
        _checked.update(target=target, built=target, at=now, stamp=stamp)
        return target, stamp


def _stop_on_fault(error: Exception):
    """A missing or damaged store: say what is wrong and how to recover, and end this
    run of the page (the next rerun tries again), instead of a traceback."""
    st.error(i18n.text("store_fault", st.session_state.get("lang", "zh"), what=markup.md(error)))
    st.stop()


def query(name: str, **params) -> pd.DataFrame:
    """Run ``queries/<name>.sql`` with bound parameters against the current data."""
    key = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    try:
        current = _current()
        frame = _keep(("query", name, key, *current), lambda: _run(name, key, *current))
    except (db.StoreMissing, db.StoreCorrupt) as error:
        _stop_on_fault(error)
    # copy-on-write: a page that sets a column or sorts changes its copy, never the kept one
    return frame.copy(deep=False)


def shared(key: Hashable, make: Callable):
    """``make()``, kept per process for every session until the store changes: for work
    that is the same for every visitor of the same view (``key`` names the work and
    everything it depends on besides the store). The value is shared: read it, never
    change it."""
    try:
        return _keep(("shared", key, *_current()), make)
    except (db.StoreMissing, db.StoreCorrupt) as error:
        _stop_on_fault(error)


def query_uncached(name: str, **params) -> pd.DataFrame:
    """``query`` without keeping the result: for a large one-off read, such as a download
    of every figure, that would only crowd the cache."""
    cursor_ = cursor()
    try:
        return cursor_.execute(sql.load(name), params).df()
    finally:
        cursor_.close()


def cursor(*, fresh: bool = False) -> duckdb.DuckDBPyConnection:
    """A cursor on the current snapshot, for work that needs more than one query.

    ``fresh`` asks the store's version now instead of trusting the last second's answer:
    a preview is compared against the store when it is applied, so it must not be made
    on a copy that a write on another server has just overtaken."""
    if fresh:
        with _lock:
            _checked.pop("target", None)
    try:
        return _snapshot(*_current()).cursor()
    except (db.StoreMissing, db.StoreCorrupt) as error:
        _stop_on_fault(error)


def clear() -> None:
    with _lock:
        _checked.pop("at", None)
        _checked.pop("target", None)
    with _kept_lock:
        _kept.clear()
    _snapshot.clear()
