"""The project's parts agree: queries are used, pages exist, codes are in the catalogue."""

import re

from cppcc.store import curated
from cppcc.store.config import CURATED_DIR, QUERIES_DIR
from tests.conftest import ROOT


def _python_sources() -> str:
    files = [*ROOT.glob("cppcc/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_every_query_file_is_used():
    code = _python_sources()
    unused = [path.stem for path in QUERIES_DIR.glob("*.sql") if f'"{path.stem}"' not in code]
    assert unused == []


def test_every_named_query_exists():
    code = _python_sources()
    named = set(re.findall(r'(?:sql\.load|cache\.query|statements)\(\s*"([a-z_]+)"', code))
    missing = sorted(name for name in named if not (QUERIES_DIR / f"{name}.sql").exists())
    assert named and missing == []


def test_every_page_of_the_navigation_exists():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    pages = re.findall(r'st\.Page\("([^"]+)"', app)
    assert len(pages) >= 6
    assert [p for p in pages if not (ROOT / p).is_file()] == []


def test_no_sql_in_pages():
    for path in ROOT.glob("pages/*.py"):
        text = path.read_text(encoding="utf-8").lower()
        assert not re.search(r"\bselect\b.+\bfrom\b", text), path.name
        assert "duckdb" not in text, path.name


def test_curated_metric_codes_are_in_the_catalogue():
    data = curated.load(CURATED_DIR)
    codes = {row["code"] for row in data.metrics}
    assert {row["metric"] for row in data.figures} <= codes


def test_only_the_web_layer_and_the_pages_import_streamlit():
    """Logic stays testable without a server: Streamlit lives in cppcc/web/ and pages/."""
    allowed = ROOT / "cppcc" / "web"
    pattern = re.compile(r"^\s*(?:import streamlit|from streamlit\b)", re.M)
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "cppcc").rglob("*.py")
        if allowed not in path.parents and pattern.search(path.read_text(encoding="utf-8"))
    )
    assert offenders == []
