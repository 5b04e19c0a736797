"""The real app on a free port, and Debian's chromium driven by Playwright."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(
    db_path: Path, log: Path, port: int | None = None, extra: tuple[str, ...] = ()
) -> tuple[subprocess.Popen, str]:
    """The app on ``port`` (a free one if None); ``extra`` are more ``streamlit run``
    options, e.g. ``--secrets.files`` for a test's own secrets."""
    port = port or _free_port()
    env = {**os.environ, "CPPCC_DB": str(db_path)}
    process = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"),
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false", *extra,
        ],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"the app did not start; see {log}")


@pytest.fixture(scope="session")
def app_url(shown_store, tmp_path_factory):
    """The app on the tests' dataset with its upload (``tests/conftest.py``)."""
    db_path = tmp_path_factory.mktemp("browser") / "ningxia.duckdb"
    shutil.copy(shown_store, db_path)
    process, url = start_app(db_path, tmp_path_factory.mktemp("logs") / "streamlit.log")
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport
    to the content's height first, then put it back."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stMainBlockContainer"]\')].map(e => e.scrollHeight), 0)'
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], min(height + 80, 6000))}
    )
    page.wait_for_timeout(1200)  # charts redraw at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
