"""The boundary file (data/geo/ningxia.geojson), read once: shapes by division code.

Pure and light (no pydeck), so the catalogue can ask whether a committee has a shape
on the map without loading the map code.
"""

import json
from functools import cache
from pathlib import Path

from cppcc.store.config import GEO_FILE

DRAWN_LEVELS = (None, "prefecture", "county")


@cache
def boundaries(path: Path = GEO_FILE) -> dict:
    """The boundary FeatureCollection; features carry ``adcode`` and ``name_zh``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def has_shape(adcode: str, path: Path = GEO_FILE) -> bool:
    """Whether the map can draw this committee as a shape (else it needs a seat)."""
    return any(
        f["properties"].get("adcode") == adcode and f["properties"].get("level") in DRAWN_LEVELS
        for f in boundaries(path)["features"]
    )
