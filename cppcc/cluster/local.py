"""A whole cluster on one machine, for trying it and for the tests: a throwaway
PostgreSQL, N app servers (Streamlit replicas) over it, and nginx on one port.

Everything listens on 127.0.0.1 on free ports and lives in one temporary folder;
``close()`` stops it all and removes the folder. ``restart_dead()`` starts again an app
server whose process has ended (``python -m cppcc cluster`` calls it twice a second).
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from cppcc.cluster.nginx import LocalNginx
from cppcc.cluster.pgserver import LocalPostgres
from cppcc.store import db
from cppcc.store.config import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# a server that exits this soon after starting is restarted after a growing wait
RESTART_QUICK_S = 60
RESTART_MAX_WAIT_S = 60


class Replica:
    """One app server: ``streamlit run app.py`` with the shared store and cookie secret."""

    def __init__(self, index: int, folder: Path, env: dict[str, str], args: tuple = ()):
        self.index, self.args = index, tuple(args)  # args: more `streamlit run` options
        self.port = free_port()
        self.env = env
        self.log = folder / f"replica-{index}.log"
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        # a server that dies soon after each start waits longer before the next one
        self.quick_deaths, self.retry_at = 0, None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.address", "127.0.0.1", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *self.args],
            cwd=ROOT, env=self.env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.started_at = time.monotonic()

    def exit_code(self) -> int | None:
        """The process's exit code once it has ended (a crash, a kill), else None."""
        return None if self.process is None else self.process.poll()

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"看板服务器 {self.index} 未能启动，见 {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"看板服务器 {self.index} 在 {timeout:.0f} 秒内未就绪，见 {self.log}")

    def kill(self) -> None:
        """As a crash would: no goodbye to open sessions."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


class Cluster:
    def __init__(
        self,
        replicas: int = 2,
        port: int | None = None,
        extra_env: dict | None = None,
        app_args: tuple = (),
    ):
        self.folder = Path(tempfile.mkdtemp(prefix="cppcc-cluster-"))
        self.postgres = LocalPostgres(free_port())
        env = {key: value for key, value in os.environ.items() if not key.startswith("CPPCC_")}
        # one cookie secret for all: Streamlit's XSRF cookie (file uploads) and a signed-in
        # identity stay valid when nginx moves a browser to another replica
        # and one proxy token: the servers take X-Forwarded-For only from this nginx
        env.update(
            CPPCC_STORE=self.postgres.url,
            STREAMLIT_SERVER_COOKIE_SECRET=secrets.token_hex(32),
            CPPCC_PROXY_TOKEN=secrets.token_urlsafe(24),
            **(extra_env or {}),
        )
        self.env = env
        self.replicas = [Replica(i, self.folder, env, app_args) for i in range(replicas)]
        self.port = port or free_port()
        self.nginx = LocalNginx(
            self.folder / "nginx",
            self.port,
            [f"127.0.0.1:{r.port}" for r in self.replicas],
            proxy_token=env["CPPCC_PROXY_TOKEN"],
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        return self.postgres.url

    def start(self) -> "Cluster":
        try:
            self.postgres.start()
            db.build(self.postgres.url)
            for replica in self.replicas:
                replica.start()
            for replica in self.replicas:
                replica.wait_healthy()
            self.nginx.start()
            self.wait_balanced()
        except BaseException:
            self.close()
            raise
        return self

    def wait_balanced(self, timeout: float = 60) -> None:
        """Until nginx sends browsers to every app server again. A server that died is
        passed over for a while after it comes back (nginx's fail_timeout), so a browser's
        route can move twice; this waits for the move back."""
        addresses = {f"127.0.0.1:{r.port}" for r in self.replicas}
        deadline = time.monotonic() + timeout
        while True:
            seen = set()
            for n in range(16 * len(self.replicas)):
                request = urllib.request.Request(
                    f"{self.url}/_stcore/health", headers={"Cookie": f"cppcc_route={n:032x}"}
                )
                try:
                    with urllib.request.urlopen(request, timeout=5) as answer:
                        seen.add(answer.headers.get("X-CPPCC-Replica"))
                except OSError:
                    pass
            if addresses <= seen:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx 在 {timeout:.0f} 秒内未把请求分到所有看板服务器")
            time.sleep(1)

    def restart_dead(self) -> list[str]:
        """Start again every app server whose process has ended, on its own port (nginx's
        list of servers stays right, and nginx sends browsers back to it once it answers);
        what was done, one line each, for the console. A server that dies within a minute
        of each start waits 2, 4 … up to 60 seconds before the next try, so one that
        cannot start does not take a CPU core restarting."""
        said = []
        for replica in self.replicas:
            code = replica.exit_code()
            if code is None:
                continue
            now = time.monotonic()
            if replica.retry_at is None:
                quick = now - replica.started_at < RESTART_QUICK_S
                replica.quick_deaths = replica.quick_deaths + 1 if quick else 0
                delay = min(RESTART_MAX_WAIT_S, 2**replica.quick_deaths) if quick else 0
                replica.retry_at = now + delay
                if delay:
                    said.append(
                        f"看板服务器 {replica.index + 1}（端口 {replica.port}）启动后很快又退出"
                        f"（退出码 {code}），{delay} 秒后再试；日志：{replica.log}"
                    )
            if now >= replica.retry_at:
                replica.retry_at = None
                replica.start()
                said.append(
                    f"看板服务器 {replica.index + 1}（端口 {replica.port}）已退出"
                    f"（退出码 {code}），已重新启动（进程 {replica.process.pid}）"
                )
        return said

    def close(self) -> None:
        self.nginx.stop()
        for replica in self.replicas:
            replica.stop()
        self.postgres.close()
        shutil.rmtree(self.folder, ignore_errors=True)
