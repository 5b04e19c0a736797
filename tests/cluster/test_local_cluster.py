"""``python -m cppcc cluster``, the trial cluster on one machine, as someone runs it: it
watches its app servers and starts again one that dies (kill -9), on the same port, so
nginx serves from it again; Ctrl-C (SIGTERM here) stops everything it started."""

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from cppcc.cluster.local import free_port
from tests.conftest import ROOT


def _lines(process) -> queue.Queue:
    found = queue.Queue()

    def read():
        for line in process.stdout:
            found.put(line.rstrip("\n"))
        found.put(None)

    threading.Thread(target=read, daemon=True).start()
    return found


def _until(lines: queue.Queue, pattern: str, seen: list, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(f"no line matching {pattern!r}; the cluster said:\n" + "\n".join(seen))


def _answers(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=3) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(0.5)
    return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not open(f"/proc/{pid}/stat").read().split(") ")[1].startswith("Z")


def test_the_local_cluster_restarts_a_server_that_dies():
    missing = [name for name in ("nginx", "setpriv") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{missing} missing: run `make test` (scripts/install_system_deps.sh)")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("CPPCC_")}
    command = [sys.executable, "-m", "cppcc", "cluster", "--port", str(port), "--replicas", "1"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines, seen = _lines(process), []
    try:
        server = _until(lines, r"看板服务器 1：(http://\S+)（进程 (\d+)）", seen, 240)
        url, first_pid = server.group(1), int(server.group(2))
        _until(lines, "请打开", seen, 60)
        os.kill(first_pid, signal.SIGKILL)  # as a crash would
        again = _until(lines, r"看板服务器 1（端口 \d+）已退出.*已重新启动（进程 (\d+)）", seen, 30)
        second_pid = int(again.group(1))
        assert second_pid != first_pid and not _alive(first_pid)
        # the same address answers again, and nginx sends visitors to it
        assert _answers(f"{url}/_stcore/health", 120), "\n".join(seen)
        assert _answers(f"http://127.0.0.1:{port}/_stcore/health", 60), "\n".join(seen)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    _until(lines, "已停止并清理", seen, 10)
    assert not _alive(second_pid)  # what it restarted, it stopped too
