"""Staying signed in (local accounts): the session token is signed, expires, is tied to
its purpose, and is refused after sign-out; the server sets the cookie HttpOnly and
SameSite=Strict only for an intact ticket."""

import pytest

from cppcc.upload import sessions
from cppcc.web import server

KEY = b"k" * 32


def test_an_intact_token_says_who_and_which_session():
    token = sessions.sign("张三", "session", "abc", key=KEY)
    found = sessions.read(token, "session", key=KEY)
    assert (found["u"], found["s"]) == ("张三", "abc")


@pytest.mark.parametrize("purpose,lifetime", [("ticket", 60), ("session", 8 * 3600)])
def test_a_token_expires(purpose, lifetime):
    token = sessions.sign("张三", purpose, key=KEY, now=1000)
    assert sessions.read(token, purpose, key=KEY, now=1000 + lifetime - 1)
    assert sessions.read(token, purpose, key=KEY, now=1000 + lifetime + 1) is None


def test_a_ticket_is_not_a_session_nor_the_reverse():
    assert sessions.read(sessions.sign("张三", "ticket", key=KEY), "session", key=KEY) is None
    assert sessions.read(sessions.sign("张三", "session", key=KEY), "ticket", key=KEY) is None


def _tampered(token: str) -> list[str]:
    body, mac = token.rsplit(".", 1)
    other = sessions.sign("李四", "session", key=KEY).rsplit(".", 1)[0]
    flipped = body[:5] + ("A" if body[5] != "A" else "B") + body[6:]
    return [
        f"{other}.{mac}",  # another user's payload under this signature
        f"{flipped}.{mac}",
        f"{body}.{'0' * len(mac)}",
        body,
        "",
        "垃圾.垃圾",
        sessions.sign("张三", "session", key=b"x" * 32),  # another server's key
    ]


def test_a_tampered_or_foreign_token_is_refused():
    token = sessions.sign("张三", "session", key=KEY)
    for bad in _tampered(token):
        assert sessions.read(bad, "session", key=KEY) is None, bad


def test_the_key_comes_from_the_cookie_secret_else_a_kept_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    monkeypatch.delenv("STREAMLIT_SERVER_COOKIE_SECRET", raising=False)
    first = sessions.signing_key()
    assert sessions.signing_key() == first  # kept: a restart keeps staff signed in
    assert (tmp_path / "session.key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "same-on-every-server")
    shared = sessions.signing_key()
    assert shared != first
    (tmp_path / "session.key").unlink()
    assert sessions.signing_key() == shared


def test_sign_out_ends_the_session_and_only_that_one(store):
    assert not sessions.ended("abc")
    sessions.end("abc", "张三")
    sessions.end("abc", "张三")  # twice: harmless
    assert sessions.ended("abc")
    assert not sessions.ended("def")


def test_the_server_turns_an_intact_ticket_into_an_httponly_strict_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    ticket = sessions.sign("张三", "ticket", "abc")
    [(name, value)] = server.cookie_headers("/_cppcc/session", f"ticket={ticket}")
    cookie = value.decode()
    assert name == b"set-cookie" and cookie.startswith(f"{sessions.COOKIE}=")
    assert {"HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"} <= {
        part.strip() for part in cookie.split(";")
    }
    found = sessions.read(cookie.split(";")[0].split("=", 1)[1], "session")
    assert (found["u"], found["s"]) == ("张三", "abc")
    for bad in [*_tampered(ticket), sessions.sign("张三", "session")]:
        assert server.cookie_headers("/app/_cppcc/session", f"ticket={bad}") == []
    [(_, cleared)] = server.cookie_headers("/_cppcc/signout", "")
    assert b"Max-Age=0" in cleared
    assert server.cookie_headers("/upload", "ticket=" + ticket) is None
