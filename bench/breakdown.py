"""Where a page's rerun goes: wall time per project function, per rerun (AppTest).

The functions below are wrapped with a timer for the length of a measurement and put
back afterwards; the pages look them up on their modules at run time, so nothing in
``cppcc`` or ``pages`` changes. Times are inclusive (``show_chart`` contains
``charts.figure``), in ms per rerun, medians over the reruns measured.
"""

import contextlib
import importlib
import os
import statistics
import time
from collections import defaultdict
from pathlib import Path

WRAPPED = {
    "cppcc.web.cache": ["query"],
    "cppcc.charts": ["figure"],
    "cppcc.maps": ["deck", "legend_html"],
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


def page_breakdown(root: Path, store: Path, pages: list[str], reruns: int) -> dict:
    """Per page: the rerun's median ms and each wrapped function's median ms per rerun."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    previous = os.environ.get("CPPCC_DB")
    os.environ["CPPCC_DB"] = str(store)
    # as on the server once app.py has called st.navigation (see cppcc.ui.ensure_router)
    PagesManager.uses_pages_directory = False
    out = {}
    try:
        for page in pages:
            at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
            at.run()
            at.switch_page(f"pages/{page}.py")
            at.run()
            at.run()
            samples: dict[str, list[float]] = defaultdict(list)
            totals_ms = []
            deadline = time.monotonic() + 15
            for _ in range(reruns):
                if time.monotonic() > deadline:
                    break
                totals: dict[str, float] = defaultdict(float)
                with instrumented(totals):
                    started = time.perf_counter()
                    at.run()
                    totals_ms.append((time.perf_counter() - started) * 1000)
                for label in {*samples, *totals}:
                    samples[label].append(totals.get(label, 0.0) * 1000)
            if at.exception:
                out[page] = {"error": str(at.exception[0].value)[:200]}
                continue
            parts = {
                label: round(statistics.median(values), 1)
                for label, values in samples.items()
                if statistics.median(values) >= 0.5
            }
            out[page] = {
                "rerun_ms": round(statistics.median(totals_ms), 1),
                "parts_ms": dict(sorted(parts.items(), key=lambda item: -item[1])),
            }
    finally:
        if previous is None:
            os.environ.pop("CPPCC_DB", None)
        else:
            os.environ["CPPCC_DB"] = previous
    return out
