"""reruns: server-side time of one rerun per page (``AppTest`` of ``app.py`` switched to
the page, in the server's steady state), after the first run; the bare app the same way.

The app reads the run's snapshot of each store (``bench.shared_snapshots``), the one
the queries section took: a server holds its snapshot across reruns, so the reruns
measured are the same, and the first run of a store's first page no longer includes
copying the store (20–35 s for the national one).
"""

import logging
import os
import time
from contextlib import contextmanager

from bench.harness import HERE, ROOT, bounded, log, ratio, stats

NAME = "reruns"
SNAPSHOTS = True
PAGES = ["overview", "map", "yoy", "proposals", "sources", "upload"]


@contextmanager
def on_store(path):
    """``CPPCC_DB`` pointed at ``path`` while AppTest runs the app, then put back; the
    router as the server leaves it once app.py has called st.navigation."""
    from streamlit.runtime.pages_manager import PagesManager

    # AppTest runs pages outside a server; its "no ScriptRunContext" notes are noise here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    previous = os.environ.get("CPPCC_DB")
    os.environ["CPPCC_DB"] = str(path)
    PagesManager.uses_pages_directory = False
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("CPPCC_DB", None)
        else:
            os.environ["CPPCC_DB"] = previous


def opened(page: str, timeout: float = 600):
    """An AppTest of app.py opened on ``page``, after its first run (the router and the
    page, as a new session opening the page's address; the first page of a store also
    takes the snapshot: minutes for the national store on a loaded machine, so it has
    time of its own). Returns (AppTest, first ms)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    # chosen before the first run: no run of the default page (the overview) first
    at.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    at.run()
    first = (time.perf_counter() - started) * 1000
    if at.exception:
        raise RuntimeError(f"{page}: {str(at.exception[0].value)[:200]}")
    return at, first


def timed_runs(at, reps: int, budget: float) -> list[float]:
    times = []
    for _ in bounded(reps, budget):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run(bench) -> dict:
    from streamlit.testing.v1 import AppTest

    reps = bench.sizes["reruns"]
    baseline = AppTest.from_file(str(HERE / "baseline_app.py"), default_timeout=60)
    baseline.run()
    out = {"baseline": stats(timed_runs(baseline, reps, 30))}
    failed = []
    for label, path in bench.stores().items():
        results = {}
        with on_store(path), bench.shared_snapshots():
            for page in PAGES:
                try:
                    at, first = opened(page)
                except Exception as error:  # one page's failure must not lose the others
                    results[page] = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
                    failed.append(f"{page} ({label})")
                    continue
                results[page] = {"first_ms": round(first, 1), **stats(timed_runs(at, reps, 15))}
        out[label] = results
        log(
            f"  reruns on {label}: "
            + ", ".join(f"{p} p50 {r.get('median')} ms" for p, r in results.items())
        )
    out["failed"] = failed
    return out


def _worst(entries: dict) -> tuple:
    values = {n: r["median"] for n, r in entries.items() if r.get("median") is not None}
    name = max(values, key=values.get) if values else None
    return (name, values[name]) if name else (None, None)


def summary(result: dict) -> dict:
    base = (result.get("baseline") or {}).get("median")
    curated_page, curated = _worst(result.get("realistic") or {})
    national_page, national = _worst(result.get("national") or {})
    return {
        "rerun_baseline_ms": base,
        "rerun_worst_page_curated": curated_page,
        "rerun_p50_worst_curated": curated,
        "rerun_p50_ratio_curated": ratio(curated, base),
        "rerun_worst_page_national": national_page,
        "rerun_p50_worst_national": national,
    }


def rows(result: dict) -> list[tuple[str, str]]:
    out = []
    for label, pages in result.items():
        if label == "failed":
            continue
        if label == "baseline":
            out.append(("Rerun baseline app p50 / p95 (ms)", f"{pages['median']} / {pages['p95']}"))
            continue
        for page, entry in pages.items():
            out.append(
                (
                    f"Rerun {page} ({label}) p50 / p95 (ms)",
                    entry.get("error") or f"{entry.get('median')} / {entry.get('p95')}",
                )
            )
    return out
