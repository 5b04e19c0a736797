"""Every setting the dashboard reads from outside its code, in one table.

Environment variables and the tables of Streamlit's ``secrets.toml``: each with where
it is read, its default and what it does, in Chinese (the README's settings table says
the same) and English. Code reads an environment variable only through :func:`env` and
a secrets table only through :func:`secret`, so a setting missing from the table fails
at once; ``tests/test_settings.py`` checks the source and the README against it.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Setting:
    name: str  # CPPCC_DB, or a secrets table written as [export]
    kind: Literal["env", "secret"]
    read_in: str  # the module (or the program) that reads it
    default: str
    zh: str
    en: str


SETTINGS = (
    Setting(
        "CPPCC_DB", "env", "cppcc/store/config.py", "data/ningxia.duckdb",
        "单机时的 DuckDB 数据库文件（看板和命令行都用它）",
        "the DuckDB store file of a single server (app and CLI)",
    ),
    Setting(
        "CPPCC_STORE", "env", "cppcc/store/config.py", "（不设置：用 CPPCC_DB）",
        "共享的 PostgreSQL 数据库地址 postgresql://…（多台服务器），或一个 DuckDB 文件",
        "a shared PostgreSQL store postgresql://… (several servers), or a DuckDB file",
    ),
    Setting(
        "CPPCC_USERS", "env", "cppcc/upload/accounts.py", "data/users.json",
        "单机时本地工作人员账号文件（只存加盐哈希，不进入版本库）",
        "the local staff accounts file of a single server (salted hashes, not in git)",
    ),
    Setting(
        "CPPCC_BUSY_TIMEOUT", "env", "cppcc/store/db.py", "8",
        "另一进程正在写入时，写入最多等待的秒数，超时即提示稍后再试",
        "seconds a write waits for another process's write before saying try again",
    ),
    Setting(
        "CPPCC_CHROMIUM", "env", "cppcc/export/image.py", "/usr/bin/chromium",
        "导出 PNG/SVG/演示文稿图片所用的 Chromium 程序",
        "the Chromium that renders exported PNG, SVG and slide images",
    ),
    Setting(
        "CPPCC_TEST_PAUSE_APPLY", "env", "cppcc/upload/pipeline.py", "（不设置）",
        "仅供测试：写入事务中途暂停的秒数，用来在写入过程中终止进程",
        "tests only: seconds an apply pauses inside its transaction, to kill it there",
    ),
    Setting(
        "CPPCC_ADDRESS", "env", "deploy/systemd/cppcc-dashboard@.service", "（须设置）",
        "正式部署时看板服务器监听的本机地址（systemd 单元读取）",
        "the address a deployed app server listens on (read by the systemd unit)",
    ),
    Setting(
        "CPPCC_PROXY_TOKEN", "env", "cppcc/web/signin.py；cppcc/cli/cluster.py",
        "（不设置：信任本机转来的 X-Forwarded-For）",
        "nginx 与看板服务器共用的口令（nginx-config --proxy-token 写入 nginx 配置）："
        "设置后，只有带着它的连接才按 X-Forwarded-For 记来源地址，本机其他程序无法冒充别的地址",
        "a token nginx and the app servers share: only connections bringing it have their "
        "address taken from X-Forwarded-For",
    ),
    Setting(
        "STREAMLIT_SERVER_COOKIE_SECRET", "env",
        "Streamlit；cppcc/upload/sessions.py；cppcc/cluster/local.py 设置",
        "（每次启动随机）",
        "多台服务器须相同的 Cookie 密钥，否则换到另一台服务器的浏览器无法上传文件；"
        "也用来签署工作人员的登录 Cookie（不设置时用账号文件旁的 session.key）",
        "the cookie secret, equal on every server (uploads; signs staff sign-in cookies)",
    ),
    Setting(
        "[auth]", "secret", "cppcc/web/signin.py；Streamlit st.login", "（无：用本地账号）",
        "统一身份认证（OIDC，如 Keycloak）的配置；没有时用 add-user 建立的本地账号",
        "sign-in through the office's OIDC provider; without it, local accounts",
    ),
    Setting(
        "[staff]", "secret", "cppcc/web/signin.py", "（无：统一身份认证用户均为录入员）",
        "哪些统一身份认证用户是管理员：admins = [邮箱或用户名]，或 admin_claim 与 admin_value；"
        "committee_claim：把录入员绑定到委员会的身份声明",
        "which OIDC users are 管理员: admins = [...], or admin_claim and admin_value; "
        "committee_claim: the claim binding a 录入员 to committees",
    ),
    Setting(
        "[export]", "secret", "cppcc/web/ui.py", "（无）",
        "office = 单位名称，印在导出的图片和幻灯片上",
        "office = the office's name, printed on exported images and slides",
    ),
)  # fmt: skip

BY_NAME = {setting.name: setting for setting in SETTINGS}


def _known(name: str, kind: str) -> Setting:
    setting = BY_NAME.get(name)
    if setting is None or setting.kind != kind:
        raise KeyError(f"{name} is not in cppcc.settings.SETTINGS: add it there and to README")
    return setting


def env(name: str) -> str:
    """The environment variable ``name`` without surrounding spaces; "" when unset."""
    _known(name, "env")
    return os.environ.get(name, "").strip()


def secret(secrets: Mapping, name: str) -> dict | None:
    """The table ``[name]`` of Streamlit's secrets as a dict; None when there is no
    secrets file, no such table, or a malformed file (which must not take a page
    down). ``secrets`` is ``st.secrets``: only ``cppcc.web`` imports Streamlit."""
    _known(f"[{name}]", "secret")
    try:
        if name not in secrets:
            return None
        section = secrets[name]
    except Exception:  # FileNotFoundError without secrets.toml, or a parse error
        return None
    return dict(section) if hasattr(section, "keys") else None
