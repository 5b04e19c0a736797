"""The bench's sections, one module each, in the order a run takes them.

Each module has ``NAME`` (what ``--only`` takes), ``run(bench) -> dict`` (the
measurements, kept in the JSON under the name; a ``failed`` list marks the section
failed while keeping its numbers), ``summary(result) -> dict`` (the keys the targets in
``bench/targets.py`` read; every key present, None when not measured) and
``rows(result)`` (the report's detail rows: what, measured).
"""

from bench.sections import (
    breakdown,
    cluster,
    cold,
    collect,
    export,
    hostile,
    interaction,
    pages,
    queries,
    reruns,
    sessions,
    upload_import,
    upload_page,
)

ALL = [
    queries,
    reruns,
    breakdown,
    collect,
    upload_import,
    upload_page,
    cold,
    pages,
    interaction,
    sessions,
    cluster,
    export,
    hostile,
]
NAMES = [section.NAME for section in ALL]
