"""A new visitor's first page imports only what it draws (#24): the Word, slide and
workbook libraries, the PNG renderer, PostgreSQL's driver and the map's pydeck are
loaded when a button, a PostgreSQL store or the map page needs them. Each of them
adds a tenth to half a second to the first chart after a server start, and a page
that imported one of them again would bring that back without failing anything else.

The pages run in a fresh interpreter: this process has imported everything already."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

# only where the user asks for it: a download, a PostgreSQL store, the map page
LATER = ("docx", "pptx", "openpyxl", "kaleido", "psycopg")

VISIT = """
import json, sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
if sys.argv[2] != "overview":
    at.switch_page(f"pages/{sys.argv[2]}.py")
    at.run()
assert not at.exception, [e.value for e in at.exception]
assert at.get("plotly_chart"), "the page drew no chart"
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize("page", ["overview", "yoy", "proposals"])
def test_a_chart_page_loads_no_export_library(page_store, page):
    done = subprocess.run(
        [sys.executable, "-c", VISIT, str(ROOT / "app.py"), page],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "plotly" in loaded  # the visit drew its chart
    assert not loaded & set(LATER), sorted(loaded & set(LATER))
