"""The map as plain data: what is shaded, what is drawn for orientation, where the
names go and what the view is. Both renderers draw this model (``deck`` for the
page, ``picture`` for PNG, SVG and slides); neither reads the other's output.

Offline by construction: the shapes come from the GeoJSON shipped in ``data/geo``.
"""

import math
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from cppcc import markup
from cppcc.formatting import number, period_text, value_text
from cppcc.geo import DRAWN_LEVELS, boundaries
from cppcc.i18n import text
from cppcc.maps.labels import REGION_VIEW, Label, Leader, Mark, fit_view, place_labels

Colour = tuple[int, int, int, int]  # RGBA, 0–255
LOW = (253, 229, 216)
HIGH = (165, 15, 21)
GREY: Colour = (205, 205, 205, 255)
CONTEXT_FILL: Colour = (242, 242, 242, 255)
CONTEXT_LINE: Colour = (95, 95, 95, 255)
# a compared shape's outline: 4.5:1 on the white page, so even a pale or grey shape
# stands out from the page (WCAG 2.2, 1.4.11 asks 3:1)
AREA_LINE: Colour = (118, 118, 118, 255)
LEADER_LINE: Colour = (90, 90, 90, 255)
DOT_LINE: Colour = (60, 60, 60, 255)
LABEL_COLOUR: Colour = (25, 25, 25, 255)
LABEL_SIZE = {"prefecture": 14, "county": 13}
MANY = 8  # more shapes than this and the unreported ones are labelled by name only


@dataclass(frozen=True)
class Area:
    """A compared committee drawn as its shape; ``value`` is what it is shaded by
    (None: not reported, grey), ``tooltip`` plain text, one fact a line, ``anchor``
    (lon, lat) where its name belongs (a label moved away has a leader line to it)."""

    adcode: str
    name: str
    level: str
    geometry: dict
    fill: Colour
    value: float | None
    tooltip: str
    anchor: tuple[float, float]


@dataclass(frozen=True)
class Point:
    """A compared committee with no shape in the boundary file, drawn at its seat."""

    adcode: str
    name: str
    position: tuple[float, float]
    fill: Colour
    value: float | None
    tooltip: str


@dataclass(frozen=True)
class Scale:
    """The shading's key: 0 is drawn in LOW, ``top`` in HIGH, linearly between; grey
    (GREY) is 未报告. ``unit`` names what the numbers count (“个”, “个/乡镇（街道）”)."""

    top: float
    unit: str
    low: Colour = (*LOW, 255)
    high: Colour = (*HIGH, 255)
    missing: Colour = GREY


@dataclass(frozen=True)
class MapModel:
    """Everything either renderer draws, in drawing order: ``context`` (the cities,
    pale, under compared counties), ``areas``, ``borders`` (the cities' lines over
    the counties), ``leaders``, ``points``, ``labels``; ``view`` is the opening view
    the labels were laid out in, ``unplaced`` the names that found no spot."""

    areas: tuple[Area, ...]
    points: tuple[Point, ...]
    context: tuple[dict, ...]
    borders: tuple[dict, ...]
    labels: tuple[Label, ...]
    leaders: tuple[Leader, ...]
    view: dict
    unplaced: tuple[str, ...]
    # the colour scale: 0 is LOW, ``top`` HIGH, in ``unit``; None when nothing is reported
    scale: Scale | None = None

    def framed(self) -> list[tuple[float, float]]:
        """The points a picture of the map must show: every compared shape's outer
        rings and every dot, not the pale context."""
        return [c for area in self.areas for ring in outer_rings(area.geometry) for c in ring] + [
            p.position for p in self.points
        ]


def _shade(fraction: float) -> Colour:
    red, green, blue = (round(lo + (hi - lo) * fraction) for lo, hi in zip(LOW, HIGH, strict=True))
    return red, green, blue, 235


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def outer_rings(geometry: dict) -> list:
    """The outer rings of a (Multi)Polygon, or the lines of a (Multi)LineString: the
    region's shapes have no holes to show."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "MultiPolygon":
        return [polygon[0] for polygon in coordinates]
    if kind == "Polygon":
        return [coordinates[0]]
    if kind == "MultiLineString":
        return list(coordinates)
    return [coordinates]


def centre(geometry: dict) -> list[float]:
    """Area-weighted centre of the largest ring of a (Multi)Polygon: where a name goes."""
    best, best_area = None, -1.0
    for ring in outer_rings(geometry):
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


def _area(geometry: dict) -> float:
    return sum(
        abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))) / 2
        for ring in outer_rings(geometry)
    )


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


def _map_name(row, place_name: str | None, lang: str) -> str:
    if lang == "en":
        return row.committee_en
    if row.level == "county" and place_name:
        return place_name  # 永宁县 on a map, not the committee's short name 永宁
    return row.committee


def _committees(values: pd.DataFrame, shapes: dict, *, unit, period, density, lang):
    """Each compared committee as a shape (or a dot at its seat) and the mark of its
    name, the marks ordered reported first, then the larger shapes."""
    shown = shown_values(values, density)
    top = shown.max() if shown.notna().any() else None
    crowded = len(values) > MANY
    areas, points, ranked = [], [], []
    for index, row in values.iterrows():
        value = None if _missing(shown.loc[index]) else float(shown.loc[index])
        fill = _shade(value / top) if value is not None and top else GREY
        # * where this committee's year is inferred
        when = period_text(*period, inferred=row.year_basis == "inferred")
        tip = _tooltip(row, value, unit, when, density, lang)
        shape = shapes.get(row.adcode)
        if shape is not None:
            at = tuple(shape["properties"].get("label") or centre(shape["geometry"]))
            name = _map_name(row, shape["properties"].get("name_zh"), lang)
            level = "county" if row.level == "county" else "prefecture"
            areas.append(Area(row.adcode, name, level, shape["geometry"], fill, value, tip, at))
            weight = _area(shape["geometry"])
        elif not (_missing(row.seat_lat) or _missing(row.seat_lon)):
            at = (float(row.seat_lon), float(row.seat_lat))
            name = _map_name(row, None, lang)
            points.append(Point(row.adcode, name, at, fill, value, tip))
            weight = 0.0
        else:
            continue  # nowhere to draw it; the sources table still lists it
        # with many shapes, grey (explained by the legend) says 未报告 and the label
        # keeps to the name: 22 two-line labels do not fit
        bare = crowded and _missing(row.value)
        words = name if bare else f"{name}\n{label_text(row, value, density, lang)}"
        size = LABEL_SIZE.get(row.level, 13) - (1 if crowded else 0)
        mark = Mark(words, at, dot=shape is None, size=size, adcode=row.adcode)
        ranked.append(((_missing(row.value), -weight), mark))
    marks = [mark for _, mark in sorted(ranked, key=lambda pair: pair[0])]
    return areas, points, marks


def _view(areas: list[Area], points: list[Point], counties: bool) -> dict:
    """The region's familiar view, or, for one city's counties, a view fitted to them."""
    outline = [c for a in areas for ring in outer_rings(a.geometry) for c in ring]
    outline += [p.position for p in points]
    if not (outline and counties):
        return REGION_VIEW
    fitted = fit_view(outline)
    # a whole region's worth of counties keeps the familiar view of the cities
    return fitted if fitted["zoom"] > REGION_VIEW["zoom"] + 0.3 else REGION_VIEW


def model(
    values: pd.DataFrame,
    *,
    unit: str,
    period: tuple[int, int],
    density: bool = False,
    lang: str = "zh",
    geo: dict | None = None,
) -> MapModel:
    """The compared committees shaded by value, each on its own shape.

    ``values`` is the ``map_values`` query narrowed to one comparison level (see
    ``cppcc.levels``): one row per committee, ``value`` NaN where the committee does
    not report the figure. A committee with a shape in the boundary file is drawn as
    that shape; one without (a new code added by staff) as a dot at its seat. When
    counties are compared, the cities are drawn pale under them and their borders
    over them, for orientation, and a single city's counties are drawn larger.
    """
    geo = geo or boundaries()
    shapes = {
        f["properties"]["adcode"]: f
        for f in geo["features"]
        if f["properties"].get("level") in DRAWN_LEVELS
    }
    areas, points, marks = _committees(
        values, shapes, unit=unit, period=period, density=density, lang=lang
    )
    # the counties after the cities, as they are drawn
    areas.sort(key=lambda area: area.level == "county")
    counties = bool(values["level"].eq("county").any())
    context, borders = (), ()
    if counties:
        cities = [f for f in geo["features"] if f["properties"].get("level") == "prefecture"]
        context = tuple(f["geometry"] for f in cities)
        # the cities' borders as the counties draw them; a boundary file without them
        # (an office's own) falls back to the cities' shapes
        lines = [f for f in geo["features"] if f["properties"].get("level") == "city_lines"]
        borders = tuple(f["geometry"] for f in lines) or context
    view = _view(areas, points, counties)
    labels, leaders, unplaced = place_labels(marks, view)
    shown = shown_values(values, density)
    scale = None
    if shown.notna().any():
        per = text("map_scale_density", lang, unit=unit) if density else unit
        scale = Scale(float(shown.max()), per)
    return MapModel(
        tuple(areas),
        tuple(points),
        context,
        borders,
        tuple(labels),
        tuple(leaders),
        view,
        tuple(unplaced),
        scale,
    )


def unplaced_note(drawn: MapModel, lang: str) -> str | None:
    """The committees whose names found no free spot on the map, for under it."""
    if not drawn.unplaced:
        return None
    return text("map_unplaced", lang, names=text("list_sep", lang).join(drawn.unplaced))


def legend_html(values: pd.DataFrame, density: bool, unit: str, lang: str) -> str:
    """A colour key for the page (deck.gl draws none): low → high with its unit, and
    grey = 未报告."""
    shown = shown_values(values, density).dropna()
    low_rgb = "rgb({},{},{})".format(*LOW)
    high_rgb = "rgb({},{},{})".format(*HIGH)
    grey = "rgb({},{},{})".format(*GREY[:3])
    scale = ""
    if not shown.empty:
        top = f"{shown.max():.2f}" if density else number(shown.max())
        per = text("map_scale_density", lang, unit=unit) if density else unit
        scale = (
            f'<span>0</span><span style="display:inline-block;width:140px;height:12px;'
            f"background:linear-gradient(90deg,{low_rgb},{high_rgb});"
            f'margin:0 6px;vertical-align:middle"></span><span>{top}</span>&emsp;'
            f'<span class="cppcc-legend-unit" style="white-space:nowrap">'
            f"{markup.html(text('map_scale_unit', lang, unit=per))}</span>&emsp;"
        )
    return (
        f'<div class="cppcc-legend" style="font-size:0.9rem;line-height:1.9">{scale}'
        # the grey swatch and its words stay on one line (“not reported” broke in two)
        f'<span style="white-space:nowrap"><span style="display:inline-block;width:14px;'
        f'height:12px;background:{grey};vertical-align:middle;margin-right:4px"></span>'
        f"{markup.html(text('not_reported', lang))}</span></div>"
    )


def ranking(values: pd.DataFrame, density: bool, unit: str, lang: str) -> pd.DataFrame:
    """The map's committees by the number they are shaded by, largest first, 未报告
    last: the side panel's table, with the same marks as the labels."""
    shown = shown_values(values, density)
    order = shown.fillna(-1).sort_values(ascending=False, kind="stable").index
    per = text("map_scale_density", lang, unit=unit) if density else unit
    names = values["committee_en"] if lang == "en" else values["committee"]
    rows = [(names.loc[i], label_text(values.loc[i], shown.loc[i], density, lang)) for i in order]
    return pd.DataFrame(
        rows,
        columns=[text("committee", lang), text("map_value_column", lang, unit=per)],
    )
