"""The comparison level in a real browser: the map's county layer draws, with Chinese
labels and nothing fetched from outside; a county comparison on the overview; and
screenshots of the county views, desktop and phone, for a human look."""

import math
import re

import numpy as np
import pytest
from PIL import Image

from cppcc import maps
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_pages import open_page, shown_map

pytestmark = pytest.mark.browser

LOCAL = re.compile(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/")
XIJI = (105.6341, 35.9521)  # 西吉县's label point in data/geo/ningxia.geojson


def choose(page, key: str, option: str):
    """Pick ``option`` in the selectbox with widget key ``key``, as a user types it."""
    page.click(f".st-key-{key} input")
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(500)
    # the rerun is over when nothing is running and nothing on the page is stale
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-stale=\"true\"]')",
        timeout=60_000,
    )


def on_canvas(page, lon: float, lat: float, view: dict) -> tuple[float, float]:
    """Where a point of the map is on the screen: the canvas's centre is the view's,
    drawn ``scale`` times larger on this screen's Deck."""
    deck, screen = shown_map(page)
    box = deck.locator("canvas").first.bounding_box()
    zoom = view["zoom"] + math.log2(screen.scale)
    x, y = maps.world(lon, lat, zoom)
    cx, cy = maps.world(view["longitude"], view["latitude"], zoom)
    return box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy


def test_map_county_layer_draws_with_chinese_labels_and_stays_local(browser, app_url):
    # tall enough that the whole map is on screen without scrolling
    context = browser.new_context(viewport={"width": 1366, "height": 1400}, locale="zh-CN")
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    open_page(page, f"{app_url}/map")
    choose(page, "map_level", "全部县（市、区）")
    page.get_by_text("粗线为地级市界").wait_for(timeout=60_000)  # the county view's caption
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    page.wait_for_timeout(2500)  # deck.gl builds its glyph atlas, then draws
    x, y = on_canvas(page, *XIJI, maps.REGION_VIEW)

    # a label is drawn there: glyph strokes (text is rgb 25, the darkest other thing
    # drawn is the cities' border at 95) on its white box, not an empty shape
    path = ARTIFACTS / "levels_map_label_xiji.png"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip={"x": x - 30, "y": y - 14, "width": 60, "height": 28})
    pixels = np.asarray(Image.open(path).convert("L"))
    assert (pixels < 90).sum() > 25, "no label text drawn at 西吉县"

    # the county shape answers a hover with its Chinese name
    page.mouse.move(x, y + 18)
    tooltip = page.locator(".deck-tooltip >> visible=true")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert "西吉县政协" in tooltip.inner_text()

    assert "粗线为地级市界" in page.inner_text("body")
    context.close()
    outside = [
        url for url in requests
        if not LOCAL.match(url) and not url.startswith(("data:", "blob:", "about:"))
    ]  # fmt: skip
    assert outside == []


def test_overview_compares_one_citys_counties(page, app_url):
    open_page(page, app_url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    choose(page, "overview_metric", "收到提案")  # the page opens on the most-reported metric
    choose(page, "overview_period", "2022*")
    choose(page, "overview_level", "银川市所辖县（市、区）")
    page.wait_for_timeout(1200)
    chart = page.locator(".st-key-overview_chart")
    words = chart.inner_text()
    assert "灵武" in words and "150*" in words and "兴庆区" in words
    assert words.count("未报告") == 5  # the five of 银川's six that give no figure
    assert "石嘴山" not in words  # a city is not compared with counties


VIEWS = [
    # (name, url path, [(widget key, option)], what draws the data)
    ("overview_counties", "", [("overview_metric", "收到提案"), ("overview_period", "2022*"),
                               ("overview_level", "银川市所辖县（市、区）")], "plotly"),
    ("map_counties", "map", [("map_level", "全部县（市、区）")], "deck"),
    ("map_city_counties", "map", [("map_metric", "收到提案"), ("map_period", "2022*"),
                                  ("map_level", "银川市所辖县（市、区）")], "deck"),
    ("yoy_counties", "yoy", [("yoy_level", "全部县（市、区）")], "plotly"),
]  # fmt: skip


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_county_views_screenshots(browser, app_url, width):
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": 900 if not phone else 844},
        locale="zh-CN",
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    page = context.new_page()
    for name, path, choices, drawing in VIEWS:
        open_page(page, f"{app_url}/{path}")
        for key, option in choices:
            choose(page, key, option)
        page.wait_for_selector(
            ".js-plotly-plot .main-svg" if drawing == "plotly" else "canvas >> visible=true",
            timeout=60_000,
        )
        page.wait_for_timeout(1500)
        assert page.locator('[data-testid="stException"]').count() == 0
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} scrolls sideways by {overflow}px"
        screenshot(page, f"levels_{name}_{'phone' if phone else 'desktop'}")
    context.close()
