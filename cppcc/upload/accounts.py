"""Staff accounts for offline intranets: names with salted, slow password hashes.

Accounts are kept behind one small interface (``get``, ``put``, ``count``) with two
backends: a JSON file outside git (``CPPCC_USERS``, default ``data/users.json``) for the
single-file store, and the ``staff_accounts`` table when the store is PostgreSQL, so an
account made through one app server signs in on every other. Neither holds a password,
only scrypt hashes. A 录入员 may be bound to committees (``committees``: their codes;
see ``cppcc.upload.binding``). Where an identity provider is configured in
``.streamlit/secrets.toml`` (``[auth]``), the page uses ``st.login`` instead.
"""

import hashlib
import hmac
import json
import os
import re
import secrets
from datetime import datetime
from pathlib import Path

from cppcc import settings
from cppcc.store import sql
from cppcc.store.config import ROOT, is_postgres, store_target
from cppcc.upload.access import ADMIN, ENTRY, parse_role

# scrypt cost: about 50 ms and 16 MB per check on this class of machine
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
NAME = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why, in Chinese."""


class AccountsCorrupt(RuntimeError):
    """The accounts file cannot be read; the message says how to recover."""


def users_path() -> Path:
    value = settings.env("CPPCC_USERS")
    return Path(value) if value else ROOT / "data" / "users.json"


def _load(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        users = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(users, dict) or not all(
            isinstance(record, dict) and {"salt", "hash"} <= set(record)
            for record in users.values()
        ):
            raise ValueError("不是账号列表")
    except (ValueError, UnicodeDecodeError) as error:  # JSONDecodeError is a ValueError
        raise AccountsCorrupt(
            f"账号文件 {path} 已损坏，无法读取（{str(error)[:120]}）。"
            "恢复方法：从备份恢复这个文件；或把它改名保存，"
            "再用 python -m cppcc add-user 名字 --role admin 重新建立账号。"
        ) from error
    except OSError as error:
        raise AccountsCorrupt(
            f"无法读取账号文件 {path}（{error.strerror}）。请检查文件权限。"
        ) from error
    return users


class FileAccounts:
    """The JSON file: written whole to a temporary file, then moved into place."""

    def __init__(self, path: Path):
        self.path = path

    def __str__(self) -> str:
        return str(self.path)

    def get(self, name: str) -> dict | None:
        return _load(self.path).get(name)

    def put(self, name: str, record: dict) -> None:
        users = _load(self.path)
        users[name] = {**record, "created": datetime.now().isoformat(timespec="seconds")}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(users, ensure_ascii=False, indent=2), encoding="utf-8")
        os.chmod(temporary, 0o600)
        temporary.replace(self.path)

    def count(self) -> int:
        return len(_load(self.path))

    def all(self) -> dict[str, dict]:
        return _load(self.path)


class PostgresAccounts:
    """The ``staff_accounts`` table of a PostgreSQL store; one statement per change."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self) -> str:
        return "PostgreSQL 数据库的 staff_accounts 表"

    def get(self, name: str) -> dict | None:
        from cppcc.store import postgres  # psycopg only for a PostgreSQL store

        with postgres.session(self.url) as con:
            row = con.execute(sql.load("account_by_name"), {"name": name}).fetchone()
        if row is None:
            return None
        return {
            "salt": row[1],
            "hash": row[2],
            "scrypt": json.loads(row[3]),
            "role": row[5],
            "committees": json.loads(row[6] or "[]"),
        }

    def put(self, name: str, record: dict) -> None:
        params = {
            **record,
            "name": name,
            "scrypt": json.dumps(record["scrypt"]),
            "committees": json.dumps(record.get("committees") or []),
        }
        from cppcc.store import postgres  # psycopg only for a PostgreSQL store

        with postgres.session(self.url) as con:
            con.execute(sql.load("upsert_account"), params)

    def count(self) -> int:
        from cppcc.store import postgres  # psycopg only for a PostgreSQL store

        with postgres.session(self.url) as con:
            return con.execute(sql.load("account_count")).fetchone()[0]

    def all(self) -> dict[str, dict]:
        from cppcc.store import postgres  # psycopg only for a PostgreSQL store

        with postgres.session(self.url) as con:
            rows = con.execute(sql.load("accounts_list")).fetchall()
        return {
            name: {"role": role, "committees": json.loads(bound or "[]")}
            for name, role, bound in rows
        }


def backend(path: Path | None = None) -> FileAccounts | PostgresAccounts:
    """``path`` names a JSON file; without it, where the configured store keeps accounts."""
    if path is not None:
        return FileAccounts(Path(path))
    target = store_target()
    if is_postgres(target):
        return PostgresAccounts(target)
    return FileAccounts(users_path())


def where() -> str:
    return str(backend())


def _hash(password: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **params)


def _checked_access(role: str, committees: list[str]) -> list[str]:
    if role == ADMIN and committees:
        raise AccountError(
            "管理员可处理所有委员会的数字，不能绑定委员会；绑定委员会的账号请设为录入员"
        )
    return list(committees)


def add_user(
    name: str,
    password: str,
    path: Path | None = None,
    role: str | None = None,
    committees: list[str] | None = None,
) -> None:
    """Create or reset an account; ``role`` (录入员 by default) and ``committees`` (codes
    of the committees a 录入员 is bound to; none: every committee) are kept on a reset
    unless given."""
    if not NAME.fullmatch(name or ""):
        raise AccountError("用户名须为 2–32 个字符：汉字、字母、数字、下划线、点或连字符，不含空格")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    salt = secrets.token_bytes(16)
    store = backend(path)
    before = store.get(name) or {}
    role = parse_role(before.get("role", ENTRY) if role is None else role)
    bound = before.get("committees", []) if committees is None else committees
    record = {
        "role": role,
        "committees": _checked_access(role, bound),
        "salt": salt.hex(),
        "hash": _hash(password, salt, SCRYPT).hex(),
        "scrypt": SCRYPT,
    }
    store.put(name, record)


def set_access(name: str, role: str, committees: list[str], path: Path | None = None) -> None:
    """Change an existing account's role and committees; its password stays."""
    store = backend(path)
    record = store.get(name)
    if record is None:
        raise AccountError(f"没有名为“{name}”的账号；新账号请同时设置密码")
    role = parse_role(role)
    store.put(name, {**record, "role": role, "committees": _checked_access(role, committees)})


def committees_of(name: str, path: Path | None = None) -> list[str]:
    """Codes of the committees the account is bound to; empty: not bound."""
    record = backend(path).get(name) or {}
    return list(record.get("committees") or [])


def listing(path: Path | None = None) -> list[dict]:
    """Every account's name, role and committees (never a hash), sorted by name."""
    return [
        {
            "name": name,
            "role": record.get("role", ENTRY),
            "committees": record.get("committees") or [],
        }
        for name, record in sorted(backend(path).all().items())
    ]


def verify(name: str, password: str, path: Path | None = None) -> bool:
    record = backend(path).get(name)
    if record is None:
        # spend the same time as a real check, so a wrong name is not faster
        _hash(password, b"\0" * 16, SCRYPT)
        return False
    expected = bytes.fromhex(record["hash"])
    actual = _hash(password, bytes.fromhex(record["salt"]), record.get("scrypt", SCRYPT))
    return hmac.compare_digest(expected, actual)


def role_of(name: str, path: Path | None = None) -> str | None:
    """The account's role; an account made before roles existed is a 录入员."""
    record = backend(path).get(name)
    return None if record is None else record.get("role", ENTRY)


def has_accounts(path: Path | None = None) -> bool:
    return backend(path).count() > 0
