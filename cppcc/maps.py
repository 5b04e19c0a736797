"""The offline map of Ningxia: committee figures in, a pydeck Deck out.

No basemap, no tiles, nothing fetched: the boundaries come from the GeoJSON shipped
in ``data/geo`` and the Deck is made with ``map_provider=None`` (a ``map_style`` of
None would still make the browser fetch a basemap).
"""

import copy
import math
import weakref
from itertools import pairwise

import pandas as pd
import pydeck as pdk

from cppcc import markup
from cppcc.formatting import number, period_text, value_text
from cppcc.geo import DRAWN_LEVELS, boundaries
from cppcc.i18n import text

_LAYOUT: "weakref.WeakKeyDictionary[pdk.Deck, dict]" = weakref.WeakKeyDictionary()
LOW = (253, 229, 216)
HIGH = (165, 15, 21)
GREY = [205, 205, 205, 255]
LABEL_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


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
    """Plain text, one fact a line: the Deck shows it with deck.gl's ``text`` tooltip
    (set as the element's text, never parsed as HTML), so a stored name or source
    title such as ``<img src=x onerror=…>`` is shown as written."""
    name = row.committee_en if lang == "en" else row.name_zh
    lines = [str(name)]
    if _missing(row.value):
        lines.append(text("paren", lang, text=text("not_reported", lang), note=period))
    else:
        shown_value = value_text(row.value, row.qualifier, unit, lang)
        lines.append(text("paren", lang, text=shown_value, note=period))
        if density and not _missing(shown):
            prefix = "≥" if row.qualifier == "at_least" else ""
            per = text("labelled", lang, label=text("tooltip_per_township", lang),
                       value=f"{prefix}{shown:.2f}")  # fmt: skip
            townships = f"{text('tooltip_townships', lang)} {number(row.townships)}"
            lines.append(text("paren", lang, text=per, note=townships))
        lines.append(text("labelled", lang, label=text("source", lang), value=row.source))
    return "\n".join(lines)


REGION_VIEW = {"latitude": 37.3, "longitude": 106.05, "zoom": 6.05}
# the box a fitted view must fill on the narrowest screen (a 390 px phone), in pixels
FIT_BOX = (350, 500)
LABEL_SIZE = {"prefecture": 14, "county": 13}
MANY = 8  # more shapes than this and the unreported ones are labelled by name only
CONTEXT_FILL = [242, 242, 242, 255]
CONTEXT_LINE = [95, 95, 95, 255]


def _world(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixels at ``zoom`` (deck.gl's 512-pixel world), y pointing down."""
    scale = 512 * 2**zoom / (2 * math.pi)
    x = scale * math.radians(lon)
    y = -scale * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return x, y


def fit_view(points: list[list[float]], box: tuple[int, int] = FIT_BOX) -> dict:
    """The view state that shows every point (lon, lat) inside ``box`` pixels."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    x0, y0 = _world(min(lons), max(lats), 0)
    x1, y1 = _world(max(lons), min(lats), 0)
    zoom = min(math.log2(box[0] / max(x1 - x0, 1e-9)), math.log2(box[1] / max(y1 - y0, 1e-9)))
    middle_y = (y0 + y1) / 2 / (512 / (2 * math.pi))
    latitude = math.degrees(2 * math.atan(math.exp(-middle_y)) - math.pi / 2)
    return {
        "latitude": round(latitude, 4),
        "longitude": round((min(lons) + max(lons)) / 2, 4),
        "zoom": round(min(zoom, 10.0), 2),
    }


LABEL_PADDING = (4, 2)  # px, left/right and top/bottom of a label's white box
DOT_RADIUS = 9  # px: radius_min_pixels of the seat dots
# labels stay within this many pixels of the view's centre: deck.gl keeps the zoom
# whatever the screen's width, and a 390 px phone shows about ±170 px of it
HALF_WIDTH, HALF_HEIGHT = 165, 270


def project(lon: float, lat: float, view: dict = REGION_VIEW) -> tuple[float, float]:
    """Pixels of ``view`` (deck.gl's Web Mercator), relative to its centre, y down."""
    x, y = _world(lon, lat, view["zoom"])
    cx, cy = _world(view["longitude"], view["latitude"], view["zoom"])
    return x - cx, y - cy


def unproject(x: float, y: float, view: dict = REGION_VIEW) -> list[float]:
    cx, cy = _world(view["longitude"], view["latitude"], view["zoom"])
    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)
    lon = math.degrees((x + cx) / scale)
    lat = math.degrees(2 * math.atan(math.exp(-(y + cy) / scale)) - math.pi / 2)
    return [lon, lat]


def label_size(label: str, size: float = 14) -> tuple[float, float]:
    """A generous box for a label as deck.gl draws it: CJK glyphs one em wide, Latin
    and digits 0.62 em, 1.15 em a line, plus the background's padding."""
    lines = label.split("\n")
    width = max(sum(size if ord(c) > 0x2E7F else 0.62 * size for c in line) for line in lines)
    return width + 2 * LABEL_PADDING[0], len(lines) * size * 1.15 + 2 * LABEL_PADDING[1]


def _overlaps(a, b, gap: float = 3) -> bool:
    return not (
        a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1]
    )


def _candidates(x: float, y: float, w: float, h: float, dot: bool):
    """Box centres to try, nearest first: a shape's name on its own centre, then slid
    inside the shape; a dot's name beside the dot; then further out, on a leader line."""
    near = DOT_RADIUS + 6
    steps = [] if dot else [(0.0, 0.0), *((dx, dy) for dx in (0, 24, -24) for dy in (-22, 22))]
    for reach in (0, 28, 56, 90):
        side, up = w / 2 + near + reach, h / 2 + near + reach
        steps += [(side, 0), (-side, 0), (0, -up), (0, up)]
        steps += [(side, -up), (-side, -up), (side, up), (-side, up)]
    return [(x + dx, y + dy) for dx, dy in steps]


def place_labels(marks: list[dict], view: dict = REGION_VIEW):
    """Put every label where it covers no other label and no dot, inside what a phone
    shows; one moved away from its place gets a leader line. ``marks`` have ``text``,
    ``at`` (lon, lat), ``dot`` and ``size``; shapes are placed before dots, each group
    in the order given (the most important first). Returns the TextLayer rows (with
    their ``box`` in the view's pixels), the leader lines, and the texts that fit
    nowhere (their shapes keep their tooltips; the page names them).
    """
    taken = []
    for mark in marks:
        if mark["dot"]:
            x, y = project(*mark["at"], view)
            r = DOT_RADIUS + 1
            taken.append((x - r, y - r, x + r, y + r))
    labels, leaders, unplaced = [], [], []
    for mark in sorted(marks, key=lambda m: m["dot"]):
        x, y = project(*mark["at"], view)
        w, h = label_size(mark["text"], mark.get("size", 14))
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
        labels.append(
            {
                "text": mark["text"],
                "position": unproject(cx, cy, view),
                "size": mark.get("size", 14),
                "box": box,
            }
        )
        if math.hypot(cx - x, cy - y) > (DOT_RADIUS + 7 + w / 2 if mark["dot"] else 34):
            # from the dot (or the shape's centre) to the nearest edge of the label
            ex, ey = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
            leaders.append({"from": mark["at"], "to": unproject(ex, ey, view)})
    return labels, leaders, unplaced


def unplaced_note(drawn: pdk.Deck, lang: str) -> str | None:
    """The committees whose names found no free spot on the map, for under it."""
    names = layout(drawn)["unplaced"]
    if not names:
        return None
    return text("map_unplaced", lang, names="；".join(names))


def _area(geometry: dict) -> float:
    polygons = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    total = 0.0
    for polygon in polygons:
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(polygon[0]))) / 2
    return total


def label_text(row, value, density: bool, lang: str) -> str:
    if _missing(row.value):
        shown_text = text("not_reported", lang)
    elif density and not _missing(value):
        shown_text = ("≥" if row.qualifier == "at_least" else "") + f"{value:.2f}"
    else:
        shown_text = value_text(row.value, row.qualifier, "", lang)
    if not _missing(row.value) and row.year_basis == "inferred":
        shown_text += "*"
    return shown_text


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
    """The compared committees shaded by value, each on its own shape.

    ``values`` is the ``map_values`` query narrowed to one comparison level (see
    ``cppcc.levels``): one row per committee, ``value`` NaN where the committee does
    not report the figure. A committee with a shape in the boundary file is drawn as
    that shape; one without (a new code added by staff) as a dot at its seat. When
    counties are compared, the cities' outlines are drawn over them for orientation,
    and a single city's counties are drawn larger.
    """
    geo = geo or boundaries()
    shapes = {
        f["properties"]["adcode"]: f
        for f in geo["features"]
        if f["properties"].get("level") in DRAWN_LEVELS
    }
    shown = shown_values(values, density)
    top = shown.max() if shown.notna().any() else None
    counties = values["level"].eq("county").any()

    def colour(value) -> list[int]:
        if _missing(value) or not top:
            return GREY
        return _shade(value / top)

    areas = {"prefecture": [], "county": []}
    points, labels = [], []
    for index, row in values.iterrows():
        value = shown.loc[index]
        # * where this committee's year is inferred
        when = period_text(*period, inferred=row.year_basis == "inferred")
        tip = _tooltip(row, value, unit, when, density, lang)
        shape = shapes.get(row.adcode)
        if shape is not None:
            feature = copy.deepcopy(shape)
            feature["properties"]["fill"] = colour(value)
            # a foreign member beside properties, so one tooltip template serves all layers
            feature["tip"] = tip
            areas["county" if row.level == "county" else "prefecture"].append(feature)
            position = shape["properties"].get("label") or centre(shape["geometry"])
            place_name = shape["properties"].get("name_zh")
            weight = _area(shape["geometry"])
        elif not (_missing(row.seat_lat) or _missing(row.seat_lon)):
            position = [row.seat_lon, row.seat_lat]
            points.append({"position": position, "fill": colour(value), "tip": tip})
            place_name, weight = None, 0.0
        else:
            continue  # nowhere to draw it; the sources table still lists it
        if lang == "en":
            name = row.committee_en
        elif row.level == "county" and place_name:
            name = place_name  # 永宁县 on a map, not the committee's short name 永宁
        else:
            name = row.committee
        # with many counties, grey (explained by the legend) says 未报告 and the label
        # keeps to the name: 22 two-line labels do not fit
        crowded = len(values) > MANY and _missing(row.value)
        labels.append(
            {
                "text": name if crowded else f"{name}\n{label_text(row, value, density, lang)}",
                "at": position,
                "dot": shape is None,
                "size": LABEL_SIZE.get(row.level, 13) - (1 if len(values) > MANY else 0),
                # reported figures first, then the larger shapes
                "rank": (_missing(row.value), -weight),
            }
        )

    outline = [
        coordinate
        for features in areas.values()
        for feature in features
        for polygon in (
            feature["geometry"]["coordinates"]
            if feature["geometry"]["type"] == "MultiPolygon"
            else [feature["geometry"]["coordinates"]]
        )
        for coordinate in polygon[0]
    ] + [p["position"] for p in points]
    view = REGION_VIEW
    if outline and counties:
        fitted = fit_view(outline)
        # a whole region's worth of counties keeps the familiar view of the cities
        view = fitted if fitted["zoom"] > REGION_VIEW["zoom"] + 0.3 else REGION_VIEW
    labels.sort(key=lambda label: label.pop("rank"))
    labels, leaders, unplaced = place_labels(labels, view)

    layers = []
    if counties:
        # every city, pale, so a single city's counties sit in the region they belong to
        cities = [
            {**f, "properties": {**f["properties"], "fill": CONTEXT_FILL}}
            for f in geo["features"]
            if f["properties"].get("level") == "prefecture"
        ]
        layers.append(_areas_layer("context", cities, pickable=False))
    for layer_id, features in (("prefectures", areas["prefecture"]), ("counties", areas["county"])):
        if features:
            layers.append(_areas_layer(layer_id, features))
    if counties:
        # the cities' borders as the counties draw them; a boundary file without them
        # (an office's own) falls back to the cities' shapes
        borders = [f for f in geo["features"] if f["properties"].get("level") == "city_lines"]
        borders = borders or cities
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                {"type": "FeatureCollection", "features": [
                    {**f, "properties": {"fill": [0, 0, 0, 0]}} for f in borders]},
                id="city_outlines",
                pickable=False,
                stroked=True,
                filled=False,
                get_line_color=CONTEXT_LINE,
                line_width_min_pixels=2.2,
            )
        )  # fmt: skip
    layers += [
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
            id="seats",
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
            get_size="size",
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
        initial_view_state=pdk.ViewState(**view),
        map_provider=None,
        tooltip={
            "text": "{tip}",
            "style": {"fontFamily": LABEL_FONT, "fontSize": "13px", "whiteSpace": "pre-line"},
        },
        height=height,
    )
    # what the page and the tests need beside the layers: the opening view the labels
    # were laid out in, and the names that found no spot. Kept beside the Deck, not on
    # it: pydeck sends every attribute of a Deck to the browser, and deck.gl then draws
    # nothing
    _LAYOUT[drawn] = {"view": view, "unplaced": unplaced}
    return drawn


def layout(drawn: pdk.Deck) -> dict:
    """``view`` (latitude, longitude, zoom) and ``unplaced`` (label texts) of a Deck."""
    return _LAYOUT.get(drawn, {"view": REGION_VIEW, "unplaced": []})


def _areas_layer(layer_id: str, features: list[dict], pickable: bool = True) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id=layer_id,
        pickable=pickable,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 255],
        line_width_min_pixels=1.5 if layer_id == "prefectures" else 1,
    )


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
            f"{'' if density else markup.html(unit)}</span>&emsp;"
        )
    return (
        f'<div style="font-size:0.9rem">{scale}<span style="display:inline-block;width:14px;'
        f'height:12px;background:{grey};vertical-align:middle;margin-right:4px"></span>'
        f"{markup.html(text('not_reported', lang))}</div>"
    )
