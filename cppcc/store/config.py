"""Where the project's files are, and which store the app and the CLI use."""

from pathlib import Path

from cppcc import settings

ROOT = Path(__file__).resolve().parents[2]
CURATED_DIR = ROOT / "data" / "curated"
QUERIES_DIR = ROOT / "queries"
GEO_FILE = ROOT / "data" / "geo" / "ningxia.geojson"
DEFAULT_DB = ROOT / "data" / "ningxia.duckdb"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")


class StoreUnavailable(RuntimeError):
    """The PostgreSQL server cannot be reached (stopped, restarting, wrong address).
    Here, not in ``postgres``, so that a DuckDB store never imports psycopg (#24)."""


def db_path() -> Path:
    """The DuckDB file: ``$CPPCC_DB`` when set, else ``data/ningxia.duckdb``."""
    value = settings.env("CPPCC_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB


def is_postgres(target) -> bool:
    return isinstance(target, str) and target.startswith(POSTGRES_SCHEMES)


def store_target() -> Path | str:
    """The store: ``$CPPCC_STORE`` when set (a ``postgresql://`` address shared by several
    app servers, or a DuckDB file), else the DuckDB file of ``db_path()`` (the default)."""
    value = settings.env("CPPCC_STORE")
    if is_postgres(value):
        return value
    if value:
        return Path(value).expanduser().resolve()
    return db_path()
