"""Hostile text in every field staff can write, then every page in a real browser.

Payloads go in through the same functions the upload, extraction and catalogue forms
call: a committee and a metric whose names are HTML, a script and a javascript: link;
source titles, quotes and notes likewise. Then every page is opened, the map hovered
on the hostile committee (a new city code: a dot at its seat) and on a city whose source is hostile: no injected element
may exist, no script may have run, and the tooltip shows the text literally.
"""

import math
import shutil

import pandas as pd
import pytest

from cppcc import maps
from cppcc.upload import accounts, catalogue, pipeline, template
from cppcc.web import upload_views
from tests.browser.conftest import screenshot, start_app
from tests.browser.test_pages import PAGES, choose, open_page, shown_map
from tests.browser.test_upload_browser import sign_in
from tests.upload_corpus import csv_bytes, row

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=window.__xss=1>"
SCRIPT = "<script>window.__xss=2</script>"
LINK = "[点我](javascript:window.__xss=3)"
MARKDOWN = "![图](http://example.invalid/t.png) **粗** $x$"
# everything markdown, LaTeX and plotly's HTML subset would format or fetch, and bare
# addresses an autolinker would turn into links
FORMAT = (
    "[官方链接](http://example.invalid/a) **粗体** *斜体* $x^2$ "
    "![图](http://example.invalid/t.png) http://example.invalid/bare www.example.invalid "
    "<b>粗标签</b><i>斜标签</i><a href='http://example.invalid/p'>链</a>"
)
YEAR = 2026  # newer than any curated figure


def _store(path):
    catalogue.add_committee(
        path,
        {
            "adcode": "640600", "name_zh": f"{IMG}政协", "short_zh": f"{SCRIPT}<b>粗标签</b>",
            "name_en": LINK,
            "level": "prefecture", "parent_adcode": "640000", "seat_lat": "35.96",
            "seat_lon": "105.73",
        },
    )  # fmt: skip
    catalogue.add_metric(
        path,
        {
            "code": "hostile_metric", "name_zh": f"{IMG}<b>粗标签</b>指标", "name_en": LINK,
            "unit_zh": "<b onmouseover=window.__xss=5>件</b>", "category": SCRIPT,
            "note": MARKDOWN,
        },
    )  # fmt: skip
    rows = [
        row(committee="640600", metric="platform_reception_rooms", start=YEAR, value="5",
            source=IMG, quote=SCRIPT, note=LINK),
        row(committee="银川", metric="platform_reception_rooms", start=YEAR, value="9",
            source=f"{SCRIPT}{LINK}", quote=MARKDOWN, note=IMG),
        row(committee="640600", metric="hostile_metric", start=YEAR, value="3", source=IMG),
        row(committee="银川", metric="hostile_metric", start=YEAR, value="4", source=MARKDOWN),
        row(committee="银川", metric="收到提案", start=YEAR, value="500", source=IMG,
            quote=SCRIPT),
        row(committee="640600", metric="收到提案", start=YEAR, value="50", source=FORMAT,
            quote=FORMAT, note=FORMAT),
        row(committee="640600", metric="收到提案", start=YEAR - 1, value="40", source=FORMAT),
    ]  # fmt: skip
    result, batch = pipeline.import_file(path, "上传.csv", csv_bytes(rows), user="张三")
    assert batch, result.problems
    # the extraction page's path: edited candidates → template rows → the same preview
    extracted = upload_views.rows_from_editor(
        pd.DataFrame(
            [[True, "石嘴山", "收到提案", YEAR, YEAR, 300, "精确", IMG, 0.9]],
            columns=upload_views.EDITOR_COLUMNS,
        ),
        f"{LINK}{SCRIPT}",
    )
    result, batch = pipeline.import_file(
        path, f"{IMG}.csv", template.csv_bytes(extracted), user="张三"
    )
    assert batch, result.problems


@pytest.fixture
def hostile_app(built_store, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    accounts.add_user("张三", "correct-horse-9", users, role="admin")
    monkeypatch.setenv("CPPCC_USERS", str(users))
    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(built_store, db_path)
    _store(db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    yield url
    process.kill()


PROBE = """() => ({
    xss: window.__xss === undefined ? null : window.__xss,
    img: document.querySelectorAll('img[src="x"], img[src$="/x"]').length,
    script: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__xss')).length,
    bold: document.querySelectorAll('b[onmouseover]').length,
    links: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length,
    outside: [...document.querySelectorAll('img[src]')].filter(i => i.src.includes('example.invalid')).length,
    planted_links: document.querySelectorAll('a[href*="example.invalid"]').length,
    formatted: [...document.querySelectorAll('strong, em, b, i, del')].filter(
        e => /粗体|斜体|粗标签|斜标签/.test(e.textContent)).length,
    plotly_bold: [...document.querySelectorAll('tspan, text')].filter(
        e => /bold|italic/.test(e.getAttribute('style') || '') && /粗标签|斜标签/.test(e.textContent)).length,
    plotly_links: document.querySelectorAll('svg a').length,
    latex: document.querySelectorAll('.katex, math').length,
})"""
CLEAN = {
    "xss": None, "img": 0, "script": 0, "bold": 0, "links": 0, "outside": 0,
    "planted_links": 0, "formatted": 0, "plotly_bold": 0, "plotly_links": 0, "latex": 0,
}  # fmt: skip


def _assert_clean(page, where: str) -> None:
    found = page.evaluate(PROBE)
    assert found == CLEAN, (where, found)


def _pixel(page, lon: float, lat: float) -> tuple[float, float]:
    """Where deck.gl draws a point: Web Mercator around the map's initial view, drawn
    larger on a larger screen."""
    deck, screen = shown_map(page)
    deck.scroll_into_view_if_needed()  # the laptop's map is taller: hover it on screen
    box = deck.locator("canvas").first.bounding_box()
    scale = 512 * 2**6.05 / (2 * math.pi) * screen.scale

    def project(lo, la):
        return scale * math.radians(lo), scale * math.log(
            math.tan(math.pi / 4 + math.radians(la) / 2)
        )

    cx, cy = project(106.05, 37.3)
    x, y = project(lon, lat)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 - (y - cy)


def _hover_tooltip(page, lon: float, lat: float, wanted: str) -> str:
    x, y = _pixel(page, lon, lat)
    for dx, dy in [(0, 0), (3, 0), (-3, 0), (0, 3), (0, -3), (6, 6), (-6, -6)]:
        page.mouse.move(x + dx, y + dy)
        page.wait_for_timeout(250)
        tip = page.locator(".deck-tooltip >> visible=true")
        if tip.count() and wanted in tip.first.inner_text():
            return tip.first.inner_text()
    raise AssertionError(f"no tooltip with {wanted!r} near {lon}, {lat}")


def test_hostile_text_is_shown_as_text_everywhere(page, hostile_app):
    dialogs, fetched = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: fetched.append(request.url))
    for path, name, _, drawing in PAGES:
        open_page(page, f"{hostile_app}/{path}")
        if drawing == "plotly":
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        page.wait_for_timeout(800)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        _assert_clean(page, name)
    # the committee pages of the planted committee and of one with planted sources
    for code in ("640600", "640100"):
        open_page(page, f"{hostile_app}/committee?code={code}")
        page.wait_for_selector("table.cppcc-table", timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0, code
        _assert_clean(page, f"committee {code}")

    # the year table of 年度对比 shows the planted source as written, formatting nothing
    open_page(page, f"{hostile_app}/yoy")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    choose(page, "比较层级", "五个地级市")
    page.wait_for_timeout(1500)
    table = page.locator("table.cppcc-table").first
    assert FORMAT.split(" ")[0] in table.inner_text()
    assert "**粗体**" in table.inner_text() and "$x^2$" in table.inner_text()
    _assert_clean(page, "年度对比, year table")
    screenshot(page, "hostile_yoy_table")

    open_page(page, f"{hostile_app}/map")
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    # the map opens on the most-reported metric and period; the payloads are in these
    choose(page, "指标", "委员会客室")
    choose(page, "期间", str(YEAR))
    page.wait_for_timeout(1500)
    county = _hover_tooltip(page, 105.73, 35.96, "政协")
    assert county.count(IMG) == 2 and "&lt;" not in county  # name and source, literally
    _assert_clean(page, "map, county tooltip")
    geo = maps.boundaries()
    yinchuan = next(f for f in geo["features"] if f["properties"]["adcode"] == "640100")
    lon, lat = maps.centre(yinchuan["geometry"])
    city = _hover_tooltip(page, lon, lat, "银川")
    assert SCRIPT + LINK in city
    _assert_clean(page, "map, city tooltip")
    screenshot(page, "hostile_map_tooltip")

    sign_in(page, hostile_app)
    for section in ("历史与撤销", "委员会与指标", "审计日志"):
        button = page.get_by_role("button", name=section)
        if button.count():
            button.first.click()
            page.wait_for_timeout(1500)
        _assert_clean(page, f"upload page, {section}")
    assert dialogs == []
    assert [url for url in fetched if "example.invalid" in url] == []
