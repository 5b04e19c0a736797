"""A staff member, in a real browser: signs in, uploads a file, previews, applies,
and sees the new figure on the overview chart; a bad file is refused row by row."""

import re
import shutil

import pytest

from cppcc.upload import accounts
from tests.browser.conftest import screenshot, start_app
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser

GOOD = (
    "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
    "吴忠市,收到提案,2025年,,３１５,,吴忠市政协2025年工作报告,收到提案315件,\n"
    "吴忠,立案（合并交办）提案,2025,,200余,,吴忠市政协2025年工作报告,,\n"
)
BAD = (
    "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
    "吴忠市,收到提案,2024,,abc,,报告,,\n"
    "\n"
    "灵州,收到提案,2024,,12,,,,\n"
)


@pytest.fixture
def staff_app(built_store, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    accounts.add_user("张三", "correct-horse-9", users)
    monkeypatch.setenv("CPPCC_USERS", str(users))
    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    yield url
    process.kill()


def sign_in(page, url):
    open_page(page, f"{url}/upload")
    page.get_by_label("用户名").fill("张三")
    page.get_by_label("密码").fill("correct-horse-9")
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector("text=已登录：张三", timeout=30_000)


def upload(page, tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    page.locator('input[type="file"]').set_input_files(str(path))


def test_upload_preview_apply_and_see_the_chart_change(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    upload(page, tmp_path, "吴忠2024.csv", GOOD)
    apply = page.get_by_role("button", name="确认写入（2 个数字）")
    apply.wait_for(timeout=30_000)  # the last thing the preview draws
    body = page.inner_text("body")
    assert re.search(r"新增\s+2\s+修改\s+0\s+不变\s+0", body)
    screenshot(page, "upload_preview")
    apply.click()
    page.wait_for_selector("text=已写入批次 1", timeout=30_000)

    page.get_by_role("link", name="总览").click()
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_timeout(800)
    # 吴忠's new figure is its latest year: the headline names it, committee and year
    page.wait_for_function(
        "() => document.body.innerText.includes('吴忠 2024：315件')", timeout=30_000
    )
    screenshot(page, "upload_overview_after")
    page.close()


def test_bad_file_is_refused_row_by_row(browser, staff_app, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, staff_app)
    upload(page, tmp_path, "错误.csv", BAD)
    page.wait_for_selector("text=没有写入任何数据", timeout=30_000)
    page.wait_for_selector('[data-testid="stTable"]', timeout=30_000)
    body = page.inner_text("body")
    assert "不是数字" in body  # row 2's value
    assert "找不到委员会" in body and "缺少来源" in body  # row 4, blank row 3 counted
    assert page.get_by_role("button", name="确认写入").count() == 0
    screenshot(page, "upload_bad_file")
    page.close()
