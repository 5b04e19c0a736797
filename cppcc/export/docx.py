"""The figures as a Word report (公文) in the layout of GB/T 9704, made with python-docx.

A4, text block 156 × 225 mm (top margin 37 mm, binding margin 28 mm), 22 lines of 28
characters (the document grid says so, and the body's exact line pitch keeps it where
the grid is not honoured), body in 3号 (16 pt) 仿宋_GB2312, headings in 黑体, the title
in 方正小标宋简体; digits and Latin letters in Times New Roman. A machine without
仿宋_GB2312 or 方正小标宋简体 falls back to 仿宋 and 黑体: the font table names them as
each font's alternative (w:altName), which Word and WPS use to substitute. No font is
embedded or downloaded; the text stays editable.

Per metric a section: its sentences (``cppcc.export.prose``), each figure footnoted
to its report with a real Word footnote (python-docx has no footnote API, so the
footnotes part is written here), then the chart as a picture with a caption and alt
text. At the end, on a page of its own, the 数字核对表: every number in the document
with its committee, metric, period, marks, quote, report and date (and upload batch).
"""

import io
from datetime import date
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from cppcc.export.prose import Cited, Section

BODY = "仿宋_GB2312"
HEADING = "黑体"
TITLE = "方正小标宋简体"
LATIN = "Times New Roman"
PAGE_NUMBER = "宋体"
# a missing font is replaced by its alternative (w:altName in the font table)
FALLBACK = {BODY: "仿宋", TITLE: "黑体"}
# the GB/T 9704 page: A4, the text block 156 × 225 mm placed 37 mm down and 28 mm in
PAGE, BLOCK = (Mm(210), Mm(297)), (Mm(156), Mm(225))
TOP, LEFT = Mm(37), Mm(28)
LINES, CHARS = 22, 28
BODY_PT, TITLE_PT, NOTE_PT, TABLE_PT = 16, 22, 12, 10.5
LINE_PITCH = BLOCK[1].pt / LINES  # 28.95 pt: 22 lines fill the block
# the line grid, in twentieths of a point (579: the figure of the offices' templates)
GRID_LINE = int(LINE_PITCH * 20)
# 28 characters of 16 pt are 448 pt, the block 442 pt: the body is condensed by a quarter
# point (in twentieths), which Word, WPS and LibreOffice all honour. A character grid
# (docGrid linesAndChars) would say the same to Word, but LibreOffice then gives each
# character two cells of the grid, 14 to a line.
CONDENSED = -5
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TABLE_COLUMNS = ("序号", "委员会", "指标", "期间", "数值", "原文摘录", "来源报告及日期")
TABLE_WIDTHS = (12, 16, 18, 14, 16, 38, 42)  # mm, 156 in all


def _fonts(rpr, east_asian: str) -> None:
    """Times New Roman for digits and Latin, ``east_asian`` for Chinese."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = rpr.makeelement(qn("w:rFonts"), {})
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")
    rpr.insert(0, fonts)


def _run(paragraph, text: str, *, font: str = BODY, size: float = BODY_PT, bold=False):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    _fonts(run._element.get_or_add_rPr(), font)
    return run


def _paragraph(doc, *, align=None, indent: bool = False, exact: bool = True, keep=False):
    paragraph = doc.add_paragraph()
    form = paragraph.paragraph_format
    form.space_before = form.space_after = Pt(0)
    if exact:
        form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        form.line_spacing = Pt(LINE_PITCH)
    else:
        form.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if align is not None:
        paragraph.alignment = align
    if indent:  # two characters, as every paragraph of a 公文 body
        ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
        ind.set(qn("w:firstLine"), str(2 * BODY_PT * 20))
    form.keep_with_next = keep
    return paragraph


def _page(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = PAGE[0] - LEFT - BLOCK[0]
    section.bottom_margin = PAGE[1] - TOP - BLOCK[1]
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = sect.makeelement(qn("w:docGrid"), {})
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(GRID_LINE))
    # footnotes numbered ①②…, apart from the * of an inferred year they often follow
    numbering = parse_xml(
        f'<w:footnotePr {nsdecls("w")}><w:numFmt w:val="decimalEnclosedCircle"/></w:footnotePr>'
    )
    sect.insert(0, numbering)
    sect.append(grid)
    style = doc.styles["Normal"]
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    _fonts(rpr, BODY)
    rpr.append(rpr.makeelement(qn("w:spacing"), {qn("w:val"): str(CONDENSED)}))
    # the page number, “— 1 —”, in 4号 宋体 beneath the text block
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", font=PAGE_NUMBER, size=14)
    field = parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:rPr>'
        f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{PAGE_NUMBER}"/>'
        '<w:sz w:val="28"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>'
    )
    footer._p.append(field)
    _run(footer, " —", font=PAGE_NUMBER, size=14)


def _font_table(doc) -> None:
    """Name each font's alternative, so that Word and WPS substitute 仿宋 for a missing
    仿宋_GB2312 and 黑体 for a missing 方正小标宋简体 (charset 86 = GB2312)."""
    part = next(p for p in doc.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
    fonts = "".join(
        f"<w:font w:name={quoteattr(name)}>"
        + (f"<w:altName w:val={quoteattr(FALLBACK[name])}/>" if name in FALLBACK else "")
        + '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name in (BODY, "仿宋", HEADING, TITLE, PAGE_NUMBER)
    )
    blob = part.blob.decode("utf-8")
    part._blob = blob.replace("</w:fonts>", fonts + "</w:fonts>").encode("utf-8")


class _Footnotes:
    """The footnotes part: Word's two separators, then one footnote per reference."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    def reference(self, paragraph, text: str) -> None:
        self.notes.append(text)
        number = len(self.notes)
        paragraph._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{number}"/></w:r>'
            )
        )

    def xml(self) -> bytes:
        fonts = f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{BODY}"/>'
        size = f'<w:sz w:val="{NOTE_PT * 2}"/><w:szCs w:val="{NOTE_PT * 2}"/>'
        notes = [
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
            'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            "</w:r></w:p></w:footnote>",
        ]
        for number, text in enumerate(self.notes, start=1):
            notes.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:snapToGrid w:val="0"/>'
                '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/>'
                f"</w:pPr><w:r><w:rPr>{fonts}{size}"
                '<w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr>{fonts}{size}</w:rPr><w:t xml:space="preserve"> {escape(text)}'
                "</w:t></w:r></w:p></w:footnote>"
            )
        return (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes '
            f"{nsdecls('w', 'r')}>{''.join(notes)}</w:footnotes>"
        ).encode()

    def attach(self, doc) -> None:
        part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_TYPE, self.xml(), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
        # the settings name the two separators and the numbering, as Word's own files do
        settings = doc.settings.element
        properties = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:numFmt w:val="decimalEnclosedCircle"/>'
            '<w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(properties)
        else:
            settings.append(properties)


def _front(doc, title: str, day: date, office: str) -> None:
    heading = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    heading.paragraph_format.line_spacing = Pt(36)  # a 2号 title's lines, not two grid lines
    heading.paragraph_format.space_after = Pt(LINE_PITCH)
    _run(heading, title, font=TITLE, size=TITLE_PT)
    dated = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(dated, f"（{day.year}年{day.month}月{day.day}日）")
    _paragraph(doc)  # a blank line, then 主送机关, left for the writer to fill in
    _run(_paragraph(doc), "×××：")
    intro = _paragraph(doc, indent=True)
    who = f"{office}根据" if office else "根据"
    _run(
        intro,
        f"{who}已公开的政协工作报告和工作人员上传的数据，现将有关履职数字情况报告如下。"
        "每个数字均以脚注注明出处，文末附《数字核对表》，供核对。",
    )


def _section(doc, number: int, section: Section, notes: _Footnotes) -> None:
    numerals = "一二三四五六七八九十"
    label = numerals[number - 1] if number <= 10 else str(number)
    heading = _paragraph(doc, indent=True, keep=True)
    _run(heading, f"{label}、{section.heading}", font=HEADING)
    heading.style = doc.styles["Heading 1"]
    _plain_heading(heading)
    body = _paragraph(doc, indent=True)
    for sentence in section.sentences:
        for run in sentence:
            _run(body, run.text)
            if run.cited is not None:
                notes.reference(body, run.cited.footnote())
    picture = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False, keep=True)
    picture.paragraph_format.space_before = Pt(6)
    shape = picture.add_run().add_picture(io.BytesIO(section.chart), width=BLOCK[0])
    shape._inline.docPr.set("descr", section.alt)
    shape._inline.docPr.set("title", section.caption)
    caption = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER)
    _run(caption, f"图{number}　{section.caption}", font=HEADING, size=14)


def _plain_heading(paragraph) -> None:
    """Heading 1 (for Word's navigation pane) without its blue, bold, spaced look."""
    style_rpr = paragraph.style.element.get_or_add_rPr()
    for tag in ("w:color", "w:b", "w:bCs", "w:sz", "w:szCs"):
        for old in style_rpr.findall(qn(tag)):
            style_rpr.remove(old)
    _fonts(style_rpr, HEADING)
    form = paragraph.style.paragraph_format
    form.space_before = form.space_after = Pt(0)


def _check_table(doc, figures: list[Cited]) -> None:
    """The 数字核对表, on a page of its own after the text."""
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _run(_paragraph(doc), "附件", font=HEADING)
    title = _paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    title.paragraph_format.space_after = Pt(12)
    _run(title, "数字核对表", font=TITLE, size=TITLE_PT)
    about = _paragraph(doc, indent=True)
    _run(
        about,
        "下表列出正文和图中的每个数字。≥ 为下限（“60余”等），约 为约数，* 为由报告内容推定的年份；"
        "未报告的委员会没有数字，不列入本表。",
    )
    table = doc.add_table(rows=1, cols=len(TABLE_COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    batches = any(cited.batch for cited in figures)
    for cell, name in zip(table.rows[0].cells, TABLE_COLUMNS, strict=True):
        _cell(cell, name + ("（上传批次）" if batches and name.startswith("来源") else ""), HEADING)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))  # repeated on every page
    for index, cited in enumerate(figures, start=1):
        report = f"《{cited.source}》" + (f"（{cited.dated}）" if cited.dated else "")
        if cited.batch:
            report += f"；上传批次：{cited.batch}"
        row = (str(index), cited.committee, cited.metric, cited.period, cited.shown)
        cells = table.add_row().cells
        for cell, value in zip(cells, (*row, cited.quote, report), strict=True):
            _cell(cell, value, BODY)
    _widths(table)


def _widths(table) -> None:
    """Fixed column widths filling the text block (LibreOffice ignores the cells' own)."""
    table.autofit = False
    tblPr = table._tbl.tblPr
    for old in tblPr.findall(qn("w:tblW")):
        tblPr.remove(old)
    total = tblPr.makeelement(
        qn("w:tblW"), {qn("w:w"): str(int(BLOCK[0].twips)), qn("w:type"): "dxa"}
    )
    tblPr.append(total)
    for column, width in zip(table.columns, TABLE_WIDTHS, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _cell(cell, value: str, font: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pPr = paragraph._p.get_or_add_pPr()
    pPr.insert(0, pPr.makeelement(qn("w:snapToGrid"), {qn("w:val"): "0"}))
    _run(paragraph, value, font=font, size=TABLE_PT)


def document(sections: list[Section], *, title: str, day: date, office: str = "") -> bytes:
    """The report's .docx bytes: title, date, 主送 line, a section per metric, the table."""
    doc = docx.Document()
    _page(doc)
    _font_table(doc)
    doc.core_properties.title = title
    doc.core_properties.author = office or "宁夏政协履职数据看板"
    doc.core_properties.language = "zh-CN"
    _front(doc, title, day, office)
    notes = _Footnotes()
    everything: list[Cited] = []
    for number, section in enumerate(sections, start=1):
        _section(doc, number, section, notes)
        cited = [run.cited for sentence in section.sentences for run in sentence if run.cited]
        everything += [*cited, *section.figures]
    notes.attach(doc)
    _check_table(doc, list(dict.fromkeys(everything)))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
