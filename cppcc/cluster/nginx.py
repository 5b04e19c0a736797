"""nginx in front of N app servers: the config, rendered from ``deploy/nginx/``.

One template serves both a real deployment (``python -m cppcc nginx-config``) and the
local cluster, so the two cannot drift: the upload size limit is read from the app's own
``.streamlit/config.toml`` and Streamlit's static files from the installed package.
"""

import base64
import hashlib
import os
import re
import signal
import subprocess
import time
import tomllib
import urllib.request
from importlib.util import find_spec
from pathlib import Path

from cppcc.store.config import ROOT
from cppcc.web.server import base_url_script

TEMPLATE = ROOT / "deploy" / "nginx" / "cppcc.conf.template"
MAIN_TEMPLATE = ROOT / "deploy" / "nginx" / "local-main.conf.template"
# found without importing Streamlit (only cppcc/web may): its built frontend
STATIC_ROOT = Path(find_spec("streamlit").origin).resolve().parent / "static"


def max_upload_mb(config: Path = ROOT / ".streamlit" / "config.toml") -> int:
    """The app's ``server.maxUploadSize`` (MB); Streamlit's default is 200."""
    with config.open("rb") as handle:
        return int(tomllib.load(handle).get("server", {}).get("maxUploadSize", 200))


def _fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    if "{{" in text:
        raise ValueError(f"unfilled placeholder in {template.name}")
    return text


def _inline_script_hashes(static_root: Path) -> list[str]:
    """CSP hashes of the inline scripts of Streamlit's index.html (this version's)."""
    index = static_root / "index.html"
    page = index.read_text(encoding="utf-8") if index.is_file() else ""
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    # and the one serve.py writes into every page (cppcc/web/server.py)
    injected = base_url_script("").decode()
    scripts.append(injected.removeprefix("<script>").removesuffix("</script>"))
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    ]


def content_security_policy(static_root: Path = STATIC_ROOT) -> str:
    """As strict as Streamlit allows: everything from this site only; its one inline
    script by hash; inline styles (Streamlit's CSS-in-JS) and eval (plotly's and
    deck.gl's compiled functions) are what the frontend needs; no framing by others."""
    scripts = " ".join(["'self'", *_inline_script_hashes(static_root), "'unsafe-eval'"])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self' ws: wss:",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def _security_headers(static_root: Path) -> str:
    headers = {
        "Content-Security-Policy": content_security_policy(static_root),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    return "\n".join(f'    add_header {name} "{value}" always;' for name, value in headers.items())


def render(
    servers: list[str],
    listen: str = "80",
    static_root: Path = STATIC_ROOT,
    expose_replica: bool = False,
    proxy_token: str | None = None,
) -> str:
    """The ``http``-level config: upstream, sticky routing, static files, WebSocket,
    security headers and per-address limits. ``expose_replica`` adds a header naming
    the app server that answered: only for the local trial cluster and its tests (it
    tells a client the upstream address). ``proxy_token`` (``CPPCC_PROXY_TOKEN`` of the
    app servers) goes to the app servers with every request, so that they take the
    client address from ``X-Forwarded-For`` only from this nginx."""
    if proxy_token is not None and not re.fullmatch(r"[A-Za-z0-9_\-]{16,128}", proxy_token):
        raise ValueError("proxy_token: 16–128 letters, digits, - or _")
    token_header = (
        f'        proxy_set_header X-CPPCC-Proxy "{proxy_token}";'
        if proxy_token
        else "        # (no CPPCC_PROXY_TOKEN: app servers trust X-Forwarded-For from 127.0.0.1)"
    )
    lines = "\n".join(f"    server {s} max_fails=1 fail_timeout=10s;" for s in servers)
    replica = (
        "    add_header X-CPPCC-Replica $upstream_addr always;  # local trial cluster only"
        if expose_replica
        else "    # (no header names the app server: its address is not for clients)"
    )
    return _fill(
        TEMPLATE,
        {
            "servers": lines,
            "listen": listen,
            "static_root": str(static_root),
            "max_upload_mb": str(max_upload_mb()),
            "replica_header": replica,
            "security_headers": _security_headers(static_root),
            "proxy_token_header": token_header,
        },
    )


class LocalNginx:
    """nginx with everything (config, logs, temp files, pid) in one folder."""

    def __init__(self, folder: Path, port: int, servers: list[str], proxy_token: str | None = None):
        self.folder = folder
        self.port = port
        self.servers = servers
        self.proxy_token = proxy_token
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / "temp"
        temp.mkdir(exist_ok=True)
        (self.folder / "cppcc.conf").write_text(
            render(
                self.servers,
                f"127.0.0.1:{self.port}",
                expose_replica=True,
                proxy_token=self.proxy_token,
            ),
            encoding="utf-8",
        )
        main = self.folder / "nginx.conf"
        # as root, nginx's workers would run as nobody, who cannot read a project or a
        # temporary folder that only root may enter (mktemp makes them 0700): this local
        # nginx's workers stay the user who started it
        user = "user root;" if os.geteuid() == 0 else ""
        main.write_text(
            _fill(MAIN_TEMPLATE, {"folder": str(self.folder), "user": user}), encoding="utf-8"
        )
        self.process = subprocess.Popen(
            ["nginx", "-p", str(self.folder), "-c", str(main),
             "-e", str(self.folder / "error.log")],
            stdout=(self.folder / "nginx.out").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        health = f"http://127.0.0.1:{self.port}/nginx-health"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx 未能启动，见 {self.folder / 'error.log'}")
            try:
                with urllib.request.urlopen(health, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("nginx 未能在规定时间内启动")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGQUIT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
