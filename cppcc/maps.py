"""The offline map of Ningxia: committee figures in, a pydeck Deck out.

No basemap, no tiles, nothing fetched: the boundaries come from the GeoJSON shipped
in ``data/geo`` and the Deck is made with ``map_provider=None`` (a ``map_style`` of
None would still make the browser fetch a basemap).
"""

import copy
import json
import math
from functools import cache
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pydeck as pdk

from cppcc.formatting import number, period_text, value_text
from cppcc.i18n import text
from cppcc.store.config import GEO_FILE

LOW = (253, 229, 216)
HIGH = (165, 15, 21)
GREY = [205, 205, 205, 255]
LABEL_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
# the view every visitor opens on: deck.gl keeps the zoom whatever the screen's width,
# so labels laid out in its pixels stay apart at 1366 px and at 390 px alike
VIEW = {"latitude": 37.3, "longitude": 106.05, "zoom": 6.05}
LABEL_SIZE = 14  # px
LABEL_PADDING = (4, 2)  # px, left/right and top/bottom of the white box
DOT_RADIUS = 9  # px: radius_min_pixels of the county dots
# labels stay within this many pixels of the view's centre: a 390 px phone shows ±170
HALF_WIDTH, HALF_HEIGHT = 165, 270


@cache
def boundaries(path: Path = GEO_FILE) -> dict:
    """The boundary FeatureCollection; features carry ``adcode`` and ``name_zh``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _shade(fraction: float) -> list[int]:
    return [round(lo + (hi - lo) * fraction) for lo, hi in zip(LOW, HIGH, strict=True)] + [235]


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def centre(geometry: dict) -> list[float]:
    """Area-weighted centre of the largest ring of a (Multi)Polygon: where a name goes."""
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    best, best_area = None, -1.0
    for polygon in polygons:
        ring = polygon[0]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in pairwise(ring):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if area and abs(area) > best_area:
            best_area = abs(area)
            best = [cx / (3 * area), cy / (3 * area)]
    return best


def shown_values(values: pd.DataFrame, density: bool) -> pd.Series:
    """The number each committee is shaded by: the figure, or figure ÷ townships."""
    if not density:
        return values["value"]
    return values["value"] / values["townships"].where(values["townships"] > 0)


def _tooltip(row, shown, unit: str, period: str, density: bool, lang: str) -> str:
    name = row.committee_en if lang == "en" else row.name_zh
    lines = [f"<b>{name}</b>"]
    if _missing(row.value):
        lines.append(text("not_reported", lang) + f"（{period}）")
    else:
        lines.append(f"{value_text(row.value, row.qualifier, unit, lang)}（{period}）")
        if density and not _missing(shown):
            prefix = "≥" if row.qualifier == "at_least" else ""
            lines.append(
                f"{text('tooltip_per_township', lang)}：{prefix}{shown:.2f}"
                f"（{text('tooltip_townships', lang)} {number(row.townships)}）"
            )
        lines.append(f"{text('source', lang)}：{row.source}")
    return "<br/>".join(lines)


def deck(
    values: pd.DataFrame,
    *,
    unit: str,
    period: tuple[int, int],
    density: bool = False,
    lang: str = "zh",
    geo: dict | None = None,
    height: int = 560,
) -> pdk.Deck:
    """Prefectures shaded by value, county-level cities as dots at their seats.

    ``values`` is the ``map_values`` query: one row per committee below the region,
    with ``value`` NaN where the committee does not report the figure.
    """
    geo = copy.deepcopy(geo or boundaries())
    shown = shown_values(values, density)
    top = shown.max() if shown.notna().any() else None

    def period_label(row) -> str:  # * where this committee's year is inferred
        return period_text(*period, inferred=row.year_basis == "inferred")

    def colour(value) -> list[int]:
        if _missing(value) or not top:
            return GREY
        return _shade(value / top)

    by_adcode = {row.adcode: (row, shown.loc[index]) for index, row in values.iterrows()}
    features = []
    for feature in geo["features"]:
        adcode = feature["properties"]["adcode"]
        if adcode not in by_adcode or by_adcode[adcode][0].level != "prefecture":
            continue
        row, value = by_adcode[adcode]
        feature["properties"]["fill"] = colour(value)
        # a foreign member beside properties, so one tooltip template serves all layers
        feature["tip"] = _tooltip(row, value, unit, period_label(row), density, lang)
        features.append(feature)

    centres = {f["properties"]["adcode"]: centre(f["geometry"]) for f in features}
    marks, points = [], []
    for row, value in by_adcode.values():
        name = row.committee_en if lang == "en" else row.committee
        if _missing(row.value):
            shown_text = text("not_reported", lang)
        elif density and not _missing(value):
            shown_text = ("≥" if row.qualifier == "at_least" else "") + f"{value:.2f}"
        else:
            shown_text = value_text(row.value, row.qualifier, "", lang)
        if not _missing(row.value) and row.year_basis == "inferred":
            shown_text += "*"
        dot = row.level == "county" and not _missing(row.seat_lat)
        anchor = [row.seat_lon, row.seat_lat] if dot else centres.get(row.adcode)
        if anchor is None:
            continue
        marks.append({"name": name, "text": f"{name}\n{shown_text}", "at": anchor, "dot": dot})
        if dot:
            points.append(
                {
                    "position": anchor,
                    "fill": colour(value),
                    "tip": _tooltip(row, value, unit, period_label(row), density, lang),
                }
            )
    labels, leaders, unplaced = place_labels(marks)

    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": features},
            id="prefectures",
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1.5,
        ),
        pdk.Layer(
            "LineLayer",
            leaders,
            id="leaders",
            get_source_position="from",
            get_target_position="to",
            get_color=[90, 90, 90, 255],
            get_width=1,
            width_min_pixels=1,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="counties",
            pickable=True,
            get_position="position",
            get_fill_color="fill",
            get_line_color=[60, 60, 60, 255],
            stroked=True,
            line_width_min_pixels=1.5,
            radius_min_pixels=9,
            radius_max_pixels=16,
            get_radius=5000,
        ),
        pdk.Layer(
            "TextLayer",
            labels,
            id="labels",
            get_position="position",
            get_text="text",
            get_size=LABEL_SIZE,
            get_color=[25, 25, 25, 255],
            # pydeck reads a bare string as an expression: pdk.types.String keeps it literal.
            font_family=pdk.types.String(LABEL_FONT),
            # deck.gl draws only the glyphs it is given, and its default set is ASCII
            character_set=pdk.types.String(
                "".join(sorted({char for label in labels for char in label["text"]}))
            ),
            get_text_anchor=pdk.types.String("middle"),
            get_alignment_baseline=pdk.types.String("center"),
            background=True,
            get_background_color=[255, 255, 255, 230],
            background_padding=list(LABEL_PADDING),
            # without SDF glyphs deck.gl fails on CJK characters ("Illegal attribute")
            font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
        ),
    ]
    drawn = pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(**VIEW),
        map_provider=None,
        tooltip={"html": "{tip}", "style": {"fontFamily": LABEL_FONT, "fontSize": "13px"}},
        height=height,
    )
    # the committees whose names found no free spot: the page lists them under the map
    drawn.unplaced = unplaced
    return drawn


def unplaced_note(drawn: pdk.Deck, lang: str) -> str | None:
    names = getattr(drawn, "unplaced", [])
    if not names:
        return None
    return text("map_unplaced", lang, names="；".join(names))


# --- label placement, in the pixels of the opening view ---


def project(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator pixels of the opening view, relative to its centre (y downwards),
    as deck.gl draws them (a 512 px world at zoom 0)."""
    world = 512 * 2 ** VIEW["zoom"]

    def xy(lon, lat):
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return world * (lon + 180) / 360, world * (1 - y / math.pi) / 2

    x, y = xy(lon, lat)
    cx, cy = xy(VIEW["longitude"], VIEW["latitude"])
    return x - cx, y - cy


def unproject(x: float, y: float) -> list[float]:
    world = 512 * 2 ** VIEW["zoom"]
    cx = world * (VIEW["longitude"] + 180) / 360
    cy = (
        world
        * (1 - math.log(math.tan(math.pi / 4 + math.radians(VIEW["latitude"]) / 2)) / math.pi)
        / 2
    )
    lon = (x + cx) / world * 360 - 180
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * (y + cy) / world))) - math.pi / 2)
    return [lon, lat]


def text_width(line: str, size: float = LABEL_SIZE) -> float:
    """A generous width estimate: CJK one em, Latin and digits 0.62 em."""
    return sum(size if ord(char) > 0x2E7F else 0.62 * size for char in line)


def label_size(label: str) -> tuple[float, float]:
    lines = label.split("\n")
    width = max(text_width(line) for line in lines) + 2 * LABEL_PADDING[0]
    return width, len(lines) * LABEL_SIZE * 1.15 + 2 * LABEL_PADDING[1]


def _overlaps(a, b, gap: float = 3) -> bool:
    return not (
        a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]
    )


def _candidates(x: float, y: float, w: float, h: float, dot: bool):
    """Box centres to try, nearest first; a shape's name tries its own centre first,
    a dot's name sits beside the dot, then further out on a leader line."""
    near = DOT_RADIUS + 6
    steps = [(0.0, 0.0)] if not dot else []
    for reach in (0, 28, 56, 90):
        side, up = w / 2 + near + reach, h / 2 + near + reach
        steps += [(side, 0), (-side, 0), (0, -up), (0, up)]
        steps += [(side, -up), (-side, -up), (side, up), (-side, up)]
    if not dot:  # a shape's name may slide inside its shape before it needs a line
        steps[1:1] = [(dx, dy) for dx in (0, 24, -24) for dy in (-22, 22) if dx or dy]
    return [(x + dx, y + dy) for dx, dy in steps]


def place_labels(marks: list[dict]):
    """Put every label where it covers no other label and no dot, inside what a phone
    shows; a label away from its place gets a leader line. Shapes are placed first
    (their names belong on them), then dots, each in the order given. Returns the
    TextLayer rows, the leader lines, and the names that found no free spot.
    """
    taken = []
    for mark in marks:
        if mark["dot"]:
            x, y = project(*mark["at"])
            r = DOT_RADIUS + 1
            taken.append((x - r, y - r, x + r, y + r))
    labels, leaders, unplaced = [], [], []
    for mark in sorted(marks, key=lambda m: m["dot"]):
        x, y = project(*mark["at"])
        w, h = label_size(mark["text"])
        for cx, cy in _candidates(x, y, w, h, mark["dot"]):
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            inside = (
                box[0] >= -HALF_WIDTH
                and box[2] <= HALF_WIDTH
                and box[1] >= -HALF_HEIGHT
                and box[3] <= HALF_HEIGHT
            )
            if inside and not any(_overlaps(box, other) for other in taken):
                break
        else:
            unplaced.append(mark["text"].replace("\n", " "))
            continue
        taken.append(box)
        labels.append({"text": mark["text"], "position": unproject(cx, cy), "box": box})
        if math.hypot(cx - x, cy - y) > (DOT_RADIUS + 6 + w / 2 + 1 if mark["dot"] else 30):
            # from the dot (or the shape's centre) to the nearest edge of the label
            ex = min(max(x, box[0]), box[2])
            ey = min(max(y, box[1]), box[3])
            leaders.append({"from": mark["at"], "to": unproject(ex, ey)})
    return labels, leaders, unplaced


def legend_html(values: pd.DataFrame, density: bool, unit: str, lang: str) -> str:
    """A colour key for the page (deck.gl draws none): low → high, and grey = 未报告."""
    shown = shown_values(values, density).dropna()
    low_rgb = "rgb({},{},{})".format(*LOW)
    high_rgb = "rgb({},{},{})".format(*HIGH)
    grey = "rgb({},{},{})".format(*GREY[:3])
    scale = ""
    if not shown.empty:
        top = f"{shown.max():.2f}" if density else number(shown.max())
        scale = (
            f'<span>0</span><span style="display:inline-block;width:140px;height:12px;'
            f"background:linear-gradient(90deg,{low_rgb},{high_rgb});"
            f'margin:0 6px;vertical-align:middle"></span><span>{top}'
            f"{'' if density else unit}</span>&emsp;"
        )
    return (
        f'<div style="font-size:0.9rem">{scale}<span style="display:inline-block;width:14px;'
        f'height:12px;background:{grey};vertical-align:middle;margin-right:4px"></span>'
        f"{text('not_reported', lang)}</div>"
    )
