"""cluster: new sessions through nginx to two app servers, against straight to one.

A local cluster (``cppcc.cluster.local``: a throwaway PostgreSQL, two app servers,
nginx) is started once, and each server is warmed with one session (so each holds its
snapshot). Then, for each size (20, 50 and 100 in a full run), ``count`` light WebSocket
sessions (``bench/ws_client.py``) open the overview at the same instant through nginx,
which spreads sessions without a route cookie over both servers, and (in a smoke run
only) straight to server A too: a full run's one-server figures are the sessions
section's, so the cluster does not burst one server a second time. Per burst: each
session's time to the chart's message (median, p95), sessions lost (no chart, or the
socket dropped), and the CPU seconds the servers (both app servers and nginx's
processes) spent over the burst, per session. Everything listens on 127.0.0.1; the
cluster is closed at the end.
"""

import os
from pathlib import Path

from bench import ws_client
from bench.harness import EventLoop, cpu_s, log, ratio
from bench.sections import sessions

NAME = "cluster"
WAYS = {"direct": "straight to one server", "nginx": "through nginx to two"}


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def burst(loop: EventLoop, url: str, count: int, pids: list[int]) -> dict:
    before = sum(cpu_s(pid) for pid in pids)
    results = loop.run(ws_client.burst(url, count))
    cpu = sum(cpu_s(pid) for pid in pids) - before
    dropped = loop.run(ws_client.close_all(results))
    return {
        **sessions.outcome(results, dropped),
        "server_cpu_s": round(cpu, 2),
        "server_cpu_ms_per_session": round(cpu * 1000 / count, 1),
    }


def run(bench) -> dict:
    from cppcc.cluster.local import Cluster

    out: dict = {"cpus": os.cpu_count(), "counts": {}, "failed": []}
    cluster = Cluster(replicas=2).start()
    try:
        nginx = cluster.nginx.process.pid
        pids = [r.process.pid for r in cluster.replicas] + [nginx, *_children(nginx)]
        with EventLoop() as loop:
            for replica in cluster.replicas:  # each server loads its snapshot once
                loop.run(ws_client.close_all([loop.run(ws_client.open_session(replica.url))]))
            for count in bench.sizes["cluster_sessions"]:
                entry = {"nginx": burst(loop, cluster.url, count, pids)}
                if bench.sizes["cluster_direct"]:
                    entry["direct"] = burst(loop, cluster.replicas[0].url, count, pids)
                    entry["first_chart_ratio"] = ratio(
                        entry["nginx"]["first_chart_ms"]["median"],
                        entry["direct"]["first_chart_ms"]["median"],
                    )
                out["counts"][str(count)] = entry
                for way in [way for way in WAYS if way in entry]:
                    if sessions.broken(entry[way], count):
                        said = entry[way]["first_error"] or "no chart"
                        out["failed"].append(f"{count} sessions {way}: {said}")
                log(
                    f"  {count} sessions through nginx: first chart median / p95 "
                    f"{entry['nginx']['first_chart_ms']['median']} / "
                    f"{entry['nginx']['first_chart_ms']['p95']} ms; lost {entry['nginx']['lost']}"
                )
    finally:
        cluster.close()
    return out


def summary(result: dict) -> dict:
    counts = result.get("counts") or {}
    out = {}
    for count in ("20", "50", "100"):
        entry = (counts.get(count) or {}).get("nginx") or {}
        out[f"cluster_{count}_first_chart_p95_ms"] = sessions.reached_p95(entry, int(count))
        out[f"cluster_{count}_lost"] = entry.get("lost")
    return out


def rows(result: dict) -> list[tuple[str, str]]:
    out = []
    for count, entry in (result.get("counts") or {}).items():
        ways = [way for way in WAYS if way in entry]
        out.append(
            (
                f"{count} new sessions, {' / '.join(WAYS[way] for way in ways)}: first chart "
                "median, p95 (ms); lost; server CPU per session (ms)",
                " / ".join(
                    f"{entry[way]['first_chart_ms']['median']}, "
                    f"{entry[way]['first_chart_ms']['p95']}; {entry[way]['lost']}; "
                    f"{entry[way]['server_cpu_ms_per_session']}"
                    for way in ways
                ),
            )
        )
    return out
