"""Shared fixtures: stores built from the tests' own dataset (``tests/fixtures/``).

The page, chart, map, export and upload tests read these, never ``data/curated``: a
corrected or added report must not fail a test about a page. The dataset is written for
the tests and has every case a page must show (see ``tests/fixtures/README.md``); the
committees and metrics are the real catalogue, so the map draws real boundaries. The
curated data has tests of its own (``tests/test_curated.py``).
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cppcc.store import db
from cppcc.store.config import CURATED_DIR
from cppcc.upload import pipeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# who uploaded the fixture's one batch, as the pages name them
FIXTURE_USER = "测试录入员"


def fixture_csv(parent: Path) -> Path:
    """A folder laid out like ``data/curated``: the fixture's figures and sources with
    the real catalogue (the map needs the real codes, which have boundaries)."""
    folder = parent / "fixture_csv"
    folder.mkdir(exist_ok=True)
    for name in ("committees.csv", "metrics.csv"):
        shutil.copy(CURATED_DIR / name, folder / name)
    for name in ("sources.csv", "figures.csv", "terms.csv"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


def build_fixture_store(path: Path, *, upload: bool = False) -> Path:
    """Build (or refresh, as ``build-db`` does) a store from the fixture through
    ``db.build``; with ``upload``, also import the fixture's one staff batch."""
    db.build(path, curated_dir=fixture_csv(path.parent))
    if upload:
        data = (FIXTURES / "upload.csv").read_bytes()
        result, batch = pipeline.import_file(path, "upload.csv", data, user=FIXTURE_USER)
        assert batch == 1, result.problems
    return path


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The fixture dataset without uploads, built once per session; copy it before
    changing it (``store`` does). Batch 1 is the first a test uploads."""
    return build_fixture_store(tmp_path_factory.mktemp("store") / "ningxia.duckdb")


@pytest.fixture(scope="session")
def shown_store(tmp_path_factory) -> Path:
    """The fixture dataset with its staff upload (batch 1): what the pages are shown."""
    path = tmp_path_factory.mktemp("shown") / "ningxia.duckdb"
    return build_fixture_store(path, upload=True)


def _private_copy(source: Path, tmp_path: Path, monkeypatch) -> Path:
    path = tmp_path / "ningxia.duckdb"
    shutil.copy(source, path)
    monkeypatch.setenv("CPPCC_DB", str(path))
    return path


@pytest.fixture
def store(built_store, tmp_path, monkeypatch) -> Path:
    """A private copy of the built store, which ``CPPCC_DB`` points at."""
    return _private_copy(built_store, tmp_path, monkeypatch)


@pytest.fixture
def page_store(shown_store, tmp_path, monkeypatch) -> Path:
    """A private copy of the store with the fixture's upload, which ``CPPCC_DB`` points at."""
    return _private_copy(shown_store, tmp_path, monkeypatch)


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

    # Debian's Chromium with the flags the bench drives it with too (one place)
    from bench.browser import CHROMIUM, LAUNCH_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is missing: run `make test` (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()
