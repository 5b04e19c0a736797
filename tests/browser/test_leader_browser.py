"""What a leader does next (issue 25) in a real browser: a committee's own page, a
link that reopens a view, a printout, a phone. Expected values are read from the store
the app serves, never written here."""

import html
import re
import subprocess

import duckdb
import pytest
from playwright.sync_api import expect

from cppcc import levels, tables
from cppcc.formatting import period_text, value_text
from cppcc.state import PageState
from cppcc.store import sql
from tests.browser.conftest import ARTIFACTS, screenshot
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser


def own_figures(store, code: str):
    with duckdb.connect(str(store), read_only=True) as con:
        figures = con.execute(sql.load("committee_figures"), {"code": code}).df()
        name = con.execute("select name_zh from committees where adcode = ?", [code]).fetchone()
    return figures, name[0]


@pytest.mark.parametrize("width", [1366, 390], ids=["laptop", "phone"])
def test_committee_page_shows_its_figures(browser, app_url, shown_store, width):
    """/committee?code=640200 is 石嘴山市政协's page: its full name as the heading, each
    of its figures with its marks, a rank among the cities, its reports."""
    own, name = own_figures(shown_store, "640200")
    assert not own.empty, "the test store has no figure of 石嘴山"
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    open_page(page, f"{app_url}/committee?code=640200")
    # three tables: by year, every figure with its rank, the reports
    page.wait_for_function(
        "() => document.querySelectorAll('table.cppcc-table').length >= 3",
        timeout=30_000,
    )
    assert page.locator("h1").first.inner_text().strip() == name
    body = page.inner_text("body")
    for row in own.itertuples():
        assert value_text(row.value, row.qualifier, row.unit) in body, row.metric_name
        assert row.metric_name in body
    assert "共" in body and "个报告" in body  # a rank among the cities
    for source in set(own["source"]):
        assert source in body
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"committee_640200_{'phone' if width < 500 else 'laptop'}")
    context.close()


def test_committee_page_with_a_bad_code_explains_and_shows_one(page, app_url):
    open_page(page, f"{app_url}/committee?code=99'%3Cb%3E")
    body = page.inner_text("body")
    assert "没有代码为" in body
    assert page.locator("h1").count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0


def store_frame(store, name: str, **params):
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql.load(name), params).df()


def pdf_text(page, path, *, landscape: bool) -> str:
    page.pdf(path=str(path), format="A4", landscape=landscape, print_background=True)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def words_between(path, first: str, last: str) -> list[str]:
    """The words printed on the page of ``first`` (a word that ends with it), below it
    and above ``last``: what a chart between its title and its source line shows."""
    done = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True)
    for sheet in re.findall(r"<page .*?</page>", done.stdout, flags=re.S):
        words = [
            (float(y), html.unescape(word))
            for y, word in re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)</word>', sheet)
        ]
        top = [y for y, word in words if word.endswith(first)]
        bottom = [y for y, word in words if word.startswith(last)]
        if top and bottom:
            return [word for y, word in words if top[-1] < y < bottom[0]]
    return []


@pytest.mark.parametrize("landscape", [False, True], ids=["portrait", "landscape"])
def test_printed_overview_keeps_the_whole_chart(page, app_url, shown_store, landscape):
    """Printed to A4 in Chromium, the overview's chart names every city (none cut off
    at the right edge), the page says which level, metric and period it shows and
    where the figures come from, and leaves out the navigation and the controls."""
    committees = store_frame(shown_store, "committees")
    cities = list(committees.loc[committees["level"] == "prefecture", "committee"])
    coverage = store_frame(shown_store, "figure_coverage")
    metric, (start, end) = tables.most_reported(coverage, levels=["prefecture"])
    shown = store_frame(
        shown_store, "figures_for_period", metric=metric, period_start=start,
        period_end=end, adcodes=[],
    )  # fmt: skip
    open_page(page, app_url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    page.wait_for_timeout(1500)  # the page script measures the chart for print
    name = f"overview_{'landscape' if landscape else 'portrait'}"
    text = pdf_text(page, ARTIFACTS / f"print_{name}.pdf", landscape=landscape)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", str(ARTIFACTS / f"print_{name}.pdf"),
         str(ARTIFACTS / f"print_{name}")],
        check=True,
    )  # fmt: skip
    chart = words_between(ARTIFACTS / f"print_{name}.pdf", "：各委员会比较", "数据来源")
    for city in cities:
        assert city in chart, f"{city} is cut off the printed chart"
    assert period_text(start, end) in text
    for source in set(shown.loc[shown["adcode"].isin(committees["adcode"]), "source"]):
        if shown.loc[shown["source"] == source, "level"].eq("prefecture").any():
            assert source.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert "打印于" in text
    for chrome in ("数据上传", "语言 / Language", "复制链接", "导出"):
        assert chrome not in text, f"{chrome} is printed"


def a_view(store) -> PageState:
    """A view other than the opening one, from the store: a city's counties, the last
    metric and period they report."""
    committees = store_frame(store, "committees")
    coverage = store_frame(store, "figure_coverage")
    for level in levels.options(committees)[2:]:
        rows = levels.members(coverage, committees, level)
        if not rows.empty:
            last = rows.iloc[-1]
            period = (int(last["period_start"]), int(last["period_end"]))
            return PageState(level, str(last["metric"]), period)
    raise AssertionError("no city's counties report anything in the test store")


@pytest.mark.parametrize("path", ["", "map"], ids=["overview", "map"])
def test_a_link_reopens_its_view_in_a_fresh_browser(browser, app_url, shown_store, path):
    """A link with level, metric, period and lang=en, opened in a browser that has
    never seen the app, shows that view in English; its 复制链接 copies the address."""
    view = a_view(shown_store)
    committees = store_frame(shown_store, "committees")
    metrics = store_frame(shown_store, "metrics_reported").set_index("code")
    query = "&".join(f"{k}={v}" for k, v in {**view.to_params(), "lang": "en"}.items())
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    open_page(page, f"{app_url}/{path}?{query}")
    page.wait_for_selector(
        "canvas >> visible=true" if path else ".js-plotly-plot .main-svg", timeout=60_000
    )
    page.wait_for_timeout(1500)
    body = page.inner_text("body")
    # the pickers' shown values (inputs, not text of the page)
    shown = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stSelectbox] input')].map(i => i.value)"
    )
    assert levels.label(view.level, committees, "en") in shown
    assert metrics.loc[view.metric, "name_en"] in shown
    assert any(choice.startswith(period_text(*view.period)) for choice in shown)
    assert "Copy link" in body and "复制链接" not in body
    for name, value in view.to_params().items():
        assert f"{name}={value}" in page.url
    page.get_by_role("button", name="Copy link").click()
    page.wait_for_timeout(300)
    assert page.evaluate("() => navigator.clipboard.readText()") == page.url
    screenshot(page, f"link_{path or 'overview'}_en")
    context.close()


BAR_VALUES = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  return plot._fullData.filter(t => t.type === 'bar')
    .flatMap(t => [...(t.orientation === 'h' ? t.x : t.y)])
    .map(v => (v === null || Number.isNaN(Number(v)) ? null : Number(v)));
}"""


def test_a_link_keeps_the_bar_order(browser, app_url):
    """``sort=value`` in a link opens the bars largest first, and the address drops it
    when the reader goes back to committee order; a ``sort`` it cannot read is said."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    open_page(page, f"{app_url}/?sort=value")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    expect(page.get_by_role("radio", name="按数值从大到小")).to_be_checked(timeout=30_000)
    values = [v for v in page.evaluate(BAR_VALUES) if v is not None]
    assert len(values) >= 2 and values == sorted(values, reverse=True), values
    assert "sort=value" in page.url
    page.get_by_role("radio", name="按委员会").click()
    page.wait_for_function("() => !location.search.includes('sort=')", timeout=30_000)
    assert "metric=" in page.url  # the rest of the view stays in the address
    fresh = context.new_page()
    open_page(fresh, f"{app_url}/?sort=upside-down")
    fresh.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    expect(fresh.get_by_text("“sort=upside-down”的写法无法识别")).to_be_visible(timeout=30_000)
    context.close()


PHONE_CHECKS = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  const labels = [...document.querySelectorAll('.js-plotly-plot text.bartext')]
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  const plots = [...document.querySelectorAll('.js-plotly-plot')];
  const drag = document.querySelector('.js-plotly-plot .nsewdrag');
  // the lines each committee's name (a table's first column) takes
  const names = [...document.querySelectorAll('table.cppcc-names tbody tr > td:first-child')]
    .map(td => {
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode();
      if (!text) return 1;
      const range = document.createRange();
      range.selectNodeContents(text);
      return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    });
  const targets = [...main.querySelectorAll('button, a, [role=button]')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.innerText.trim().slice(0, 20), e.getBoundingClientRect().height]);
  return {
    labels, names, targets,
    dragmodes: plots.map(p => p._fullLayout && p._fullLayout.dragmode),
    touch: drag ? getComputedStyle(drag).touchAction : null,
    sideways: document.documentElement.scrollWidth - window.innerWidth,
  };
}"""


@pytest.mark.parametrize(
    "path", ["", "yoy", "committee?code=640200"], ids=["overview", "yoy", "committee"]
)
def test_phone_reads_and_scrolls(browser, app_url, path):
    """At 390 px: bar labels readable (≥ 10 px) or left out, committee names whole in
    tables, charts that let a finger scroll the page, tap targets of 24 px or more."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = context.new_page()
    open_page(page, f"{app_url}/{path}")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_timeout(1500)
    found = page.evaluate(PHONE_CHECKS)
    assert all(size >= 10 for size in found["labels"]), found["labels"]
    assert found["dragmodes"] and all(mode is False for mode in found["dragmodes"])
    assert found["touch"] and "pan-y" in found["touch"]
    assert all(lines <= 1 for lines in found["names"]), found["names"]  # one line each
    if path == "yoy":  # its year table lists committees
        assert found["names"], "no committee names found in the year table"
    small = [(text, height) for text, height in found["targets"] if 0 < height < 24]
    assert small == []
    assert found["sideways"] <= 1
    screenshot(page, f"phone_{path.split('?')[0] or 'overview'}")
    context.close()
