"""Loads the named SQL files in ``queries/``; all SQL the project runs lives there."""

from functools import cache

from cppcc.store.config import QUERIES_DIR


@cache
def load(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    """Split a multi-statement file (the schema) on semicolons at line ends."""
    text = "\n".join(line for line in load(name).splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";\n") if part.strip().strip(";")]
