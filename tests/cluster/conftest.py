"""One real cluster per test session: a throwaway PostgreSQL, two app servers over it
and nginx in front, all on 127.0.0.1 (see ``cppcc.cluster.local``). Store-level tests get
a fresh database of their own on the same PostgreSQL server."""

import itertools
import shutil

import psycopg
import pytest

from cppcc.cluster.local import Cluster
from cppcc.store import db

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
def pg_store(cluster):
    """A fresh PostgreSQL store with the curated data, on the cluster's server."""
    name = f"t{next(_numbers)}"
    with _admin(cluster) as admin:
        admin.execute(f"create database {name}")
    url = cluster.store.rsplit("/", 1)[0] + f"/{name}"
    db.build(url)
    yield url
    with _admin(cluster) as admin:
        admin.execute(f"drop database {name} with (force)")
