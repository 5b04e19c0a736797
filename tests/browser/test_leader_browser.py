"""What a leader does next (issue 25) in a real browser: a committee's own page, a
link that reopens a view, a printout, a phone. Expected values are read from the store
the app serves, never written here."""

import duckdb
import pytest

from cppcc.formatting import value_text
from cppcc.store import sql
from tests.browser.conftest import screenshot
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser


def own_figures(store, code: str):
    with duckdb.connect(str(store), read_only=True) as con:
        figures = con.execute(sql.load("committee_peer_figures"), {"code": code}).df()
        name = con.execute("select name_zh from committees where adcode = ?", [code]).fetchone()
    return figures[figures["is_own"]], name[0]


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
        "() => document.querySelectorAll('[data-testid=\"stTable\"]').length >= 3",
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
