"""Staying signed in across a reload (local accounts): a signed, expiring token kept in
an HttpOnly cookie, and the sessions ended by signing out.

Streamlit's script cannot set a cookie, so the web server does it (``cppcc.web.server``):
after a sign-in through ``access.attempt_signin`` the page asks the server for a short
``ticket`` URL, and the server answers it with a ``session`` cookie carrying the same
session id. Each token says who, which session, what for and until when, and carries an
HMAC-SHA256 of that. Signing out records the session id in the store
(``ended_sessions``), so a copy of the cookie is worthless afterwards on every server.

The key is ``STREAMLIT_SERVER_COOKIE_SECRET`` when set (equal on every server of a
cluster), else a random key kept in ``session.key`` beside the accounts file.
"""

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

from cppcc import settings
from cppcc.store import db, sql
from cppcc.store.config import store_target
from cppcc.upload import access
from cppcc.upload.accounts import users_path

COOKIE = "cppcc_session"
SESSION_S = 8 * 60 * 60  # a working day
TICKET_S = 60  # the page's request for the cookie follows the sign-in at once


def _key_file() -> Path:
    return users_path().parent / "session.key"


def signing_key() -> bytes:
    """The HMAC key, derived from the cookie secret or from the key file (made once)."""
    secret = settings.env("STREAMLIT_SERVER_COOKIE_SECRET").encode()
    if not secret:
        path = _key_file()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(secrets.token_hex(32), encoding="ascii")
            os.chmod(temporary, 0o600)
            temporary.replace(path)
        secret = path.read_text(encoding="ascii").strip().encode()
    return hmac.new(secret, b"cppcc staff session", hashlib.sha256).digest()


def _mac(body: str, key: bytes) -> str:
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def sign(user: str, purpose: str, session_id: str | None = None, *, key=None, now=None) -> str:
    """A token for ``user``: ``purpose`` is ``ticket`` (one minute) or ``session``."""
    lifetime = TICKET_S if purpose == "ticket" else SESSION_S
    payload = {
        "u": user,
        "s": session_id or secrets.token_urlsafe(16),
        "p": purpose,
        "e": int((time.time() if now is None else now) + lifetime),
    }
    body = base64.urlsafe_b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode()
    return f"{body}.{_mac(body, key or signing_key())}"


def read(token: str | None, purpose: str, *, key=None, now=None) -> dict | None:
    """The token's ``{"u": user, "s": session id, ...}`` when it is intact, for
    ``purpose`` and not expired; None otherwise (tampered, expired, malformed)."""
    if not isinstance(token, str):
        return None
    body, _, mac = token.rpartition(".")
    expected = _mac(body, key or signing_key()).encode()
    if not body or not hmac.compare_digest(mac.encode("utf-8", "replace"), expected):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(body.encode("ascii")))
    except ValueError:  # UnicodeError and binascii.Error are ValueErrors
        return None
    now = time.time() if now is None else now
    if payload.get("p") != purpose or not isinstance(payload.get("e"), int) or payload["e"] < now:
        return None
    return payload


def end(session_id: str, user: str, target=None) -> None:
    """Sign-out: the session's cookie is refused from now on, on every server."""
    with db.transaction(target or store_target(), versioned=False) as con:
        if getattr(con, "dialect", "duckdb") == "duckdb":
            access.ensure_tables(con)  # PostgreSQL has it from its schema
        con.execute(sql.load("end_session"), {"session_id": session_id, "user_name": user})


def ended(session_id: str, target=None) -> bool:
    """Whether the session was signed out (an old store without the table: no)."""
    with access._reading(target) as con:
        if not access._has(con, "ended_sessions"):
            return False
        return con.execute(sql.load("session_ended"), {"session_id": session_id}).fetchone()[0] > 0
