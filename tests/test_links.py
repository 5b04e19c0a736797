"""A link reopens a view (issue 25): the address holds the page's level, metric,
period and language, a page opened with them shows that view, the address follows
the pickers, and a bad value falls back to the default with a short note."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from cppcc import i18n, levels
from cppcc.state import PageState
from cppcc.store import sql
from tests.conftest import ROOT


def opened(params: dict, page: str = "overview") -> AppTest:
    """A fresh session opening ``/<page>?params``, as a link pasted into a browser.
    (AppTest starts on the default page: another page is reached from there, with
    the address then holding only the link's parameters.)"""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if page != "overview":
        at.run()
        at.query_params.clear()
        at.switch_page(f"pages/{page}.py")
    at.query_params.update(params)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def views(store) -> list[PageState]:
    """For each comparison level, a view other than its opening one: the level's
    last metric and period with a figure (in the store, not written here)."""
    with duckdb.connect(str(store), read_only=True) as con:
        coverage = con.execute(sql.load("figure_coverage")).df()
        committees = con.execute(sql.load("committees")).df()
    found = []
    for level in levels.options(committees):
        rows = levels.members(coverage, committees, level)
        if not rows.empty:
            last = rows.iloc[-1]
            period = (int(last["period_start"]), int(last["period_end"]))
            found.append(PageState(level, str(last["metric"]), period))
    return found


# (an English link to another page is opened in a fresh browser in
# tests/browser/test_leader_browser.py: AppTest runs a page it switches to without
# app.py, which reads ?lang=)
@pytest.mark.parametrize(("page", "lang"), [("overview", "zh"), ("overview", "en"), ("map", "zh")])
def test_a_link_reopens_its_view(page_store, page, lang):
    for view in views(page_store):
        at = opened({**view.to_params(), "lang": lang}, page)
        assert at.selectbox(key=f"{page}_level").value == view.level
        assert at.selectbox(key=f"{page}_metric").value == view.metric
        assert at.selectbox(key=f"{page}_period").value == view.period
        assert at.title[0].value == i18n.text(f"{page}_title", lang)
        assert not at.caption.values or all("无法识别" not in c for c in at.caption.values)


def test_the_address_follows_the_pickers(page_store):
    at = opened({})
    assert at.query_params["lang"] == "zh"
    shown = PageState.from_params(dict(at.query_params))[0]
    assert shown.level == at.selectbox(key="overview_level").value
    assert shown.period == at.selectbox(key="overview_period").value
    at.selectbox(key="overview_level").set_value("counties").run()
    assert at.query_params["level"] == "counties"
    metric = at.selectbox(key="overview_metric").value
    assert at.query_params["metric"] == metric


@pytest.mark.parametrize(
    "params",
    [
        {"level": "nowhere"},
        {"metric": "no_such_metric"},
        {"metric": "<script>"},
        {"period": "20x1"},
        {"period": "2030-2020"},
        {"period": "1999"},
        {"lang": "fr"},
        {"level": "640100", "metric": "proposals_received", "period": "1900-1901"},
    ],
)
@pytest.mark.parametrize("page", ["overview", "map", "yoy"])
def test_a_bad_link_opens_the_default_view_with_a_note(page_store, params, page):
    if "lang" in params and page != "overview":
        pytest.skip("AppTest runs another page without app.py, which reads ?lang=")
    if page == "yoy" and params.get("period") in ("1999", "1900-1901"):
        pytest.skip("the year-over-year page has no period: a well-formed one is not asked")
    at = opened(params, page)
    assert at.title
    notes = " ".join(at.caption.values)
    assert "默认" in notes or "已改为" in notes or "无法识别" in notes, notes


def test_a_committee_link_opens_its_page(page_store):
    at = opened({"code": "640200"}, "committee")
    assert at.title[0].value == "石嘴山市政协"
    assert at.query_params["code"] == "640200"
