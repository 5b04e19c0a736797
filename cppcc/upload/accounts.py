"""Staff accounts for offline intranets: names with salted, slow password hashes.

The file lives outside git (``CPPCC_USERS``, default ``data/users.json``) and holds
no password, only scrypt hashes. Where an identity provider is configured in
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

from cppcc.store.config import ROOT

# scrypt cost: about 50 ms and 16 MB per check on this class of machine
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
NAME = re.compile(r"[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}")
MIN_PASSWORD = 8


class AccountError(ValueError):
    """A name or password that cannot be used; the message says why, in Chinese."""


def users_path() -> Path:
    value = os.environ.get("CPPCC_USERS", "").strip()
    return Path(value) if value else ROOT / "data" / "users.json"


def _load(path: Path) -> dict:
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def _hash(password: str, salt: bytes, params: dict) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **params)


def add_user(name: str, password: str, path: Path | None = None) -> None:
    """Create or reset an account."""
    path = path or users_path()
    if not NAME.fullmatch(name or ""):
        raise AccountError("用户名须为 2–32 个字符：汉字、字母、数字、下划线、点或连字符，不含空格")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    salt = secrets.token_bytes(16)
    users = _load(path)
    users[name] = {
        "salt": salt.hex(),
        "hash": _hash(password, salt, SCRYPT).hex(),
        "scrypt": SCRYPT,
        "created": datetime.now().isoformat(timespec="seconds"),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(users, ensure_ascii=False, indent=2), encoding="utf-8")
    os.chmod(temporary, 0o600)
    temporary.replace(path)


def verify(name: str, password: str, path: Path | None = None) -> bool:
    record = _load(path or users_path()).get(name)
    if record is None:
        # spend the same time as a real check, so a wrong name is not faster
        _hash(password, b"\0" * 16, SCRYPT)
        return False
    expected = bytes.fromhex(record["hash"])
    actual = _hash(password, bytes.fromhex(record["salt"]), record.get("scrypt", SCRYPT))
    return hmac.compare_digest(expected, actual)


def has_accounts(path: Path | None = None) -> bool:
    return bool(_load(path or users_path()))
