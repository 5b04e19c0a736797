"""Shared fixtures: a store built from the curated data in a temporary folder."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc.store import db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """A store built once per test session; copy it before changing it."""
    path = tmp_path_factory.mktemp("store") / "ningxia.duckdb"
    db.build(path)
    return path


@pytest.fixture
def store(built_store, tmp_path, monkeypatch) -> Path:
    """A private copy of the built store, which ``CPPCC_DB`` points at."""
    path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, path)
    monkeypatch.setenv("CPPCC_DB", str(path))
    return path


def run_cli(*args: str, env_db: Path | None = None, check: bool = False):
    import os

    env = dict(os.environ)
    if env_db is not None:
        env["CPPCC_DB"] = str(env_db)
    return subprocess.run(
        [sys.executable, "-m", "cppcc", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, one per session for every browser test (tests/browser and
    tests/cluster): Playwright's sync API allows one running instance at a time."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, LAUNCH_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
