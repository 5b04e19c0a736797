"""The map on a laptop (issue 25, item 6): it fills the space it is given at every
comparison level, and its hover box stays inside it."""

import io

import numpy as np
import pytest
from PIL import Image

from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_pages import choose, open_page, shown_map

pytestmark = pytest.mark.browser

LEVELS = [
    ("五个地级市", "cities"),
    ("全部县（市、区）", "counties"),
    ("银川市所辖县（市、区）", "640100"),
]


def drawn_extent(deck) -> tuple[int, int, int, int]:
    """The box of everything drawn on the map's canvas (the page around it is white)."""
    shot = np.asarray(Image.open(io.BytesIO(deck.screenshot())).convert("L"))
    rows, columns = np.nonzero(shot < 245)
    return columns.min(), rows.min(), columns.max(), rows.max()


@pytest.mark.parametrize("width", [1366, 1920])
@pytest.mark.parametrize(("level", "name"), LEVELS, ids=[name for _, name in LEVELS])
def test_map_fills_its_space_on_a_laptop(browser, app_url, width, level, name):
    context = browser.new_context(viewport={"width": width, "height": 1100}, locale="zh-CN")
    page = context.new_page()
    open_page(page, f"{app_url}/map")
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    if name != "cities":
        choose(page, "比较层级", level)
    page.wait_for_timeout(2500)
    deck, screen = shown_map(page)
    assert screen.name == ("laptop" if width < 1700 else "wide")
    box = deck.bounding_box()
    # the pickers' row spans the page's content width
    main = page.locator('[data-testid="stHorizontalBlock"]').first.bounding_box()
    # the map and the ranked table beside it share the page's width
    side = page.locator("table.cppcc-table").first.bounding_box()
    assert side["x"] >= box["x"] + box["width"] - 1, "the table is not beside the map"
    used = (side["x"] + side["width"] - box["x"]) / main["width"]
    assert used > 0.95, f"map and table use {used:.0%} of the page's width"
    left, top, right, bottom = drawn_extent(deck)
    tall, wide = (bottom - top) / box["height"], (right - left) / box["width"]
    assert max(tall, wide) > 0.75, (
        f"the map fills {tall:.0%} of its height, {wide:.0%} of its width"
    )
    assert wide > 0.5, f"the map fills {wide:.0%} of its column's width"
    screenshot(page, f"map_fit_{name}_{width}")
    context.close()


def test_hover_box_stays_inside_the_map(browser, app_url):
    """Hover every shape near the map's right and bottom edges: the box that names the
    committee and its figure is drawn inside the map, not cut at its edge."""
    context = browser.new_context(viewport={"width": 1366, "height": 1400}, locale="zh-CN")
    page = context.new_page()
    open_page(page, f"{app_url}/map")
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    choose(page, "比较层级", "全部县（市、区）")
    page.wait_for_timeout(2500)
    deck, _ = shown_map(page)
    box = deck.bounding_box()
    left, top, right, bottom = drawn_extent(deck)
    seen = 0
    for fx, fy in [(0.92, 0.45), (0.85, 0.5), (0.95, 0.4), (0.6, 0.97), (0.7, 0.93), (0.5, 0.5)]:
        page.mouse.move(box["x"] + left + fx * (right - left), box["y"] + top + fy * (bottom - top))
        page.wait_for_timeout(400)
        tip = page.locator(".deck-tooltip").filter(has_text="政协")
        if not tip.count() or not tip.first.is_visible():
            continue
        seen += 1
        shown = tip.first.bounding_box()
        assert shown["x"] >= box["x"] - 1 and shown["y"] >= box["y"] - 1
        assert shown["x"] + shown["width"] <= box["x"] + box["width"] + 1, "cut at the right"
        assert shown["y"] + shown["height"] <= box["y"] + box["height"] + 1, "cut at the bottom"
    assert seen >= 3, "too few shapes answered a hover"
    page.screenshot(path=str(ARTIFACTS / "map_hover_inside.png"))
    context.close()
