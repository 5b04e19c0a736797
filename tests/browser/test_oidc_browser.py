"""Sign-in through a real OpenID Connect provider (``st.login``), in a real browser.

The provider is ``tests/oidc/provider.js`` (the npm package ``oidc-provider``, pinned in
``tests/oidc/package-lock.json``) on a free port of 127.0.0.1; the app gets ``[auth]``
and ``[staff]`` from a secrets file of the test's own. Each user signs in on the
provider's login form, comes back signed in with the name and role its claims give, and
signing out ends it.
"""

import fcntl
import json
import shutil
import subprocess
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ROOT, _free_port, screenshot, start_app
from tests.browser.test_pages import open_page
from tests.browser.test_upload_browser import GOOD, upload

pytestmark = pytest.mark.browser

OIDC = ROOT / "tests" / "oidc"
CLIENT_ID, CLIENT_SECRET = "cppcc-dashboard", "test-client-secret-not-for-production"
# login name on the provider's form → the claims it gives
USERS = {
    "wang": {"name": "王主任", "email": "wang@office.test"},
    "li": {"name": "李科长", "email": "li@office.test", "groups": ["staff", "cppcc-admins"]},
    "zhao": {"name": "赵干事", "email": "zhao@office.test", "groups": ["staff"]},
    # 录入员 bound to a committee by the claim [staff] committee_claim names
    "zhou": {"name": "周干事", "email": "zhou@office.test", "committee": "吴忠"},
    "sun": {"name": "孙干事", "email": "sun@office.test", "committee": ["不存在的政协"]},
}
SECRETS = """
[auth]
redirect_uri = "{app}/oauth2callback"
cookie_secret = "test-cookie-secret-0123456789abcdef"
client_id = "{client_id}"
client_secret = "{client_secret}"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
# Streamlit asks for prompt=select_account by default, which oidc-provider (like some
# office providers) refuses as unsupported: ask for the login form instead
client_kwargs = {{ prompt = "login" }}

[staff]
admins = ["WANG@office.test"]
admin_claim = "groups"
admin_value = "cppcc-admins"
committee_claim = "committee"
"""


def _provider_installed() -> None:
    """``npm ci`` into tests/oidc/node_modules on a fresh machine; skip only when npm
    cannot install."""
    marker = OIDC / "node_modules" / "oidc-provider" / "package.json"
    if marker.is_file():
        return
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("没有 Node.js 与 npm，无法运行测试用的统一身份认证服务（tests/oidc）")
    # the browser and the cluster OIDC tests may run at once (make test's two workers):
    # one installs, the other waits for it
    with (OIDC / ".npm-ci.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.is_file():
            return
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=OIDC, capture_output=True, text=True
        )
    if done.returncode != 0:
        pytest.skip(f"npm ci 未能安装 oidc-provider（tests/oidc）：{done.stderr[-400:]}")


def _wait_for(url: str, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            break
    process.kill()
    raise RuntimeError(f"the OIDC provider did not start; see {log}")


def run_provider(folder, redirect_uri: str) -> tuple[subprocess.Popen, str]:
    """The provider on a free port of 127.0.0.1, sending users back to ``redirect_uri``:
    (its process, its issuer URL)."""
    _provider_installed()
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = {
        "port": port,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": redirect_uri,
        "users": USERS,
    }
    (folder / "provider.json").write_text(json.dumps(config), encoding="utf-8")
    log = folder / "provider.log"
    provider = subprocess.Popen(
        ["node", str(OIDC / "provider.js"), str(folder / "provider.json")],
        cwd=OIDC,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    _wait_for(f"{issuer}/.well-known/openid-configuration", provider, log)
    return provider, issuer


def write_secrets(folder, app: str, issuer: str):
    """A secrets file configuring st.login against the provider, for the app at ``app``."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        SECRETS.format(app=app, issuer=issuer, client_id=CLIENT_ID, client_secret=CLIENT_SECRET),
        encoding="utf-8",
    )
    return secrets


def stop(*processes: subprocess.Popen) -> None:
    for running in processes:
        running.terminate()
        try:
            running.wait(timeout=10)
        except subprocess.TimeoutExpired:
            running.kill()


@pytest.fixture(scope="session")
def oidc_app(built_store, tmp_path_factory):
    """(app URL, provider URL): the app signing in through the local provider."""
    _provider_installed()
    folder = tmp_path_factory.mktemp("oidc")
    app_port = _free_port()
    app = f"http://127.0.0.1:{app_port}"
    provider, issuer = run_provider(folder, f"{app}/oauth2callback")
    secrets = write_secrets(folder, app, issuer)
    db_path = folder / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    process, url = start_app(
        db_path, folder / "streamlit.log", app_port, ("--secrets.files", str(secrets))
    )
    yield url, issuer
    stop(process, provider)


def sign_in(page, url: str, issuer: str, login: str) -> None:
    """From the staff page through the provider's login form and back."""
    open_page(page, f"{url}/upload")
    page.get_by_role("button", name="使用单位账号登录").click()
    page.wait_for_url(f"{issuer}/**", timeout=30_000)
    page.locator('input[name="login"]').fill(login)
    page.locator('input[name="password"]').fill("any")
    page.locator('button[type="submit"]').click()
    page.wait_for_url(lambda u: u.startswith(url), timeout=30_000)
    open_page(page, f"{url}/upload")


@pytest.mark.parametrize(
    ("login", "role", "admin"),
    [("wang", "管理员", True), ("li", "管理员", True), ("zhao", "录入员", False)],
    ids=["admin-by-list", "admin-by-claim", "entry"],
)
def test_signin_through_the_provider_gives_name_and_role(page, oidc_app, login, role, admin):
    url, issuer = oidc_app
    sign_in(page, url, issuer, login)
    email = USERS[login]["email"]
    expect(page.get_by_text(f"已登录：{email}（{role}）")).to_be_visible(timeout=30_000)
    # the claimed e-mail address is text, not a mailto: link (markdown would make one)
    expect(page.locator('a[href^="mailto:"]')).to_have_count(0)
    # a 管理员 sees the catalogue and the audit log, a 录入员 does not
    catalogue = page.get_by_text("委员会与指标", exact=True)
    if admin:
        expect(catalogue).to_be_visible()
    else:
        expect(catalogue).to_have_count(0)
    screenshot(page, f"oidc_signed_in_{login}")


def test_signout_ends_the_provider_session_in_the_app(page, oidc_app):
    url, issuer = oidc_app
    sign_in(page, url, issuer, "zhao")
    expect(page.get_by_text("已登录：zhao@office.test（录入员）")).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="退出登录").click()
    # st.logout sends the browser to the provider's end_session endpoint, which asks
    page.wait_for_url(lambda u: u.startswith(f"{issuer}/session/end"), timeout=30_000)
    page.locator('button[name="logout"][value="yes"]').click()
    page.wait_for_url(f"{url}/**", timeout=30_000)
    open_page(page, f"{url}/upload")
    expect(page.get_by_role("button", name="使用单位账号登录")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("已登录：")).to_have_count(0)
    # and a reload does not bring the session back (the cookie is gone, not hidden)
    page.reload()
    open_page(page, f"{url}/upload")
    expect(page.get_by_text("已登录：")).to_have_count(0)
    screenshot(page, "oidc_signed_out")


# 吴忠's two rows of GOOD and one of 固原
MIXED = GOOD + "固原,收到提案,2025,,88,,固原市政协2025年工作报告,,\n"


def test_a_committee_claim_binds_what_the_account_uploads(page, oidc_app, tmp_path):
    url, issuer = oidc_app
    sign_in(page, url, issuer, "zhou")
    # the role line names the committee the claim binds the account to
    expect(page.get_by_text("已登录：zhou@office.test（录入员 · 吴忠）")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("您的账号只能上传、写入和撤销 吴忠 的数字")).to_be_visible()
    # a file with another committee's row is refused whole, naming the row
    upload(page, tmp_path, "混合.csv", MIXED)
    expect(page.get_by_text("第4行是“固原”的数字")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="确认写入", exact=False)).to_have_count(0)
    screenshot(page, "oidc_bound_refused")
    # the same committee's rows alone go through to the preview and its apply button
    upload(page, tmp_path, "吴忠.csv", GOOD)
    expect(page.get_by_role("button", name="确认写入（2 个数字）")).to_be_visible(timeout=30_000)
    screenshot(page, "oidc_bound_preview")


def test_a_claim_naming_no_known_committee_writes_nothing(page, oidc_app, tmp_path):
    url, issuer = oidc_app
    sign_in(page, url, issuer, "sun")
    expect(page.get_by_text("已登录：sun@office.test（录入员 · 不存在的政协）")).to_be_visible(
        timeout=30_000
    )
    upload(page, tmp_path, "吴忠.csv", GOOD)
    expect(page.get_by_text("是“吴忠”的数字")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="确认写入", exact=False)).to_have_count(0)
