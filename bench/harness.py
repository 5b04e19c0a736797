"""What every section shares: sizes per mode, statistics, the servers, the stores, and
the run itself (``run_sections``), which keeps going when one section fails.

Everything talks to 127.0.0.1 only, every loop is bounded in count and in time
(``bounded``), and every process started here is stopped by its own pid.
"""

import asyncio
import contextlib
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"

# how many times each thing is measured, per mode; ``smoke`` runs every section once
# with the smallest sizes and without the bare apps beside the dashboard (CI runs it so
# the bench cannot rot), ``quick`` is a short real measurement, ``full`` is ``make bench``
SIZES = {
    "full": {
        "cold": 3, "pages": 3, "interaction": 6, "reruns": 8, "queries": 10,
        "breakdown": 3, "import_dry": 3, "import_rows": 20_000, "import_apply_cap_s": 60,
        "upload_page_rows": 20_000,
        "export": 5, "pptx": 3, "collect": 3, "pptx_charts": 10, "sessions": (20, 50, 100),
        "cluster_sessions": (20, 50, 100), "cluster_direct": False, "national": "full",
        "hostile_at_limit": True, "hostile": (600, 1_000_000), "hostile_all": True,
        "import_store": "stress", "baselines": True, "own_servers": True,
        "stores": ("realistic", "stress", "national"),
    },
    "quick": {
        "cold": 2, "pages": 2, "interaction": 3, "reruns": 4, "queries": 5,
        "breakdown": 2, "import_dry": 1, "import_rows": 20_000, "import_apply_cap_s": 30,
        "upload_page_rows": 20_000,
        "export": 2, "pptx": 1, "collect": 2, "pptx_charts": 10, "sessions": (20,),
        "cluster_sessions": (20,), "cluster_direct": False, "national": "full",
        "hostile_at_limit": False, "hostile": (600, 1_000_000), "hostile_all": True,
        "import_store": "stress", "baselines": True, "own_servers": True,
        "stores": ("realistic", "stress", "national"),
    },
    "smoke": {
        "cold": 1, "pages": 1, "interaction": 1, "reruns": 1, "queries": 1,
        "breakdown": 1, "import_dry": 1, "import_rows": 1_000, "import_apply_cap_s": 60,
        "upload_page_rows": 1_000,
        "export": 1, "pptx": 1, "collect": 1, "pptx_charts": 2, "sessions": (3,),
        "cluster_sessions": (3,), "cluster_direct": True, "national": "smoke",
        "hostile_at_limit": False, "hostile": (150, 100_001), "hostile_all": False,
        "import_store": "realistic", "baselines": False, "own_servers": False,
        "stores": ("realistic", "national"),
    },
}  # fmt: skip
SECTION_BUDGET_S = 150  # no section's loop goes on past this


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bounded(count: int, seconds: float = SECTION_BUDGET_S):
    """range(count), cut short when ``seconds`` have passed (never before the first)."""
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


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far (/proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run`` of one script on a free port of 127.0.0.1, as the tests start it."""

    def __init__(self, script: Path, store: Path, log_dir: Path, env: dict | None = None) -> None:
        self.script, self.store, self.log_dir = script, store, log_dir
        self.env = env or {}  # added to the server's environment
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.started = 0.0

    def start(self, timeout: float = 60) -> dict:
        """Start and wait for /_stcore/health; returns seconds from spawn to healthy."""
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "CPPCC_DB": str(self.store), **self.env}
        log_file = (self.log_dir / f"{self.script.stem}-{port}.log").open("w")
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(self.script),
                "--server.address", "127.0.0.1", "--server.port", str(port),
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return {"health_s": time.perf_counter() - self.started}
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

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


class EventLoop:
    """An asyncio loop in a thread of its own. Playwright's sync API keeps a loop
    running on the main thread, where ``asyncio.run`` refuses to start another; the
    light WebSocket sessions run here instead, and their sockets stay on one loop from
    opening to closing."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine, timeout: float = 600):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class Bench:
    """One run: its mode and sizes, its temporary folder, and the stores and browser
    the sections ask for, each made the first time a section needs it."""

    mode: str
    work: Path
    sizes: dict = field(init=False)
    logs: Path = field(init=False)
    info: dict = field(default_factory=dict)  # what the stores hold, for the JSON
    _stores: dict = field(default_factory=dict)
    _snapshots: dict = field(default_factory=dict)
    _servers: dict = field(default_factory=dict)
    _browser: object = None
    _playwright: object = None

    def __post_init__(self) -> None:
        self.sizes = SIZES[self.mode]
        self.logs = self.work / "logs"
        self.logs.mkdir(exist_ok=True)

    def store(self, name: str) -> Path:
        """``realistic`` (the curated data), ``stress`` or ``national`` (bench/*.py)."""
        if name not in self._stores:
            self._stores[name] = self._build(name)
        return self._stores[name]

    def stores(self) -> dict[str, Path]:
        """The stores this mode measures queries and reruns on."""
        return {name: self.store(name) for name in self.sizes["stores"]}

    def snapshot(self, name: str):
        """``db.snapshot`` of a store, taken once per run and shared by the sections that
        read it in this process (queries, reruns, breakdown; ``SNAPSHOTS``): the national
        store's read model takes 15–40 s to build, and a snapshot is only ever read."""
        if name not in self._snapshots:
            from cppcc.store import db

            started = time.perf_counter()
            taking = getattr(db.snapshot, "__wrapped__", db.snapshot)  # not shared_snapshots'
            self._snapshots[name] = taking(self.store(name))
            self.info[name]["snapshot_s"] = round(time.perf_counter() - started, 1)
        return self._snapshots[name]

    @contextlib.contextmanager
    def shared_snapshots(self):
        """While the block runs, the app's ``db.snapshot`` of a store of this run returns
        the run's snapshot of it (``snapshot``) instead of copying the store again, so
        the app's first run of a page on a store does not include its snapshot."""
        from cppcc.store import db

        taking = db.snapshot
        paths = {str(path.resolve()): name for name, path in self._stores.items()}

        def snapshot(path=None):
            name = paths.get(str(Path(path).resolve())) if path is not None else None
            return self.snapshot(name) if name is not None else taking(path)

        snapshot.__wrapped__ = taking
        db.snapshot = snapshot
        try:
            yield
        finally:
            db.snapshot = taking

    def release_snapshots(self) -> None:
        """Drop the shared snapshots (and the app's cached references to them)."""
        if not self._snapshots:
            return
        from cppcc.web import cache

        cache.clear()
        for con in self._snapshots.values():
            with contextlib.suppress(Exception):
                con.close()
        self._snapshots.clear()

    def _build(self, name: str) -> Path:
        from bench import national, stress
        from cppcc.store import db

        started = time.perf_counter()
        log(f"building the {name} store …")
        if name == "realistic":
            path = self.work / "ningxia.duckdb"
            self.info[name] = db.build(path)
        elif name == "stress":
            path = self.work / "stress.duckdb"
            self.info[name] = stress.build_stress_store(path)
        elif name == "national":
            path, counts, cached = national.cached_national_store(self.work, self.sizes["national"])
            self.info[name] = {**counts, "from_cache": cached, "size": self.sizes["national"]}
        else:
            raise KeyError(name)
        self.info[name]["ready_s"] = round(time.perf_counter() - started, 1)
        return path

    def server(self, script: Path) -> Server:
        """A warm server of ``script`` on the curated store, shared by the sections that
        measure a running server (pages, interaction); stopped at the end of the run."""
        if script not in self._servers:
            server = Server(script, self.store("realistic"), self.logs)
            server.start()
            self._servers[script] = server
        return self._servers[script]

    def keep_server(self, server: Server) -> None:
        """Keep a server a section started on the curated store (cold's) running as the
        shared server of its script, in place of the one kept before: the sections that
        share servers find it started and its imports and snapshot loaded."""
        kept = self._servers.get(server.script)
        if kept is not None and kept is not server:
            kept.stop()
        self._servers[server.script] = server

    def browser(self):
        """One Chromium for every browser section (Debian's, with the tests' flags)."""
        if self._browser is None:
            from playwright.sync_api import sync_playwright

            from bench import browser

            self._playwright = sync_playwright().start()
            self._browser = browser.launch(self._playwright)
        return self._browser

    def stop_servers(self) -> None:
        for server in self._servers.values():
            server.stop()
        self._servers.clear()

    def close(self) -> None:
        self.release_snapshots()
        self.stop_servers()
        if self._browser is not None:
            with contextlib.suppress(Exception):
                self._browser.close()
        if self._playwright is not None:
            with contextlib.suppress(Exception):
                self._playwright.stop()
        self._browser = self._playwright = None


def cpu_so_far() -> float:
    """CPU seconds of this process and of the children it has waited for (servers,
    the import child, PostgreSQL once stopped; not the browser, which ends last)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_sections(bench: Bench, sections, chosen: list[str]) -> tuple[dict, dict, dict, dict, dict]:
    """Each chosen section once, in order; one failing section never loses the others.
    Returns (results, errors, seconds, cpu seconds, load) keyed by section name: the CPU
    beside the wall time shows whether a slow section worked or waited (on a machine
    shared many times over, mostly waited), the one-minute load average at the end of
    each section what else the machine was doing meanwhile."""
    results, errors, seconds, cpu_s, load = {}, {}, {}, {}, {}
    for module in sections:
        if module.NAME not in chosen:
            continue
        if not getattr(module, "SHARED_SERVERS", False):
            bench.stop_servers()  # idle servers of earlier sections would skew this one
        if not getattr(module, "SNAPSHOTS", False):
            bench.release_snapshots()  # the national one holds ~1.9 GB
        log(f"{module.NAME} …")
        started, cpu = time.perf_counter(), cpu_so_far()
        try:
            results[module.NAME] = result = module.run(bench)
            # a section that measured what it could but saw a page, a query or a
            # session fail keeps its numbers and still counts as failed
            if isinstance(result, dict) and result.get("failed"):
                errors[module.NAME] = "failed: " + ", ".join(map(str, result["failed"]))[:300]
                log(f"  {module.NAME}: {errors[module.NAME]}")
        except Exception as error:
            errors[module.NAME] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
            log(f"  {module.NAME} failed: {errors[module.NAME]}")
            traceback.print_exc(file=sys.stderr)
        seconds[module.NAME] = round(time.perf_counter() - started, 1)
        cpu_s[module.NAME] = round(cpu_so_far() - cpu, 1)
        load[module.NAME] = round(os.getloadavg()[0], 1)
        log(
            f"  {module.NAME} took {seconds[module.NAME]:.0f} s "
            f"(CPU {cpu_s[module.NAME]:.0f} s, load {load[module.NAME]:.1f})"
        )
    return results, errors, seconds, cpu_s, load


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
    packages = ["streamlit", "duckdb", "pandas", "plotly", "playwright", "kaleido"]
    return {
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_gb": memory,
        "python": platform.python_version(),
        "platform": platform.platform(),
        **{name: version(name) for name in [*packages, "python-pptx"]},
        "chromium": browser_version,
    }
