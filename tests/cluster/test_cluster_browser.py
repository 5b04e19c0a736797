"""Several app servers over one PostgreSQL, in a real browser: what staff do on one
server shows on the other, a dead server's users land on the live one, and a restarted
database gives a clear message and then recovers, without restarting any app server."""

import re
import time

import pytest

from cppcc.i18n import text
from tests.browser.test_pages import open_page
from tests.cluster.conftest import STAFF, run_cli_on

pytestmark = pytest.mark.browser

# the heading over the latest-figure tiles, as the overview shows it
HEADLINES = text("kpi_heading", "zh")
HEADER = "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.fixture
def other_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    yield context.new_page()
    context.close()


def sign_in(page, url, who=STAFF):
    open_page(page, f"{url}/upload")
    page.get_by_label("用户名").fill(who[0])
    page.get_by_label("密码").fill(who[1])
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(f"text=已登录：{who[0]}", timeout=30_000)


def upload_and_apply(page, url, tmp_path, rows: str) -> int:
    sign_in(page, url)
    path = tmp_path / "上传.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(path))
    apply = page.get_by_role("button", name=re.compile(r"确认写入（\d+ 个数字）"))
    apply.wait_for(timeout=30_000)
    apply.click()
    page.wait_for_selector("text=/已写入批次 \\d+/", timeout=30_000)
    return int(re.search(r"已写入批次 (\d+)", page.inner_text("body")).group(1))


def overview(page, url) -> str:
    """The overview as a reader sees it: the latest-figure tiles and the comparison."""
    open_page(page, url)
    page.wait_for_selector(f"text={HEADLINES}", timeout=30_000)
    page.wait_for_timeout(500)
    return page.inner_text("body")


def wait_for_overview(page, url, predicate, timeout=15) -> str:
    """Reload until the page shows what was written elsewhere (each server checks the
    store's version about once a second)."""
    deadline = time.monotonic() + timeout
    while True:
        shown = overview(page, url)
        if predicate(shown) or time.monotonic() > deadline:
            return shown
        time.sleep(1)


def test_a_figure_applied_on_server_a_shows_on_server_b(
    cluster, staff_account, page, other_page, tmp_path
):
    a, b = (replica.url for replica in cluster.replicas)
    assert "4321" not in overview(other_page, b)
    upload_and_apply(page, a, tmp_path, "吴忠,收到提案,2026,,4321,,集群测试报告,,\n")
    assert "4321" in wait_for_overview(other_page, b, lambda shown: "4321" in shown)


def test_a_batch_applied_on_a_is_reverted_on_b(cluster, staff_account, page, other_page, tmp_path):
    a, b = (replica.url for replica in cluster.replicas)
    batch = upload_and_apply(page, a, tmp_path, "固原,收到提案,2027,,5678,,集群测试报告,,\n")
    sign_in(other_page, b)
    other_page.get_by_text("历史与撤销", exact=True).click()
    other_page.get_by_text(f"我确认撤销批次 {batch}").click()
    other_page.get_by_role("button", name=f"撤销批次 {batch}").click()
    other_page.wait_for_selector(f"text=已撤销批次 {batch}", timeout=30_000)
    assert "5678" not in wait_for_overview(page, a, lambda shown: "5678" not in shown)


def test_an_account_created_through_a_signs_in_on_b(cluster, page):
    who = ("赵六", "another-horse-7")
    run_cli_on(cluster, "add-user", who[0], "--password-stdin", stdin=who[1] + "\n")
    sign_in(page, cluster.replicas[1].url, who)
    assert "上传文件" in page.inner_text("body")


def test_when_a_server_dies_its_users_are_served_by_the_other(cluster, browser):
    first = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = first.new_page()
    answer = page.goto(cluster.url)
    served_by = answer.headers["x-cppcc-replica"]
    route = next(c for c in first.cookies() if c["name"] == "cppcc_route")
    dead = next(r for r in cluster.replicas if served_by.endswith(f":{r.port}"))
    first.close()
    dead.kill()
    try:
        # a new session with the same route as before: it hashed to the dead server
        later = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        later.add_cookies([{key: route[key] for key in ("name", "value", "domain", "path")}])
        page = later.new_page()
        answer = page.goto(cluster.url)
        assert not answer.headers["x-cppcc-replica"].endswith(f":{dead.port}")
        assert "暂时无法连接" not in overview(page, cluster.url)
        later.close()
    finally:
        dead.start()
        dead.wait_healthy()
        cluster.wait_balanced()  # the later tests expect each route back on its server


def test_a_database_restart_shows_a_clear_message_then_recovers(cluster, page):
    url = cluster.replicas[1].url
    assert "暂时无法连接" not in overview(page, url)
    cluster.postgres.stop()
    try:
        time.sleep(1.5)  # past the server's once-a-second version check
        page.get_by_role("link", name="来源").click()
        message = page.get_by_text("暂时无法连接数据库服务器")
        message.wait_for(timeout=30_000)
        assert "Traceback" not in page.inner_text("body")
    finally:
        cluster.postgres.start()
    time.sleep(1.5)
    page.get_by_role("link", name="总览").click()
    page.wait_for_selector(f"text={HEADLINES}", timeout=30_000)
    assert "暂时无法连接数据库服务器" not in page.inner_text("body")
