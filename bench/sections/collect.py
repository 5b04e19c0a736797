"""collect: collection rounds (issue #22). The 27 workbooks of a default round on the
curated store, and the progress board's query on the national store with a round of
every committee below the top level (~3,200 in a full run; ~50 in a smoke run).

Both on copies of the run's stores, never on the shared ones. On the national copy a
round is opened with ``round.open_round``; a third of its committees then "return": one
synthetic upload batch each, written after the round opened, with a change row for
each asked cell (the shape a returned workbook leaves). The board's query is timed on
``db.snapshot`` (the read model the page's board reads), on a fresh cursor, its rows
fetched; ``board.board`` (the rows the page draws, named from the catalogue the page
holds) beside it.
"""

import shutil
import time

from bench.harness import bounded, log, stats

NAME = "collect"
# a third of the committees return, each as one batch (synthetic; bench only)
_RETURNS = """
insert into batches (batch_id, kind, user_name, created_at, file_name, n_new, n_changed)
select 1000000 + row_number() over (order by adcode), 'upload', 'bench_' || adcode,
    now()::timestamp + interval 1 minute, adcode || '.xlsx', 0, 0
from (select distinct adcode from round_asks where round_id = $round_id) as asked
where hash(adcode) % 3 = 0
"""
_RETURN_CHANGES = """
insert into figure_changes (batch_id, adcode, metric, period_start, period_end, source_id)
select b.batch_id, a.adcode, a.metric, a.year, a.year, 'bench-return'
from round_asks as a
join batches as b on b.user_name = 'bench_' || a.adcode
where a.round_id = $round_id
"""


def _times_ms(action, reps: int) -> list[float]:
    times = []
    for _ in bounded(reps, 60):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def workbooks(bench) -> dict:
    """A default round (the 27 committees below the region) on a copy of the curated
    store, every workbook generated."""
    from cppcc.collect import round as rounds
    from cppcc.collect import workbook
    from cppcc.store import db

    store = bench.work / "collect-curated.duckdb"
    shutil.copy(bench.store("realistic"), store)
    opened = rounds.open_round(store, user="bench", years=[2024])
    with db.connect(store) as con:
        reps = bench.sizes["collect"]
        times = _times_ms(lambda: workbook.workbooks(con, opened["round_id"]), reps)
    return {
        "committees": opened["n_committees"],
        "cells": opened["n_asked"],
        "workbooks_s": stats([t / 1000 for t in times], 2),
    }


def _round_with_returns(store) -> dict:
    from cppcc.collect import round as rounds
    from cppcc.store import db

    with db.connect(store) as con:
        found = con.execute("select adcode from committees where parent_adcode is not null")
        committees = [row[0] for row in found.fetchall()]
        year = con.execute(
            "select max(period_start) from figures where period_start = period_end"
        ).fetchone()[0]
    started = time.perf_counter()
    opened = rounds.open_round(store, user="bench", years=[year], committees=committees)
    opened["open_s"] = round(time.perf_counter() - started, 2)
    with db.connect(store, read_only=False) as con:
        con.execute(_RETURNS, {"round_id": opened["round_id"]})
        con.execute(_RETURN_CHANGES, {"round_id": opened["round_id"]})
    return opened


def board(bench) -> dict:
    from cppcc.collect import board as boards
    from cppcc.store import db, sql
    from cppcc.upload import pipeline

    store = bench.work / "collect-national.duckdb"
    shutil.copy(bench.store("national"), store)
    opened = _round_with_returns(store)
    snapshot = db.snapshot(store)
    try:
        text, params = sql.load("round_board"), {"round_id": opened["round_id"]}
        query = lambda: snapshot.cursor().execute(text, params).fetchall()  # noqa: E731
        first = _times_ms(query, 1)[0]
        reps = 10 * bench.sizes["collect"]
        query_ms = _times_ms(query, reps)
        # the page holds the catalogue already (it names the committees on the board)
        committees = pipeline.catalogue(snapshot.cursor())[0]
        rows = boards.board(snapshot.cursor(), opened["round_id"], committees)
        board_ms = _times_ms(
            lambda: boards.board(snapshot.cursor(), opened["round_id"], committees), reps
        )
    finally:
        snapshot.close()
        store.unlink(missing_ok=True)
    return {
        "committees": opened["n_committees"],
        "cells": opened["n_asked"],
        "returned": sum(r["returned_at"] is not None for r in rows),
        "rows": len(rows),
        "open_round_s": opened["open_s"],
        "query_first_ms": round(first, 2),
        "query_ms": stats(query_ms, 2),
        "board_ms": stats(board_ms, 2),
    }


def run(bench) -> dict:
    out = {"workbooks": workbooks(bench), "board": board(bench)}
    out["failed"] = (
        ["the board has no row per committee asked"]
        if out["board"]["rows"] != out["board"]["committees"]
        else []
    )
    log(
        f"  collect: {out['workbooks']['committees']} workbooks "
        f"{out['workbooks']['workbooks_s']['median']} s; board query on "
        f"{out['board']['committees']} committees {out['board']['query_ms']['median']} ms"
    )
    return out


def summary(result: dict) -> dict:
    books = (result.get("workbooks") or {}).get("workbooks_s") or {}
    found = result.get("board") or {}
    return {
        "workbooks_s": books.get("median"),
        "workbooks_committees": (result.get("workbooks") or {}).get("committees"),
        "board_query_ms": (found.get("query_ms") or {}).get("median"),
        "board_committees": found.get("committees"),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    found = result.get("board") or {}
    if not found:
        return []
    return [
        (
            f"Progress board, {found['committees']} committees ({found['returned']} returned):"
            " query p95 / board.board median / round opened (ms, ms, s)",
            f"{found['query_ms']['p95']} / {found['board_ms']['median']} / {found['open_round_s']}",
        )
    ]
