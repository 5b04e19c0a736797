"""queries: every read query in ``queries/`` on ``db.snapshot`` of each store (the read
model built), with the parameters the pages bind, on a fresh cursor, ``.df()`` included.

A *page query* is one that ``pages/`` or ``cppcc/web/`` runs through ``cache.query``;
the targets apply to those. The others (the CLI's, the template download's and the
upload's whole-store reads) are run once: their one time is their first and their median.

The snapshot of each store is the run's (``bench.snapshot``), kept for the reruns and
breakdown sections, which read the same stores through the app.
"""

import re
import time

from bench.harness import ROOT, bounded, log, stats

NAME = "queries"
SNAPSHOTS = True  # the run's snapshots, shared with reruns and breakdown
# writes, schema, the access layer's reads (accounts, audit, sign-in: no page's) and the
# PostgreSQL store's version counter
SKIP = (
    "schema", "read_model", "upsert_", "insert_", "delete_", "access_schema",
    "postgres_schema", "migrate_", "advisory_", "bump_", "lock_", "record_", "clear_",
    "account_", "audit_", "signin_", "snapshot_store_version", "store_version",
    "accounts_", "end_session", "session_ended", "ensure_signin", "round_progress_view",
    # an upload's: it reads the keys a preview registers (the import section times it)
    "figures_for_diff",
)  # fmt: skip
QUERY_MS_NATIONAL = 25  # the national target, for the list of queries over it


def page_queries() -> set[str]:
    """The queries a page runs as it draws: the names in ``cache.query("…"`` calls in
    pages/ and cppcc/web/ (the code, not constants; nothing here imports a page)."""
    names = set()
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "cppcc" / "web").glob("*.py")]:
        names.update(re.findall(r'cache\.query\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    return names


def read_queries() -> list[str]:
    from cppcc.store.config import QUERIES_DIR

    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.stem.startswith(SKIP))


def query_params(con) -> dict[str, dict]:
    """The bound parameters the pages use, resolved against the store ``con`` reads."""
    from cppcc import levels, scope, tables
    from cppcc.store import sql

    def latest_period(metric):
        row = con.execute(sql.load("metric_periods"), {"metric": metric}).fetchone()
        return {"metric": metric, "period_start": row[0], "period_end": row[1]}

    # the committees the pages show: all of them, or the sidebar's default scope
    committees = con.execute(sql.load("committees")).df()
    adcodes = scope.members(committees, scope.default(committees))
    # the opening comparison counts the default level's committees within the scope
    shown = committees[committees["adcode"].isin(adcodes)] if adcodes else committees
    opening = {"adcodes": levels.adcodes(shown, levels.DEFAULT)}
    overview = {**latest_period("proposals_received"), "adcodes": adcodes}
    on_map = {**latest_period("platform_reception_rooms"), "adcodes": adcodes}
    batch = con.execute("select coalesce(max(batch_id), 1) from batches").fetchone()[0]
    # the sources page as it opens: no filter, no search, the first page of rows
    detail = {"adcodes": adcodes, "metrics": [], "needle": ""}
    # the committee page of the first city; the board of the newest round (none: empty)
    city = shown["adcode"].iloc[0] if not shown.empty else committees["adcode"].iloc[0]
    round_id = con.execute("select coalesce(max(round_id), 1) from collection_rounds").fetchone()[0]
    return {
        "committee_figures": {"code": city},
        "round_board": {"round_id": round_id},
        "figures_for_period": overview,
        "metric_by_committee": overview,
        "map_values": on_map,
        "metric_figures": {"metric": "proposals_received", "adcodes": adcodes},
        "metric_periods": {"metric": "proposals_received"},
        "proposal_figures": {"adcodes": adcodes},
        "acceptance": {"adcodes": adcodes},
        "reported_periods": {"adcodes": adcodes},
        "headline_tiles": {
            "metrics": tables.HEADLINES,
            "adcodes": adcodes,
            "shown": tables.HEADLINES_SHOWN,
        },
        "coverage_counts": opening,
        "sources_list": {"adcodes": adcodes},
        "batch_by_id": {"batch_id": batch},
        "batch_changes": {"batch_id": batch},
        "batch_rows": {"batch_id": batch},
        "later_batches_touching": {"batch_id": batch},
        "figures_detail": {**detail, "limit": tables.SOURCES_SHOWN},
        "figures_detail_count": detail,
        # the Word report, the round's disagreements and workbooks (not page queries)
        "document_figures": {"metric": "proposals_received", "adcodes": adcodes},
        "round_disagreements": {"round_id": round_id},
        "round_workbook_cells": {"round_id": round_id, "adcodes": []},
    }


def _measure(con, name: str, bound: dict, count: int, budget: float) -> dict:
    """The first run, then ``count`` more for the median; with ``count`` 0 the one run is
    both."""
    from cppcc.store import sql

    times, first, rows = [], None, None
    for index in bounded(count + 1, budget):
        cursor = con.cursor()
        started = time.perf_counter()
        frame = cursor.execute(sql.load(name), bound).df()
        elapsed = (time.perf_counter() - started) * 1000
        cursor.close()
        if index == 0:
            first, rows = elapsed, len(frame)
        else:
            times.append(elapsed)
    if not count:
        times = [first]
    return {"first_ms": round(first, 2), "rows": rows, **stats(times, 2)}


def run(bench) -> dict:
    reps = bench.sizes["queries"]
    on_pages = page_queries()
    out = {"failed": []}
    for label in bench.stores():
        started = time.perf_counter()
        con = bench.snapshot(label)  # kept for reruns and breakdown: not closed here
        snapshot_s = time.perf_counter() - started
        params = query_params(con)
        results = {}
        for name in read_queries():
            # the CLI's and the upload's whole-store reads (5–9 s each on the national
            # store at load 3): measured once, since no target reads them
            count, budget = (reps, 30) if name in on_pages else (0, 10)
            try:
                results[name] = _measure(con, name, params.get(name, {}), count, budget)
            except Exception as error:
                results[name] = {"error": str(error).splitlines()[0]}
            results[name]["on_page"] = name in on_pages
        results["_snapshot_s"] = {"seconds": round(snapshot_s, 2)}
        out[label] = results
        failed = [n for n, r in results.items() if "error" in r]
        if failed:
            log(f"  queries that failed on {label}: {', '.join(failed)}")
        # a page query that fails is a page that fails: the section says so
        out["failed"] += [f"{n} ({label})" for n in failed if results[n]["on_page"]]
        worst = _worst(results)
        log(f"  queries on {label}: snapshot {snapshot_s:.1f} s, worst page query {worst}")
    return out


def _worst(entries: dict) -> tuple:
    values = {n: r["median"] for n, r in entries.items() if r.get("on_page") and r.get("median")}
    name = max(values, key=values.get) if values else None
    return (name, values[name]) if name else (None, None)


def summary(result: dict) -> dict:
    curated = _worst(result.get("realistic") or {})
    national = _worst(result.get("national") or {})
    return {
        "query_worst_curated": curated[0],
        "query_ms_worst_curated": curated[1],
        "query_worst_national": national[0],
        "query_ms_worst_national": national[1],
        "queries_over_25ms_national": sorted(
            n
            for n, r in (result.get("national") or {}).items()
            if r.get("on_page") and (r.get("median") or 0) > QUERY_MS_NATIONAL
        ),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    out = []
    for label, entries in result.items():
        if label == "failed":
            continue
        slow = sorted(
            ((n, e["median"]) for n, e in entries.items() if e.get("median") is not None),
            key=lambda item: -item[1],
        )[:4]
        out.append(
            (f"Slowest queries ({label}), median ms", ", ".join(f"{n} {v}" for n, v in slow))
        )
    return out
