"""Sign-in under concurrency (DuckDB store): simultaneous attempts from the threads of
one server and from two server processes all end in an answer (signed in, wrong
password or throttled), every one is audited, and the throttle counts them all.
Names without an account share one count and one audit name."""

import subprocess
import sys

from cppcc.store import db
from cppcc.upload import access
from tests.conftest import ROOT
from tests.signin_attempts import attempts


def _failures(store, name: str) -> int:
    with db.connect(store) as con:
        query = "select failures from signin_failures where user_name = $name"
        return con.execute(query, {"name": name}).fetchall()[0][0]


def _audited(store, name: str) -> list[dict]:
    return [e for e in access.entries(store) if e["user_name"] == name]


def test_twenty_simultaneous_attempts_on_one_server_all_end_in_an_answer(store):
    outcomes = attempts(store, "录入甲", 20)
    assert sorted(set(outcomes)) == ["failed", "throttled"], outcomes
    # judged one after another: each checked failure counted, the rest had to wait (a
    # 2-second wait may run out while twenty attempts queue on a loaded machine)
    assert _failures(store, "录入甲") == outcomes.count("failed") >= access.FREE_FAILURES
    assert outcomes.count("throttled") >= 10
    assert len(_audited(store, "录入甲")) == 20


def test_attempts_from_two_server_processes_are_all_counted(store):
    command = [sys.executable, "-m", "tests.signin_attempts", str(store), "录入甲", "8"]
    servers = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]  # fmt: skip
    outcomes = [line for server in servers for line in server.communicate(timeout=120)[0].split()]
    assert len(outcomes) == 16 and set(outcomes) <= {"failed", "throttled"}, outcomes
    assert _failures(store, "录入甲") == outcomes.count("failed") >= access.FREE_FAILURES
    assert outcomes.count("throttled") >= 8
    assert len(_audited(store, "录入甲")) == 16


def test_guesses_across_made_up_names_share_one_throttle(store):
    for index in range(access.FREE_FAILURES):
        outcome, _ = access.attempt_signin(store, f"猜{index}", lambda: False, known=False)
        assert outcome == "failed"
    outcome, wait = access.attempt_signin(store, "又一个名字", lambda: False, known=False)
    assert outcome == "throttled" and wait > 0
    # the real name is untouched: no throttle, no entries under it
    assert access.attempt_signin(store, "录入甲", lambda: True, known=True) == ("ok", 0.0)
    assert [e["event"] for e in _audited(store, "录入甲")] == ["signin"]
    unknown = _audited(store, access.UNKNOWN_NAME)
    assert len(unknown) == 4 and "又一个名字" in unknown[0]["detail"]
