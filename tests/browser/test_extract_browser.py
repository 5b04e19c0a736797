"""A staff member, in a real browser, reads a pasted report in the text view: assigns a
number the extractor left to a metric with one pick, applies, and finds the figure on the
sources page with its inferred year marked *."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_pages import open_page
from tests.browser.test_upload_browser import extract_text, sign_in, staff_app  # noqa: F401

pytestmark = pytest.mark.browser

# undated: its figures take the year it was published, inferred (*)
REPORT = (
    "吴忠市政协工作综述\n\n"
    "吴忠市政协全年共收到提案315件，经审查立案280件。\n"
    "全市新建委员之家17个，发放宣传册900份。\n"
)


def test_assign_a_number_in_the_text_and_find_it_with_its_star(browser, staff_app):  # noqa: F811
    page = browser.new_page(viewport={"width": 1366, "height": 1000})
    sign_in(page, staff_app)
    extract_text(page, REPORT, 2025)
    page.wait_for_selector("text=找到 2 个候选数字", timeout=30_000)
    view = page.locator(".extract-text")
    view.wait_for(timeout=30_000)
    assert view.locator("mark.extract-taken").count() == 2  # 315 and 280, proposed
    assert view.locator("mark.extract-open").count() == 2  # 17 and 900, left
    screenshot(page, "extract_text_view")

    # pick 17个 by its tag, say what it counts; the value is not typed
    page.get_by_text("3 · 17个", exact=True).click()
    page.wait_for_selector("text=未提出的原因", timeout=30_000)
    settle(page)
    metric = page.get_by_label("指标", exact=True)
    metric.click()
    page.keyboard.type("委员会客室")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_role("button", name="采用为此指标").click()
    page.wait_for_selector("text=找到 3 个候选数字", timeout=30_000)
    assert view.locator("mark.extract-taken").count() == 3
    screenshot(page, "extract_text_view_assigned")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the text still reads
    view.scroll_into_view_if_needed()
    screenshot(page, "extract_text_view_phone")
    page.set_viewport_size({"width": 1366, "height": 1000})
    settle(page)

    # rejecting is one click: 280 leaves the batch
    page.get_by_text("2 · 280件✓", exact=True).click()
    page.wait_for_selector("text=选中：「经审查立案280件」", timeout=30_000)
    settle(page)
    page.get_by_role("button", name="不采用").click()
    page.wait_for_function(
        "() => document.querySelectorAll('.extract-text mark.extract-rejected').length === 1",
        timeout=30_000,
    )

    source = page.get_by_label("来源（报告标题和年份，必填）")
    source.fill("吴忠市政协2024年工作综述")
    source.press("Enter")
    settle(page)
    page.get_by_role("button", name="预览这些数字").click()
    apply = page.get_by_role("button", name="确认写入（2 个数字）")
    apply.wait_for(timeout=30_000)
    apply.click()
    page.wait_for_selector("text=已写入批次", timeout=30_000)

    open_page(page, f"{staff_app}/sources")
    search = page.get_by_label("搜索（原文、来源、备注）")
    search.fill("委员之家17个")
    search.press("Enter")
    page.wait_for_selector("text=数字（1 条）", timeout=30_000)
    # the grid draws on a canvas; its cells are also in the page for screen readers
    cells = page.locator("[role=gridcell]")
    expect(cells.filter(has_text=re.compile(r"^2025\*$"))).to_have_count(1, timeout=30_000)
    expect(cells.filter(has_text=re.compile("^推定$"))).to_have_count(1)
    screenshot(page, "extract_sources_star")
    page.close()


def settle(page):
    """Wait until Streamlit has finished the run (no stale copy of a moved widget)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )
