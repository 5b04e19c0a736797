"""breakdown: where a page's rerun goes, as wall time per project function per rerun.

The functions in ``WRAPPED`` are wrapped with a timer for the length of a measurement
and put back afterwards; the pages look them up on their modules at run time, so
nothing in ``cppcc`` or ``pages`` changes. Times are inclusive (``show_chart`` contains
``charts.figure``), in ms per rerun, medians over the reruns measured. A name a module
no longer has is skipped (and listed in the result), never an error.
"""

import contextlib
import importlib
import statistics
import time
from collections import defaultdict

from bench.sections import reruns

NAME = "breakdown"
SNAPSHOTS = True  # the run's snapshots (bench.shared_snapshots), as reruns
PAGES = [page for page in reruns.PAGES if page != "upload"]

WRAPPED = {
    "cppcc.web.cache": ["query"],
    "cppcc.charts": ["figure"],
    "cppcc.maps": ["model", "deck", "legend_html"],
    "cppcc.web.ui": [
        "show_chart", "export_controls", "deck_export", "show_sources", "show_matrix",
        "downloads", "metric_picker",
    ],
    "cppcc.tables": [
        "headline_tiles", "completeness", "comparison", "figures_table", "search",
        "yoy_table", "annual_series", "proposal_bars", "acceptance_table", "rates_table",
        "sources_table", "multi_year_totals", "period_options",
    ],
    "streamlit": ["plotly_chart", "dataframe", "pydeck_chart", "download_button", "popover"],
}  # fmt: skip


@contextlib.contextmanager
def instrumented(totals: dict[str, float]):
    """Wrap every function in WRAPPED with a timer adding to ``totals`` (seconds)."""
    saved = []
    depth = defaultdict(int)  # a function calling itself counts once

    def wrap(label, function):
        def timed(*args, **kwargs):
            depth[label] += 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                depth[label] -= 1
                if depth[label] == 0:
                    totals[label] += time.perf_counter() - started

        timed.__wrapped__ = function
        return timed

    try:
        for module_name, names in WRAPPED.items():
            module = importlib.import_module(module_name)
            for name in names:
                function = getattr(module, name, None)
                if function is None:
                    continue
                saved.append((module, name, function))
                short = module_name.removeprefix("cppcc.").replace("streamlit", "st")
                setattr(module, name, wrap(f"{short}.{name}", function))
        yield
    finally:
        for module, name, function in reversed(saved):
            setattr(module, name, function)


def page_breakdown(at, reps: int) -> dict:
    """The rerun's median ms and each wrapped function's median ms per rerun."""
    samples: dict[str, list[float]] = defaultdict(list)
    totals_ms = []
    deadline = time.monotonic() + 15
    for index in range(reps):
        if index and time.monotonic() > deadline:
            break
        totals: dict[str, float] = defaultdict(float)
        with instrumented(totals):
            started = time.perf_counter()
            at.run()
            totals_ms.append((time.perf_counter() - started) * 1000)
        for label in {*samples, *totals}:
            samples[label].append(totals.get(label, 0.0) * 1000)
    if at.exception:
        raise RuntimeError(str(at.exception[0].value)[:200])
    parts = {
        label: round(statistics.median(values), 1)
        for label, values in samples.items()
        if statistics.median(values) >= 0.5
    }
    return {
        "rerun_ms": round(statistics.median(totals_ms), 1),
        "parts_ms": dict(sorted(parts.items(), key=lambda item: -item[1])),
    }


def run(bench) -> dict:
    # the smoke run breaks down the curated store only; the others every store
    stores = bench.stores() if bench.mode != "smoke" else {"realistic": bench.store("realistic")}
    out = {"failed": [], "missing": missing()}
    for label, path in stores.items():
        results = {}
        with reruns.on_store(path), bench.shared_snapshots():
            for page in PAGES:
                try:
                    at, _ = reruns.opened(page)
                    at.run()
                    results[page] = page_breakdown(at, bench.sizes["breakdown"])
                except Exception as error:
                    results[page] = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
                    out["failed"].append(f"{page} ({label})")
        out[label] = results
    return out


def missing() -> list[str]:
    """Names in WRAPPED their module no longer has: the breakdown cannot see them."""
    gone = []
    for module_name, names in WRAPPED.items():
        module = importlib.import_module(module_name)
        gone += [f"{module_name}.{name}" for name in names if not hasattr(module, name)]
    return gone


def summary(result: dict) -> dict:
    return {}


def rows(result: dict) -> list[tuple[str, str]]:
    out = []
    for label, pages in result.items():
        if label in ("failed", "missing"):
            continue
        for page, entry in pages.items():
            parts = list((entry.get("parts_ms") or {}).items())[:4]
            out.append(
                (
                    f"Rerun breakdown {page} ({label}): total; top parts (ms)",
                    entry.get("error")
                    or f"{entry.get('rerun_ms')}; " + ", ".join(f"{n} {v}" for n, v in parts),
                )
            )
    if result.get("missing"):
        out.append(("Breakdown: functions no longer found", ", ".join(result["missing"])))
    return out
