"""Sign-in on a PostgreSQL store, as two app servers' threads make the attempts at
once: every attempt ends in an answer and is audited, and the throttle holds across
the servers (the name's row is locked while each attempt is judged)."""

import subprocess
import sys

import psycopg

from cppcc.upload import access
from tests.conftest import ROOT


def test_simultaneous_attempts_across_servers_are_all_counted(pg_store):
    command = [sys.executable, "-m", "tests.signin_attempts", pg_store, "王五", "10"]
    servers = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]  # fmt: skip
    outcomes = [line for server in servers for line in server.communicate(timeout=120)[0].split()]
    assert len(outcomes) == 20 and set(outcomes) <= {"failed", "throttled"}, outcomes
    with psycopg.connect(pg_store) as con:
        failures = con.execute(
            "select failures from signin_failures where user_name = '王五'"
        ).fetchone()[0]
        audited = con.execute("select count(*) from audit_log where user_name = '王五'").fetchone()[
            0
        ]
    assert failures == outcomes.count("failed") >= access.FREE_FAILURES
    assert outcomes.count("throttled") >= 10
    assert audited == 20
