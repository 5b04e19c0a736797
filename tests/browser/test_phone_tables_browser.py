"""The committee page's and 年度对比's tables on a 390 px phone (issue 25): each row a
card, every cell beside its column's name, nothing wider than the screen, no name
broken a character a line."""

import pytest

from tests.browser.conftest import screenshot
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser

CARDS = """() => [...document.querySelectorAll('table.cppcc-table')].map(table => ({
  width: table.getBoundingClientRect().width,
  header: getComputedStyle(table.querySelector('thead')).display,
  // the lines the longest first cell of a row takes (a metric or committee name)
  lines: Math.max(0, ...[...table.querySelectorAll('tbody tr')].map(row => {
    const cell = row.firstElementChild;
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  })),
  labelled: [...table.querySelectorAll('tbody td')].every(td => td.dataset.label !== undefined),
}))"""


@pytest.mark.parametrize("path", ["committee?code=640000", "committee?code=640200&lang=en"])
def test_committee_tables_read_as_cards_on_a_phone(browser, app_url, path):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    open_page(page, f"{app_url}/{path}")
    page.wait_for_function(
        "() => document.querySelectorAll('table.cppcc-table').length >= 3", timeout=30_000
    )
    tables = page.evaluate(CARDS)
    for table in tables:
        assert table["width"] <= 390, table
        assert table["header"] == "none" and table["labelled"], table
        assert table["lines"] <= 2, table  # 立案（合并交办）提案 no longer 2 characters a line
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
    screenshot(page, f"phone_tables_{path.split('=')[1].replace('&', '_')}")
    context.close()


def test_tables_stay_tables_on_a_laptop(page, app_url):
    open_page(page, f"{app_url}/committee?code=640000")
    page.wait_for_selector("table.cppcc-table", timeout=30_000)
    assert all(table["header"] != "none" for table in page.evaluate(CARDS))
