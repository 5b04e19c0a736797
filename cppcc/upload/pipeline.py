"""The upload pipeline shared by the page and the CLI: preview, apply, revert.

``preview`` reads a file against the store and says what would change; ``apply``
writes a preview in one transaction, as a numbered batch, and only if the store is
still as the preview saw it; ``revert`` puts back exactly what a batch replaced.

A figure is one committee, metric and period as one report gives it, so an upload
row is compared with the stored figure of the report it names first:

- same report, same number: unchanged; another number (or, for an upload, another
  quote or note): a correction, which replaces that report's figure;
- another report with the number the pages show: unchanged when that figure is
  curated (it keeps its verified report and quote); for an uploaded figure, a
  correction of where it came from, which replaces it;
- another report with another number: kept beside the stored ones, never over them.
  It becomes the figure the pages show (an upload dates from its day), and they say
  that an earlier report gave another number.

Every replaced figure is recorded in the batch, so a revert puts it back.
"""

import hashlib
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from cppcc import settings
from cppcc.collect import marker
from cppcc.store import db, sql
from cppcc.upload import access, binding
from cppcc.upload.importing import FileProblem, read_upload
from cppcc.upload.parsing import normalise
from cppcc.upload.validate import Figure, Problem, validate

FIGURE_COLUMNS = (
    "adcode", "metric", "period_start", "period_end", "value", "qualifier", "year_basis",
    "source_id", "quote", "note", "origin", "batch_id",
)  # fmt: skip


# rows written per statement: a file at the row limit is written in four slices (each
# slice's frame and DuckDB's work for it are what the write holds at once, beside the
# transaction's own rows)
WRITE_CHUNK = 5_000

# how the frames the writer registers type their columns; text stays the Python strings
# the preview already holds (pandas would otherwise copy every text into an Arrow string
# column, and a cast back to objects copy it again: for a file of long distinct titles
# and quotes that was ~30 MB more on the server while it wrote)
_TEXT = "object"
_WHOLE = "Int64"  # whole numbers stay whole even when every one is missing


class StoreChanged(RuntimeError):
    """Someone applied or reverted a batch after this preview was made."""


class RevertRefused(RuntimeError):
    """The batch cannot be reverted as asked; the message says why."""


@dataclass(slots=True)  # one per row of a file: up to 100,000
class Change:
    figure: Figure
    old: dict | None = None  # the stored figure it changes (or the one shown), None if new
    # the stored figure of one report this write overwrites or removes; None when the
    # upload is another report's number, kept beside the stored ones
    replaces: dict | None = None

    @property
    def kept_beside(self) -> bool:
        return self.old is not None and self.replaces is None


@dataclass
class Preview:
    file_name: str
    sha256: str
    fingerprint: str = ""
    problems: list[Problem] = field(default_factory=list)
    new: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Change] = field(default_factory=list)
    # row → 'inferred' for figures whose year a report did not state (set by the
    # extraction page, which read them from a report); every other row is 'stated'
    year_basis: dict[int, str] = field(default_factory=dict)
    # a round's workbook (``cppcc.collect.marker``): its rows left empty, 未报告
    not_reported: int = 0
    round_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def changes_curated(self) -> list[Change]:
        return [c for c in self.changed if c.old and c.old["origin"] == "curated"]

    def summary(self) -> dict:
        counts = {
            "ok": self.ok,
            "errors": [asdict(p) for p in self.problems],
            "new": len(self.new),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "curated_changes": len(self.changes_curated),
        }
        if self.round_id is not None:  # a round's workbook: its cells left empty too
            counts.update(round=self.round_id, not_reported=self.not_reported)
        return counts


def _records(cursor) -> list[dict]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def catalogue(con) -> tuple[list[dict], list[dict]]:
    committees = _records(con.execute(sql.load("catalogue_committees")))
    metrics = _records(con.execute(sql.load("catalogue_metrics")))
    return committees, metrics


def fingerprint(con) -> str:
    """What a preview remembers and an apply compares. A PostgreSQL store, and an app
    server's snapshot of it, count their writes (``store_version``); a DuckDB file has
    no counter and is fingerprinted by its figures."""
    # fetchall, not fetchone: DuckDB wants a result finished before the next statement
    counted = getattr(con, "dialect", None) == "postgres" or bool(
        con.execute(sql.load("has_store_version")).fetchall()[0][0]
    )
    if counted:
        return f"v{con.execute(sql.load('store_version')).fetchall()[0][0]}"
    return con.execute(sql.load("store_fingerprint")).fetchall()[0][0]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    data: bytes,
    scope: binding.Scope | None = None,
) -> Preview:
    """Read, validate and diff a file against the store ``con`` reads from. With a
    ``scope`` (an account bound to committees), a row of any other committee is a
    problem, so the whole file is refused."""
    result = Preview(file_name=file_name, sha256=sha256(data))
    try:
        rows = read_upload(file_name, data)
    except FileProblem as problem:
        result.problems = [Problem(0, "文件", str(problem))]
        return result
    committees, metrics = catalogue(con)
    outside = binding.outside_rows(rows, committees, scope)
    returned = marker.read(file_name, data)
    if returned is not None:
        result.round_id = returned["round"]
        rows, blank = marker.set_aside_blank(rows)
        result.not_reported = len(blank)
    stored = {
        (adcode, metric, start, end): value
        for adcode, metric, start, end, value in con.execute(
            sql.load("shown_proposal_counts")
        ).fetchall()
    }
    figures, problems = validate(rows, committees, metrics, stored)
    del rows  # the file's cells: the figures hold what is kept
    result.problems = sorted(outside + problems, key=lambda p: p.row)
    result.fingerprint = fingerprint(con)
    if result.problems:
        return result
    shown, by_report = _stored_reports(con, figures)
    for figure in figures:
        if figure.key not in shown:
            result.new.append(Change(figure))
            continue
        current = shown[figure.key]
        same_report = by_report.get(figure.identity)
        if same_report is not None:
            if _same(same_report, figure):
                result.unchanged.append(Change(figure, same_report))
            else:
                result.changed.append(Change(figure, same_report, same_report))
        elif (current["value"], current["qualifier"]) != (figure.value, figure.qualifier):
            result.changed.append(Change(figure, current))
        elif current["origin"] == "curated":
            result.unchanged.append(Change(figure, current))
        else:
            result.changed.append(Change(figure, current, current))
    return result


def _stored_reports(con, figures: list[Figure]) -> tuple[dict, dict]:
    """For the keys the file names only: key → the stored figure the pages show, and
    (key, report title in one form) → that report's stored figure (the first, as the
    store orders them)."""
    # each key once: a file may give one key from several reports
    keys = _columns(_key_columns(list({f.key: f for f in figures}.values())), _KEY_TYPES)
    shown: dict[tuple, dict] = {}
    by_report: dict[tuple, dict] = {}
    con.register("incoming_keys", keys)
    try:
        for r in _records(con.execute(sql.load("figures_for_diff"))):
            key = (r["adcode"], r["metric"], r["period_start"], r["period_end"])
            if r["is_current"]:
                shown.setdefault(key, r)
            by_report.setdefault((*key, normalise(r["source"])), r)
    finally:
        con.unregister("incoming_keys")
    return shown, by_report


def _same(old: dict, figure: Figure) -> bool:
    """Unchanged (the same report's figure): the same number, and for an uploaded
    figure the same quote and note too, so staff can correct their own upload. A
    curated figure keeps its verified quote when a file restates the same number."""
    if old["value"] != figure.value or old["qualifier"] != figure.qualifier:
        return False
    if old["origin"] == "curated":
        return True
    return (old["quote"] or None) == figure.quote and (old["note"] or None) == figure.note


def _source_ids(con, titles: list[str], batch_id: int) -> dict[str, str]:
    """Report title → source id: an existing source with that title (the first in the
    store's order, else one whose title reads the same in one form), else a new one.
    Set-based: the stored titles are read once and the new ones inserted in one
    statement, so a file of 100,000 titles is not 200,000 statements."""
    exact: dict[str, str] = {}
    by_form: dict[str, str] = {}  # titles kept as written, matched in one form
    for source_id, known in con.execute(sql.load("source_titles")).fetchall():
        exact.setdefault(known, source_id)
        by_form.setdefault(normalise(known), source_id)
    ids: dict[str, str] = {}
    new: list[tuple[str, str]] = []
    for title in dict.fromkeys(titles):
        found = exact.get(title) or by_form.get(normalise(title))
        if found is None:
            found = f"U{batch_id}-{len(ids) + 1}"
            new.append((found, title))
            by_form[normalise(title)] = found
        ids[title] = found
    if new:
        incoming = _columns(
            {"source_id": [i for i, _ in new], "title": [t for _, t in new]},
            {"source_id": _TEXT, "title": _TEXT},
        )
        con.register("incoming_sources", incoming)
        try:
            con.execute(sql.load("insert_uploaded_sources_from_frame"))
        finally:
            con.unregister("incoming_sources")
    return ids


def _pause_for_tests() -> None:
    # lets the atomicity test kill the process in the middle of a transaction
    pause = settings.env("CPPCC_TEST_PAUSE_APPLY")
    if pause:
        print("apply paused", file=sys.stderr, flush=True)
        time.sleep(float(pause))


def _json_default(value):
    return str(value)


def write(con, result: Preview, *, user: str, reason: str | None) -> int:
    """Write a checked preview into ``con`` as one batch; the caller owns the transaction.

    Set-based: the rows go in as registered DataFrames, a few statements per
    ``WRITE_CHUNK`` rows, so a 30,000-row file takes a second, not minutes of one
    statement per row."""
    writes = result.new + result.changed
    batch_id = con.execute(
        sql.load("insert_batch"),
        {
            "kind": "upload",
            "user_name": user,
            "file_name": result.file_name,
            "file_sha256": result.sha256,
            "n_new": len(result.new),
            "n_changed": len(result.changed),
            "reason": reason,
        },
    ).fetchone()[0]
    access.record(
        con,
        "apply",
        user,
        f"批次 {batch_id}：{result.file_name}，新增 {len(result.new)}，修改 {len(result.changed)}",
    )
    ids = _source_ids(con, [change.figure.source for change in writes], batch_id)
    # in slices, so a file of 100,000 rows never has all its frames in memory at once;
    # still every change row first, then every removal, then every figure, as in one go
    chunks = [writes[at : at + WRITE_CHUNK] for at in range(0, len(writes), WRITE_CHUNK)]
    for chunk in chunks:
        _insert_changes(con, chunk, ids, batch_id)
    _pause_for_tests()
    for chunk in chunks:
        _delete(con, _removed(chunk, ids))
    for chunk in chunks:
        _upsert(con, _figure_columns(chunk, ids, result.year_basis, batch_id))
    return batch_id


_KEYS = ["adcode", "metric", "period_start", "period_end"]


def _insert_changes(con, writes: list[Change], ids: dict, batch_id: int) -> None:
    """One change row per figure written, keyed by the report it is written under, with
    the figure it replaces (which may be another report's: then that one goes)."""
    figures = [change.figure for change in writes]
    changes = _columns(
        {
            **_key_columns(figures),
            "source_id": [ids[f.source] for f in figures],
            "previous": [
                None
                if change.replaces is None
                else json.dumps(
                    {name: change.replaces[name] for name in FIGURE_COLUMNS},
                    default=_json_default,
                )
                for change in writes
            ],
        },
        {**_KEY_TYPES, "source_id": _TEXT, "previous": _TEXT},
    )
    con.register("incoming_changes", changes)
    try:
        con.execute(sql.load("insert_figure_changes_from_batch"), {"batch_id": batch_id})
    finally:
        con.unregister("incoming_changes")


def _removed(writes: list[Change], ids: dict) -> pd.DataFrame:
    """The stored figures of other reports these writes replace."""
    replaced = [
        change
        for change in writes
        if change.replaces is not None and change.replaces["source_id"] != ids[change.figure.source]
    ]
    return _columns(
        {
            **_key_columns([change.figure for change in replaced]),
            "source_id": [change.replaces["source_id"] for change in replaced],
        },
        {**_KEY_TYPES, "source_id": _TEXT},
    )


def _figure_columns(writes: list[Change], ids: dict, basis: dict, batch_id: int) -> pd.DataFrame:
    """The figures a batch writes, built column by column (100,000 rows as a dict per
    row held ~65 MB more on the server while the write ran)."""
    figures = [change.figure for change in writes]
    columns = {
        "adcode": [f.adcode for f in figures],
        "metric": [f.metric for f in figures],
        "period_start": [f.period_start for f in figures],
        "period_end": [f.period_end for f in figures],
        "value": [f.value for f in figures],
        "qualifier": [f.qualifier for f in figures],
        "year_basis": [basis.get(f.row, "stated") for f in figures],
        "source_id": [ids[f.source] for f in figures],
        "quote": [f.quote for f in figures],
        "note": [f.note for f in figures],
        "origin": ["uploaded"] * len(figures),
        "batch_id": [batch_id] * len(figures),
    }
    return _columns(columns, _FIGURE_TYPES)


def _frame(rows) -> pd.DataFrame:
    """Figure rows (dicts) as a DataFrame with every figure column; text columns stay
    objects, so a missing quote is NULL in the store, not the string 'None'."""
    rows = list(rows)
    columns = {name: [row.get(name) for row in rows] for name in FIGURE_COLUMNS}
    return _columns(columns, _FIGURE_TYPES)


# whole numbers stay whole numbers even when every batch_id is missing (a revert to
# curated figures): PostgreSQL types a registered column by its dtype
_KEY_TYPES = {"adcode": _TEXT, "metric": _TEXT, "period_start": _WHOLE, "period_end": _WHOLE}
_FIGURE_TYPES = {
    **_KEY_TYPES, "value": "float64", "qualifier": _TEXT, "year_basis": _TEXT,
    "source_id": _TEXT, "quote": _TEXT, "note": _TEXT, "origin": _TEXT, "batch_id": _WHOLE,
}  # fmt: skip


def _key_columns(figures: list[Figure]) -> dict[str, list]:
    return {
        "adcode": [f.adcode for f in figures],
        "metric": [f.metric for f in figures],
        "period_start": [f.period_start for f in figures],
        "period_end": [f.period_end for f in figures],
    }


def _columns(columns: dict[str, list], types: dict[str, str]) -> pd.DataFrame:
    """A frame of the given columns (lists of equal length), each typed as ``types``
    says: text as objects holding the very strings given (no copy of any text)."""
    return pd.DataFrame(
        {name: pd.Series(values, dtype=types[name]) for name, values in columns.items()},
        columns=list(columns),
    )


def _upsert(con, figures: pd.DataFrame) -> None:
    if figures.empty:
        return
    con.register("incoming_figures", figures)
    try:
        con.execute(sql.load("upsert_figures_from_frame"))
    finally:
        con.unregister("incoming_figures")


def _delete(con, keys: pd.DataFrame) -> None:
    if keys.empty:
        return
    con.register("incoming_keys", keys)
    try:
        con.execute(sql.load("delete_figures_from_frame"))
    finally:
        con.unregister("incoming_keys")


def apply(
    path: Path | str,
    result: Preview,
    *,
    user: str,
    reason: str | None = None,
    confirm_curated: bool = False,
    scope: binding.Scope | None = None,
) -> int:
    """Apply a preview made earlier (the page's flow): all rows or none.

    Refuses when the preview has problems, when it changes curated figures without
    an explicit confirmation and a reason, when it writes a committee outside the
    account's ``scope``, or when the store changed since.
    """
    if not result.ok:
        raise ValueError("文件有错误，不能写入")
    outside = binding.outside_adcodes(
        [change.figure.adcode for change in result.new + result.changed], scope, {}
    )
    if outside:
        raise ValueError(f"账号 {scope.user} 不能写入这些委员会的数字：{'、'.join(outside)}")
    if not (result.new or result.changed):
        raise ValueError("没有需要写入的变化")
    if result.changes_curated and not (confirm_curated and reason and reason.strip()):
        raise ValueError("这次上传会修改整理自报告的数字：需要确认并写明原因")
    with db.transaction(path) as con:
        if fingerprint(con) != result.fingerprint:
            raise StoreChanged(
                "预览之后，数据已被他人更新（例如另一位工作人员刚上传或撤销了一批数据）。"
                "为避免覆盖他人的修改，本次没有写入任何数据。请重新预览后再确认。"
            )
        return write(con, result, user=user, reason=reason)


def import_file(
    path: Path | str,
    file_name: str,
    data: bytes,
    *,
    user: str,
    reason: str | None = None,
    dry_run: bool = False,
    confirm_curated: bool = False,
    scope: binding.Scope | None = None,
) -> tuple[Preview, int | None]:
    """The CLI's flow: preview and apply under one write lock, so two imports queue."""
    if dry_run:
        with db.connect(path) as con:
            return preview(con, file_name, data, scope), None
    with db.transaction(path) as con:
        if getattr(con, "dialect", None) == "postgres":
            # previews read DuckDB views, as on every app server: a snapshot taken under
            # the write lock, so nothing can change between this preview and the write
            with db.connect(path) as snapshot:
                result = preview(snapshot, file_name, data, scope)
        else:
            result = preview(con, file_name, data, scope)
        if not result.ok or not (result.new or result.changed):
            return result, None
        if result.changes_curated and not (confirm_curated and reason and reason.strip()):
            result.problems.append(
                Problem(
                    0,
                    "文件",
                    f"这次导入会修改 {len(result.changes_curated)} 个整理自报告的数字。"
                    '如确需修改，请加上 --confirm-curated 和 --reason "原因" 再运行。',
                )
            )
            return result, None
        return result, write(con, result, user=user, reason=reason)


def revert(
    path: Path | str,
    batch_id: int,
    *,
    user: str,
    reason: str | None = None,
    role: str | None = None,
    scope: binding.Scope | None = None,
) -> int:
    """Undo one upload batch exactly, as a new batch of kind ``revert``.

    With a ``role`` (the page passes the signed-in user's), a 录入员 may revert only
    their own batches; the CLI, run by whoever runs the server, passes none. With a
    ``scope``, only a batch all of whose figures are of the account's committees."""
    with db.transaction(path) as con:
        found = _records(con.execute(sql.load("batch_by_id"), {"batch_id": batch_id}))
        if not found:
            raise RevertRefused(f"没有编号为 {batch_id} 的批次")
        batch = found[0]
        if batch["kind"] != "upload":
            raise RevertRefused(f"批次 {batch_id} 本身是一次撤销，不能再撤销")
        if batch["reverted_by"] is not None:
            raise RevertRefused(f"批次 {batch_id} 已被批次 {batch['reverted_by']} 撤销")
        if role is not None and batch["user_name"] != user and not access.can(role, "revert_any"):
            raise RevertRefused(
                f"批次 {batch_id} 是 {batch['user_name']} 上传的；"
                "录入员只能撤销自己上传的批次，撤销他人的批次请找管理员"
            )
        later = [row[0] for row in con.execute(
            sql.load("later_batches_touching"), {"batch_id": batch_id}
        ).fetchall()]  # fmt: skip
        if later:
            raise RevertRefused(
                f"批次 {batch_id} 中的部分数字后来又被批次 "
                + "、".join(str(b) for b in later)
                + " 修改；请先撤销较新的批次"
            )
        changes = _records(con.execute(sql.load("batch_changes"), {"batch_id": batch_id}))
        names = {c["adcode"]: c["short_zh"] for c in catalogue(con)[0]} if scope else {}
        outside = binding.outside_adcodes([c["adcode"] for c in changes], scope, names)
        if outside:
            raise RevertRefused(
                f"批次 {batch_id} 含有其他委员会（{'、'.join(outside)}）的数字；"
                f"账号 {user} 只能撤销 {scope.named} 的数字，请找管理员撤销"
            )
        new_id = con.execute(
            sql.load("insert_batch"),
            {
                "kind": "revert",
                "user_name": user,
                "file_name": batch["file_name"],
                "file_sha256": None,
                "n_new": 0,
                "n_changed": len(changes),
                "reason": reason or f"撤销批次 {batch_id}",
            },
        ).fetchone()[0]
        con.execute(
            sql.load("insert_batch_revert"), {"batch_id": new_id, "reverted_batch": batch_id}
        )
        access.record(con, "revert", user, f"撤销批次 {batch_id}（记录为批次 {new_id}）")
        # a figure the batch added goes; one it replaced comes back, under its report
        previous = [json.loads(c["previous"]) if c["previous"] else None for c in changes]
        added = [
            c
            for c, before in zip(changes, previous, strict=True)
            if before is None or before["source_id"] != c["source_id"]
        ]
        _delete(con, pd.DataFrame(added, columns=[*FIGURE_COLUMNS[:4], "source_id"]))
        _upsert(con, _frame(before for before in previous if before))
    # the report titles the batch brought in go too, once nothing cites them; after the
    # commit, because DuckDB checks a deleted key against rows deleted in the same
    # transaction as if they were still there
    with db.transaction(path) as con:
        con.execute(sql.load("delete_unused_batch_sources"), {"prefix": f"U{batch_id}-"})
    return new_id


def batches(con) -> list[dict]:
    return _records(con.execute(sql.load("batches_list")))


def batch_rows(con, batch_id: int) -> list[dict]:
    return _records(con.execute(sql.load("batch_rows"), {"batch_id": batch_id}))
