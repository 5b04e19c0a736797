"""Sign-in through the identity provider on the nginx path: two app servers behind
nginx, st.login against the real provider (``tests/oidc``), in a real browser. A user
signed in on one server is still signed in when nginx sends the browser to the other
(the st.login cookie, signed with the secret both servers share, travels through
nginx's 32k header buffers), and the audit log records the sign-in once per server."""

import shutil
import urllib.request

import pytest
from playwright.sync_api import expect

from cppcc.cluster.local import Cluster, free_port
from tests.browser.conftest import screenshot
from tests.browser.test_oidc_browser import run_provider, sign_in, stop, write_secrets
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def oidc_cluster(tmp_path_factory):
    """(nginx URL, provider URL, the cluster): st.login configured on both servers."""
    missing = [name for name in ("nginx", "setpriv") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{missing} missing: run `make test` (scripts/install_system_deps.sh)")
    folder = tmp_path_factory.mktemp("oidc-cluster")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    provider, issuer = run_provider(folder, f"{url}/oauth2callback")
    secrets = write_secrets(folder, url, issuer)
    try:
        cluster = Cluster(replicas=2, port=port, app_args=("--secrets.files", str(secrets)))
        cluster.start()
    except BaseException:
        stop(provider)
        raise
    yield url, issuer, cluster
    cluster.close()
    stop(provider)


def _routes(cluster) -> dict[str, str]:
    """A value of nginx's route cookie for each server (its address → the value)."""
    found = {}
    for n in range(64):
        value = f"{n:032x}"
        request = urllib.request.Request(
            f"{cluster.url}/_stcore/health", headers={"Cookie": f"cppcc_route={value}"}
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            found.setdefault(answer.headers["X-CPPCC-Replica"], value)
        if len(found) == len(cluster.replicas):
            return found
    raise AssertionError(f"nginx sent 64 routes to {sorted(found)} only")


def _served_by(page, url: str) -> str:
    """Which server nginx sends this browser to now (its route cookie decides)."""
    return page.request.get(f"{url}/_stcore/health").headers["x-cppcc-replica"]


def test_a_signed_in_user_stays_signed_in_on_the_other_server(browser, oidc_cluster):
    url, issuer, cluster = oidc_cluster
    (first, first_route), (second, second_route) = sorted(_routes(cluster).items())
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    route = {"name": "cppcc_route", "domain": "127.0.0.1", "path": "/"}
    context.add_cookies([{**route, "value": first_route}])
    page = context.new_page()
    sign_in(page, url, issuer, "li")
    signed_in = page.get_by_text("已登录：li@office.test（管理员）")
    expect(signed_in).to_be_visible(timeout=30_000)
    assert _served_by(page, url) == first
    # nginx now sends this browser to the other server: a new session there
    context.add_cookies([{**route, "value": second_route}])
    assert _served_by(page, url) == second
    open_page(page, f"{url}/upload")
    expect(signed_in).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="使用单位账号登录")).to_have_count(0)
    screenshot(page, "oidc_cluster_other_server")
    context.close()
