"""The dashboard's benchmark: one command, a JSON file and a Markdown table.

    python bench/run.py            # the full run (a few minutes on 2 cores)
    python bench/run.py --quick    # fewer repetitions, a smoke run
    python bench/run.py --only queries,reruns

Writes ``bench/results/latest.json`` (git-ignored) and prints a table of the numbers
against the project's targets. Targets are reported, never asserted: the exit code is
0 whenever the run itself worked. Everything talks to 127.0.0.1 only, every loop is
bounded in count and in time, and every process started here is stopped by its pid.
What each number means is in ``bench/README.md``.
"""

import argparse
import ast
import contextlib
import json
import logging
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import breakdown  # noqa: E402
import stress  # noqa: E402

RESULTS = HERE / "results"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# the browser tests' flags (tests/browser/conftest.py)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1366, "height": 900}

# how many times each thing is measured, and how long a section may take at most
REPS = {
    "full": {
        "cold": 4, "pages": 5, "interaction": 10, "reruns": 15, "queries": 20,
        "import_dry": 3, "import_apply_cap_s": 30, "export": 5, "pptx": 3, "sessions": 20,
        "breakdown": 5,
    },
    "quick": {
        "cold": 2, "pages": 2, "interaction": 3, "reruns": 4, "queries": 5,
        "import_dry": 1, "import_apply_cap_s": 10, "export": 2, "pptx": 1, "sessions": 5,
        "breakdown": 2,
    },
}  # fmt: skip
SECTION_BUDGET_S = 150  # no section's loop goes on past this

# What draws each page's data, as a CSS selector: the first chart is there once it is in
# the DOM and the browser has had one animation frame to paint it.
PLOTLY = ".js-plotly-plot .main-svg g.trace"
PAGES = {
    "overview": ("", PLOTLY),
    "map": ("map", '[data-testid="stDeckGlJsonChart"] canvas'),
    "yoy": ("yoy", PLOTLY),
    "proposals": ("proposals", PLOTLY),
    "sources": ("sources", '[data-testid="stDataFrame"] canvas'),
}
APPTEST_PAGES = ["overview", "map", "yoy", "proposals", "sources", "upload"]
SKIP_QUERIES = ("schema", "upsert_", "insert_", "delete_")

TARGETS = {
    "page_first_chart_ratio": 1.3,
    "cold_first_chart_ratio": 1.5,
    "interaction_ms": 300,
    "rerun_p95_ms": 100,
    "query_ms_stress": 10,
    "import_30k_s": 5,
    "png_warm_s": 0.5,
    "pptx_10_s": 8,
    "mb_per_session": 30,
}


# ---------------------------------------------------------------- small helpers


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bounded(count: int, seconds: float = SECTION_BUDGET_S):
    """range(count), cut short when ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    for index in range(count):
        if index and time.monotonic() > deadline:
            log(f"  time budget spent after {index} of {count} repetitions")
            return
        yield index


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values, fraction: float):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    # nearest rank, so p95 of 15 samples is the 15th, not an interpolation past it
    rank = max(1, min(len(values), round(fraction * len(values) + 0.5)))
    return values[rank - 1]


def stats(values, digits: int = 1) -> dict:
    clean = [v for v in values if v is not None]
    if not clean:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None}
    return {
        "n": len(clean),
        "median": round(median(clean), digits),
        "p95": round(percentile(clean, 0.95), digits),
        "min": round(min(clean), digits),
        "max": round(max(clean), digits),
    }


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def rss_mb(pid: int) -> dict:
    """VmRSS and VmHWM (peak) of one process, in MB, from /proc."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = round(int(rest.split()[0]) / 1024, 1)
    return found


# ---------------------------------------------------------------- the servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run`` of one script on a free port of 127.0.0.1, as the tests start it."""

    def __init__(self, script: Path, store: Path, log_dir: Path) -> None:
        self.script, self.store, self.log_dir = script, store, log_dir
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 60) -> dict:
        """Start and wait for /_stcore/health; returns seconds from spawn to healthy."""
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "CPPCC_DB": str(self.store)}
        log_file = (self.log_dir / f"{self.script.stem}-{port}.log").open("w")
        started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(self.script),
                "--server.address", "127.0.0.1", "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.started = started
        deadline = started + timeout
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return {"health_s": time.perf_counter() - started}
            except OSError:
                time.sleep(0.02)
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"{self.script.name} did not start; see {self.log_dir}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    @property
    def pid(self) -> int:
        return self.process.pid


# ---------------------------------------------------------------- the browser

# Records when the selector's element first appears (DOM) and the next animation frame
# after it (painted), both in ms since this document's navigation started.
FIRST_CHART_JS = """
(() => {
  const selector = %s;
  window.__benchElement = null;
  window.__benchFirst = null;
  window.__benchPaint = null;
  const mark = () => {
    if (window.__benchElement === null
        && document.querySelector('[data-testid="stElementContainer"]')) {
      window.__benchElement = performance.now();
    }
    if (window.__benchFirst === null && document.querySelector(selector)) {
      window.__benchFirst = performance.now();
      requestAnimationFrame(() => { window.__benchPaint = performance.now(); });
    }
  };
  new MutationObserver(mark).observe(document, {subtree: true, childList: true});
  // when the browser sends to and hears from the server, to split an interaction's time
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (...args) {
    window.__benchSent = performance.now();
    if (!this.__benchHeard) {
      this.__benchHeard = true;
      this.addEventListener('message', () => {
        window.__benchHeard = performance.now();
        if (window.__benchFirstHeard === null) window.__benchFirstHeard = window.__benchHeard;
      });
    }
    return send.apply(this, args);
  };
})();
"""

# Before one selector change: waits for the chart title to become ``expected`` and keeps
# the time of the user's pointer press that chose the option.
WATCH_TITLE_JS = """
([container, expected]) => {
  window.__benchInput = null;
  window.__benchSent = null;
  window.__benchFirstHeard = null;
  window.__benchHeardBeforeChange = null;
  window.__benchChanged = null;
  window.__benchChangedPaint = null;
  if (window.__benchObserver) window.__benchObserver.disconnect();
  const check = () => {
    const titles = [...document.querySelectorAll(container + ' .gtitle')].map(e => e.textContent);
    if (window.__benchChanged === null && titles.includes(expected)) {
      window.__benchChanged = performance.now();
      window.__benchHeardBeforeChange = window.__benchHeard;
      requestAnimationFrame(() => { window.__benchChangedPaint = performance.now(); });
    }
  };
  window.__benchObserver = new MutationObserver(check);
  window.__benchObserver.observe(document.body,
                                 {subtree: true, childList: true, characterData: true});
  window.addEventListener('pointerdown', e => { window.__benchInput = e.timeStamp; },
                          {capture: true, once: true});
}
"""


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def new_page(browser, selector: str):
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    context.add_init_script(FIRST_CHART_JS % json.dumps(selector))
    return context, context.new_page()


def first_chart_ms(page, timeout_ms: float = 30_000) -> float:
    page.wait_for_function("() => window.__benchPaint !== null", timeout=timeout_ms)
    return page.evaluate("() => window.__benchPaint")


def load(browser, url: str, selector: str) -> dict:
    """A fresh session (its own context) opens ``url``: ms to its first element and to
    its first chart painted, and the page's main-thread CPU time until then."""
    context, page = new_page(browser, selector)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    try:
        page.goto(url, wait_until="commit", timeout=30_000)
        chart = first_chart_ms(page)
        element = page.evaluate("() => window.__benchElement")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        return {
            "chart": chart,
            "element": element,
            "script": metrics.get("ScriptDuration", 0) * 1000,
            "task": metrics.get("TaskDuration", 0) * 1000,
        }
    except Exception as error:  # a page that never shows its chart is a result, not a crash
        log(f"  no chart at {url}: {str(error).splitlines()[0]}")
        return {}
    finally:
        context.close()


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- the sections


def machine(browser_version: str | None = None) -> dict:
    def version(name):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    memory = None
    with contextlib.suppress(OSError), open("/proc/meminfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    model = None
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="ascii") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "streamlit": version("streamlit"),
        "duckdb": version("duckdb"),
        "pandas": version("pandas"),
        "plotly": version("plotly"),
        "playwright": version("playwright"),
        "kaleido": version("kaleido"),
        "python-pptx": version("python-pptx"),
        "chromium": browser_version,
    }


def query_params(con) -> dict[str, dict]:
    """The bound parameters the pages use, resolved against the store ``con`` reads."""
    from cppcc.store import sql

    def latest_period(metric):
        row = con.execute(sql.load("metric_periods"), {"metric": metric}).fetchone()
        return {"metric": metric, "period_start": row[0], "period_end": row[1]}

    overview = latest_period("proposals_received")  # the overview page's default
    on_map = latest_period("platform_reception_rooms")  # the map page's default
    batch = con.execute("select coalesce(max(batch_id), 1) from batches").fetchone()[0]
    title = con.execute("select title from sources order by source_id limit 1").fetchone()[0]
    return {
        "figures_for_period": overview,
        "metric_by_committee": overview,
        "map_values": on_map,
        "metric_figures": {"metric": "proposals_received"},
        "metric_periods": {"metric": "proposals_received"},
        # the overview page's headline tiles
        "latest_two_years": {"metrics": literal(ROOT / "pages" / "overview.py", "HEADLINES")},
        "batch_by_id": {"batch_id": batch},
        "batch_changes": {"batch_id": batch},
        "batch_rows": {"batch_id": batch},
        "later_batches_touching": {"batch_id": batch},
        "source_id_by_title": {"title": title},
        # the sources page as it opens: no filter, no search
        "figures_detail": {"adcodes": [], "metrics": [], "needle": ""},
    }


def read_queries() -> list[str]:
    from cppcc.store.config import QUERIES_DIR

    return sorted(
        path.stem for path in QUERIES_DIR.glob("*.sql") if not path.stem.startswith(SKIP_QUERIES)
    )


def bench_queries(stores: dict[str, Path], reps: int) -> dict:
    """Each query against an in-memory snapshot of each store, as the app runs them."""
    from cppcc.store import db, sql

    out = {}
    for label, path in stores.items():
        con = db.snapshot(path)
        params = query_params(con)
        results = {}
        for name in read_queries():
            bound = params.get(name, {})
            times = []
            first = None
            rows = None
            try:
                for index in bounded(reps + 1, 30):
                    cursor = con.cursor()
                    t = time.perf_counter()
                    frame = cursor.execute(sql.load(name), bound).df()
                    elapsed = (time.perf_counter() - t) * 1000
                    cursor.close()
                    if index == 0:
                        first, rows = elapsed, len(frame)
                    else:
                        times.append(elapsed)
            except Exception as error:
                results[name] = {"error": str(error).splitlines()[0]}
                continue
            results[name] = {"first_ms": round(first, 2), "rows": rows, **stats(times, 2)}
        con.close()
        out[label] = results
        worst = max(
            (r for r in results.values() if r.get("median") is not None),
            key=lambda r: r["median"],
        )
        log(f"  queries on {label}: worst median {worst['median']} ms")
    return out


def bench_reruns(stores: dict[str, Path], reps: int) -> dict:
    """Server-side time of one rerun per page (AppTest), after the first run."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    out = {}
    previous = os.environ.get("CPPCC_DB")
    try:
        baseline = AppTest.from_file(str(HERE / "baseline_app.py"), default_timeout=60)
        baseline.run()
        times = []
        for _ in bounded(reps, 30):
            t = time.perf_counter()
            baseline.run()
            times.append((time.perf_counter() - t) * 1000)
        out["baseline"] = stats(times)
        for label, path in stores.items():
            os.environ["CPPCC_DB"] = str(path)
            # the server's steady state once app.py has called st.navigation: every rerun
            # runs app.py and then the page (see cppcc.ui.ensure_router)
            PagesManager.uses_pages_directory = False
            results = {}
            for page in APPTEST_PAGES:
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
                at.run()
                at.switch_page(f"pages/{page}.py")
                t = time.perf_counter()
                at.run()
                first = (time.perf_counter() - t) * 1000
                if at.exception:
                    results[page] = {"error": str(at.exception[0].value)[:200]}
                    continue
                times = []
                for _ in bounded(reps, 15):
                    t = time.perf_counter()
                    at.run()
                    times.append((time.perf_counter() - t) * 1000)
                results[page] = {"first_ms": round(first, 1), **stats(times)}
            out[label] = results
            log(
                f"  reruns on {label}: "
                + ", ".join(f"{p} p95 {r.get('p95')} ms" for p, r in results.items())
            )
    finally:
        if previous is None:
            os.environ.pop("CPPCC_DB", None)
        else:
            os.environ["CPPCC_DB"] = previous
    return out


def run_import_child(store: Path, file: Path, name: str, cap_s: float) -> dict:
    """One full import (read, validate, diff, apply) in a child process, at most ``cap_s``."""
    lines: list[dict] = []
    process = subprocess.Popen(
        [sys.executable, str(HERE / "child_import.py"), str(store), str(file), name],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )

    def reader():
        for line in process.stdout:
            with contextlib.suppress(ValueError):
                lines.append(json.loads(line))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    started = time.perf_counter()
    finished = True
    try:
        process.wait(timeout=cap_s)
    except subprocess.TimeoutExpired:
        finished = False
        process.kill()
        process.wait(timeout=10)
    elapsed = time.perf_counter() - started
    thread.join(timeout=5)
    done = next((line for line in lines if line.get("phase") == "done"), None)
    if finished and done:
        return {"finished": True, "wall_s": round(elapsed, 2), **done}
    # stopped at the cap: extrapolate the write loop from its progress so far
    previewed = next((line for line in lines if line.get("phase") == "previewed"), {})
    writing = [line for line in lines if line.get("phase") == "writing"]
    result = {"finished": False, "cap_s": cap_s, **previewed}
    if writing and previewed:
        last = writing[-1]
        per_row = (last["at_s"] - previewed["at_s"]) / last["done"]
        result.update(
            rows_written=last["done"],
            rows_total=last["total"],
            write_ms_per_row=round(per_row * 1000, 2),
            # linear in the rows written so far (per-row cost was steady in trials)
            estimated_total_s=round(previewed["at_s"] + per_row * last["total"], 1),
        )
    return result


def bench_import(stress_store: Path, work: Path, reps: int, cap_s: float) -> dict:
    """The 30,000-row upload as .xlsx and .csv: read, validate + diff, apply."""
    from cppcc.store import db
    from cppcc.upload import importing, pipeline

    files = stress.upload_files(stress_store)
    out = {"rows": stress.UPLOAD_ROWS, "files": {}}
    for name, data in files.items():
        path = work / name
        path.write_bytes(data)
        reads, previews = [], []
        summary = None
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            importing.read_upload(name, data)
            reads.append(time.perf_counter() - t)
            with db.connect(stress_store) as con:
                t = time.perf_counter()
                result = pipeline.preview(con, name, data)
                previews.append(time.perf_counter() - t)
            summary = result.summary()
        copy = work / f"import-{Path(name).suffix[1:]}.duckdb"
        shutil.copy(stress_store, copy)
        applied = run_import_child(copy, path, name, cap_s)
        copy.unlink(missing_ok=True)
        copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
        read_s, preview_s = median(reads), median(previews)
        entry = {
            "bytes": len(data),
            "read_s": round(read_s, 3),
            "validate_diff_s": round(preview_s - read_s, 3),
            "preview_s": round(preview_s, 3),
            "new": summary["new"] if summary else None,
            "changed": summary["changed"] if summary else None,
            "unchanged": summary["unchanged"] if summary else None,
            "errors": len(summary["errors"]) if summary else None,
            "apply": applied,
        }
        if applied.get("finished"):
            entry["total_s"] = round(applied["total_s"], 2)
            entry["apply_s"] = round(applied["total_s"] - applied.get("preview_s", 0), 2)
            entry["extrapolated"] = False
        elif applied.get("estimated_total_s") is not None:
            entry["total_s"] = applied["estimated_total_s"]
            entry["apply_s"] = round(applied["estimated_total_s"] - applied["at_s"], 1)
            entry["extrapolated"] = True
        else:
            entry["total_s"] = None
            entry["extrapolated"] = None
        out["files"][name] = entry
        log(
            f"  import {name}: read {entry['read_s']} s, validate+diff "
            f"{entry['validate_diff_s']} s, total {entry['total_s']} s"
            + (" (extrapolated)" if entry["extrapolated"] else "")
        )
    return out


def chart_specs(store: Path, count: int = 10) -> list:
    """``count`` charts as the pages build them: comparisons and year-by-year lines."""
    from cppcc import charts, i18n, tables
    from cppcc.store import db, sql

    con = db.snapshot(store)

    def frame(name, **params):
        return con.execute(sql.load(name), params).df()

    metrics = frame("metrics_reported")
    metrics = metrics[metrics["n_figures"] > 0]
    specs = []
    for row in metrics.itertuples():
        if len(specs) >= count:
            break
        if len(specs) % 2 == 0:
            period = frame("metric_periods", metric=row.code).iloc[0]
            start, end = int(period.period_start), int(period.period_end)
            data = frame("metric_by_committee", metric=row.code, period_start=start, period_end=end)
            specs.append(
                charts.ChartSpec(
                    kind="bars",
                    title=i18n.text("chart_compare_title", "zh", metric=row.name_zh),
                    subtitle=tables.period_label((start, end), False, "zh"),
                    unit=row.unit,
                    data=tables.comparison(data, "zh"),
                    sources=tuple(tables.sources_of(data)),
                    file_stem=row.code,
                )
            )
        else:
            figures = frame("metric_figures", metric=row.code)
            series = tables.annual_series(figures, "zh")
            if series.empty:
                continue
            specs.append(
                charts.ChartSpec(
                    kind="lines",
                    title=i18n.text("yoy_chart_title", "zh", metric=row.name_zh),
                    subtitle=row.unit,
                    unit=row.unit,
                    data=series,
                    sources=tuple(tables.sources_of(series)),
                    file_stem=row.code,
                )
            )
    con.close()
    return specs


def bench_export(store: Path, reps: int, pptx_reps: int) -> dict:
    """PNG and SVG of the overview chart (first = the renderer's start), a 10-chart deck."""
    try:
        from cppcc.export import deck, image
    except Exception as error:  # the module is being written while this runs
        return {"available": False, "error": f"{type(error).__name__}: {error}"}
    problem = image.chromium_missing("en")
    if problem:
        return {"available": False, "error": problem}
    specs = chart_specs(store)
    spec = specs[0]
    out = {"available": True, "charts_in_deck": len(specs)}
    try:
        t = time.perf_counter()
        image.png(spec)
        out["png_first_s"] = round(time.perf_counter() - t, 3)
        times = []
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            png = image.png(spec)
            times.append(time.perf_counter() - t)
        out["png_warm_s"] = round(median(times), 3)
        out["png_bytes"] = len(png)
        t = time.perf_counter()
        image.svg(spec)
        out["svg_first_s"] = round(time.perf_counter() - t, 3)
        times = []
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            image.svg(spec)
            times.append(time.perf_counter() - t)
        out["svg_warm_s"] = round(median(times), 3)
        times = []
        for _ in bounded(pptx_reps, 90):
            t = time.perf_counter()
            raw = deck.deck(specs, title="基准测试", day=date.today(), tables=True)
            times.append(time.perf_counter() - t)
        out["pptx_10_s"] = round(median(times), 3)
        out["pptx_bytes"] = len(raw)
    except Exception as error:
        out["error"] = f"{type(error).__name__}: {str(error)[:300]}"
    finally:
        # the export module's own shutdown of its renderer (it also runs at exit)
        with contextlib.suppress(Exception):
            image._shutdown()
    return out


def bench_cold(browser, store: Path, logs: Path, reps: int) -> dict:
    """Process start → health OK, and → first chart painted, dashboard and baseline."""
    apps = {"baseline": HERE / "baseline_app.py", "dashboard": ROOT / "app.py"}
    samples = {label: {"health_s": [], "first_chart_s": []} for label in apps}
    for index in bounded(reps, 240):
        order = list(apps) if index % 2 == 0 else list(reversed(apps))
        for label in order:
            server = Server(apps[label], store, logs)
            try:
                health = server.start()["health_s"]
                context, page = new_page(browser, PLOTLY)
                try:
                    navigated = time.perf_counter() - server.started
                    page.goto(server.url, wait_until="commit", timeout=30_000)
                    chart = navigated + first_chart_ms(page) / 1000
                except Exception as error:
                    log(f"  cold {label}: no chart: {str(error).splitlines()[0]}")
                    chart = None
                finally:
                    context.close()
            finally:
                server.stop()
            samples[label]["health_s"].append(health)
            samples[label]["first_chart_s"].append(chart)
    out = {label: {k: stats(v, 3) for k, v in s.items()} for label, s in samples.items()}
    out["health_ratio"] = ratio(
        out["dashboard"]["health_s"]["median"], out["baseline"]["health_s"]["median"]
    )
    out["first_chart_ratio"] = ratio(
        out["dashboard"]["first_chart_s"]["median"], out["baseline"]["first_chart_s"]["median"]
    )
    log(
        f"  cold first chart: dashboard {out['dashboard']['first_chart_s']['median']} s, "
        f"baseline {out['baseline']['first_chart_s']['median']} s"
    )
    return out


def bench_pages(browser, dashboard: Server, baseline: Server, reps: int) -> dict:
    """A new session on a warm server: ms to the page's first chart, against the baseline."""
    targets = {"baseline": (baseline.url + "/", PLOTLY)}
    targets.update({name: (f"{dashboard.url}/{path}", sel) for name, (path, sel) in PAGES.items()})
    for url, selector in targets.values():  # warm up: imports, caches, the first-visit rerun
        load(browser, url, selector)
    samples = {name: [] for name in targets}
    names = list(targets)
    for index in bounded(reps, 200):
        # rotate the order, so no page always follows the same one
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            samples[name].append(load(browser, *targets[name]))
    out = {}
    for name, values in samples.items():
        out[name] = stats([v.get("chart") for v in values])
        # where the time goes: the first element (server run + transport + app shell),
        # and the browser's main-thread CPU (script, and all tasks) until the chart
        out[name]["first_element_ms"] = median([v.get("element") for v in values])
        out[name]["script_cpu_ms"] = median([v.get("script") for v in values])
        out[name]["main_thread_cpu_ms"] = median([v.get("task") for v in values])
    base = out["baseline"]["median"]
    for name in PAGES:
        out[name]["ratio"] = ratio(out[name]["median"], base)
    worst = max(PAGES, key=lambda n: out[n]["ratio"] or 0)
    out["worst_page"] = worst
    out["worst_ratio"] = out[worst]["ratio"]
    log(f"  warm first chart: baseline {base} ms, worst {worst} {out[worst]['median']} ms")
    return out


def metric_choices(store: Path) -> tuple[list[str], list[str]]:
    """Metric names to pick: any with figures (overview), any with annual figures (yoy)."""
    from cppcc.store import db

    with db.connect(store) as con:
        overview = [
            row[0]
            for row in con.execute(
                """
                select m.name_zh from metrics as m
                where exists (select 1 from figures as f where f.metric = m.code)
                order by m.sort_order
                """
            ).fetchall()
        ]
        yoy = [
            row[0]
            for row in con.execute(
                """
                select m.name_zh from metrics as m
                where exists (select 1 from figures as f
                              where f.metric = m.code and f.period_start = f.period_end)
                order by m.sort_order
                """
            ).fetchall()
        ]
    return overview, yoy


def literal(path: Path, name: str):
    """A constant assigned in a script, read from its source (importing would run it)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == name:
            return ast.literal_eval(node.value)
    raise LookupError(f"no {name} in {path}")


def bench_interaction(browser, dashboard: Server, control: Server, store: Path, reps: int):
    """Pick another metric in a page's selector as a user would; ms until the new chart.
    The control app (a selectbox and six bars) gives this machine's floor."""
    from cppcc import i18n

    overview, yoy = metric_choices(store)
    cases = {
        # key: (url, chart key, title's i18n key, options, the option shown first)
        "overview_metric": (
            dashboard.url + "/", "overview_chart", "chart_compare_title", overview, "收到提案"
        ),
        "yoy_metric": (dashboard.url + "/yoy", "yoy_chart", "yoy_chart_title", yoy, "收到提案"),
        "baseline_metric": (
            control.url + "/", "baseline_chart", "chart_compare_title",
            literal(HERE / "baseline_select_app.py", "OPTIONS"), "收到提案",
        ),
    }  # fmt: skip
    out = {}
    for key, (url, chart, title_key, names, current) in cases.items():
        context, page = new_page(browser, PLOTLY)
        samples, parts, misses = [], [], 0
        try:
            page.goto(url, wait_until="commit", timeout=30_000)
            first_chart_ms(page)
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                timeout=30_000,
            )
            choices = [n for n in names if n != current][:6] or names
            for index in bounded(reps, 90):
                name = choices[index % len(choices)]
                if name == current:
                    name = choices[(index + 1) % len(choices)]
                expected = i18n.text(title_key, "zh", metric=name)
                page.click(f".st-key-{key} input", timeout=10_000)
                page.keyboard.type(name)
                option = page.get_by_role("option", name=name, exact=True)
                option.wait_for(timeout=10_000)
                # the clock starts at the press on the option, not at opening the list
                page.evaluate(WATCH_TITLE_JS, [f".st-key-{chart}", expected])
                option.click(timeout=10_000)
                try:
                    page.wait_for_function(
                        "() => window.__benchChangedPaint !== null", timeout=15_000
                    )
                    began, sent, first, last, painted = page.evaluate(
                        "() => [window.__benchInput, window.__benchSent, window.__benchFirstHeard,"
                        " window.__benchHeardBeforeChange, window.__benchChangedPaint]"
                    )
                    samples.append(painted - began)
                    if None not in (sent, first, last):
                        # input → sent; sent → first answer; first → last answer before the
                        # chart changed (the server's run, streamed); last answer → painted
                        parts.append((sent - began, first - sent, last - first, painted - last))
                    current = name
                except Exception:
                    misses += 1
                    page.keyboard.press("Escape")
                # let the rerun finish before the next change, as a reading user would
                page.wait_for_function(
                    "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                    timeout=15_000,
                )
                page.wait_for_timeout(200)
        except Exception as error:
            log(f"  interaction {key}: {str(error).splitlines()[0]}")
        finally:
            context.close()
        out[key] = {**stats(samples), "missed": misses}
        if parts:
            out[key]["split_ms"] = {
                name: round(median([p[i] for p in parts]), 1)
                for i, name in enumerate(
                    ["input_to_send", "send_to_first_reply", "streaming", "last_reply_to_paint"]
                )
            }
        log(f"  interaction {key}: median {out[key]['median']} ms over {len(samples)}")
    return out


def sessions_on(browser, script: Path, store: Path, logs: Path, count: int) -> dict:
    """One app: server memory idle, with one session, and with ``count`` more sessions
    that all open the first page at the same instant; their time to first chart."""
    server = Server(script, store, logs)
    server.start()
    contexts = []
    try:
        time.sleep(1)
        idle = rss_mb(server.pid)
        context, page = new_page(browser, PLOTLY)
        contexts.append(context)
        page.goto(server.url + "/", wait_until="commit", timeout=30_000)
        first_chart_ms(page)
        time.sleep(2)
        one = rss_mb(server.pid)
        pages = []
        for _ in range(count):
            context, page = new_page(browser, PLOTLY)
            contexts.append(context)
            page.goto("about:blank")
            pages.append(page)
        # every session starts at the same instant, by the browser's own clock
        start_at = page.evaluate("() => Date.now()") + 500 + 20 * count
        cpu_before = cpu_s(server.pid)
        for page in pages:
            page.evaluate(
                "([url, at]) => { setTimeout(() => { location.href = url; }, at - Date.now()); }",
                [server.url + "/", start_at],
            )
        times = []
        deadline = time.monotonic() + 150
        for page in pages:
            try:
                left = max(1_000, (deadline - time.monotonic()) * 1000)
                page.wait_for_url(server.url + "/**", timeout=left)
                times.append(first_chart_ms(page, timeout_ms=left))
            except Exception as error:
                log(f"  a session showed no chart: {str(error).splitlines()[0]}")
                times.append(None)
        server_cpu = cpu_s(server.pid) - cpu_before
        time.sleep(2)
        loaded = rss_mb(server.pid)
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()
        server.stop()
    return {
        "sessions": count,
        "rss_idle_mb": idle["VmRSS"],
        "rss_one_session_mb": one["VmRSS"],
        "rss_loaded_mb": loaded["VmRSS"],
        "rss_peak_mb": loaded["VmHWM"],
        "mb_per_session": round((loaded["VmRSS"] - one["VmRSS"]) / count, 2),
        "first_chart_ms": stats(times),
        "no_chart": sum(t is None for t in times),
        # CPU the server spent serving the burst; the rest of the wait is the browser's
        "server_cpu_s": round(server_cpu, 2),
    }


def bench_sessions(browser, store: Path, logs: Path, count: int) -> dict:
    """The dashboard's overview and, as the control, the baseline app, under ``count``
    sessions at once: on 2 cores the browser's own rendering is part of what is measured."""
    out = sessions_on(browser, ROOT / "app.py", store, logs, count)
    out["baseline"] = sessions_on(browser, HERE / "baseline_app.py", store, logs, count)
    out["first_chart_ratio"] = ratio(
        out["first_chart_ms"]["median"], out["baseline"]["first_chart_ms"]["median"]
    )
    log(
        f"  {count} sessions: {out['mb_per_session']} MB each, first chart median "
        f"{out['first_chart_ms']['median']} ms "
        f"(baseline {out['baseline']['first_chart_ms']['median']}),"
        f" worst {out['first_chart_ms']['max']} ms, server CPU {out['server_cpu_s']} s"
    )
    return out


# ---------------------------------------------------------------- the report


def summarise(results: dict) -> dict:
    pages = results.get("pages") or {}
    cold = results.get("cold") or {}
    interaction = results.get("interaction") or {}
    reruns = results.get("reruns") or {}
    queries = results.get("queries") or {}
    imports = (results.get("import") or {}).get("files", {})
    export = results.get("export") or {}
    sessions = results.get("sessions") or {}

    medians = [
        v["median"]
        for k, v in interaction.items()
        if k != "baseline_metric" and v.get("median") is not None
    ]
    rerun_p95 = [
        r["p95"] for r in (reruns.get("realistic") or {}).values() if r.get("p95") is not None
    ]
    rerun_p50 = [
        r["median"] for r in (reruns.get("realistic") or {}).values() if r.get("median") is not None
    ]
    stress_q = {n: r["median"] for n, r in (queries.get("stress") or {}).items() if "median" in r}
    import_totals = [f.get("total_s") for f in imports.values() if f.get("total_s") is not None]
    worst_query = max(stress_q, key=stress_q.get) if stress_q else None
    return {
        "worst_page_first_chart_ratio": pages.get("worst_ratio"),
        "worst_page": pages.get("worst_page"),
        "baseline_first_chart_ms": (pages.get("baseline") or {}).get("median"),
        "cold_first_chart_ratio": cold.get("first_chart_ratio"),
        "interaction_baseline_ms_median": (interaction.get("baseline_metric") or {}).get("median"),
        "cold_health_ratio": cold.get("health_ratio"),
        "cold_first_chart_s": ((cold.get("dashboard") or {}).get("first_chart_s") or {}).get(
            "median"
        ),
        # the slower of the two selectors' medians
        "interaction_ms_median": max(medians) if medians else None,
        "rerun_p95_ms_worst": max(rerun_p95) if rerun_p95 else None,
        "rerun_p50_ms_worst": max(rerun_p50) if rerun_p50 else None,
        "query_ms_worst_stress": stress_q.get(worst_query) if worst_query else None,
        "query_worst_stress": worst_query,
        "queries_over_10ms_stress": sorted(n for n, v in stress_q.items() if v > 10),
        "import_30k_s": max(import_totals) if import_totals else None,
        "import_30k_extrapolated": any(f.get("extrapolated") for f in imports.values())
        if imports
        else None,
        "png_first_s": export.get("png_first_s"),
        "png_warm_s": export.get("png_warm_s"),
        "svg_warm_s": export.get("svg_warm_s"),
        "pptx_10_s": export.get("pptx_10_s"),
        "mb_per_session": sessions.get("mb_per_session"),
        "concurrent_first_chart_ms_median": (sessions.get("first_chart_ms") or {}).get("median"),
        "concurrent_first_chart_ms_worst": (sessions.get("first_chart_ms") or {}).get("max"),
        "concurrent_first_chart_ratio": sessions.get("first_chart_ratio"),
    }


def verdicts(summary: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, target, passed); passed is None where nothing was measured."""

    def check(value, limit):
        return None if value is None else value <= limit

    def show(value, unit="", fmt="{}"):
        return "n/a" if value is None else fmt.format(value) + unit

    s, t = summary, TARGETS
    import_note = (
        " (extrapolated from the rows written in time)" if s["import_30k_extrapolated"] else ""
    )
    return [
        (
            f"Page → first chart, worst page ({s['worst_page']}) ÷ baseline, warm",
            show(s["worst_page_first_chart_ratio"], "×"),
            f"≤ {t['page_first_chart_ratio']}×",
            check(s["worst_page_first_chart_ratio"], t["page_first_chart_ratio"]),
        ),
        (
            "Cold start → first chart, dashboard ÷ baseline",
            show(s["cold_first_chart_ratio"], "×"),
            f"≤ {t['cold_first_chart_ratio']}×",
            check(s["cold_first_chart_ratio"], t["cold_first_chart_ratio"]),
        ),
        (
            "Metric change → new chart, median (slower selector)",
            show(s["interaction_ms_median"], " ms"),
            f"≤ {t['interaction_ms']} ms",
            check(s["interaction_ms_median"], t["interaction_ms"]),
        ),
        (
            "Server rerun p95, worst page (curated store)",
            show(s["rerun_p95_ms_worst"], " ms"),
            f"≤ {t['rerun_p95_ms']} ms",
            check(s["rerun_p95_ms_worst"], t["rerun_p95_ms"]),
        ),
        (
            f"Query median on the stress store, worst ({s['query_worst_stress']})",
            show(s["query_ms_worst_stress"], " ms"),
            f"≤ {t['query_ms_stress']} ms each",
            check(s["query_ms_worst_stress"], t["query_ms_stress"]),
        ),
        (
            "Import of 30,000 rows (read + validate + diff + apply), slower format",
            show(s["import_30k_s"], " s") + import_note,
            f"≤ {t['import_30k_s']} s",
            check(s["import_30k_s"], t["import_30k_s"]),
        ),
        (
            "PNG 1920×1080 export, warm",
            show(s["png_warm_s"], " s"),
            f"≤ {t['png_warm_s']} s",
            check(s["png_warm_s"], t["png_warm_s"]),
        ),
        (
            "PPTX of 10 charts",
            show(s["pptx_10_s"], " s"),
            f"≤ {t['pptx_10_s']} s",
            check(s["pptx_10_s"], t["pptx_10_s"]),
        ),
        (
            "Server memory per extra session",
            show(s["mb_per_session"], " MB"),
            f"≤ {t['mb_per_session']} MB",
            check(s["mb_per_session"], t["mb_per_session"]),
        ),
    ]


def _round(value):
    return None if value is None else round(value)


def markdown(results: dict) -> str:
    summary = results["summary"]
    mark = {True: "✅ pass", False: "❌ miss", None: "– n/a"}
    lines = [
        f"### Benchmark ({results['mode']}, {results['finished_at']}, "
        f"{results['machine']['cpu_count']} CPUs, {results['machine']['memory_gb']} GB)",
        "",
        "| What | Measured | Target | |",
        "|---|---|---|---|",
    ]
    for what, measured, target, passed in verdicts(summary):
        lines.append(f"| {what} | {measured} | {target} | {mark[passed]} |")

    def row(what, value):
        lines.append(f"| {what} | {'n/a' if value is None else value} | | |")

    pages = results.get("pages") or {}
    if pages:
        for name in ["baseline", *PAGES]:
            entry = pages.get(name, {})
            row(
                f"Warm {name}: first chart (×baseline) / first element / browser CPU (ms)",
                f"{entry.get('median')} ({entry.get('ratio', 1.0)}×) / "
                f"{_round(entry.get('first_element_ms'))} / "
                f"{_round(entry.get('main_thread_cpu_ms'))}",
            )
    cold = results.get("cold") or {}
    if cold:
        for label in ("baseline", "dashboard"):
            row(
                f"Cold start {label}: health / first chart (s)",
                f"{cold[label]['health_s']['median']} / {cold[label]['first_chart_s']['median']}",
            )
    for key, entry in (results.get("interaction") or {}).items():
        split = entry.get("split_ms") or {}
        row(
            f"Interaction {key} median / p95 (ms) [input→send, →first reply, streaming, →paint]",
            f"{entry.get('median')} / {entry.get('p95')} "
            f"[{', '.join(str(v) for v in split.values())}]",
        )
    for label, pages_ in (results.get("reruns") or {}).items():
        if label == "baseline":
            row("Rerun baseline app p50 / p95 (ms)", f"{pages_['median']} / {pages_['p95']}")
            continue
        for page, entry in pages_.items():
            row(
                f"Rerun {page} ({label}) p50 / p95 (ms)",
                f"{entry.get('median')} / {entry.get('p95')}",
            )
    for label, pages_ in (results.get("breakdown") or {}).items():
        for page, entry in pages_.items():
            parts = list((entry.get("parts_ms") or {}).items())[:4]
            row(
                f"Rerun breakdown {page} ({label}): total; top parts (ms)",
                f"{entry.get('rerun_ms')}; " + ", ".join(f"{n} {v}" for n, v in parts)
                if "error" not in entry
                else entry["error"],
            )
    for label, entries in (results.get("queries") or {}).items():
        slow = sorted(
            ((n, e["median"]) for n, e in entries.items() if e.get("median") is not None),
            key=lambda item: -item[1],
        )[:4]
        row(f"Slowest queries ({label}), median ms", ", ".join(f"{n} {v}" for n, v in slow))
    for name, entry in ((results.get("import") or {}).get("files") or {}).items():
        row(
            f"Import {name}: read / validate+diff / apply / total (s)",
            f"{entry['read_s']} / {entry['validate_diff_s']} / {entry.get('apply_s')} / "
            f"{entry.get('total_s')}{' (extrapolated)' if entry.get('extrapolated') else ''}",
        )
    export = results.get("export") or {}
    if export.get("available"):
        row(
            "Export PNG first / warm, SVG first / warm (s)",
            f"{export.get('png_first_s')} / {export.get('png_warm_s')}, "
            f"{export.get('svg_first_s')} / {export.get('svg_warm_s')}",
        )
    sessions = results.get("sessions") or {}
    if sessions:
        row(
            "Server RSS idle / 1 session / +N sessions (MB)",
            f"{sessions['rss_idle_mb']} / {sessions['rss_one_session_mb']} / "
            f"{sessions['rss_loaded_mb']} (N={sessions['sessions']})",
        )
        base = sessions.get("baseline") or {}
        row(
            f"{sessions['sessions']} sessions at once: first chart median / worst (ms)",
            f"{sessions['first_chart_ms']['median']} / {sessions['first_chart_ms']['max']} "
            f"(baseline app: {(base.get('first_chart_ms') or {}).get('median')} / "
            f"{(base.get('first_chart_ms') or {}).get('max')}); server CPU "
            f"{sessions.get('server_cpu_s')} s (baseline {base.get('server_cpu_s')} s)",
        )
        row("Baseline app RSS per extra session (MB)", base.get("mb_per_session"))
    errors = results.get("errors") or {}
    for section, error in errors.items():
        lines.append(f"| ⚠ {section} failed | {error} | | |")
    return "\n".join(lines)


# ---------------------------------------------------------------- main


def bench_breakdown(stores: dict[str, Path], reps: int) -> dict:
    return {
        label: breakdown.page_breakdown(ROOT, path, APPTEST_PAGES[:-1], reps)
        for label, path in stores.items()
    }


# runs the CLI, then says the process's own peak memory (VmHWM, which exec resets; a
# child's ru_maxrss would include the parent's memory at the fork)
_PEAK_WRAPPER = (
    "import runpy, sys\n"
    "sys.argv = ['cppcc', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('cppcc', run_name='__main__')\n"
    "finally:\n"
    "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
    "    sys.stderr.write('PEAK ' + peak[0].split()[1] + '\\n')\n"
)


def _refusal(store: Path, file: Path) -> dict:
    """``python -m cppcc import FILE --dry-run --json`` in a child: wall time, the
    child's peak memory, and what it said."""
    env = {**os.environ, "CPPCC_DB": str(store)}
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, "import", str(file), "--dry-run", "--json"],
        cwd=ROOT, env=env, capture_output=True, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    out = process.stdout.decode("utf-8", "replace")
    peaks = [line for line in process.stderr.decode().splitlines() if line.startswith("PEAK ")]
    peak_kb = int(peaks[-1].split()[1]) if peaks else 0
    try:
        report = json.loads(out.strip().splitlines()[-1])
        said = (report["errors"][0]["message"] if report["errors"] else "accepted")[:80]
    except (ValueError, IndexError, KeyError):
        said = out[-80:]
    return {
        "bytes": file.stat().st_size,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "exit": process.returncode,
        "said": said,
    }


def bench_hostile(store: Path, work: Path, full: bool) -> dict:
    """Hostile uploads refused early: a 600 MB zip bomb, a million-row .xlsx, and (full
    runs) a file of exactly the row limit, which must be read, for comparison."""
    sys.path.insert(0, str(ROOT))
    from tests import upload_corpus

    files = {
        "zip_bomb_600mb": upload_corpus.zip_bomb(600),
        "million_rows": upload_corpus.million_rows(),
    }
    if full:
        from cppcc.upload.importing import MAX_ROWS

        files["at_row_limit"] = upload_corpus.million_rows(MAX_ROWS)
    results = {}
    for name, data in files.items():
        path = work / f"{name}.xlsx"
        path.write_bytes(data)
        results[name] = _refusal(store, path)
        log(f"  {name}: {results[name]}")
    return results


SECTIONS = [
    "queries",
    "reruns",
    "breakdown",
    "import",
    "cold",
    "pages",
    "interaction",
    "sessions",
    "export",
    "hostile",
]


def run_browser_sections(section, chosen, reps, store: Path, logs: Path) -> str:
    """The sections that need Chromium, sharing one browser; returns its version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            section("cold", bench_cold, browser, store, logs, reps["cold"])
            if {"pages", "interaction"} & set(chosen):
                dashboard = Server(ROOT / "app.py", store, logs)
                baseline = Server(HERE / "baseline_app.py", store, logs)
                control = Server(HERE / "baseline_select_app.py", store, logs)
                try:
                    dashboard.start()
                    baseline.start()
                    control.start()
                    section("pages", bench_pages, browser, dashboard, baseline, reps["pages"])
                    section(
                        "interaction", bench_interaction, browser, dashboard, control, store,
                        reps["interaction"],
                    )  # fmt: skip
                finally:
                    dashboard.stop()
                    baseline.stop()
                    control.stop()
            section("sessions", bench_sessions, browser, store, logs, reps["sessions"])
            return browser.version
        finally:
            browser.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    reps = REPS[mode]
    chosen = SECTIONS if not args.only else [s.strip() for s in args.only.split(",")]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")

    # AppTest runs pages outside a server; its "no ScriptRunContext" notes are noise here
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(
        logging.ERROR
    )
    began = time.perf_counter()
    results: dict = {
        "mode": mode,
        "started_at": datetime.now().isoformat(timespec="seconds"),
        # other work on the machine skews every number: keep the load next to them
        "load_average_at_start": os.getloadavg(),
    }
    errors: dict[str, str] = {}

    def section(name, function, *args_):
        if name not in chosen:
            return
        log(f"{name} …")
        t = time.perf_counter()
        try:
            results[name] = function(*args_)
        except Exception as error:  # one failing section must not lose the others
            errors[name] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
            log(f"  {name} failed: {errors[name]}")
        log(f"  {name} took {time.perf_counter() - t:.0f} s")

    with tempfile.TemporaryDirectory(prefix="cppcc-bench-") as tmp:
        work = Path(tmp)
        logs = work / "logs"
        logs.mkdir()
        from cppcc.store import db

        log("building the curated store and the stress store …")
        realistic = work / "ningxia.duckdb"
        db.build(realistic)
        stress_store = work / "stress.duckdb"
        results["stress_store"] = stress.build_stress_store(stress_store)
        stores = {"realistic": realistic, "stress": stress_store}

        section("queries", bench_queries, stores, reps["queries"])
        section("reruns", bench_reruns, stores, reps["reruns"])
        section("breakdown", bench_breakdown, stores, reps["breakdown"])
        section(
            "import", bench_import, stress_store, work, reps["import_dry"],
            reps["import_apply_cap_s"],
        )  # fmt: skip

        browser_version = None
        if {"cold", "pages", "interaction", "sessions"} & set(chosen):
            try:
                browser_version = run_browser_sections(section, chosen, reps, realistic, logs)
            except Exception as error:  # no chromium, or a server that would not start
                errors["browser"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
                log(f"  browser sections failed: {errors['browser']}")
        section("export", bench_export, realistic, reps["export"], reps["pptx"])
        section("hostile", bench_hostile, realistic, work, mode == "full")

    results["load_average_at_end"] = os.getloadavg()
    results["machine"] = machine(browser_version)
    results["errors"] = errors
    results["finished_at"] = datetime.now().isoformat(timespec="seconds")
    results["duration_s"] = round(time.perf_counter() - began, 1)
    results["targets"] = TARGETS
    results["summary"] = summarise(results)
    results["verdicts"] = [
        {"what": w, "measured": m, "target": t, "passed": p}
        for w, m, t, p in verdicts(results["summary"])
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(markdown(results))
    print(f"\n{args.out} · {results['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
