"""Every page in a real browser: it renders, shows its chart or map, Chinese labels, no
Streamlit error box; a screenshot of each goes to tests/artifacts/ for a human look."""

import re

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

PAGES = [
    # (url path, file name, text that must be on the page, what draws the data)
    ("", "overview", ["总览", "各委员会比较", "未报告", "数据完整度"], "plotly"),
    ("map", "map", ["地图", "灵武", "非标准地图"], "deck"),
    ("yoy", "yoy", ["年度对比", "逐年数字", "变化"], "plotly"),
    ("proposals", "proposals", ["提案", "立案比例", "办复率"], "plotly"),
    ("sources", "sources", ["来源", "原文摘录", "来源报告"], None),
]


def open_page(page, url: str):
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector("h1", timeout=30_000)
    # wait until Streamlit has finished the run (the status widget disappears)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


@pytest.mark.parametrize(("path", "name", "texts", "drawing"), PAGES, ids=[p[1] for p in PAGES])
def test_page_renders_in_chromium(page, app_url, path, name, texts, drawing):
    open_page(page, f"{app_url}/{path}")
    if drawing == "plotly":
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    elif drawing == "deck":
        page.wait_for_selector("canvas", timeout=30_000)
    page.wait_for_timeout(800)
    body = page.inner_text("body")
    for expected in texts:
        assert expected in body, f"{expected!r} missing on {name}"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in body
    screenshot(page, f"page_{name}")


def test_no_request_leaves_the_machine(browser, app_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path, *_ in PAGES:
        open_page(page, f"{app_url}/{path}")
        page.wait_for_timeout(1500)
    context.close()
    outside = [
        url for url in requests
        if not re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/", url)
        and not url.startswith(("data:", "blob:", "about:"))
    ]  # fmt: skip
    assert outside == []
    assert len(requests) > 10


def test_phone_layout_does_not_scroll_sideways(browser, app_url):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    for path, name, *_ in PAGES:
        open_page(page, f"{app_url}/{path}")
        page.wait_for_timeout(1000)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px on a phone"
        screenshot(page, f"phone_{name}")
    context.close()


def test_bookmarked_page_works_on_a_fresh_server(browser, built_store, tmp_path):
    """The first visit after a restart goes straight to /map: the router, the Chinese
    navigation and the map must all be there, not a bare page."""
    import shutil

    from tests.browser.conftest import start_app

    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_page(page, f"{url}/map")
        page.wait_for_selector("canvas", timeout=30_000)
        nav = page.inner_text('[data-testid="stSidebarNav"]')
        assert "总览" in nav and "overview" not in nav
        assert page.inner_text("h1") == "地图"
        context.close()
    finally:
        process.kill()
