"""A throwaway PostgreSQL server in a temporary folder, for the local cluster and tests.

Debian's server binaries (``/usr/lib/postgresql/<n>/bin``) are used as they are: no
system service, no configuration outside the folder. PostgreSQL refuses to run as root,
so as root (CI, containers) initdb and postgres run as the ``postgres`` user that
Debian's package creates, in a folder owned by it. It listens on 127.0.0.1 only.
"""

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

BINARY_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
USER = "cppcc"


class ServerError(RuntimeError):
    """The database server could not be set up; the message says what to do."""


def bin_dir() -> Path:
    for candidate in BINARY_DIRS:
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ServerError(
        "找不到 PostgreSQL 服务器程序（initdb）。请安装 Debian 的 postgresql 软件包："
        "bash scripts/install_system_deps.sh"
    )


class LocalPostgres:
    """``start()`` once (initdb), then ``stop()`` / ``start()`` as often as wanted on the
    same data and port; ``close()`` stops it and removes the folder."""

    def __init__(self, port: int, folder: Path | None = None):
        self.port = port
        self.folder = Path(folder or tempfile.mkdtemp(prefix="cppcc-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.process: subprocess.Popen | None = None
        self._as_user: list[str] = []
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError as missing:
                raise ServerError(
                    "以 root 运行时需要系统用户 postgres"
                    "（安装 Debian 的 postgresql 软件包会创建）。"
                ) from missing
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self._as_user = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}",
                             "--init-groups", "--"]  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self._as_user, *args], capture_output=True, text=True, timeout=120, cwd=self.folder
        )
        if done.returncode != 0:
            raise ServerError(f"{Path(args[0]).name} 失败：{done.stderr.strip() or done.stdout}")

    def start(self, timeout: float = 30) -> None:
        binaries = bin_dir()
        if not (self.data / "PG_VERSION").exists():
            self._run(str(binaries / "initdb"), "-D", str(self.data), "-U", USER,
                      "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync")  # fmt: skip
        self.process = subprocess.Popen(
            [*self._as_user, str(binaries / "postgres"), "-D", str(self.data),
             "-p", str(self.port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.folder}",
             # a throwaway server: speed over durability
             "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            stdout=self.log.open("a"), stderr=subprocess.STDOUT, cwd=self.folder,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"PostgreSQL 未能启动，见 {self.log}")
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.2)
        self.stop()
        raise ServerError(f"PostgreSQL 在 {timeout:.0f} 秒内未就绪，见 {self.log}")

    def stop(self) -> None:
        """Fast shutdown: open connections are cut, as in a real restart."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)
