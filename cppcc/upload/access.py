"""Who may do what on the staff page, sign-in throttling, and the audit log.

Two roles: 录入员 (``entry``) uploads, previews, applies and reverts their own batches;
管理员 (``admin``) also changes the catalogue, reads the audit log and reverts anyone's
batch. A local account's role is in the accounts file (``add-user --role``); an
identity-provider user is 管理员 when ``[staff]`` in secrets names them or grants it by
a claim (``oidc_role``).

Throttling and the audit log live in the store (``queries/access_schema.sql``), behind
the functions below: a PostgreSQL store implements the same few functions.
"""

import hmac
import ipaddress
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import duckdb

from cppcc.store import access_schema, db, sql
from cppcc.store.config import is_postgres, store_target

ENTRY, ADMIN = "entry", "admin"
ROLES = {ENTRY: "录入员", ADMIN: "管理员"}
_NAMES = {**{code: code for code in ROLES}, **{name: code for code, name in ROLES.items()}}
ADMIN_ONLY = {"catalogue", "audit", "revert_any", "accounts", "round_manage"}
# failures allowed from one client address before sign-in to a name slows down there,
# then 2, 4, 8 … seconds, at most 15 minutes. Counted per (name, address): a stranger
# failing passwords for a real name slows down only their own address, not the owner's
FREE_FAILURES = 3
MAX_WAIT_S = 15 * 60
# failures of a name from every address together: beyond these, every address waits
# 2, 4 … seconds, at most a minute. Guessing from many addresses is then held to about
# one guess a minute for the name, and the most a stranger can make its owner wait is
# that minute (the address's own count is what locks for long)
NAME_FREE_FAILURES = 30
NAME_MAX_WAIT_S = 60
UNKNOWN_CLIENT = "地址不明"
# attempts on names that have no account share one count (and one audit name), so
# guessing across made-up names is throttled as one and real names' records stay clean
UNKNOWN_NAME = "（不存在的用户名）"
# DuckDB refuses a second writer in the same process while a first is open ("Conflict
# on update", "Unique file handle conflict", a connection with another configuration):
# one attempt at a time per process, and a short retry for what another process holds
_ATTEMPTS = threading.Lock()
_TRANSIENT = ("conflict", "unique file handle", "can't open a connection", "lock")
RETRIES = 8


def parse_role(text: str | None) -> str:
    """``entry``/``admin`` or 录入员/管理员 → the code; ValueError with a Chinese message."""
    code = _NAMES.get((text or "").strip())
    if code is None:
        raise ValueError(f"角色“{text}”无法识别；请写 录入员（entry）或 管理员（admin）")
    return code


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` (upload, extract, history, revert_own, or one of
    ``ADMIN_ONLY``)."""
    if role == ADMIN:
        return True
    return role == ENTRY and action not in ADMIN_ONLY


def oidc_role(claims: dict, settings: dict) -> str:
    """The role of an identity-provider user. ``settings`` is ``[staff]`` from secrets:
    ``admins`` (e-mail addresses or names), or ``admin_claim`` and ``admin_value`` (a
    claim such as ``groups`` that holds, or is, the value)."""
    admins = {str(a).strip().lower() for a in settings.get("admins", [])}
    for key in ("email", "preferred_username", "name"):
        if str(claims.get(key) or "").strip().lower() in admins - {""}:
            return ADMIN
    claim, wanted = settings.get("admin_claim"), settings.get("admin_value")
    if claim and wanted is not None:
        held = claims.get(claim)
        held = held if isinstance(held, list | tuple | set) else [held]
        if str(wanted) in {str(value) for value in held}:
            return ADMIN
    return ENTRY


def oidc_committees(claims: dict, settings: dict) -> list[str]:
    """The committees an identity-provider user is bound to, as the claim named by
    ``committee_claim`` in ``[staff]`` gives them (names, short names or codes; one or a
    list). No setting or no claim: not bound."""
    claim = settings.get("committee_claim")
    held = claims.get(claim) if claim else None
    if held is None:
        return []
    held = held if isinstance(held, list | tuple | set) else [held]
    return [str(value).strip() for value in held if str(value).strip()]


def ensure_tables(con) -> None:
    access_schema.ensure(con)


def record(con, event: str, user: str, detail: str | None = None) -> None:
    """One audit entry, inside the caller's transaction (an apply's, a revert's)."""
    if getattr(con, "dialect", "duckdb") == "duckdb":
        ensure_tables(con)  # a DuckDB file built before the table gains it; PostgreSQL has it
    con.execute(sql.load("insert_audit"), {"event": event, "user_name": user, "detail": detail})


@contextmanager
def _reading(target: Path | str | None):
    """A short read of the authoritative store: the DuckDB file, or the PostgreSQL
    database itself (its app servers' snapshots leave these tables out)."""
    target = target or store_target()
    if is_postgres(target):
        from cppcc.store import postgres  # psycopg only for a PostgreSQL store

        with postgres.session(target) as con:
            yield con
    else:
        with db.connect(target) as con:
            yield con


def _has(con, table: str) -> bool:
    if getattr(con, "dialect", "duckdb") == "postgres":
        return True  # created with the rest of the schema (queries/postgres_schema.sql)
    found = con.execute("select table_name from duckdb_tables()").fetchall()
    return table in {row[0] for row in found}


def entries(target: Path | str | None = None, limit: int = 500) -> list[dict]:
    """The newest audit entries; an old store without the table has none."""
    with _reading(target) as con:
        if not _has(con, "audit_log"):
            return []
        cursor = con.execute(sql.load("audit_entries"), {"limit": limit})
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _wait(failures: int, seconds_since: float, free: int = FREE_FAILURES, most=MAX_WAIT_S):
    if failures < free:
        return 0.0
    delay = min(most, 2.0 ** (failures - free + 1))
    return max(0.0, delay - seconds_since)


def counts(name: str, client: str | None) -> tuple[str, str]:
    """The two rows of ``signin_failures`` an attempt is judged by: the name's count
    over every address, and the count of the name from this client address."""
    return name, f"{name}（{client or UNKNOWN_CLIENT}）"


def client_of(peer: str | None, forwarded: str | None, proxied: bool = True) -> str | None:
    """The address a sign-in comes from. ``peer`` is the connection's (Streamlit gives
    none for one from this machine); when it is this machine (nginx in front) the last
    address of ``X-Forwarded-For`` is the one nginx saw and appended, which a browser
    cannot forge (what a browser sends is earlier in the list). ``proxied`` is False
    when the servers have a proxy token (``CPPCC_PROXY_TOKEN``) and this connection did
    not bring it: another program on this machine, whose ``X-Forwarded-For`` is its own
    invention, so the connection counts as this machine's."""
    peer = peer if _is_ip(peer) else None
    if peer and not ipaddress.ip_address(peer).is_loopback:
        return peer
    if not proxied:
        return peer or "127.0.0.1"
    last = forwarded.rsplit(",", 1)[-1].strip() if isinstance(forwarded, str) else ""
    return last if _is_ip(last) else peer


def came_through_proxy(header: str | None, token: str | None) -> bool:
    """Whether a connection came through this deployment's nginx: always, when no proxy
    token is set; else when it brought the token (compared in constant time)."""
    if not token:
        return True
    return isinstance(header, str) and hmac.compare_digest(header.encode(), token.encode())


def _is_ip(text) -> bool:
    if not isinstance(text, str):
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _longest_wait(found: dict[str, tuple]) -> float:
    """``found``: row key → (failures, seconds since the last), for the two rows."""
    (name_row, client_row) = found.get("name"), found.get("client")
    waits = [0.0]
    if client_row:
        waits.append(_wait(client_row[0], float(client_row[1])))
    if name_row:
        waits.append(_wait(name_row[0], float(name_row[1]), NAME_FREE_FAILURES, NAME_MAX_WAIT_S))
    return max(waits)


def signin_wait(target: Path | str | None, name: str, client: str | None = None) -> float:
    """Seconds before ``name`` may try again from ``client`` (0: now). Checked before
    the password, so guessing costs the guesser time, not the server."""
    with _reading(target) as con:
        if not _has(con, "signin_failures"):
            return 0.0
        found = {}
        for role, key in zip(("name", "client"), counts(name, client), strict=True):
            rows = con.execute(sql.load("signin_failures_of"), {"user_name": key}).fetchall()
            if rows:
                found[role] = rows[0]
    return _longest_wait(found)


def _count(con, ok: bool, name: str, client: str | None) -> None:
    """A failure adds to both counts; a success clears the name's count and this
    address's (a stranger's address keeps its own)."""
    statement = "clear_signin_failures" if ok else "record_signin_failure"
    for key in counts(name, client):
        con.execute(sql.load(statement), {"user_name": key})


def record_signin(
    target: Path | str | None,
    name: str,
    ok: bool,
    how: str = "本地账号",
    client: str | None = None,
) -> None:
    """A sign-in attempt: into the audit log, and into (or out of) the failure counts."""

    def write(con):
        record(con, "signin" if ok else "signin_failed", name, how)
        _count(con, ok, name, client)

    _with_retries(target, write)


def _transient(error: Exception) -> bool:
    return isinstance(error, db.StoreBusy) or (
        isinstance(error, duckdb.Error) and any(w in str(error).lower() for w in _TRANSIENT)
    )


def attempt_signin(
    target: Path | str | None,
    name: str,
    password_ok: Callable[[], bool],
    known: bool,
    client: str | None = None,
) -> tuple[str, float]:
    """One sign-in attempt, judged and recorded in one transaction: ``("ok", 0)``,
    ``("failed", 0)`` or ``("throttled", seconds)``. Every attempt is audited; a
    throttled one is refused before the password is checked.

    The name's failure row is read and written in the same transaction: locked in
    PostgreSQL (``for update``), so simultaneous guesses on one name from any server
    are judged one after another and all count; in DuckDB the file admits one writer
    and this process sends one attempt at a time, retrying briefly when the file is
    held by another process.

    ``client`` is the address the attempt comes from (``None``: not known, one shared
    count): see ``FREE_FAILURES`` and ``NAME_FREE_FAILURES``."""
    key = name if known else UNKNOWN_NAME
    details = [] if known else [f"输入的用户名：{name[:50]}"]
    details.append(f"来自 {client or UNKNOWN_CLIENT}")
    judge = partial(_judge, who=(key, client), password_ok=password_ok, detail="；".join(details))
    return _with_retries(target, judge)


def _with_retries(target, work):
    """``work(con)`` in one sign-in transaction, retried while the store is briefly held."""
    target = target or store_target()
    delay = 0.05
    for attempt in range(RETRIES):
        try:
            with _ATTEMPTS, db.transaction(target, versioned=False) as con:
                return work(con)
        except Exception as error:
            if not _transient(error) or attempt == RETRIES - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
    raise AssertionError("unreachable")


def _judge(con, who: tuple, password_ok, detail: str) -> tuple[str, float]:
    key, client = who
    postgres_store = getattr(con, "dialect", "duckdb") == "postgres"
    if not postgres_store:
        ensure_tables(con)
    query = "signin_failures_locked" if postgres_store else "signin_failures_of"
    found = {}
    # the name's row first, then the address's: every server locks them in one order
    for role, row_key in zip(("name", "client"), counts(key, client), strict=True):
        con.execute(sql.load("ensure_signin_row"), {"user_name": row_key})
        found[role] = con.execute(sql.load(query), {"user_name": row_key}).fetchall()[0]
    wait = _longest_wait(found)
    if wait > 0:
        record(con, "signin_failed", key, f"等待中，未核对密码；{detail}")
        return "throttled", wait
    ok = password_ok()
    record(con, "signin" if ok else "signin_failed", key, f"本地账号；{detail}")
    _count(con, ok, key, client)
    return ("ok" if ok else "failed"), 0.0
