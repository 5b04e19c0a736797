"""Exports as a user gets them: the “导出” control under a chart hands over a slide-sized
PNG, the page's “导出演示文稿” a deck with native charts; an exported SVG shows real
Chinese glyphs when Chromium draws it with only Debian's fonts-noto-cjk."""

import io
import re

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation

from cppcc.charts import ChartSpec
from cppcc.export import image
from tests.browser.conftest import ARTIFACTS
from tests.browser.test_pages import open_page, shown_choice

pytestmark = pytest.mark.browser


def named_like_the_office(name: str, extension: str) -> bool:
    return re.fullmatch(rf"宁夏政协_.+_\d{{4}}-\d{{2}}-\d{{2}}\.{extension}", name) is not None


def overview(page, app_url):
    open_page(page, app_url)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)


def test_overview_chart_exports_a_png_of_the_size_its_button_names(page, app_url):
    overview(page, app_url)
    page.get_by_role("button", name="导出", exact=True).first.click()
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="PNG 1920×1080 像素（16:9）").click()
    name = download.value.suggested_filename
    assert named_like_the_office(name, "png") and "_1920x1080_" in name
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / "browser_export_overview.png"
    download.value.save_as(path)
    image = Image.open(path)
    assert image.format == "PNG"
    assert image.size == (1920, 1080)


def test_map_exports_a_png_beside_its_slide(page, app_url):
    open_page(page, f"{app_url}/map")
    page.wait_for_selector("canvas >> visible=true", timeout=60_000)
    page.get_by_role("button", name="导出地图图片").click()
    with page.expect_download(timeout=90_000) as download:
        page.get_by_role("button", name="PNG 1280×720 像素（16:9）").click()
    name = download.value.suggested_filename
    assert named_like_the_office(name, "png") and "地图_1280x720_" in name
    path = ARTIFACTS / "browser_export_map.png"
    download.value.save_as(path)
    picture = np.asarray(Image.open(path).convert("RGB"), dtype=np.int16)
    assert picture.shape[:2] == (720, 1280)
    red = (picture[..., 0] > 150) & (picture[..., 1] < 60) & (picture[..., 2] < 60)
    assert red.sum() > 2_000  # 固原, the darkest shape, is drawn


def test_overview_exports_a_deck_with_a_native_chart(page, app_url):
    overview(page, app_url)
    page.get_by_role("button", name="导出演示文稿（PPT）").click()
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="下载 PPT（16:9）").click()
    assert named_like_the_office(download.value.suggested_filename, "pptx")
    path = ARTIFACTS / "browser_export_overview.pptx"
    download.value.save_as(path)
    slides = list(Presentation(str(path)).slides)
    assert len(slides) >= 2
    assert any(shape.has_chart for shape in slides[1].shapes)


def test_svg_shows_chinese_glyphs_not_boxes(browser):
    """The same title in Chinese and as private-use code points (the .notdef box in
    every font), each SVG drawn by Chromium: the title areas must differ."""
    data = pd.DataFrame(
        {"label": ["银川", "石嘴山"], "value": [3.0, 4.0], "qualifier": ["exact"] * 2}
    ).assign(inferred=False)

    def drawn(title: str) -> np.ndarray:
        spec = ChartSpec("bars", title, "期间：2023 · 单位：件", "件", data, ("报告",))
        svg = image.svg(spec, (1280, 720)).decode("utf-8")
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
        png = page.screenshot(clip={"x": 0, "y": 0, "width": 640, "height": 60})
        context.close()
        return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=np.int16)

    chinese, tofu = drawn("提案数量"), drawn("\ue000\ue001\ue002\ue003")
    Image.fromarray(np.vstack([chinese, tofu]).astype(np.uint8)).save(
        ARTIFACTS / "browser_svg_glyphs.png"
    )
    assert (chinese < 128).any(), "the SVG title is not drawn"
    assert np.abs(chinese - tofu).sum() > 5_000, "the SVG's Chinese is drawn as boxes"


def test_overview_exports_the_current_view_as_a_word_report(page, app_url):
    """The 公文 button gives the view on screen (level, metric, period) as a .docx with
    the sentences, the chart, footnotes and the checking table."""
    import zipfile

    from docx import Document

    overview(page, app_url)
    metric, period = shown_choice(page, "指标"), shown_choice(page, "期间")
    page.get_by_role("button", name="导出 Word 报告（公文）").click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="下载 Word 报告").click()
    assert named_like_the_office(download.value.suggested_filename, "docx")
    path = ARTIFACTS / "browser_export_overview.docx"
    download.value.save_as(path)
    document = Document(str(path))
    words = "\n".join(p.text for p in document.paragraphs)
    assert f"一、{metric}" in words
    assert f"{period.rstrip('*')}年，五个地级市中" in words and f"报告了“{metric}”数字" in words
    assert "图1" in words
    with zipfile.ZipFile(path) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())
        assert "<w:footnoteReference" in archive.read("word/document.xml").decode()
    table = document.tables[-1]
    assert table.rows[0].cells[0].text == "序号" and len(table.rows) > 1
