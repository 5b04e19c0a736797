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


class AccountsCorrupt(RuntimeError):
    """The accounts file cannot be read; the message says how to recover."""


def users_path() -> Path:
    value = os.environ.get("CPPCC_USERS", "").strip()
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
