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

from cppcc import markup
from cppcc.formatting import number, period_text, value_text
from cppcc.i18n import text
from cppcc.store.config import GEO_FILE

LOW = (253, 229, 216)
HIGH = (165, 15, 21)
GREY = [205, 205, 205, 255]
LABEL_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


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
    """Plain text, one fact a line: the Deck shows it with deck.gl's ``text`` tooltip
    (set as the element's text, never parsed as HTML), so a stored name or source
    title such as ``<img src=x onerror=…>`` is shown as written."""
    name = row.committee_en if lang == "en" else row.name_zh
    lines = [str(name)]
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
    return "\n".join(lines)


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
    inferred = values["year_basis"].eq("inferred").any()
    period_label = period_text(*period, inferred=bool(inferred))

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
        feature["tip"] = _tooltip(row, value, unit, period_label, density, lang)
        features.append(feature)

    centres = {f["properties"]["adcode"]: centre(f["geometry"]) for f in features}
    points, labels = [], []
    for row, value in by_adcode.values():
        if _missing(row.seat_lat):
            continue
        seat = [row.seat_lon, row.seat_lat]
        name = row.committee_en if lang == "en" else row.committee
        if _missing(row.value):
            shown_text = text("not_reported", lang)
        elif density and not _missing(value):
            shown_text = ("≥" if row.qualifier == "at_least" else "") + f"{value:.2f}"
        else:
            shown_text = value_text(row.value, row.qualifier, "", lang)
        label = {"text": f"{name}\n{shown_text}", "anchor": "middle", "offset": [0, 0]}
        if row.level == "county":
            # the two county seats sit close together inside their parents: label them
            # outward, the western one to the west and the other to the east
            west = row.seat_lon <= min(
                r.seat_lon for r, _ in by_adcode.values() if r.level == "county"
            )
            label.update(
                position=seat, anchor="end" if west else "start", offset=[-14 if west else 14, 0]
            )
        else:
            label["position"] = centres.get(row.adcode) or seat
        labels.append(label)
        if row.level == "county":
            points.append(
                {
                    "position": seat,
                    "fill": colour(value),
                    "tip": _tooltip(row, value, unit, period_label, density, lang),
                }
            )

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
            get_size=14,
            get_color=[25, 25, 25, 255],
            get_pixel_offset="offset",
            # pydeck reads a bare string as an expression: pdk.types.String keeps it literal.
            font_family=pdk.types.String(LABEL_FONT),
            # deck.gl draws only the glyphs it is given, and its default set is ASCII
            character_set=pdk.types.String(
                "".join(sorted({char for label in labels for char in label["text"]}))
            ),
            get_text_anchor="anchor",
            background=True,
            get_background_color=[255, 255, 255, 215],
            background_padding=[4, 2],
            # without SDF glyphs deck.gl fails on CJK characters ("Illegal attribute")
            font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
        ),
    ]
    return pdk.Deck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=37.3, longitude=106.05, zoom=6.05),
        map_provider=None,
        tooltip={
            "text": "{tip}",
            "style": {"fontFamily": LABEL_FONT, "fontSize": "13px", "whiteSpace": "pre-line"},
        },
        height=height,
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
