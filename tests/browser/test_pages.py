"""Every page in a real browser: it renders, shows its chart or map, Chinese labels, no
Streamlit error box; a screenshot of each goes to tests/artifacts/ for a human look.
The app shows the tests' own dataset (``tests/fixtures/``): the numbers are the fixture's."""

import io
import re

import pytest

from tests.browser.conftest import ARTIFACTS, ROOT, screenshot

pytestmark = pytest.mark.browser

PAGES = [
    # (url path, file name, text that must be on the page, what draws the data)
    ("", "overview", ["总览", "各委员会比较", "未报告", "数据完整度"], "plotly"),
    ("map", "map", ["地图", "比较层级", "非标准地图"], "deck"),
    ("yoy", "yoy", ["年度对比", "逐年数字", "变化"], "plotly"),
    ("proposals", "proposals", ["提案", "立案比例", "办复率"], "plotly"),
    ("sources", "sources", ["来源", "原文摘录", "来源报告"], None),
    ("committee?code=640200", "committee", ["逐年数字", "全部数字与名次", "来源报告"], "plotly"),
]
# the tables of stored text (ui.static_table: plain HTML, every cell escaped)
TABLE = "table.cppcc-table"


def test_every_page_is_opened_by_these_tests():
    """A new page joins PAGES, and with it the render, offline and hostile-text checks
    (the committee page once rendered stored text as markdown because it was not here)."""
    files = {path.stem for path in (ROOT / "pages").glob("*.py")} - {"upload"}
    opened = {path.split("?")[0] or "overview" for path, *_ in PAGES}
    assert files == opened, files ^ opened


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
        page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    page.wait_for_timeout(800)
    body = page.inner_text("body")
    for expected in texts:
        assert expected in body, f"{expected!r} missing on {name}"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in body
    screenshot(page, f"page_{name}")


def test_no_request_leaves_the_machine_and_none_fails(browser, app_url):
    """Every page opened by its address, as a bookmark would: nothing fetched from
    outside, and no response of the app's own server is an error (a 404 in the console
    is what an office's IT sees first)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requests, failures = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
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
    assert failures == []
    assert len(requests) > 10


def test_a_leader_reads_whose_numbers_and_sees_a_comparison(page, app_url):
    """The walkthrough of issue #15: headline numbers name their committee and year,
    the first chart compares several committees, the yearly table keeps its marks."""
    open_page(page, app_url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    body = page.inner_text("body")
    assert "石嘴山 2023*：350件" in body and "灵武 2022*：150件" in body
    assert "吴忠 2023：260件" in body  # a staff upload, named like a report's figure
    assert "+50（较2022*年）" in body
    assert "期间：2023*" in body
    bars = page.locator(".js-plotly-plot .barlayer .point").count()
    assert bars >= 3, f"the first comparison shows {bars} bar(s)"
    open_page(page, f"{app_url}/yoy")
    page.wait_for_selector(TABLE, timeout=30_000)
    table = page.inner_text(TABLE)
    assert "2022*" in table
    # the whole title of the report, wrapped rather than cut
    assert "测试报告甲——四市政协履职系列报道" in table.replace("\n", "")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``, wait for the rerun."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(500)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def shown_choice(page, label: str) -> str:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    return box.get_by_role("combobox").input_value().strip()


def shown_map(page):
    """The map's Deck this screen shows (one per screen size, ``maps.SCREENS``), and
    its screen."""
    from cppcc import maps

    for screen in maps.SCREENS:
        deck = page.locator(f'.st-key-mapfit_{screen.name} [data-testid="stDeckGlJsonChart"]')
        if deck.count() and deck.first.is_visible():
            return deck.first, screen
    raise AssertionError("no map is shown")


@pytest.mark.parametrize("width", [1920, 1366, 390], ids=["wide", "laptop", "phone"])
@pytest.mark.parametrize("level", ["cities", "640100"], ids=["cities", "yinchuan_counties"])
def test_map_labels_never_overlap(browser, app_url, shown_store, width, level):
    """Measure the map's labels as the browser draws them, for the map as the page
    shows it (the five cities; 银川's counties, where 灵武 meets 银川's districts):
    each label's text, in the map's font, fits the box it was placed in; the boxes do
    not overlap one another or a dot and stay on the map; and a label really is drawn
    there (the box is the label's white, not the map's colours)."""
    import numpy as np
    from PIL import Image

    from cppcc import levels, maps
    from cppcc.store import db, sql

    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=1, is_mobile=width < 500
    )
    page = context.new_page()
    open_page(page, f"{app_url}/map")
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    with db.connect(shown_store) as con:
        committees = con.execute(sql.load("committees")).df()
        metrics = con.execute(sql.load("metrics_reported")).df()
    if level != "cities":
        choose(page, "比较层级", levels.label(level, committees, "zh"))
    # what the page shows: its metric and period, read off the page
    metric = metrics.loc[metrics["name_zh"] == shown_choice(page, "指标"), "code"].iloc[0]
    year = int(shown_choice(page, "期间").rstrip("*")[:4])
    with db.connect(shown_store) as con:
        every = con.execute(
            sql.load("map_values"),
            {"metric": metric, "period_start": year, "period_end": year, "adcodes": []},
        ).df()
    drawn = maps.model(levels.members(every, committees, level), unit="", period=(year, year))
    labels, dots = drawn.labels, drawn.points
    assert len(labels) >= 5 and drawn.unplaced == ()

    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    page.wait_for_timeout(2500)
    deck, screen = shown_map(page)
    canvas = deck.locator("canvas").first
    rect = canvas.bounding_box()
    k = screen.scale  # the model is laid out for a phone; this screen draws it k times larger
    widths = page.evaluate(
        """(lines) => {
            const context = document.createElement("canvas").getContext("2d");
            return lines.map(([line, size]) => {
                context.font = `${size}px "Noto Sans CJK SC"`;
                return context.measureText(line).width;
            });
        }""",
        [[line, label.size * k] for label in labels for line in label.text.split("\n")],
    )
    shot = np.asarray(Image.open(io.BytesIO(canvas.screenshot())).convert("L"), dtype=float)
    Image.fromarray(shot.astype("uint8")).save(ARTIFACTS / f"map_labels_{level}_{width}.png")
    centre_x, centre_y = rect["width"] / 2, rect["height"] / 2
    boxes, measured = [], iter(widths)
    for label in labels:
        left, top, right, bottom = (edge * k for edge in label.box)
        for _ in label.text.split("\n"):
            assert next(measured) <= right - left - 2 * maps.LABEL_PADDING[0] * k + 0.5
        box = (left + centre_x, top + centre_y, right + centre_x, bottom + centre_y)
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= rect["width"] and box[3] <= rect["height"]
        inner = shot[int(box[1]) + 2 : int(box[3]) - 2, int(box[0]) + 2 : int(box[2]) - 2]
        assert (inner > 235).mean() > 0.45, f"no label drawn where {label.text!r} was put"
        boxes.append(box)
    for dot in dots:
        x, y = (k * c for c in maps.project(*dot.position, drawn.view))
        r = maps.DOT_RADIUS * k
        boxes.append((x - r + centre_x, y - r + centre_y, x + r + centre_x, y + r + centre_y))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"labels overlap at {width}px: {a} and {b}"
    context.close()


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


def test_bookmarked_page_works_on_a_fresh_server(browser, shown_store, tmp_path):
    """The first visit after a restart goes straight to /map: the router, the Chinese
    navigation and the map must all be there, not a bare page."""
    import shutil

    from tests.browser.conftest import start_app

    db_path = tmp_path / "ningxia.duckdb"
    shutil.copy(shown_store, db_path)
    process, url = start_app(db_path, tmp_path / "streamlit.log")
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        open_page(page, f"{url}/map")
        page.wait_for_selector("canvas >> visible=true", timeout=60_000)
        nav = page.inner_text('[data-testid="stSidebarNav"]')
        assert "总览" in nav and "overview" not in nav
        assert page.inner_text("h1") == "地图"
        context.close()
    finally:
        process.kill()
