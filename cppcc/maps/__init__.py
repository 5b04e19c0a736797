"""The offline map of Ningxia: one model, two renderers.

- ``data``: :func:`model`, committee figures in, a :class:`MapModel` out (plain data:
  shaded areas, context and borders, seat dots, placed labels and leader lines, the
  view, the names that found no spot);
- ``labels``: the view's pixels and the label layout, pure arithmetic;
- ``deckgl``: :func:`deck`, the model as a pydeck Deck for the page;
- ``figure``: :func:`picture`, the model as a plotly figure for PNG, SVG and slides.

The modules are not named after the functions, so ``cppcc.maps.deck`` is always the
function and never a module shadowed by it.
"""

from cppcc.geo import boundaries
from cppcc.maps.data import (
    GREY,
    Area,
    MapModel,
    Point,
    centre,
    legend_html,
    model,
    ranking,
    shown_values,
    unplaced_note,
)
from cppcc.maps.deckgl import SCREENS, Screen, deck
from cppcc.maps.figure import picture
from cppcc.maps.labels import (
    DOT_RADIUS,
    HALF_HEIGHT,
    HALF_WIDTH,
    LABEL_PADDING,
    REGION_VIEW,
    Label,
    Leader,
    Mark,
    dot_box,
    fit_view,
    label_size,
    overlaps,
    place_labels,
    project,
    unproject,
    world,
)

__all__ = [
    "DOT_RADIUS",
    "GREY",
    "HALF_HEIGHT",
    "HALF_WIDTH",
    "LABEL_PADDING",
    "REGION_VIEW",
    "SCREENS",
    "Area",
    "Label",
    "Leader",
    "MapModel",
    "Mark",
    "Point",
    "Screen",
    "boundaries",
    "centre",
    "deck",
    "dot_box",
    "fit_view",
    "label_size",
    "legend_html",
    "model",
    "overlaps",
    "picture",
    "place_labels",
    "project",
    "ranking",
    "shown_values",
    "unplaced_note",
    "unproject",
    "world",
]
