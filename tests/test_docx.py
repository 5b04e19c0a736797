"""The Word report (公文): the sentences written from figures keep the marks a reader
relies on, and the .docx carries the official layout, fonts, footnotes, alt text and
the checking table. (Opened in LibreOffice in tests/test_office.py.)"""

import io
import re
import zipfile

import duckdb
import pandas as pd
import pytest
from docx import Document
from docx.shared import Mm
from PIL import Image

from cppcc import levels, tables
from cppcc.export import docx as report_docx
from cppcc.export import prose, report
from cppcc.formatting import value_text
from cppcc.store import sql

COMMITTEES = pd.DataFrame(
    {"adcode": ["A", "B", "C", "D"], "committee": ["甲市", "乙市", "丙市", "丁市"]}
)


def _figures(rows) -> pd.DataFrame:
    """``document_figures`` rows: (adcode, year, value, qualifier, basis)."""
    names = dict(zip(COMMITTEES["adcode"], COMMITTEES["committee"], strict=True))
    return pd.DataFrame(
        [
            {
                "adcode": adcode, "committee": names[adcode], "period_start": year,
                "period_end": year, "is_annual": True, "value": value, "qualifier": qualifier,
                "year_basis": basis, "unit": "件", "source": f"{names[adcode]}政协工作报告",
                "quote": f"收到提案{value:g}件", "origin": "curated", "as_of": str(year + 1),
                "published": f"{year + 1}-01-20", "published_year": year + 1,
                "batch_id": None, "batch_user": None, "batch_date": None,
            }
            for adcode, year, value, qualifier, basis in rows
        ]
    )  # fmt: skip


def _text(said) -> str:
    return "".join(run.text for sentence in said for run in sentence)


def _write(figures, period=(2023, 2023), level="四个市"):
    return prose.sentences("收到提案", "件", period, level, COMMITTEES, figures)


def test_sentences_name_the_largest_the_change_and_who_did_not_report():
    figures = _figures(
        [("A", 2022, 300, "exact", "stated"), ("A", 2023, 330, "exact", "stated"),
         ("B", 2023, 120, "exact", "stated")]
    )  # fmt: skip
    words = _text(_write(figures))
    assert "四个市中有2个报告了" in words
    assert "甲市最多，为330件" in words and "乙市120件" in words
    assert "甲市较2022年（300件）增加30件（10.0%）" in words
    assert "丙市、丁市未报告2023年" in words
    # never a zero, never a total across committees
    assert re.search(r"(?<![\d.])0件", words) is None
    assert "合计" not in words and "450" not in words


def test_lower_bounds_and_inferred_years_keep_their_marks_and_give_no_change():
    figures = _figures(
        [("A", 2022, 60, "at_least", "stated"), ("A", 2023, 80, "exact", "inferred"),
         ("B", 2023, 90, "at_least", "stated"), ("C", 2023, 50, "approx", "stated"),
         ("C", 2021, 40, "exact", "stated")]
    )  # fmt: skip
    said = _write(figures)
    words = _text(said)
    assert "乙市最多，为≥90件" in words
    assert "甲市80件*" in words and "标*的年份由报告内容推定" in words
    assert "甲市2022年为≥60件" in words and "不计算增减" in words
    assert "丙市较2021年（40件）约增加10件" in words
    assert "增加20件" not in words  # 80 − ≥60 is no number at all
    cited = prose.cited(said)
    assert {c.shown for c in cited} >= {"≥90件", "80件*", "≥60件", "约50件", "40件"}


def test_every_figure_named_is_footnoted_to_its_report():
    figures = _figures([("A", 2023, 7, "exact", "stated"), ("B", 2023, 9, "exact", "stated")])
    said = _write(figures)
    for run in (run for sentence in said for run in sentence):
        if re.search(r"\d件", run.text):  # a figure (no change is said here: no earlier year)
            assert run.cited is not None, run.text
    note = prose.cited(said)[0].footnote()
    assert "《乙市政协工作报告》（2024-01-20）" in note and "原文：“收到提案9件”" in note


def test_nothing_reported_says_so_in_words():
    figures = _figures([("A", 2020, 7, "exact", "stated")])
    assert _text(_write(figures)) == "2023年，四个市均未报告“收到提案”数字。"


def test_an_uploaded_figure_names_its_batch():
    figures = _figures([("A", 2023, 7, "exact", "stated")]).assign(
        origin="uploaded", batch_id=3, batch_user="张三", batch_date="2026-11-02"
    )
    cited = prose.cited(_write(figures))[0]
    assert cited.batch == "第3批（张三，2026-11-02）"
    assert "上传批次：第3批（张三，2026-11-02）" in cited.footnote()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#B22222").save(buffer, "PNG")
    return buffer.getvalue()


def _queries(con):
    """The store's named queries, as the CLI runs them ([] adcodes = every committee)."""

    def query(name, **params):
        text = sql.load(name)
        if "$adcodes" in text:
            params.setdefault("adcodes", [])
        return con.execute(text, params).df()

    return query


@pytest.fixture(scope="module")
def written(built_store):
    """A report made from the test store's figures (the pictures stand in for charts)."""
    con = duckdb.connect(str(built_store), read_only=True)
    query = _queries(con)
    committees = query("committees")
    adcodes = levels.adcodes(committees, levels.DEFAULT)
    metric = "proposals_received"
    coverage = query("figure_coverage")
    period = tables.most_reported(coverage[coverage["adcode"].isin(adcodes)], metric)[1]
    prepared = report.prepare(query, [(metric, period)], adcodes, "五个地级市")
    sections = [s.__class__(**{**s.__dict__, "chart": _png()}) for _, s in prepared]
    content = report_docx.document(
        sections, title="测试报告", day=pd.Timestamp("2026-12-01").date()
    )
    figures = query("document_figures", metric=metric, adcodes=adcodes)
    now = figures[(figures["period_start"] == period[0]) & (figures["period_end"] == period[1])]
    con.close()
    return content, sections, now


def test_the_page_is_the_official_layout(written):
    content, _, _ = written
    section = Document(io.BytesIO(content)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    assert abs(section.top_margin - Mm(37)) < Mm(0.1) and abs(section.left_margin - Mm(28)) < Mm(
        0.1
    )
    block = (section.page_width - section.left_margin - section.right_margin,
             section.page_height - section.top_margin - section.bottom_margin)  # fmt: skip
    assert abs(block[0] - Mm(156)) < Mm(0.1) and abs(block[1] - Mm(225)) < Mm(0.1)


def test_fonts_are_named_for_windows_and_wps(written):
    content, _, _ = written
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = archive.read("word/document.xml").decode()
        styles = archive.read("word/styles.xml").decode()
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:eastAsia="仿宋_GB2312"' in styles and 'w:ascii="Times New Roman"' in styles
    assert 'w:eastAsia="黑体"' in document and 'w:eastAsia="方正小标宋简体"' in document
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not [name for name in archive.namelist() if name.startswith("word/fonts/")]


def test_each_figure_has_a_real_footnote_and_a_row_in_the_checking_table(written):
    content, sections, now = written
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = archive.read("word/document.xml").decode()
        footnotes = archive.read("word/footnotes.xml").decode()
        relations = archive.read("word/_rels/document.xml.rels").decode()
    cited = [
        run.cited for s in sections for sentence in s.sentences for run in sentence if run.cited
    ]
    assert cited and document.count("<w:footnoteReference") == len(cited)
    assert "relationships/footnotes" in relations
    assert footnotes.count("<w:footnoteRef/>") == len(cited)
    table = Document(io.BytesIO(content)).tables[-1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:5] == ["序号", "委员会", "指标", "期间", "数值"]
    listed = {(row[1], row[4]) for row in rows[1:]}
    for row in now.itertuples():  # every figure the chart shows, with its marks
        mark = "*" if row.year_basis == "inferred" else ""
        shown = value_text(row.value, row.qualifier, row.unit) + mark
        assert (row.committee, shown) in listed
        assert any(row.quote in r[5] and row.source in r[6] for r in rows[1:])


def test_the_chart_has_alt_text_naming_every_committee(written):
    content, sections, now = written
    document = Document(io.BytesIO(content))
    described = [
        element.get("descr")
        for element in document.element.body.iter()
        if element.tag.endswith("}docPr")
    ]
    assert described == [sections[0].alt]
    for committee in now["committee"]:
        assert committee in described[0]
    assert "未报告" in described[0] or len(now) == 5


def test_a_metric_without_figures_is_refused_in_words(built_store):
    con = duckdb.connect(str(built_store), read_only=True)
    query = _queries(con)
    with pytest.raises(report.NothingToReport, match="没有所选委员会报告的数字"):
        report.prepare(query, [("proposals_received", (1950, 1950))], ["640100"], "")
    con.close()


def test_a_single_reporter_is_named_with_its_figure_and_footnote():
    said = _write(_figures([("C", 2023, 12, "approx", "stated")]))
    first = said[0]
    assert (
        "".join(run.text for run in first)
        == "2023年，四个市中只有丙市报告了“收到提案”数字，为约12件。"
    )
    assert first[0].cited is not None and first[0].cited.shown == "约12件"
    assert "丙市此前没有报告过年度数字" in _text(said)
    assert "甲市、乙市、丁市未报告2023年" in _text(said)
