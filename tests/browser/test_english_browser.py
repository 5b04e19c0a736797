"""The sidebar's language switch in a real browser: right after a click on English, the
page and its pickers read English (only the data stays Chinese)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def idle(page) -> None:
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=60_000,
    )


@pytest.mark.parametrize("path", ["", "map"], ids=["overview", "map"])
def test_switching_to_english_translates_the_pickers_at_once(page, app_url, path):
    open_page(page, f"{app_url}/{path}")
    page.wait_for_selector('[data-testid="stSelectbox"]', timeout=30_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(page.locator("h1")).to_have_text(re.compile("^(Overview|Map)$"), timeout=60_000)
    idle(page)
    boxes = page.locator('[data-testid="stSelectbox"]')
    shown = {
        box.locator("label").inner_text(): box.get_by_role("combobox").input_value()
        for box in boxes.all()
    }
    # level, metric and period: labels and chosen values in English, as they are drawn
    assert len(shown) >= 3, shown
    assert not [f"{k}: {v}" for k, v in shown.items() if HAN.search(k + v)], shown
    nav = page.inner_text('[data-testid="stSidebarNav"]')
    assert "Overview" in nav and not HAN.search(nav)
    if path == "map":
        # each item of the legend (the scale's ends, its unit, the grey 未报告) stays on
        # one line: “not reported” broke in two beside the map
        lines = page.evaluate(
            "() => [...document.querySelectorAll('.cppcc-legend > span')]"
            ".map(s => new Set([...s.getClientRects()].map(r => Math.round(r.top))).size)"
        )
        assert lines and max(lines) == 1, lines
    screenshot(page, f"english_{path or 'overview'}")
