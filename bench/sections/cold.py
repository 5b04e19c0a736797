"""cold: spawn ``streamlit run`` (the browser tests' flags), poll ``/_stcore/health``
every 20 ms, then open ``/`` in a new browser context and wait for the first chart
painted. The dashboard and the bare app alternate. The last server started is kept
running as the warm server the pages and interaction sections share.
"""

import time

from bench.browser import PLOTLY, first_chart_ms, new_page
from bench.harness import HERE, ROOT, Server, bounded, log, ratio, stats

NAME = "cold"


def run(bench) -> dict:
    browser, store, logs, reps = (
        bench.browser(),
        bench.store("realistic"),
        bench.logs,
        bench.sizes["cold"],
    )
    apps = {"baseline": HERE / "baseline_app.py", "dashboard": ROOT / "app.py"}
    if not bench.sizes["baselines"]:
        del apps["baseline"]
    samples = {label: {"health_s": [], "first_chart_s": []} for label in apps}
    for index in bounded(reps, 240):
        order = list(apps) if index % 2 == 0 else list(reversed(apps))
        for label in order:
            bench.stop_servers()  # a start is cold on an otherwise idle machine
            server = Server(apps[label], store, logs)
            health = server.start()["health_s"]
            try:
                context, page = new_page(browser, PLOTLY)
                try:
                    navigated = time.perf_counter() - server.started
                    page.goto(server.url, wait_until="commit", timeout=60_000)
                    # a cold start (imports, the first snapshot) on a machine shared ten
                    # times over took 30 s and more: give it room, it is measured anyway
                    chart = navigated + first_chart_ms(page, timeout_ms=120_000) / 1000
                except Exception as error:
                    log(f"  cold {label}: no chart: {str(error).splitlines()[0]}")
                    chart = None
                finally:
                    context.close()
            finally:
                # measured: it stays up as the warm server the pages section opens
                # (stopping the one kept before), rather than a second cold start there
                bench.keep_server(server)
            samples[label]["health_s"].append(health)
            samples[label]["first_chart_s"].append(chart)
    out = {label: {k: stats(v, 3) for k, v in s.items()} for label, s in samples.items()}
    out["failed"] = [
        f"{label}: no chart" for label, s in samples.items() if None in s["first_chart_s"]
    ]
    base = out.get("baseline") or {"health_s": {}, "first_chart_s": {}}
    out["health_ratio"] = ratio(
        out["dashboard"]["health_s"]["median"], base["health_s"].get("median")
    )
    out["first_chart_ratio"] = ratio(
        out["dashboard"]["first_chart_s"]["median"], base["first_chart_s"].get("median")
    )
    log(
        f"  cold first chart: dashboard {out['dashboard']['first_chart_s']['median']} s, "
        f"baseline {base['first_chart_s'].get('median')} s"
    )
    return out


def summary(result: dict) -> dict:
    dashboard = (result.get("dashboard") or {}).get("first_chart_s") or {}
    return {
        "cold_first_chart_ratio": result.get("first_chart_ratio"),
        "cold_health_ratio": result.get("health_ratio"),
        "cold_first_chart_s": dashboard.get("median"),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    return [
        (
            f"Cold start {label}: health / first chart (s)",
            f"{result[label]['health_s']['median']} / {result[label]['first_chart_s']['median']}",
        )
        for label in ("baseline", "dashboard")
        if label in result
    ]
