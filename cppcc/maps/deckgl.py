"""The page's renderer: a map model drawn as a pydeck Deck (deck.gl in the browser).

No basemap, no tiles, nothing fetched: the Deck is made with ``map_provider=None``
(a ``map_style`` of None would still make the browser fetch a basemap).
"""

import json
import math
from dataclasses import dataclass

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from cppcc.maps.data import (
    AREA_LINE,
    CONTEXT_FILL,
    CONTEXT_LINE,
    DOT_LINE,
    LABEL_COLOUR,
    LEADER_LINE,
    MapModel,
)
from cppcc.maps.labels import DOT_RADIUS, LABEL_PADDING

LABEL_FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
NO_FILL = [0, 0, 0, 0]


@dataclass(frozen=True)
class Screen:
    """One size of the page's map. deck.gl keeps its zoom whatever the width, so the
    page draws one Deck per screen size and its stylesheet shows the one that fits
    (``assets/page.css``, ``.st-key-mapfit_<name>``): ``scale`` enlarges the model's
    view (laid out for a 390 px phone) and its labels alike, so no label comes to
    cover another; ``height`` is the Deck's height in pixels."""

    name: str
    scale: float
    height: int


# below 1200 px the map's column is a phone's width; a laptop (1366 px) has about
# 540 px beside the side panel, a wide screen (1920 px) about 870 px
SCREENS = (Screen("phone", 1.0, 560), Screen("laptop", 1.38, 770), Screen("wide", 1.75, 960))


class CompactDeck(pdk.Deck):
    """A Deck whose JSON (what ``st.pydeck_chart`` sends on every rerun) has no
    indentation and keeps Chinese as UTF-8. pydeck indents by two spaces, which puts
    every coordinate on a line of its own: 768 KB for the counties' map, 153 KB
    without (#24); the page sends one Deck per screen size."""

    def to_json(self) -> str:
        return json.dumps(
            self,
            sort_keys=True,
            default=default_serialize,
            separators=(",", ":"),
            ensure_ascii=False,
        )


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _shapes_layer(
    layer_id: str, features: list[dict], pickable: bool = True, scale: float = 1.0
) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        _collection(features),
        id=layer_id,
        pickable=pickable,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=[255, 255, 255, 255] if layer_id == "context" else list(AREA_LINE),
        line_width_min_pixels=(1.5 if layer_id == "prefectures" else 1) * scale,
    )


def _area_layers(drawn: MapModel, scale: float = 1.0) -> list[pdk.Layer]:
    """The pale cities under compared counties, the shaded shapes, the cities' borders."""
    layers = []
    if drawn.context:
        context = [
            {"type": "Feature", "geometry": g, "properties": {"fill": list(CONTEXT_FILL)}}
            for g in drawn.context
        ]
        layers.append(_shapes_layer("context", context, pickable=False))
    for layer_id, level in (("prefectures", "prefecture"), ("counties", "county")):
        features = [
            {
                "type": "Feature",
                "geometry": area.geometry,
                "properties": {"adcode": area.adcode, "name": area.name, "fill": list(area.fill)},
                # a foreign member beside properties, so one tooltip template serves all layers
                "tip": area.tooltip,
            }
            for area in drawn.areas
            if area.level == level
        ]
        if features:
            layers.append(_shapes_layer(layer_id, features, scale=scale))
    if drawn.borders:
        borders = [
            {"type": "Feature", "geometry": g, "properties": {"fill": NO_FILL}}
            for g in drawn.borders
        ]
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                _collection(borders),
                id="city_outlines",
                pickable=False,
                stroked=True,
                filled=False,
                get_line_color=list(CONTEXT_LINE),
                line_width_min_pixels=2.2 * scale,
            )
        )
    return layers


def _labels_layer(drawn: MapModel, scale: float = 1.0) -> pdk.Layer:
    rows = [
        {"text": label.text, "position": list(label.position), "size": label.size * scale}
        for label in drawn.labels
    ]
    return pdk.Layer(
        "TextLayer",
        rows,
        id="labels",
        get_position="position",
        get_text="text",
        get_size="size",
        get_color=list(LABEL_COLOUR),
        # pydeck reads a bare string as an expression: pdk.types.String keeps it literal.
        font_family=pdk.types.String(LABEL_FONT),
        # deck.gl draws only the glyphs it is given, and its default set is ASCII
        character_set=pdk.types.String(
            "".join(sorted({char for label in drawn.labels for char in label.text}))
        ),
        get_text_anchor=pdk.types.String("middle"),
        get_alignment_baseline=pdk.types.String("center"),
        background=True,
        get_background_color=[255, 255, 255, 230],
        background_padding=[p * scale for p in LABEL_PADDING],
        # without SDF glyphs deck.gl fails on CJK characters ("Illegal attribute")
        font_settings={"sdf": True, "fontSize": 64, "buffer": 6},
    )


def _dot_layers(drawn: MapModel, scale: float = 1.0) -> list[pdk.Layer]:
    """The leader lines, then the seat dots over them."""
    leaders = [{"from": list(line.start), "to": list(line.end)} for line in drawn.leaders]
    points = [
        {"position": list(p.position), "fill": list(p.fill), "tip": p.tooltip} for p in drawn.points
    ]
    return [
        pdk.Layer(
            "LineLayer",
            leaders,
            id="leaders",
            get_source_position="from",
            get_target_position="to",
            get_color=list(LEADER_LINE),
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
            get_line_color=list(DOT_LINE),
            stroked=True,
            line_width_min_pixels=1.5,
            radius_min_pixels=DOT_RADIUS * scale,
            radius_max_pixels=16 * scale,
            get_radius=5000,
        ),
    ]


def deck(drawn: MapModel, *, height: int = 560, scale: float = 1.0) -> CompactDeck:
    """The model as deck.gl layers: shapes, borders, leader lines, seat dots, labels;
    a hover shows a committee's tooltip as plain text. ``scale`` draws the whole
    view, labels included, that many times larger (see :class:`Screen`)."""
    view = {**drawn.view, "zoom": drawn.view["zoom"] + math.log2(scale)}
    return CompactDeck(
        layers=[
            *_area_layers(drawn, scale),
            *_dot_layers(drawn, scale),
            _labels_layer(drawn, scale),
        ],
        initial_view_state=pdk.ViewState(**view),
        map_provider=None,
        tooltip={
            "text": "{tip}",
            # narrow enough to stay inside the map; assets/page.js moves it left of
            # (or above) the pointer near the map's right (or bottom) edge
            "style": {
                "fontFamily": LABEL_FONT,
                "fontSize": "13px",
                "whiteSpace": "pre-line",
                "maxWidth": "260px",
                "overflowWrap": "anywhere",
            },
        },
        height=height,
    )
