"""New sessions through nginx versus straight to one app server, in the same run.

A local cluster (``cppcc.cluster.local``: a throwaway PostgreSQL, two app servers, nginx)
is started once. Both servers are warmed (one session each, so each holds its snapshot),
then bursts of ``count`` new sessions (fresh browser contexts, all navigating at the same
instant by the browser's clock) open the overview, alternately straight to server A and
through nginx. Per burst: each session's time to its first chart painted, and the CPU
seconds that the servers (both app servers and nginx's processes) spent over the burst,
divided by the sessions. Everything listens on 127.0.0.1; the cluster is closed at the end.
"""

import contextlib
import os
import time
from pathlib import Path


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _burst(browser, url: str, count: int, pids: list[int], helpers) -> dict:
    contexts, pages = [], []
    try:
        for _ in range(count):
            context, page = helpers.new_page(browser, helpers.PLOTLY)
            contexts.append(context)
            page.goto("about:blank")
            pages.append(page)
        start_at = pages[-1].evaluate("() => Date.now()") + 500 + 20 * count
        before = sum(helpers.cpu_s(pid) for pid in pids)
        for page in pages:
            page.evaluate(
                "([url, at]) => { setTimeout(() => { location.href = url; }, at - Date.now()); }",
                [url + "/", start_at],
            )
        times = []
        deadline = time.monotonic() + 300  # 20 sessions on a busy 2-core machine
        for page in pages:
            try:
                left = max(1_000, (deadline - time.monotonic()) * 1000)
                page.wait_for_url(url + "/**", timeout=left)
                times.append(helpers.first_chart_ms(page, timeout_ms=left))
            except Exception as error:
                helpers.log(f"  a session showed no chart: {str(error).splitlines()[0]}")
                times.append(None)
        cpu = sum(helpers.cpu_s(pid) for pid in pids) - before
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()
    return {"times": times, "cpu_s": cpu}


def bench_cluster(browser, count: int, rounds: int, helpers) -> dict:
    from cppcc.cluster.local import Cluster

    cluster = Cluster(replicas=2).start()
    try:
        nginx = cluster.nginx.process.pid
        pids = [r.process.pid for r in cluster.replicas] + [nginx, *_children(nginx)]
        for replica in cluster.replicas:  # each server loads its snapshot once
            helpers.load(browser, replica.url + "/", helpers.PLOTLY)
        direct, proxied = [], []
        for _ in range(rounds):
            direct.append(_burst(browser, cluster.replicas[0].url, count, pids, helpers))
            proxied.append(_burst(browser, cluster.url, count, pids, helpers))
    finally:
        cluster.close()

    def summary(bursts):
        times = [t for b in bursts for t in b["times"]]
        sessions = count * len(bursts)
        cpu = sum(b["cpu_s"] for b in bursts)
        return {
            "first_chart_ms": helpers.stats(times),
            "no_chart": sum(t is None for t in times),
            "server_cpu_s": round(cpu, 2),
            "server_cpu_ms_per_session": round(cpu * 1000 / sessions, 1),
        }

    out = {
        "sessions_per_burst": count,
        "bursts": rounds,
        "cpus": os.cpu_count(),
        "direct": summary(direct),
        "nginx": summary(proxied),
    }
    out["first_chart_ratio"] = helpers.ratio(
        out["nginx"]["first_chart_ms"]["median"], out["direct"]["first_chart_ms"]["median"]
    )
    helpers.log(
        f"  {count} sessions: first chart median direct {out['direct']['first_chart_ms']['median']}"
        f" ms, through nginx {out['nginx']['first_chart_ms']['median']} ms; server CPU per "
        f"session {out['direct']['server_cpu_ms_per_session']} / "
        f"{out['nginx']['server_cpu_ms_per_session']} ms"
    )
    return out
