"""Who may do what on the staff page, sign-in throttling, and the audit log.

Two roles: 录入员 (``entry``) uploads, previews, applies and reverts their own batches;
管理员 (``admin``) also changes the catalogue, reads the audit log and reverts anyone's
batch. A local account's role is in the accounts file (``add-user --role``); an
identity-provider user is 管理员 when ``[staff]`` in secrets names them or grants it by
a claim (``oidc_role``).

Throttling and the audit log live in the store (``queries/access_schema.sql``), behind
the functions below: a PostgreSQL store implements the same few functions.
"""

from pathlib import Path

from cppcc.store import db, sql

ENTRY, ADMIN = "entry", "admin"
ROLES = {ENTRY: "录入员", ADMIN: "管理员"}
_NAMES = {**{code: code for code in ROLES}, **{name: code for code, name in ROLES.items()}}
ADMIN_ONLY = {"catalogue", "audit", "revert_any", "accounts"}
# failures allowed before sign-in slows down, then 2, 4, 8 … seconds, at most 15 minutes
FREE_FAILURES = 3
MAX_WAIT_S = 15 * 60


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


def ensure_tables(con) -> None:
    for statement in sql.statements("access_schema"):
        con.execute(statement)


def record(con, event: str, user: str, detail: str | None = None) -> None:
    """One audit entry, inside the caller's transaction (an apply's, a revert's)."""
    ensure_tables(con)
    con.execute(sql.load("insert_audit"), {"event": event, "user_name": user, "detail": detail})


def entries(con, limit: int = 500) -> list[dict]:
    """The newest audit entries; an old store without the table has none."""
    tables = {row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()}
    if "audit_log" not in tables:
        return []
    cursor = con.execute(sql.load("audit_entries"), {"limit": limit})
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _wait(failures: int, seconds_since: float) -> float:
    if failures < FREE_FAILURES:
        return 0.0
    delay = min(MAX_WAIT_S, 2.0 ** (failures - FREE_FAILURES + 1))
    return max(0.0, delay - seconds_since)


def signin_wait(path: Path, name: str) -> float:
    """Seconds before ``name`` may try again (0: now). Checked before the password, so
    guessing costs the guesser time, not the server."""
    with db.connect(path) as con:
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        if "signin_failures" not in tables:
            return 0.0
        found = con.execute(sql.load("signin_failures_of"), {"user_name": name}).fetchall()
    return _wait(found[0][0], found[0][1]) if found else 0.0


def record_signin(path: Path, name: str, ok: bool, how: str = "本地账号") -> None:
    """A sign-in attempt: into the audit log, and into (or out of) the failure count."""
    with db.connect(path, read_only=False) as con:
        con.execute("begin transaction")
        try:
            record(con, "signin" if ok else "signin_failed", name, how)
            statement = "clear_signin_failures" if ok else "record_signin_failure"
            con.execute(sql.load(statement), {"user_name": name})
            con.execute("commit")
        except BaseException:
            db.rollback(con)
            raise
