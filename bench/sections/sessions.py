"""sessions: many new sessions at once on one server, the dashboard against the bare app.

One bare server and one dashboard server are started for the section and take every size
(20, 50 and 100 in a full run) in turn, the bare app first, each server idle before its
burst (one still running a dropped burst's scripts is started again); a smoke run's one
burst of 3 uses the warm server the pages and interaction sections shared. Per burst: one
light session first (on a new server it pays the imports and the first snapshot); then
``count`` light WebSocket sessions (``bench/ws_client.py``: the browser's protobuf
messages, no rendering) and one browser tab open the overview at the same instant.
Measured: the server's CPU seconds over the burst (``/proc/PID/stat``) ÷ (count + 1) =
CPU per new session; each light session's time from connect to the chart's
``ForwardMsg`` (median, p95); sessions that got no chart or whose socket dropped (the
client pings like a browser: a server that stops answering for 20 s loses it); the
browser tab's first chart painted; VmRSS before and after. The same for the bare app.
"""

import contextlib
import time

from bench import ws_client
from bench.browser import PLOTLY, first_chart_ms, new_page
from bench.harness import HERE, ROOT, EventLoop, Server, cpu_s, log, ratio, rss_mb, stats

NAME = "sessions"
# a smoke run bursts on the shared warm server; other runs start their own (run)
SHARED_SERVERS = True


def burst(loop: EventLoop, browser, server: Server, count: int, settle_s: float = 1) -> dict:
    """``count`` light sessions and one browser tab at once on a warm ``server``."""
    context, page = new_page(browser, PLOTLY)
    try:
        page.goto("about:blank")
        cpu_before = cpu_s(server.pid)
        started = time.perf_counter()
        page.evaluate("url => { location.href = url; }", server.url + "/")
        results = loop.run(ws_client.burst(server.url, count))
        server_cpu = cpu_s(server.pid) - cpu_before
        burst_s = time.perf_counter() - started
        # the tab has had the burst's time already: up to a minute in all
        wait_ms = max(10_000, 60_000 - burst_s * 1000)
        try:
            page.wait_for_url(server.url + "/**", timeout=wait_ms)
            browser_chart = round(first_chart_ms(page, timeout_ms=wait_ms))
        except Exception as error:
            log(f"  the browser session showed no chart: {str(error).splitlines()[0]}")
            browser_chart = None
        settle(server, settle_s)
        loaded = rss_mb(server.pid)
        dropped = loop.run(ws_client.close_all(results))
    finally:
        context.close()
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        log(f"  {len(errors)} sessions failed: {errors[0]}")
    return {
        **outcome(results, dropped),
        "browser_first_chart_ms": browser_chart,
        # CPU the server spent on the burst (count + 1 sessions, the browser's included)
        "server_cpu_s": round(server_cpu, 2),
        "server_cpu_per_session_s": round(server_cpu / (count + 1), 3),
        "burst_wall_s": round(burst_s, 2),
        "rss_loaded_mb": loaded["VmRSS"],
        "rss_peak_mb": loaded["VmHWM"],
    }


def outcome(results: list[dict], dropped: int) -> dict:
    """What a burst's light sessions saw (``ws_client.burst``): time to the chart, the
    sessions without one, dropped, lost, and the first error said."""
    times = [
        r["first_chart_s"] * 1000 if r.get("first_chart_s") is not None else None for r in results
    ]
    errors = [r["error"] for r in results if "error" in r]
    return {
        "first_chart_ms": stats(times),
        "no_chart": sum(t is None for t in times),
        "dropped": dropped,
        # sessions a user would have lost: no chart, or the connection dropped
        "lost": sum(r.get("first_chart_s") is None or bool(r.get("dropped")) for r in results),
        "first_error": errors[0][:200] if errors else None,
    }


def broken(entry: dict, count: int) -> bool:
    """The app failed (a page raised, or no session got a chart though none was dropped),
    as against a server too busy to answer, which is a measurement (sessions lost)."""
    return "PageError" in (entry["first_error"] or "") or (
        entry["no_chart"] == count and entry["dropped"] == 0
    )


def sessions_on(loop, browser, server: Server, count: int, settle_s: float = 1) -> dict:
    """A burst on ``server``, started and idle: its memory idle, with one session, and
    after the burst (each reading once the server has been idle for half a second, or
    after ``settle_s``)."""
    settle(server, settle_s)
    idle = rss_mb(server.pid)
    # the first session pays the imports and the first snapshot: not part of the burst
    first = loop.run(ws_client.open_session(server.url))
    settle(server, settle_s)
    one = rss_mb(server.pid)
    try:
        out = burst(loop, browser, server, count, settle_s)
    finally:
        loop.run(ws_client.close_all([first]))
    return {
        "sessions": count,
        "rss_idle_mb": idle["VmRSS"],
        "rss_one_session_mb": one["VmRSS"],
        **out,
        "mb_per_session": round((out["rss_loaded_mb"] - one["VmRSS"]) / (count + 1), 2),
    }


def settle(server: Server, limit_s: float, quiet_s: float = 0.05) -> bool:
    """Wait until ``server`` is idle (under ``quiet_s`` CPU seconds in half a second);
    False if it is still busy after ``limit_s`` (at once when that is 0)."""
    if limit_s <= 0:
        return False
    deadline = time.perf_counter() + limit_s
    before = cpu_s(server.pid)
    while time.perf_counter() < deadline:
        time.sleep(0.5)
        now = cpu_s(server.pid)
        if now - before < quiet_s:
            return True
        before = now
    return False


def idle(server: Server, own: bool) -> None:
    """``server`` idle before a burst. The script runs of a burst whose sessions
    dropped go on after their sockets close (a minute and more), and would be measured
    as the next burst's: a server of the section's own is started again instead."""
    if not settle(server, limit_s=10 if own else 60) and own:
        log("  the server is still busy with the last burst: started again")
        server.stop()
        server.start()


def run(bench) -> dict:
    """Every burst size on one bare server and one dashboard server, each started for
    this section (a smoke run: the warm server pages and interaction shared, no bare
    app), the bare app's burst first; each server idle before its burst (``idle``)."""
    browser = bench.browser()
    out: dict = {"counts": {}, "failed": []}
    own = bench.sizes["own_servers"]
    store = bench.store("realistic")
    if own:
        bench.stop_servers()  # idle servers of earlier sections would skew the bursts
    with EventLoop() as loop, contextlib.ExitStack() as servers:
        if own:
            dashboard = servers.enter_context(Server(ROOT / "app.py", store, bench.logs))
        else:
            dashboard = bench.server(ROOT / "app.py")
        bare = None
        if bench.sizes["baselines"]:
            bare = servers.enter_context(Server(HERE / "baseline_app.py", store, bench.logs))
        for count in bench.sizes["sessions"]:
            base = {"first_chart_ms": {}}
            if bare is not None:
                idle(dashboard, own)
                idle(bare, own)
                base = sessions_on(loop, browser, bare, count)
            idle(dashboard, own)
            entry = sessions_on(loop, browser, dashboard, count, settle_s=1 if own else 0)
            _record(out, count, entry, base)
    return out


def _record(out: dict, count: int, entry: dict, base: dict) -> None:
    entry["baseline"] = base
    entry["cpu_per_session_ratio"] = ratio(
        entry["server_cpu_per_session_s"], base.get("server_cpu_per_session_s")
    )
    entry["first_chart_ratio"] = ratio(
        entry["first_chart_ms"]["median"], base["first_chart_ms"].get("median")
    )
    out["counts"][str(count)] = entry
    if entry["lost"]:
        # a measurement, not a fault of the bench: reported, and a target misses
        log(f"  {count} sessions: {entry['no_chart']} without a chart, "
            f"{entry['dropped']} dropped")  # fmt: skip
    if broken(entry, count):
        out["failed"].append(f"{count} sessions: {entry['first_error'] or 'no chart'}")
    log(
        f"  {count} sessions: first chart median {entry['first_chart_ms']['median']} ms,"
        f" p95 {entry['first_chart_ms']['p95']} ms (bare app "
        f"{base['first_chart_ms'].get('median')}); server CPU {entry['server_cpu_s']} s "
        f"(bare app {base.get('server_cpu_s')} s)"
    )


def reached_p95(entry: dict, count: int):
    """The p95 of the time to the first chart over all ``count`` sessions: None when
    more than one in twenty got none (lost), as a p95 over the few served would pass
    a burst that lost nearly every session."""
    if not entry or (entry.get("lost") or 0) > count * 0.05:
        return None
    return (entry.get("first_chart_ms") or {}).get("p95")


def summary(result: dict) -> dict:
    counts = result.get("counts") or {}
    out = {}
    for count in ("20", "50", "100"):
        entry = counts.get(count) or {}
        out[f"sessions_{count}_first_chart_p95_ms"] = reached_p95(entry, int(count))
        out[f"sessions_{count}_lost"] = entry.get("lost")
    # CPU per session at the smallest burst measured (the others load the machine more)
    first = counts[min(counts, key=int)] if counts else {}
    out["cpu_per_session_s"] = first.get("server_cpu_per_session_s")
    out["cpu_per_session_baseline_s"] = (first.get("baseline") or {}).get(
        "server_cpu_per_session_s"
    )
    out["cpu_per_session_ratio"] = first.get("cpu_per_session_ratio")
    out["mb_per_session"] = first.get("mb_per_session")
    return out


def rows(result: dict) -> list[tuple[str, str]]:
    out = []
    for count, entry in (result.get("counts") or {}).items():
        base = entry["baseline"]
        bare = (
            f" (bare app: {base['first_chart_ms']['median']} / {base['first_chart_ms']['p95']}; "
            f"{base['no_chart']} / {base['dropped']}; {base['server_cpu_per_session_s']}; "
            f"{base['mb_per_session']})"
            if "no_chart" in base
            else ""
        )
        out.append(
            (
                f"{count} light sessions + 1 browser at once, one server: first chart median /"
                " p95 (ms); no chart / dropped; server CPU per session (s); MB per session",
                f"{entry['first_chart_ms']['median']} / {entry['first_chart_ms']['p95']}; "
                f"{entry['no_chart']} / {entry['dropped']}; {entry['server_cpu_per_session_s']};"
                f" {entry['mb_per_session']}{bare}",
            )
        )
    return out
