"""Exports opened in an office suite: LibreOffice (Debian's, installed by ``make test``)
converts an exported deck and workbook to PDF, poppler renders the pages, and the
test looks for what a person opening them would: the number of slides, a chart drawn
on each chart slide, the Chinese words in the text. The rendered pages stay in
tests/artifacts/office/ for a human look."""

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
