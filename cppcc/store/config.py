"""Where the project's files are, and which store the app and the CLI use."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CURATED_DIR = ROOT / "data" / "curated"
QUERIES_DIR = ROOT / "queries"
GEO_FILE = ROOT / "data" / "geo" / "ningxia.geojson"
DEFAULT_DB = ROOT / "data" / "ningxia.duckdb"


def db_path() -> Path:
    """The store: ``$CPPCC_DB`` when set, else ``data/ningxia.duckdb``."""
    value = os.environ.get("CPPCC_DB", "").strip()
    return Path(value).expanduser().resolve() if value else DEFAULT_DB
