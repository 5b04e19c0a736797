"""Collection rounds (issue 22), measured: 27 workbooks generated, and the progress
board's query on the national store with a round of ~3,000 committees.

    .venv/bin/python bench/collect_round.py [--reps 5] [--store national.duckdb]

Prints one JSON object; targets are reported, never asserted: ``workbooks_27_s`` ≤ 5
and ``board_query_ms`` ≤ 20 (the median, on ``db.snapshot``, the read model the page's
board queries). ``bench_collect`` is the section function for ``bench/run.py``.

On a copy of the store: a round asking every committee below the top level (national:
~3,270 committees × every yearly metric × the latest year) is opened with
``round.open_round``; a third of the committees then "return": one synthetic upload
batch each, written after the round opened, with a change row for each asked cell
(the shape a returned workbook leaves). Nothing is written to ``data/``.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from cppcc.collect import board, workbook  # noqa: E402
from cppcc.collect import round as rounds  # noqa: E402
from cppcc.store import db, sql  # noqa: E402

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


def _median_ms(action, reps: int) -> float:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def bench_workbooks(work: Path, reps: int = 3) -> dict:
    """The curated store, a default round (27 committees), every workbook generated."""
    store = work / "curated.duckdb"
    db.build(store)
    opened = rounds.open_round(store, user="bench", years=[2024])
    with db.connect(store) as con:
        ms = _median_ms(lambda: workbook.workbooks(con, opened["round_id"]), reps)
    return {
        "committees": opened["n_committees"],
        "cells": opened["n_asked"],
        "workbooks_27_s": round(ms / 1000, 2),
    }


def bench_board(store: Path, work: Path, reps: int = 5) -> dict:
    """A round of every committee below the top level on a copy of ``store``."""
    copy = work / "board.duckdb"
    shutil.copy(store, copy)
    with db.connect(copy) as con:
        found = con.execute("select adcode from committees where parent_adcode is not null")
        committees = [r[0] for r in found.fetchall()]
        year = con.execute(
            "select max(period_start) from figures where period_start = period_end"
        ).fetchone()[0]
    start = time.perf_counter()
    opened = rounds.open_round(copy, user="bench", years=[year], committees=committees)
    open_s = time.perf_counter() - start
    with db.connect(copy, read_only=False) as con:
        con.execute(_RETURNS, {"round_id": opened["round_id"]})
        con.execute(_RETURN_CHANGES, {"round_id": opened["round_id"]})
        returned = con.execute(
            "select count(*) from batches where user_name like 'bench_%'"
        ).fetchone()[0]
    snapshot = db.snapshot(copy)
    try:
        text = sql.load("round_board")
        params = {"round_id": opened["round_id"]}
        first = _median_ms(lambda: snapshot.cursor().execute(text, params).fetchall(), 1)
        query_ms = _median_ms(lambda: snapshot.cursor().execute(text, params).fetchall(), reps)
        board_ms = _median_ms(lambda: board.board(snapshot.cursor(), opened["round_id"]), reps)
        rows = board.board(snapshot.cursor(), opened["round_id"])
    finally:
        snapshot.close()
    return {
        "committees": opened["n_committees"],
        "cells": opened["n_asked"],
        "returned_committees": returned,
        "open_round_s": round(open_s, 2),
        "board_query_first_ms": first,
        "board_query_ms": query_ms,
        "board_with_python_ms": board_ms,
        "board_rows": len(rows),
    }


def national_store(work: Path) -> Path:
    """bench/national.py's store (cached in bench/.cache)."""
    from bench import national

    path, _, _ = national.cached_national_store(work)
    return path


def bench_collect(store: Path | None = None, reps: int = 5) -> dict:
    with tempfile.TemporaryDirectory(prefix="cppcc-bench-collect-") as folder:
        work = Path(folder)
        result = {"workbooks": bench_workbooks(work)}
        result["board"] = bench_board(store or national_store(work), work, reps)
    result["targets"] = {
        "workbooks_27_s<=5": result["workbooks"]["workbooks_27_s"] <= 5,
        "board_query_ms<=20": result["board"]["board_query_ms"] <= 20,
    }
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument(
        "--store", type=Path, help="a store to open the round on (default: national)"
    )
    args = parser.parse_args()
    print(json.dumps(bench_collect(args.store, args.reps), ensure_ascii=False, indent=2))
