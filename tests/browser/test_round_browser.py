"""A whole collection round in a real browser: a 管理员 opens it and downloads the
workbooks; two committee-bound 录入员 return their own (one partly filled); one tries
another committee's workbook and is refused with nothing written; the board shows who
returned; the overview and year-over-year pages show the returned figures."""

import io
import shutil
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from cppcc.store import db
from cppcc.upload import accounts
from tests.browser.conftest import screenshot, start_app
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-9"
YEAR = date.today().year - 1  # what the round form offers first
WUZHONG, GUYUAN = "640300", "640400"


@pytest.fixture
def round_app(built_store, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    accounts.add_user("王管理", PASSWORD, users, role="admin")
    accounts.add_user("吴忠录入", PASSWORD, users, role="entry", committees=[WUZHONG])
    accounts.add_user("固原录入", PASSWORD, users, role="entry", committees=[GUYUAN])
    monkeypatch.setenv("CPPCC_USERS", str(users))
    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    yield url, db_path
    process.kill()


def signed_in(browser, url: str, name: str):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    open_page(page, f"{url}/upload")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(f"text=已登录：{name}", timeout=30_000)
    return context, page


def filled(data: bytes, values: dict[str, float] | None) -> bytes:
    """The workbook with 数值 typed in, as a committee would: ``values`` by metric name,
    or every open cell when None (whole numbers for counts, a rate for percentages)."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["数据"]
    for row in sheet.iter_rows(min_row=2):
        metric, value = row[1].value, row[4]
        if metric is None or value.value is not None or value.protection.locked:
            continue
        if values is None:
            value.value = 90.5 if "率" in metric else 40
        elif metric in values:
            value.value = values[metric]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def open_cells(data: bytes) -> int:
    """How many 数值 cells the workbook leaves to fill."""
    sheet = load_workbook(io.BytesIO(data))["数据"]
    return sum(
        1 for row in sheet.iter_rows(min_row=2) if row[1].value and not row[4].protection.locked
    )


def upload(page, path) -> None:
    page.locator('input[type="file"]').set_input_files(str(path))


def batches(db_path) -> int:
    with db.connect(db_path) as con:
        return con.execute("select count(*) from batches").fetchone()[0]


@pytest.mark.timeout(900)  # five sign-ins, three uploads and four pages in one story
def test_a_whole_round(browser, round_app, tmp_path):
    url, db_path = round_app
    # the 管理员 opens the round for last year with the defaults and downloads everything
    context, page = signed_in(browser, url, "王管理")
    page.get_by_text("数据征集", exact=True).click()
    page.get_by_role("button", name="开启").click()
    page.wait_for_selector("text=已开启数据征集第 1 轮", timeout=30_000)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="下载全部 27 个工作簿（.zip）").click()
    archive = zipfile.ZipFile(download.value.path())
    names = archive.namelist()
    assert len(names) == 27
    wuzhong = next(n for n in names if n.endswith("_吴忠.xlsx"))
    guyuan = next(n for n in names if n.endswith("_固原.xlsx"))
    screenshot(page, "round_opened")
    context.close()

    # 吴忠 returns two figures and leaves the rest empty (未报告)
    partly = tmp_path / wuzhong
    partly.write_bytes(
        filled(archive.read(wuzhong), {"收到提案": 315, "立案（合并交办）提案": 200})
    )
    complete = tmp_path / guyuan
    complete.write_bytes(filled(archive.read(guyuan), None))
    asked = open_cells(archive.read(wuzhong))  # neither has a figure for last year yet
    context, page = signed_in(browser, url, "吴忠录入")
    page.wait_for_selector("text=只能上传、写入和撤销 吴忠 的数字", timeout=30_000)
    upload(page, partly)
    apply = page.get_by_role("button", name="确认写入（2 个数字）")
    apply.wait_for(timeout=30_000)
    assert "按“未报告”处理" in page.inner_text("body")
    screenshot(page, "round_return_partly")
    apply.click()
    page.wait_for_selector("text=已写入批次 1", timeout=30_000)

    # …and tries 固原's workbook: refused whole, naming the rows, nothing written
    upload(page, complete)
    page.wait_for_selector("text=是“固原”的数字", timeout=30_000)
    body = page.inner_text("body")
    assert "只能上传 吴忠 的数字" in body and "没有写入任何数据" in body
    assert page.get_by_role("button", name="确认写入").count() == 0
    screenshot(page, "round_other_committee_refused")
    context.close()
    assert batches(db_path) == 1

    # 固原 returns every figure
    context, page = signed_in(browser, url, "固原录入")
    upload(page, complete)
    apply = page.get_by_role(
        "button", name=f"确认写入（{open_cells(archive.read(guyuan))} 个数字）"
    )
    apply.wait_for(timeout=30_000)
    apply.click()
    page.wait_for_selector("text=已写入批次 2", timeout=30_000)
    context.close()

    # the board: who returned, when, how much
    context, page = signed_in(browser, url, "王管理")
    page.get_by_text("数据征集", exact=True).click()
    page.wait_for_selector("text=报送进度", timeout=30_000)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    notice = page.locator('[data-testid="stCode"]')
    notice.wait_for(timeout=30_000)
    notice = notice.inner_text()
    assert "25 个委员会尚未报送" in notice and f"吴忠市政协（缺 {asked - 2} 项）" in notice
    screenshot(page, "round_board")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="导出进度表（.xlsx）").click()
    board = load_workbook(io.BytesIO(download.value.path().read_bytes()))["进度"]
    rows = {row[0]: row for row in board.iter_rows(min_row=2, values_only=True)}
    assert rows["吴忠"][2] == "部分报送" and rows["吴忠"][4] == 2 and rows["吴忠"][7] == "吴忠录入"
    assert rows["固原"][2] == "已齐全" and rows["固原"][7] == "固原录入"
    assert rows["银川"][2] == "未报送" and rows["银川"][7] is None
    context.close()

    # the returned figures on the public pages
    context, page = signed_in(browser, url, "王管理")
    open_page(page, url)
    page.wait_for_function(
        f"() => document.body.innerText.includes('吴忠 {YEAR}：315件')", timeout=30_000
    )
    page.wait_for_selector(
        f"text=数据征集第 1 轮（{YEAR} 年）：27 个委员会中已有 2 个报送", timeout=60_000
    )
    screenshot(page, "round_overview")
    open_page(page, f"{url}/yoy")
    # the year-over-year table is plain HTML (cppcc.web.ui.static_table)
    page.wait_for_selector("table.cppcc-table", timeout=60_000)
    table = page.inner_text("table.cppcc-table >> nth=0")
    assert "315件" in table and f"吴忠市政协{YEAR}年数据征集报送" in table
    screenshot(page, "round_yoy")
    context.close()
