"""One real cluster per test session: a throwaway PostgreSQL, two app servers over it
and nginx in front, all on 127.0.0.1 (see ``cppcc.cluster.local``). Store-level tests get
a fresh database of their own on the same PostgreSQL server."""

import itertools
import shutil
import subprocess
import sys

import psycopg
import pytest

from cppcc.cluster.local import Cluster
from cppcc.store import db
from tests.conftest import ROOT, fixture_csv

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def cluster():
    missing = [name for name in ("nginx", "setpriv") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{missing} missing: run `make test` (scripts/install_system_deps.sh)")
    running = Cluster(replicas=2).start()
    yield running
    running.close()


def _admin(cluster) -> psycopg.Connection:
    return psycopg.connect(cluster.store, autocommit=True)


@pytest.fixture
def pg_store(cluster, tmp_path):
    """A fresh PostgreSQL store with the tests' dataset (``tests/fixtures``), on the
    cluster's server."""
    name = f"t{next(_numbers)}"
    with _admin(cluster) as admin:
        admin.execute(f"create database {name}")
    url = cluster.store.rsplit("/", 1)[0] + f"/{name}"
    db.build(url, curated_dir=fixture_csv(tmp_path))
    yield url
    with _admin(cluster) as admin:
        admin.execute(f"drop database {name} with (force)")


STAFF = ("王五", "correct-horse-9")


def run_cli_on(cluster, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """A ``python -m cppcc`` command on one of the cluster's servers (their environment)."""
    return subprocess.run(
        [sys.executable, "-m", "cppcc", *args], cwd=ROOT, env=cluster.env, input=stdin,
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def staff_account(cluster):
    """An account created through server A's command line, in the shared store."""
    run_cli_on(cluster, "add-user", STAFF[0], "--password-stdin", stdin=STAFF[1] + "\n")
    return STAFF
