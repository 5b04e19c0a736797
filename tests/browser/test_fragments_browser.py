"""A picker reruns its own section (#24): after another metric is chosen in the
overview's comparison, on the year-over-year page or on the map, the server sends the
new view and nothing of what lies outside that section (the overview's headline tiles
and completeness table, a page's heading text, the sidebar), which it would send again
on a rerun of the whole page; and the address still names the view shown (a copied
link reopens it).

What the server sends is read off the page's WebSocket: Streamlit's messages carry the
text of each element as UTF-8, so a heading resent is its bytes in a frame."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from cppcc import i18n
from tests.browser.test_english_browser import idle
from tests.browser.test_levels_browser import choose
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser

# page, its metric picker, what the first run sent outside the picker's section, and
# what shows the new view (a plotly chart, the map's canvas)
PAGES = [
    ("", "overview_metric", ("kpi_heading", "matrix_heading", "sidebar_note"), ".js-plotly-plot"),
    ("yoy", "yoy_metric", ("yoy_intro", "sidebar_note"), ".js-plotly-plot"),
    ("map", "map_metric", ("map_intro", "sidebar_note"), "canvas"),
]


def _sent(frames: list[bytes], words: str) -> bool:
    return any(words.encode() in frame for frame in frames)


def _another_option(page, key: str) -> str:
    """A metric the picker offers other than the one shown (once the page's first run
    has finished: a click while it runs can be lost, and on a loaded machine it runs
    for seconds)."""
    idle(page)
    shown = page.locator(f".st-key-{key} input").input_value().strip()
    for _ in range(3):
        page.click(f".st-key-{key} input")
        try:
            page.get_by_role("option").first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            idle(page)
    else:
        raise AssertionError(f"the picker {key} did not open")
    offered = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return next(name.strip() for name in offered if name.strip() and name.strip() != shown)


@pytest.mark.parametrize(("path", "key", "outside", "drawn"), PAGES, ids=["overview", "yoy", "map"])
def test_a_metric_change_reruns_only_its_section(page, app_url, path, key, outside, drawn):
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived",
            lambda payload: frames.append(payload if isinstance(payload, bytes) else b""),
        ),
    )
    open_page(page, f"{app_url}/{path}")
    page.wait_for_selector(f"{drawn} >> visible=true", timeout=60_000)
    outside = [i18n.text(name, "zh") for name in outside]
    # the first run sent them: their text is what a whole-page rerun would send again
    assert all(_sent(frames, words) for words in outside)

    other = _another_option(page, key)
    before = page.url
    frames.clear()
    choose(page, key, other)
    if path == "":
        page.wait_for_function(
            "name => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
            ".some(t => t.textContent.includes(name))",
            arg=other,
            timeout=60_000,
        )
    assert _sent(frames, other)  # the section was rerun and its new view sent
    assert page.locator(f".st-key-{key} input").input_value().strip() == other
    assert not [words for words in outside if _sent(frames, words)]
    # what lies outside is still on the page, and the address follows
    body = page.inner_text("body")
    assert all(words in body for words in outside[:-1])
    metric = [part for part in page.url.split("?")[1].split("&") if part.startswith("metric=")]
    assert metric and metric[0] not in before
