"""A picker reruns its own section (#24): after another metric is chosen in the
overview's comparison, the server sends the new chart and nothing of the headline
tiles, the completeness table or the sidebar, which it would send again on a rerun of
the whole page; and the address still names the view shown (a copied link reopens it).

What the server sends is read off the page's WebSocket: Streamlit's messages carry the
text of each element as UTF-8, so a heading resent is its bytes in a frame."""

import duckdb
import pytest

from cppcc import i18n
from cppcc.store import sql
from tests.browser.test_levels_browser import choose
from tests.browser.test_pages import open_page

pytestmark = pytest.mark.browser


def _sent(frames: list[bytes], words: str) -> bool:
    return any(words.encode() in frame for frame in frames)


def test_a_metric_change_reruns_only_the_comparison(page, app_url, shown_store):
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda socket: socket.on(
            "framereceived",
            lambda payload: frames.append(payload if isinstance(payload, bytes) else b""),
        ),
    )
    open_page(page, f"{app_url}/")
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    outside = [i18n.text(key, "zh") for key in ("kpi_heading", "matrix_heading", "sidebar_note")]
    # the first run sent them: their text is what a whole-page rerun would send again
    assert all(_sent(frames, words) for words in outside)

    shown = page.locator(".st-key-overview_metric input").input_value().strip()
    with duckdb.connect(str(shown_store), read_only=True) as con:
        names = con.execute(sql.load("metrics_reported")).df()
    names = names.loc[names["n_figures"] > 0, "name_zh"]
    other = next(name for name in names if name != shown)
    before = page.url
    frames.clear()
    choose(page, "overview_metric", other)
    page.wait_for_function(
        "name => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
        ".some(t => t.textContent.includes(name))",
        arg=other,
        timeout=60_000,
    )
    assert _sent(frames, other)  # the comparison was rerun and its chart sent
    assert not [words for words in outside if _sent(frames, words)]
    # the headlines and the matrix are still on the page, and the address follows
    body = page.inner_text("body")
    assert all(words in body for words in outside[:2])
    metric = [part for part in page.url.split("?")[1].split("&") if part.startswith("metric=")]
    assert metric and metric[0] not in before
