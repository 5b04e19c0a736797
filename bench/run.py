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
import cluster  # noqa: E402
import national  # noqa: E402
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
        "cluster_sessions": 20, "cluster_bursts": 2,
        "breakdown": 5,
    },
    "quick": {
        "cold": 2, "pages": 2, "interaction": 3, "reruns": 4, "queries": 5,
        "import_dry": 1, "import_apply_cap_s": 10, "export": 2, "pptx": 1, "sessions": 5,
        "cluster_sessions": 20, "cluster_bursts": 1,
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
SKIP_QUERIES = ("schema", "read_model", "upsert_", "insert_", "delete_")

TARGETS = {  # issue #13
    "rerun_p50_ratio_curated": 2.0,  # × the bare app's rerun
    "rerun_p50_ms_national": 150,  # every page
    "query_ms_curated": 5,  # every page query, median
    "query_ms_national": 25,
    "page_first_chart_ratio": 1.15,
    "cold_first_chart_ratio": 1.2,
    "interaction_ratio": 1.3,  # × the control app
    "cpu_per_session_ratio": 1.3,  # × the bare app's
    "import_xlsx_s": 2,
    "import_csv_s": 1,
    "png_warm_s": 0.3,
    "png_first_s": 0.5,  # first PNG of a session, after start-up warming
    "bench_full_s": 600,
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
    from cppcc import scope
    from cppcc.store import sql

    def latest_period(metric):
        row = con.execute(sql.load("metric_periods"), {"metric": metric}).fetchone()
        return {"metric": metric, "period_start": row[0], "period_end": row[1]}

    # the committees the pages show: all of them, or the sidebar's default scope
    committees = con.execute(sql.load("committees")).df()
    adcodes = scope.members(committees, scope.default(committees))
    overview = latest_period("proposals_received")  # the overview page's default
    overview["adcodes"] = adcodes
    on_map = latest_period("platform_reception_rooms")  # the map page's default
    on_map["adcodes"] = adcodes
    batch = con.execute("select coalesce(max(batch_id), 1) from batches").fetchone()[0]
    title = con.execute("select title from sources order by source_id limit 1").fetchone()[0]
    # the sources page as it opens: no filter, no search, the first page of rows
    detail = {"adcodes": adcodes, "metrics": [], "needle": ""}
    return {
        "figures_for_period": overview,
        "metric_by_committee": overview,
        "map_values": on_map,
        "metric_figures": {"metric": "proposals_received", "adcodes": adcodes},
        "metric_periods": {"metric": "proposals_received"},
        "proposal_figures": {"adcodes": adcodes},
        "acceptance": {"adcodes": adcodes},
        "reported_periods": {"adcodes": adcodes},
        # the overview page's headline tiles
        "latest_two_years": {
            "metrics": literal(ROOT / "pages" / "overview.py", "HEADLINES"),
            "adcodes": adcodes,
        },
        "sources_list": {"adcodes": adcodes},
        "batch_by_id": {"batch_id": batch},
        "batch_changes": {"batch_id": batch},
        "batch_rows": {"batch_id": batch},
        "later_batches_touching": {"batch_id": batch},
        "source_id_by_title": {"title": title},
        "figures_detail": {**detail, "limit": literal(ROOT / "pages" / "sources.py", "SHOWN")},
        "figures_detail_count": detail,
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
        t = time.perf_counter()
        con = db.snapshot(path)
        snapshot_s = time.perf_counter() - t
        params = query_params(con)
        on_pages = page_queries()
        results = {}
        for name in read_queries():
            bound = params.get(name, {})
            times = []
            first = None
            rows = None
            # the CLI's and the upload's whole-store reads: measured, but fewer times
            count, budget = (reps, 30) if name in on_pages else (min(reps, 3), 10)
            try:
                for index in bounded(count + 1, budget):
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
            results[name] = {
                "first_ms": round(first, 2),
                "rows": rows,
                "on_page": name in on_pages,
                **stats(times, 2),
            }
        con.close()
        results["_snapshot_s"] = {"seconds": round(snapshot_s, 2)}
        out[label] = results
        worst = max(
            (r for n, r in results.items() if r.get("median") is not None and n in on_pages),
            key=lambda r: r["median"],
        )
        log(
            f"  queries on {label}: snapshot {snapshot_s:.1f} s, worst page query median"
            f" {worst['median']} ms"
        )
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
            # the first run takes the snapshot and builds the read model (minutes for the
            # national store on a loaded machine): not a rerun, so given time of its own
            for page in APPTEST_PAGES:
                at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
                try:
                    at.run()
                except RuntimeError as error:  # one store's timeout must not lose the others
                    results[page] = {"error": str(error)[:200]}
                    continue
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
            data = frame(
                "metric_by_committee",
                metric=row.code,
                period_start=start,
                period_end=end,
                adcodes=[],
            )
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
            figures = frame("metric_figures", metric=row.code, adcodes=[])
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
        # as the server does after its first page (cppcc.web.ui.warm_exports), without
        # the delay: the first PNG of a session then finds Chromium started
        t = time.perf_counter()
        warming = image.warm_in_background(delay_s=0)
        if warming is not None:
            warming.join(timeout=90)
        out["warm_start_s"] = round(time.perf_counter() - t, 3)
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
    """One app: server memory idle and with one session; then ``count`` sessions opened
    at the same instant by the light WebSocket client (``ws_client``), plus one browser
    tab for the visible first chart. The server's CPU seconds over the burst, per
    session; each session's time to the chart's message; RSS with all of them open."""
    import asyncio

    import ws_client

    server = Server(script, store, logs)
    server.start()
    context = None
    sockets: list[dict] = []
    try:
        time.sleep(1)
        idle = rss_mb(server.pid)
        # the first session pays the imports and the first snapshot: not part of the burst
        sockets.append(asyncio.run(ws_client.open_session(server.url)))
        time.sleep(1)
        one = rss_mb(server.pid)
        context, page = new_page(browser, PLOTLY)
        page.goto("about:blank")
        cpu_before = cpu_s(server.pid)
        started = time.perf_counter()
        page.evaluate("url => { location.href = url; }", server.url + "/")

        async def burst_and_keep():
            return await ws_client.burst(server.url, count)

        results = asyncio.run(burst_and_keep())
        server_cpu = cpu_s(server.pid) - cpu_before
        burst_s = time.perf_counter() - started
        try:
            page.wait_for_url(server.url + "/**", timeout=60_000)
            browser_chart = first_chart_ms(page, timeout_ms=60_000)
        except Exception as error:
            log(f"  the browser session showed no chart: {str(error).splitlines()[0]}")
            browser_chart = None
        time.sleep(1)
        loaded = rss_mb(server.pid)
        sockets += results
        errors = [r["error"] for r in results if "error" in r]
        if errors:
            log(f"  {len(errors)} sessions failed: {errors[0]}")
        times = [
            r["first_chart_s"] * 1000 if r.get("first_chart_s") is not None else None
            for r in results
        ]
    finally:
        if sockets:
            with contextlib.suppress(Exception):
                asyncio.run(_close_sockets(sockets))
        if context is not None:
            with contextlib.suppress(Exception):
                context.close()
        server.stop()
    return {
        "sessions": count,
        "rss_idle_mb": idle["VmRSS"],
        "rss_one_session_mb": one["VmRSS"],
        "rss_loaded_mb": loaded["VmRSS"],
        "rss_peak_mb": loaded["VmHWM"],
        "mb_per_session": round((loaded["VmRSS"] - one["VmRSS"]) / (count + 1), 2),
        # time from connecting to the chart's ForwardMsg, per WebSocket session
        "first_chart_ms": stats(times),
        "no_chart": sum(t is None for t in times),
        "browser_first_chart_ms": None if browser_chart is None else round(browser_chart),
        # CPU the server spent on the burst (count + 1 sessions, the browser's included)
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_per_session_s": round(server_cpu / (count + 1), 3),
        "burst_wall_s": round(burst_s, 2),
    }


async def _close_sockets(results: list[dict]) -> None:
    import ws_client

    await ws_client.close_all(results)


def bench_sessions(browser, store: Path, logs: Path, count: int) -> dict:
    """The dashboard's overview and, as the control, the baseline app, each under
    ``count`` light sessions at once plus one browser tab."""
    out = sessions_on(browser, ROOT / "app.py", store, logs, count)
    out["baseline"] = sessions_on(browser, HERE / "baseline_app.py", store, logs, count)
    out["first_chart_ratio"] = ratio(
        out["first_chart_ms"]["median"], out["baseline"]["first_chart_ms"]["median"]
    )
    out["cpu_per_session_ratio"] = ratio(
        out["server_cpu_per_session_s"], out["baseline"]["server_cpu_per_session_s"]
    )
    log(
        f"  {count} sessions: {out['mb_per_session']} MB each, first chart median "
        f"{out['first_chart_ms']['median']} ms "
        f"(baseline {out['baseline']['first_chart_ms']['median']}), server CPU "
        f"{out['server_cpu_s']} s (baseline {out['baseline']['server_cpu_s']} s)"
    )
    return out


# ---------------------------------------------------------------- the report


def page_queries() -> set[str]:
    """The queries a page runs as it draws (``cache.query("…"`` in pages/ and web/)."""
    import re

    names = set()
    for path in [*(ROOT / "pages").glob("*.py"), *(ROOT / "cppcc" / "web").glob("*.py")]:
        names.update(re.findall(r'cache\.query\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    return names


def summarise(results: dict) -> dict:
    pages = results.get("pages") or {}
    cold = results.get("cold") or {}
    interaction = results.get("interaction") or {}
    reruns = results.get("reruns") or {}
    queries = results.get("queries") or {}
    imports = (results.get("import") or {}).get("files", {})
    export = results.get("export") or {}
    sessions = results.get("sessions") or {}
    on_pages = page_queries()

    def worst(entries: dict, key: str = "median"):
        values = {n: r[key] for n, r in entries.items() if r.get(key) is not None}
        name = max(values, key=values.get) if values else None
        return (name, values[name]) if name else (None, None)

    def page_query_worst(label):
        entries = {n: r for n, r in (queries.get(label) or {}).items() if n in on_pages}
        return worst(entries)

    base_rerun = (reruns.get("baseline") or {}).get("median")
    curated_page, curated_rerun = worst(reruns.get("realistic") or {})
    national_page, national_rerun = worst(reruns.get("national") or {})
    medians = {
        k: v["median"]
        for k, v in interaction.items()
        if k != "baseline_metric" and v.get("median") is not None
    }
    slower_selector = max(medians, key=medians.get) if medians else None
    control = (interaction.get("baseline_metric") or {}).get("median")
    q_cur_name, q_cur = page_query_worst("realistic")
    q_nat_name, q_nat = page_query_worst("national")
    total = {name: f.get("total_s") for name, f in imports.items()}
    return {
        "rerun_baseline_ms": base_rerun,
        "rerun_p50_worst_curated": curated_rerun,
        "rerun_worst_page_curated": curated_page,
        "rerun_p50_ratio_curated": ratio(curated_rerun, base_rerun),
        "rerun_p50_worst_national": national_rerun,
        "rerun_worst_page_national": national_page,
        "query_worst_curated": q_cur_name,
        "query_ms_worst_curated": q_cur,
        "query_worst_national": q_nat_name,
        "query_ms_worst_national": q_nat,
        "queries_over_25ms_national": sorted(
            n
            for n, r in (queries.get("national") or {}).items()
            if n in on_pages and (r.get("median") or 0) > TARGETS["query_ms_national"]
        ),
        "worst_page_first_chart_ratio": pages.get("worst_ratio"),
        "worst_page": pages.get("worst_page"),
        "baseline_first_chart_ms": (pages.get("baseline") or {}).get("median"),
        "cold_first_chart_ratio": cold.get("first_chart_ratio"),
        "cold_health_ratio": cold.get("health_ratio"),
        "cold_first_chart_s": ((cold.get("dashboard") or {}).get("first_chart_s") or {}).get(
            "median"
        ),
        "interaction_selector": slower_selector,
        "interaction_ms_median": medians.get(slower_selector),
        "interaction_baseline_ms_median": control,
        "interaction_ratio": ratio(medians.get(slower_selector), control),
        "cpu_per_session_s": sessions.get("server_cpu_per_session_s"),
        "cpu_per_session_baseline_s": (sessions.get("baseline") or {}).get(
            "server_cpu_per_session_s"
        ),
        "cpu_per_session_ratio": sessions.get("cpu_per_session_ratio"),
        "concurrent_first_chart_ms_median": (sessions.get("first_chart_ms") or {}).get("median"),
        "concurrent_first_chart_ratio": sessions.get("first_chart_ratio"),
        "mb_per_session": sessions.get("mb_per_session"),
        "import_xlsx_s": total.get("bench.xlsx"),
        "import_csv_s": total.get("bench.csv"),
        "import_30k_extrapolated": any(f.get("extrapolated") for f in imports.values())
        if imports
        else None,
        "png_first_s": export.get("png_first_s"),
        "png_warm_s": export.get("png_warm_s"),
        "svg_warm_s": export.get("svg_warm_s"),
        "pptx_10_s": export.get("pptx_10_s"),
        "bench_s": results.get("duration_s"),
        "mode": results.get("mode"),
        **_cluster_summary(results.get("cluster") or {}),
    }


def _cluster_summary(several: dict) -> dict:
    """New sessions straight to one server versus through nginx to two (bench/cluster.py)."""
    out = {}
    for way in ("direct", "nginx"):
        entry = several.get(way) or {}
        out[f"cluster_first_chart_ms_{way}"] = (entry.get("first_chart_ms") or {}).get("median")
        out[f"cluster_cpu_ms_per_session_{way}"] = entry.get("server_cpu_ms_per_session")
    return out


def verdicts(summary: dict) -> list[tuple[str, str, str, bool | None]]:
    """(what, measured, target, passed); passed is None where nothing was measured."""

    def check(value, limit):
        return None if value is None else value <= limit

    def show(value, unit="", fmt="{}"):
        return "n/a" if value is None else fmt.format(value) + unit

    s, t = summary, TARGETS
    note = " (extrapolated)" if s["import_30k_extrapolated"] else ""
    limit_s = t["bench_full_s"] if s["mode"] == "full" else 240
    return [
        (
            f"Server rerun p50, worst page ({s['rerun_worst_page_curated']}, curated) ÷ bare app"
            f" ({s['rerun_p50_worst_curated']} / {s['rerun_baseline_ms']} ms)",
            show(s["rerun_p50_ratio_curated"], "×"),
            f"≤ {t['rerun_p50_ratio_curated']}×",
            check(s["rerun_p50_ratio_curated"], t["rerun_p50_ratio_curated"]),
        ),
        (
            f"Server rerun p50, worst page ({s['rerun_worst_page_national']}, national store)",
            show(s["rerun_p50_worst_national"], " ms"),
            f"≤ {t['rerun_p50_ms_national']} ms",
            check(s["rerun_p50_worst_national"], t["rerun_p50_ms_national"]),
        ),
        (
            f"Page query median, worst ({s['query_worst_curated']}, curated)",
            show(s["query_ms_worst_curated"], " ms"),
            f"≤ {t['query_ms_curated']} ms",
            check(s["query_ms_worst_curated"], t["query_ms_curated"]),
        ),
        (
            f"Page query median, worst ({s['query_worst_national']}, national store)",
            show(s["query_ms_worst_national"], " ms"),
            f"≤ {t['query_ms_national']} ms",
            check(s["query_ms_worst_national"], t["query_ms_national"]),
        ),
        (
            f"Page → first chart, worst page ({s['worst_page']}) ÷ bare page, warm",
            show(s["worst_page_first_chart_ratio"], "×"),
            f"≤ {t['page_first_chart_ratio']}×",
            check(s["worst_page_first_chart_ratio"], t["page_first_chart_ratio"]),
        ),
        (
            "Cold start → first chart ÷ bare page",
            show(s["cold_first_chart_ratio"], "×"),
            f"≤ {t['cold_first_chart_ratio']}×",
            check(s["cold_first_chart_ratio"], t["cold_first_chart_ratio"]),
        ),
        (
            f"Metric change → new chart, median ({s['interaction_selector']}"
            f" {s['interaction_ms_median']} ms) ÷ control app"
            f" ({s['interaction_baseline_ms_median']} ms)",
            show(s["interaction_ratio"], "×"),
            f"≤ {t['interaction_ratio']}×",
            check(s["interaction_ratio"], t["interaction_ratio"]),
        ),
        (
            f"Server CPU per new session ({s['cpu_per_session_s']} s) ÷ bare app"
            f" ({s['cpu_per_session_baseline_s']} s)",
            show(s["cpu_per_session_ratio"], "×"),
            f"≤ {t['cpu_per_session_ratio']}×",
            check(s["cpu_per_session_ratio"], t["cpu_per_session_ratio"]),
        ),
        (
            "30,000-row import, xlsx (read + validate + diff + apply)",
            show(s["import_xlsx_s"], " s") + note,
            f"≤ {t['import_xlsx_s']} s",
            check(s["import_xlsx_s"], t["import_xlsx_s"]),
        ),
        (
            "30,000-row import, csv",
            show(s["import_csv_s"], " s") + note,
            f"≤ {t['import_csv_s']} s",
            check(s["import_csv_s"], t["import_csv_s"]),
        ),
        (
            "PNG 1920×1080, warm",
            show(s["png_warm_s"], " s"),
            f"≤ {t['png_warm_s']} s",
            check(s["png_warm_s"], t["png_warm_s"]),
        ),
        (
            "First PNG of a session, after start-up warming",
            show(s["png_first_s"], " s"),
            f"≤ {t['png_first_s']} s",
            check(s["png_first_s"], t["png_first_s"]),
        ),
        (
            f"The whole bench ({s['mode']})",
            show(s["bench_s"], " s"),
            f"≤ {limit_s} s",
            check(s["bench_s"], limit_s),
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
        base = sessions.get("baseline") or {}
        row(
            "Server RSS idle / 1 session / +N sessions (MB)",
            f"{sessions['rss_idle_mb']} / {sessions['rss_one_session_mb']} / "
            f"{sessions['rss_loaded_mb']} (N={sessions['sessions']} + 1 browser)",
        )
        row(
            f"{sessions['sessions']} light sessions + 1 browser at once: server CPU; first "
            "chart sent median / worst; the browser's chart painted",
            f"{sessions['server_cpu_s']} s; {sessions['first_chart_ms']['median']} / "
            f"{sessions['first_chart_ms']['max']} ms; {sessions.get('browser_first_chart_ms')} ms"
            f" (bare app: {base.get('server_cpu_s')} s; "
            f"{(base.get('first_chart_ms') or {}).get('median')} / "
            f"{(base.get('first_chart_ms') or {}).get('max')} ms; "
            f"{base.get('browser_first_chart_ms')} ms)",
        )
        row(
            "Server RSS per extra session, dashboard / bare app (MB)",
            f"{sessions.get('mb_per_session')} / {base.get('mb_per_session')}",
        )
    several = results.get("cluster") or {}
    if several:
        direct, proxied = several["direct"], several["nginx"]
        row(
            f"{several['sessions_per_burst']} new sessions: straight to one server / through "
            "nginx to two: first chart median (ms); server CPU per session (ms)",
            f"{direct['first_chart_ms']['median']} / {proxied['first_chart_ms']['median']}; "
            f"{direct['server_cpu_ms_per_session']} / {proxied['server_cpu_ms_per_session']}",
        )
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
    from tests import test_upload_limits as limits
    from tests import upload_corpus

    files = {
        "zip_bomb_600mb": upload_corpus.zip_bomb(600),
        "million_rows": upload_corpus.million_rows(),
        "cell_at_XFD1048576": limits._template_with({"XFD1048576": "x"}),
        "too_many_shared_texts": limits._many_shared(450_000),
        "csv_header_5mb.csv": b"," * 5_000_000 + b"x\n",
    }
    if full:
        from cppcc.upload.importing import MAX_ROWS

        files["at_row_limit"] = upload_corpus.million_rows(MAX_ROWS)
        files["at_row_limit_full_rows"] = limits.full_rows(MAX_ROWS)
    results = {}
    for name, data in files.items():
        path = work / (name if name.endswith(".csv") else f"{name}.xlsx")
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
    "cluster",
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
            section(
                "cluster", cluster.bench_cluster, browser, reps["cluster_sessions"],
                reps["cluster_bursts"], sys.modules[__name__],
            )  # fmt: skip
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
        if {"queries", "reruns", "breakdown"} & set(chosen):
            log("the national store (built once into bench/.cache, then copied) …")
            t = time.perf_counter()
            national_store, counts, cached = national.cached_national_store(work)
            results["national_store"] = {
                **counts,
                "from_cache": cached,
                "ready_s": round(time.perf_counter() - t, 1),
            }
            stores["national"] = national_store

        section("queries", bench_queries, stores, reps["queries"])
        section("reruns", bench_reruns, stores, reps["reruns"])
        section("breakdown", bench_breakdown, stores, reps["breakdown"])
        section(
            "import", bench_import, stress_store, work, reps["import_dry"],
            reps["import_apply_cap_s"],
        )  # fmt: skip

        browser_version = None
        if {"cold", "pages", "interaction", "sessions", "cluster"} & set(chosen):
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
