"""Stored text in markup contexts: escaped for HTML and markdown, links only to http(s)."""

import pandas as pd

from cppcc import maps, markup

IMG = "<img src=x onerror=alert(1)>"


def test_html_escapes_tags_and_quotes():
    assert markup.html(IMG) == "&lt;img src=x onerror=alert(1)&gt;"
    assert markup.html("\"a\" & 'b'") == "&quot;a&quot; &amp; &#x27;b&#x27;"
    assert markup.html(None) == ""


def test_markdown_shows_links_images_and_tags_literally():
    shown = markup.md("[点我](javascript:alert(1)) ![i](http://x/t.png) **b** $x$ <b>")
    assert "](" not in shown.replace("\\](", "").replace("\\]\\(", "")
    for char in "[]()!*$<>":
        assert f"\\{char}" in shown
    assert markup.md("银川市政协2024年工作报告") == "银川市政协2024年工作报告"


def test_url_allows_only_http_and_https():
    assert markup.url("https://www.nxzx.gov.cn/a?b=1") == "https://www.nxzx.gov.cn/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "file:///etc/passwd", "//x", IMG):
        assert markup.url(bad) is None


def test_map_legend_escapes_the_unit():
    values = pd.DataFrame({"value": [1.0], "townships": [2]})
    legend = maps.legend_html(values, False, IMG, "zh")
    assert "<img" not in legend and "&lt;img" in legend
