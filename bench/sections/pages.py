"""pages: a new session (a new browser context: empty HTTP cache, as a first-time
visitor) opens each page of a warm server; ms from navigation to the first element and
to the first chart painted, and the page's main-thread CPU until then, against the bare
page in the same run.

The servers are warmed first by one light session per page (``ws_client.visit``: the
page's run on the server, its imports and cached queries, without a browser): each
measured visit is a new browser context anyway, with an empty cache, so a browser's
warm-up visit warmed nothing the light one does not, and took 3–9 s a page.
"""

from bench import ws_client
from bench.browser import PAGES, PLOTLY, load
from bench.harness import HERE, ROOT, EventLoop, Server, bounded, log, median, ratio, stats

NAME = "pages"
SHARED_SERVERS = True  # bench.server(): warm servers shared with interaction


def run(bench) -> dict:
    dashboard = bench.server(ROOT / "app.py")
    baseline = bench.server(HERE / "baseline_app.py") if bench.sizes["baselines"] else None
    # the smoke run's one visit per page is its warm-up too
    return measure(
        bench.browser(), dashboard, baseline, bench.sizes["pages"], bench.mode != "smoke"
    )


def measure(browser, dashboard: Server, baseline, reps: int, warm: bool = True) -> dict:
    """A new session on a warm server: ms to the page's first chart, against the baseline
    (when there is one)."""
    targets = {"baseline": (baseline.url + "/", PLOTLY)} if baseline else {}
    targets.update({name: (f"{dashboard.url}/{path}", sel) for name, (path, sel) in PAGES.items()})
    if warm:  # imports, caches, the first-visit rerun: one light session per page
        visits = [(baseline.url, "")] if baseline else []
        visits += [(dashboard.url, path) for path, _ in PAGES.values()]
        with EventLoop() as loop:
            for url, path in visits:
                loop.run(ws_client.visit(url, path))
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
    base = (out.get("baseline") or {}).get("median")
    for name in PAGES:
        out[name]["ratio"] = ratio(out[name]["median"], base)
    worst = max(PAGES, key=lambda n: out[n]["ratio"] or 0)
    out["worst_page"] = worst
    out["worst_ratio"] = out[worst]["ratio"]
    out["failed"] = [f"{name}: no chart" for name in targets if out[name]["n"] == 0]
    log(f"  warm first chart: baseline {base} ms, worst {worst} {out[worst]['median']} ms")
    return out


def summary(result: dict) -> dict:
    return {
        "worst_page": result.get("worst_page"),
        "worst_page_first_chart_ratio": result.get("worst_ratio"),
        "baseline_first_chart_ms": (result.get("baseline") or {}).get("median"),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    def whole(value):
        return None if value is None else round(value)

    return [
        (
            f"Warm {name}: first chart (×baseline) / first element / browser CPU (ms)",
            f"{entry.get('median')} ({entry.get('ratio', 1.0)}×) / "
            f"{whole(entry.get('first_element_ms'))} / {whole(entry.get('main_thread_cpu_ms'))}",
        )
        for name in ["baseline", *PAGES]
        if isinstance(entry := result.get(name), dict)
    ]
