"""Any sequence of uploads, undos (of any batch, refused ones included), catalogue
changes and curated rebuilds leaves a DuckDB store whose snapshot every page renders
from, and undoing every upload gives back the figures of before (the PostgreSQL
variant is tests/cluster/test_postgres_sequences.py)."""

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings

from tests import store_sequences
from tests.store_sequences import ROUND_THEN_UNDO, run_sequence, sequences

# few examples (and the fixed one): every step renders every page
EXAMPLES = 2


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=sequences)
@example(steps=ROUND_THEN_UNDO)
def test_every_sequence_of_writes_leaves_every_page_working(built_store, steps):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ningxia.duckdb"
        shutil.copy(built_store, path)
        run_sequence(path, steps, "CPPCC_DB")


def test_upload_undo_refused_undo_upload_undo_gives_back_the_pages_of_before(store):
    store_sequences.upload_undo_scenario(store, "CPPCC_DB")
