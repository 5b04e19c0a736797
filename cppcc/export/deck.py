"""Charts as a 16:9 PowerPoint deck, bar and line charts as native PowerPoint charts.

Staff restyle the deck in PowerPoint or WPS, so a chart goes in as a chart object
with its figures embedded, not as a picture. The honesty marks travel with it: a
lower bound is labelled ≥ and hatched (a hollow triangle on a line), an inferred
year gets *, a committee that reports nothing says “未报告” (its value stays empty,
never 0, so no bar is drawn), and every slide names its reports, with the full list
in the speaker notes.
"""

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.chart import XL_MARKER_STYLE as MARKER
from pptx.enum.dml import MSO_PATTERN_TYPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from cppcc.charts import PALETTE, ChartSpec, footnote_lines
from cppcc.export import alt, cells
from cppcc.export.sheets import about, chart_table, date_text
from cppcc.formatting import value_text
from cppcc.i18n import text

# 16:9 at PowerPoint's own widescreen size (13.333 × 7.5 in); python-pptx starts at 4:3
SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)
# The font the PNG and SVG use and the one Debian ships (fonts-noto-cjk). Set as the
# East Asian font (a:ea) too: without it PowerPoint draws Chinese in the theme's
# Latin font's fallback. A machine without Noto substitutes its own CJK font.
FONT = "Noto Sans CJK SC"
LEFT, WIDTH = Inches(0.6), Inches(12.133)
INK, GREY = "222222", "595959"
PATTERN = {
    "at_least": MSO_PATTERN_TYPE.WIDE_UPWARD_DIAGONAL,
    "approx": MSO_PATTERN_TYPE.PERCENT_25,
}
TABLE_ROWS = 12  # per slide; a longer table continues on the next slide


@dataclass(frozen=True)
class SlideImage:
    """A picture slide, for what has no native chart (the map), with notes beside it."""

    title: str
    subtitle: str
    image: bytes
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()
    lang: str = "zh"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _font(font, size: float, *, bold: bool = False, color: str = INK) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(color)
    font.name = FONT
    rPr = font._element  # python-pptx sets a:latin only; Chinese needs a:ea as well
    for old in rPr.findall(qn("a:ea")):
        rPr.remove(old)
    rPr.find(qn("a:latin")).addnext(rPr.makeelement(qn("a:ea"), {"typeface": FONT}))


def _text(slide, box, lines, size, *, bold=False, color=INK, align=PP_ALIGN.LEFT):
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    for index, line in enumerate([lines] if isinstance(lines, str) else lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _font(run.font, size, bold=bold, color=color)
    return shape


def _heading(slide, title: str, subtitle: str, office: str) -> None:
    _text(slide, (LEFT, Inches(0.35), WIDTH, Inches(0.7)), title, 28, bold=True)
    _text(slide, (LEFT, Inches(1.02), Inches(8.6), Inches(0.45)), subtitle, 16, color=GREY)
    if office:
        right = (Inches(9.3), Inches(1.02), Inches(3.433), Inches(0.45))
        _text(slide, right, office, 12, color=GREY, align=PP_ALIGN.RIGHT)


def _footer(slide, sources, lang: str, inferred: bool, marks: list[str]) -> None:
    """The marks the chart uses, then “数据来源：《…》” (wrapping to the slide)."""
    lines = footnote_lines(sources, lang, False, width_em=95)
    if inferred:
        marks = [*marks, text("inferred_mark", lang)]
    if marks:
        _text(slide, (LEFT, Inches(6.2), WIDTH, Inches(0.4)), "；".join(marks), 12, color=GREY)
    _text(slide, (LEFT, Inches(6.6), WIDTH, Inches(0.8)), lines, 11, color=GREY)


def _notes(slide, rows: list[tuple[str, str]]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(f"{k}：{v}" for k, v in rows)


def _series(spec: ChartSpec):
    """Categories, then (name, [(value or None, qualifier, inferred)]) per series."""
    data = spec.data
    if spec.kind == "lines":
        keys = list(range(int(data["year"].min()), int(data["year"].max()) + 1))
        categories = [str(year) for year in keys]
        groups = data.groupby("label", sort=False)
        key = "year"
    else:
        categories = list(dict.fromkeys(data["label"]))
        groups = [(text("legend_exact", spec.lang), data)]
        if spec.series is not None:
            groups = data.groupby(spec.series, sort=False)
        key, keys = "label", categories
    series = []
    for name, group in groups:
        rows = {getattr(r, key): r for r in group.itertuples()}
        points = []
        for wanted in keys:
            row = rows.get(wanted)
            if row is None or _missing(row.value):
                points.append((None, None, False))
            else:
                points.append((float(row.value), row.qualifier or "exact", bool(row.inferred)))
        series.append((str(name), points))
    return categories, series


def _unreported(spec: ChartSpec, categories, series) -> list[str]:
    """Bars with no figure: named on the slide, so an empty slot never reads as zero."""
    if spec.kind == "lines":
        return []
    names = []
    for index, category in enumerate(categories):
        for name, points in series:
            if points[index][0] is None:
                names.append(category if len(series) == 1 else f"{category}（{name}）")
    return names


def _chart(slide, spec: ChartSpec, box) -> None:
    categories, series = _series(spec)
    data = cells.chart_data(number_format="General")
    shown = categories
    if spec.kind == "bars" and len(series) == 1:
        # a single series: say “未报告” on the axis itself, as the page does
        missing = text("not_reported", spec.lang)
        shown = [
            c if p[0] is not None else f"{c}（{missing}）"
            for c, p in zip(categories, series[0][1], strict=True)
        ]
    if spec.kind == "lines" and spec.marks:
        # a term change: its label under the first year of the new term (the page
        # draws a dashed line there; a native chart has no such shape)
        began = {str(year): label for year, label in spec.marks}
        shown = [f"{c}\n{began[c]}" if c in began else c for c in categories]
    data.categories = shown
    for name, points in series:
        data.add_series(name, [p[0] for p in points])
    kind = XL_CHART_TYPE.LINE_MARKERS if spec.kind == "lines" else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame = slide.shapes.add_chart(kind, *box, data)
    frame._element.nvGraphicFramePr.cNvPr.set("descr", alt.describe(spec))
    chart = frame.chart
    _font(chart.font, 12)
    chart.has_title = False
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        _font(chart.legend.font, 12)
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E5E5E5")
    axis.format.line.fill.background()
    _font(axis.tick_labels.font, 12, color=GREY)
    _font(chart.category_axis.tick_labels.font, 12)

    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.show_value = True
    labels.number_format, labels.number_format_is_linked = "General", False
    position = XL_LABEL_POSITION.ABOVE if spec.kind == "lines" else XL_LABEL_POSITION.OUTSIDE_END
    labels.position = position
    _font(labels.font, 12)
    if spec.kind == "bars":
        plot.gap_width = 60
        plot.overlap = 0
    for index, (chart_series, (_, points)) in enumerate(zip(plot.series, series, strict=True)):
        colour = RGBColor.from_string(PALETTE[index % len(PALETTE)].lstrip("#"))
        _style_series(chart_series, points, colour, spec, position)


def _style_series(chart_series, points, colour, spec: ChartSpec, position) -> None:
    """A series' colour and line or bars, and a label on every point with a value."""
    if spec.kind == "lines":
        chart_series.smooth = False
        chart_series.format.line.color.rgb = colour
        chart_series.format.line.width = Pt(2.5)
        chart_series.marker.style = MARKER.CIRCLE
        chart_series.marker.size = 9
        chart_series.marker.format.fill.solid()
        chart_series.marker.format.fill.fore_color.rgb = colour
        chart_series.marker.format.line.color.rgb = colour
    else:
        chart_series.invert_if_negative = False
        chart_series.format.fill.solid()
        chart_series.format.fill.fore_color.rgb = colour
    # the series' own labels on too: python-pptx writes showVal=0 there as soon as
    # one point has a label of its own, which hid every plain value
    chart_series.data_labels.show_value = True
    chart_series.data_labels.position = position
    for point_index, (value, qualifier, inferred) in enumerate(points):
        if value is None:
            continue
        # every bar says its value with its marks (≥, 约, *), exact or not
        point = chart_series.points[point_index]
        label = point.data_label
        label.position = position
        frame = label.text_frame
        frame.text = value_text(value, qualifier, "", spec.lang) + ("*" if inferred else "")
        _font(frame.paragraphs[0].runs[0].font, 12)
        if qualifier in PATTERN and spec.kind == "bars":
            fill = point.format.fill
            fill.patterned()
            fill.pattern = PATTERN[qualifier]
            fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            fill.back_color.rgb = colour
        elif qualifier == "at_least":
            point.marker.style = MARKER.TRIANGLE
            point.marker.size = 11
            point.marker.format.fill.solid()
            point.marker.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            point.marker.format.line.color.rgb = colour


def _marks(spec: ChartSpec) -> list[str]:
    qualifiers = set(spec.data.loc[spec.data["value"].notna(), "qualifier"].dropna())
    marks = []
    if "at_least" in qualifiers:
        marks.append(text("export_at_least_note", spec.lang))
    if "approx" in qualifiers:
        marks.append(text("export_approx_note", spec.lang))
    return marks


def _chart_slide(prs, spec: ChartSpec, office: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _heading(slide, spec.title, spec.subtitle, office)
    _chart(slide, spec, (LEFT, Inches(1.55), WIDTH, Inches(4.6)))
    marks = _marks(spec)
    categories, series = _series(spec)
    missing = _unreported(spec, categories, series)
    if missing and spec.series is not None:
        marks.append(text("export_unreported", spec.lang, names="、".join(missing)))
    if spec.kind == "lines" and spec.marks:
        marks.append(text("export_term_note", spec.lang))
    _footer(slide, spec.sources, spec.lang, spec.inferred, marks)
    _notes(slide, about(spec))


def _table_slides(prs, spec: ChartSpec, office: str) -> None:
    table = chart_table(spec)
    source = text("source", spec.lang)
    table = table.drop(columns=[source]) if source in table else table
    table = table.astype(object).where(table.notna(), "")
    value_column = next(c for c in table.columns if c.startswith(text("value", spec.lang)))
    table[value_column] = [
        "" if v == "" else f"{float(v):g}" for v in table[value_column].astype(object)
    ]
    title = text("export_table_title", spec.lang, title=spec.title)
    for start in range(0, len(table), TABLE_ROWS):
        chunk = table.iloc[start : start + TABLE_ROWS]
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        more = text("export_continued", spec.lang) if start else ""
        _heading(slide, title + more, spec.subtitle, office)
        height = Inches(0.4) * (len(chunk) + 1)
        shape = slide.shapes.add_table(
            len(chunk) + 1, len(table.columns), LEFT, Inches(1.6), WIDTH, height
        )
        grid = shape.table
        for column, name in enumerate(table.columns):
            _cell(grid.cell(0, column), str(name), bold=True)
            for row, value in enumerate(chunk[name], start=1):
                _cell(grid.cell(row, column), str(value))
        _footer(slide, spec.sources, spec.lang, spec.inferred, [])
        _notes(slide, about(spec))


def _cell(cell, value: str, *, bold: bool = False) -> None:
    frame = cell.text_frame
    frame.word_wrap = True
    frame.text = value
    for run in frame.paragraphs[0].runs:
        _font(run.font, 12, bold=bold, color="FFFFFF" if bold else INK)


def _opaque(png: bytes) -> bytes:
    """The picture on white, without an alpha channel: LibreOffice draws a transparent
    PNG's background grey on a slide, a box around the map."""
    image = Image.open(io.BytesIO(png))
    if image.mode not in ("RGBA", "LA", "P"):
        return png
    flat = Image.new("RGB", image.size, "white")
    flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
    buffer = io.BytesIO()
    flat.save(buffer, "PNG")
    return buffer.getvalue()


def _image_slide(prs, item: SlideImage, office: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _heading(slide, item.title, item.subtitle, office)
    top, height = Inches(1.55), Inches(4.85)
    picture = slide.shapes.add_picture(io.BytesIO(_opaque(item.image)), LEFT, top, height=height)
    described = alt.picture(item.title, item.subtitle, item.notes, item.lang)
    picture._element.nvPicPr.cNvPr.set("descr", described)
    if picture.width > Inches(8):  # a wide picture: fit the width instead
        picture.height = int(picture.height * Inches(8) / picture.width)
        picture.width = Inches(8)
    # the notes (colour key, what is not drawn, the boundaries' origin) beside the picture
    beside = LEFT + picture.width + Inches(0.4)
    box = (beside, top, LEFT + WIDTH - beside, height)
    _text(slide, box, list(item.notes), 14, color=GREY)
    _footer(slide, item.sources, item.lang, False, [])
    rows = [
        (text("title", item.lang), item.title),
        (text("export_period_unit", item.lang), item.subtitle),
    ]
    rows += [(text("export_how_to_read", item.lang), note) for note in item.notes]
    rows += [(text("export_sources", item.lang), f"《{s}》") for s in item.sources]
    _notes(slide, rows)


def deck(
    items: Sequence[ChartSpec | SlideImage],
    *,
    title: str,
    day: date,
    office: str = "",
    tables: bool = True,
    lang: str = "zh",
) -> bytes:
    """A title slide, then one slide per chart (and its data table if ``tables``)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    cover = prs.slides.add_slide(prs.slide_layouts[6])
    _text(cover, (LEFT, Inches(2.3), WIDTH, Inches(1.2)), title, 40, bold=True)
    lines = [date_text(day, lang)] + ([office] if office else [])
    _text(cover, (LEFT, Inches(3.6), WIDTH, Inches(1.0)), lines, 20, color=GREY)
    note = [text("app_subtitle", lang), text("sidebar_note", lang)]
    _text(cover, (LEFT, Inches(5.6), WIDTH, Inches(1.2)), note, 12, color=GREY)
    sources = dict.fromkeys(s for item in items for s in item.sources)
    _notes(cover, [(text("export_sources", lang), f"《{s}》") for s in sources])
    for item in items:
        if isinstance(item, SlideImage):
            _image_slide(prs, item, office)
            continue
        _chart_slide(prs, item, office)
        if tables:
            _table_slides(prs, item, office)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
