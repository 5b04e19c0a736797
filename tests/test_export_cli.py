"""``python -m cppcc export``: the pages' charts as files for a report, or a plain
Chinese reason (exit 1) why nothing was written."""

import io
import os
import subprocess
import sys

import openpyxl
from PIL import Image
from pptx import Presentation

from tests.conftest import ROOT, run_cli


def export(store, *args: str):
    return run_cli("export", *args, env_db=store)


def test_an_unknown_metric_is_named_with_the_known_ones(built_store, tmp_path):
    out = tmp_path / "x.xlsx"
    result = export(built_store, "--metric", "proposals", "--format", "xlsx", "--out", str(out))
    assert result.returncode == 1
    assert "未知的指标代码：proposals" in result.stderr
    assert "proposals_received（收到提案）" in result.stderr
    assert not out.exists()


def test_a_period_without_figures_says_so(built_store, tmp_path):
    out = tmp_path / "x.pptx"
    result = export(
        built_store, "--metric", "proposals_received", "--start", "2019",
        "--format", "pptx", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 1
    assert "在 2019 没有所选委员会报告的数字" in result.stderr
    assert not out.exists()


def test_a_missing_chromium_is_said_plainly(built_store, tmp_path):
    out = tmp_path / "x.png"
    env = {**os.environ, "CPPCC_DB": str(built_store), "CPPCC_CHROMIUM": str(tmp_path / "no")}
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "export", "--metric", "proposals_received",
         "--format", "png", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "找不到 Chromium" in result.stderr
    assert not out.exists()


def test_a_png_has_the_pixels_asked_for(built_store, tmp_path):
    out = tmp_path / "chart.png"
    result = export(
        built_store, "--metric", "proposals_received", "--format", "png",
        "--size", "1280x720", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (1280, 720)


def test_a_workbook_has_one_sheet_per_metric(built_store, tmp_path):
    out = tmp_path / "report.xlsx"
    result = export(
        built_store, "--metric", "proposals_received", "--metric", "platform_reception_rooms",
        "--committee", "石嘴山", "--committee", "灵武", "--committee", "银川",
        "--format", "xlsx", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["收到提案", "委员会客室", "说明"]
    rows = list(book["收到提案"].iter_rows(values_only=True))
    assert rows[0][:3] == ("委员会", "数值（件）", "图中显示")
    shown = {row[0]: row[2] for row in rows[1:]}
    # the period most of them report (2022), a committee without a figure says so
    assert shown == {"银川": "未报告", "石嘴山": "300件*", "灵武": "150件*"}
    notes = " ".join(str(c) for row in book["说明"].iter_rows(values_only=True) for c in row)
    assert "期间：2022*" in notes and "数据来源" in notes


def test_a_deck_has_a_title_slide_and_one_slide_per_metric(built_store, tmp_path):
    out = tmp_path / "report.pptx"
    result = export(
        built_store, "--metric", "proposals_received", "--metric", "opinion_items",
        "--chart", "lines", "--format", "pptx", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    slides = list(Presentation(io.BytesIO(out.read_bytes())).slides)
    assert len(slides) == 3
    assert all(any(shape.has_chart for shape in slide.shapes) for slide in slides[1:])
    notes = slides[1].notes_slide.notes_text_frame.text
    assert "数据来源：《" in notes and "逐年变化" in notes


def test_a_word_report_that_cannot_be_written_says_why_and_writes_nothing(built_store, tmp_path):
    out = tmp_path / "报告.docx"
    cases = {
        ("--metric", "proposals"): "未知的指标代码：proposals",
        ("--metric", "proposals_received", "--start", "2019"): "在 2019 没有所选委员会报告的数字",
        ("--metric", "proposals_received", "--chart", "map"): "Word 报告只用各委员会比较的条形图",
        ("--metric", "proposals_received", "--level", "乌鲁木齐"): "未知的比较层级：乌鲁木齐",
    }
    for args, message in cases.items():
        result = export(built_store, *args, "--format", "docx", "--out", str(out))
        assert result.returncode == 1, args
        assert message in result.stderr, result.stderr
        assert not out.exists()


def test_a_word_report_of_the_counties_writes_about_what_they_report(built_store, tmp_path):
    import duckdb
    from docx import Document

    from cppcc import tables
    from cppcc.store import sql

    con = duckdb.connect(str(built_store), read_only=True)
    coverage = con.execute(sql.load("figure_coverage")).df()
    metrics = con.execute(sql.load("metrics_reported")).df().set_index("code")
    con.close()
    code, (start, end) = tables.most_reported(coverage, levels=["county"])
    out = tmp_path / "报告.docx"
    result = export(
        built_store, "--metric", code, "--level", "counties", "--format", "docx", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    words = "\n".join(p.text for p in Document(str(out)).paragraphs)
    name = metrics.loc[code, "name_zh"]
    assert f"一、{name}" in words
    assert f"{start if start == end else f'{start}–{end}'}年，全部县（市、区）中" in words


def test_a_map_png_names_its_level_and_period_and_has_its_colour_scale(built_store, tmp_path):
    """The picture travels without the page: its title says what is compared and when,
    and a colour bar beside the map (right of the shapes) reads from pale to the
    darkest shade, the largest value's."""
    import numpy as np
    from pptx import Presentation

    from cppcc.maps.data import HIGH, LOW

    out = tmp_path / "地图.png"
    args = ("--metric", "platform_reception_rooms", "--chart", "map")
    result = export(built_store, *args, "--format", "png", "--out", str(out))
    assert result.returncode == 0, result.stderr
    pixels = np.asarray(Image.open(out).convert("RGB"), dtype=np.int16)
    right = pixels[:, int(pixels.shape[1] * 0.58) :]  # the shapes are on the left

    def rows_of(colour):
        near = np.abs(right - np.array(colour)).sum(axis=2) < 30
        return np.flatnonzero(near.any(axis=1))

    dark, pale = rows_of(HIGH), rows_of(LOW)
    assert len(dark) > 8 and len(pale) > 8, "no colour bar beside the map"
    assert dark.mean() < pale.mean()  # dark at the top, pale at the bottom
    deck = tmp_path / "地图.pptx"
    result = export(built_store, *args, "--format", "pptx", "--out", str(deck))
    assert result.returncode == 0, result.stderr
    slide = list(Presentation(str(deck)).slides)[1]
    title = slide.shapes[0].text_frame.text
    assert title.startswith("委员会客室：五个地级市（") and title.endswith("年）"), title
