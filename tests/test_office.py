"""Exports opened in an office suite: LibreOffice (Debian's, installed by ``make test``)
converts an exported deck and workbook to PDF, poppler renders the pages, and the
test looks for what a person opening them would: the number of slides, a chart drawn
on each chart slide, the Chinese words in the text. The rendered pages stay in
tests/artifacts/office/ for a human look."""

import re
import shutil
import subprocess

import numpy as np
import pytest
from PIL import Image

from cppcc.charts import PALETTE
from tests.conftest import run_cli

ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parent / "artifacts" / "office"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run `make test` (scripts/install_system_deps.sh)")
    return path


@pytest.fixture(scope="module")
def converted(built_store, tmp_path_factory):
    """The CLI's deck and workbook, converted to PDF by one LibreOffice run."""
    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    folder = tmp_path_factory.mktemp("office")
    deck, book = folder / "deck.pptx", folder / "book.xlsx"
    metrics = ["--metric", "platform_reception_rooms", "--metric", "proposals_received"]
    for out, fmt in ((deck, "pptx"), (book, "xlsx")):
        result = run_cli("export", *metrics, "--format", fmt, "--out", str(out), env_db=built_store)
        assert result.returncode == 0, result.stderr
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(deck), str(book)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = {}
    for stem in ("deck", "book"):
        for old in ARTIFACTS.glob(f"{stem}-*.png"):
            old.unlink()
        pdf = folder / f"{stem}.pdf"
        subprocess.run(
            [pdftoppm, "-r", "60", "-png", str(pdf), str(ARTIFACTS / stem)], check=True, timeout=120
        )
        pages[stem] = (pdf, sorted(ARTIFACTS.glob(f"{stem}-*.png")))
    return pages


def _text(pdf) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-layout", str(pdf), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip


def test_the_deck_has_its_slides_with_charts_drawn(converted):
    pdf, pages = converted["deck"]
    assert len(pages) == 3  # a title slide, one slide per metric
    red = tuple(int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))
    for page in pages[1:]:
        pixels = np.asarray(Image.open(page).convert("RGB"), dtype=np.int16)
        bar = (np.abs(pixels - red).sum(axis=2) < 40).sum()
        assert bar > 300, f"{page.name}: no bar drawn in the chart"
    words = _text(pdf)
    for expected in ("委员会客室：各委员会比较", "收到提案：各委员会比较", "数据来源", "未报告"):
        assert expected in words, expected


def test_the_workbook_reads_in_chinese(converted):
    pdf, pages = converted["book"]
    assert pages
    words = _text(pdf)
    # the fixture's figures (tests/fixtures): 固原's 33 rooms, year inferred
    for expected in ("委员会", "图中显示", "未报告", "33个*", "期间：2023*"):
        assert expected in words, expected


# LibreOffice on Debian has none of the offices' fonts: stand Noto in for them by name
# (serif for 仿宋 and 小标宋, sans for 黑体), so the rendered pages show which role each
# text has, and the PDF's fonts tell whether the document named them
FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""
STAND_INS = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def report(built_store, tmp_path_factory):
    """The CLI's Word report of two metrics, converted to PDF by LibreOffice."""
    import os

    soffice, pdftoppm = _tool("soffice"), _tool("pdftoppm")
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.docx"
    metrics = ["--metric", "proposals_received", "--metric", "platform_reception_rooms"]
    result = run_cli("export", *metrics, "--format", "docx", "--out", str(out), env_db=built_store)
    assert result.returncode == 0, result.stderr
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer><family>{font}</family></prefer>'
        "</alias>"
        for name, font in STAND_INS.items()
    )
    (folder / "fonts.conf").write_text(FONTS_CONF.format(aliases=aliases), encoding="utf-8")
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(out)],
        check=True, capture_output=True, timeout=240,
        env={**os.environ, "FONTCONFIG_FILE": str(folder / "fonts.conf")},
    )  # fmt: skip
    pdf = folder / "report.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("report-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", "80", "-png", str(pdf), str(ARTIFACTS / "report")], check=True, timeout=120
    )
    return pdf


def _run(*command) -> str:
    return subprocess.run(
        [_tool(command[0]), *command[1:]], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def _pages(pdf) -> list[str]:
    """Each page's text, without the spaces LibreOffice's line grid puts between characters."""
    count = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))
    return [
        re.sub(r"\s+", "", _run("pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"))
        for n in range(1, count + 1)
    ]


def test_the_report_is_a4_with_the_official_margins(report):
    info = _run("pdfinfo", "-f", "1", "-l", "99", str(report))
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    assert sizes and all(
        abs(float(w) - 210 * MM) < 1 and abs(float(h) - 297 * MM) < 1 for w, h in sizes
    )
    boxes = _run("pdftotext", "-bbox", str(report), "-")  # every page's words
    words = [
        tuple(float(v) for v in m)
        for m in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', boxes
        )
    ]
    body = [w for w in words if w[3] < (297 - 30) * MM]  # not the page number below the block
    left, top = min(w[0] for w in body), min(w[1] for w in body)
    right = max(w[2] for w in body)
    assert abs(left - 28 * MM) < 2 * MM, left / MM  # the binding margin
    assert 37 * MM - 1 < top < 37 * MM + 8 * MM, top / MM  # a page's first line under 37 mm
    assert right < (28 + 156) * MM + 2 * MM, right / MM  # within the 156 mm block


def test_the_report_reads_in_its_fonts_with_a_sentence_footnotes_and_charts(report, built_store):
    fonts = _run("pdffonts", str(report))
    assert "NotoSerifCJK" in fonts  # the body and title, named 仿宋_GB2312 / 方正小标宋简体
    assert "NotoSansCJK" in fonts  # the headings, named 黑体
    pages = _pages(report)
    text = "".join(pages)
    for expected in (
        "一、收到提案",
        "二、委员会客室",
        "报告了“收到提案”数字",
        "①",
        "来源：《",
        "数字核对表",
    ):
        assert expected in text, expected
    images = _run("pdfimages", "-list", str(report)).splitlines()[2:]
    pictured = {int(line.split()[0]) for line in images if line.split()[2] == "image"}
    for caption in ("图1", "图2"):  # each metric's chart sits on the page of its caption
        page = next(n for n, words in enumerate(pages, start=1) if caption in words)
        assert page in pictured, f"{caption}: no chart on page {page}"


def test_the_checking_table_lists_every_figure_of_the_chart_with_its_source(report, built_store):
    import duckdb

    from cppcc import levels, tables
    from cppcc.formatting import value_text
    from cppcc.store import sql

    con = duckdb.connect(str(built_store), read_only=True)
    committees = con.execute(sql.load("committees")).df()
    adcodes = levels.adcodes(committees, levels.DEFAULT)
    coverage = con.execute(sql.load("figure_coverage")).df()
    period = tables.most_reported(coverage[coverage["adcode"].isin(adcodes)], "proposals_received")
    figures = con.execute(
        sql.load("document_figures"), {"metric": "proposals_received", "adcodes": adcodes}
    ).df()
    con.close()
    start, end = period[1]
    shown = figures[(figures["period_start"] == start) & (figures["period_end"] == end)]
    table = "".join(_pages(report)[-2:])
    table = table[table.index("数字核对表") :]
    assert not shown.empty
    for row in shown.itertuples():
        mark = "*" if row.year_basis == "inferred" else ""
        value = value_text(row.value, row.qualifier, row.unit) + mark
        assert f"{row.committee}收到提案" in table and value in table, value
        assert re.sub(r"\s+", "", row.quote) in table
        assert re.sub(r"\s+", "", row.source)[:12] in table
