"""The exported renderer: a map model drawn by plotly, for PNG, SVG and slides.

deck.gl runs only in the browser, so the picture of the map is drawn here from the
same model as the page's Deck: the same shapes, fills, borders, dots, labels and
leader lines, with no basemap and nothing fetched.
"""

import math

import plotly.graph_objects as go

from cppcc.charts import FONT_FAMILY, TEMPLATE
from cppcc.maps.data import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    DOT_LINE,
    LABEL_COLOUR,
    LEADER_LINE,
    Colour,
    MapModel,
    outer_rings,
)
from cppcc.maps.labels import DOT_RADIUS

WHITE: Colour = (255, 255, 255, 255)


def _rgba(colour: Colour) -> str:
    red, green, blue, alpha = colour
    return f"rgba({red},{green},{blue},{alpha / 255:.2f})"


def _rings(fig: go.Figure, geometry: dict, fill: Colour | None, line: Colour, width: float):
    """One trace of a shape's outer rings (or a border's lines), filled or not."""
    xs, ys = [], []
    for ring in outer_rings(geometry):
        xs += [point[0] for point in ring] + [None]
        ys += [point[1] for point in ring] + [None]
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill=None if fill is None else "toself",
            fillcolor=None if fill is None else _rgba(fill),
            line={"color": _rgba(line), "width": width},
            hoverinfo="skip",
            showlegend=False,
        )
    )


def _marks(fig: go.Figure, drawn: MapModel) -> None:
    """Leader lines, seat dots and labels, over the shapes."""
    for leader in drawn.leaders:
        fig.add_trace(
            go.Scatter(
                x=[leader.start[0], leader.end[0]],
                y=[leader.start[1], leader.end[1]],
                mode="lines",
                line={"color": _rgba(LEADER_LINE), "width": 1},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if drawn.points:
        fig.add_trace(
            go.Scatter(
                x=[p.position[0] for p in drawn.points],
                y=[p.position[1] for p in drawn.points],
                mode="markers",
                marker={
                    "size": 2 * DOT_RADIUS,
                    "color": [_rgba(p.fill) for p in drawn.points],
                    "line": {"color": _rgba(DOT_LINE), "width": 1.5},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for label in drawn.labels:
        fig.add_annotation(
            x=label.position[0],
            y=label.position[1],
            text=label.text.replace("\n", "<br>"),
            showarrow=False,
            xanchor="center",
            yanchor="middle",
            bgcolor="rgba(255,255,255,0.9)",
            font={"size": label.size, "color": _rgba(LABEL_COLOUR)},
        )


def picture(drawn: MapModel) -> go.Figure:
    """The map framed on what is compared (not the pale context), with the labels at
    the page's pixel sizes for the model's zoom; ``cppcc.export.image`` scales them
    to the size it draws the map at."""
    fig = go.Figure()
    for geometry in drawn.context:
        _rings(fig, geometry, CONTEXT_FILL, WHITE, 1.2)
    for area in drawn.areas:
        _rings(fig, area.geometry, area.fill, WHITE, 1.2)
    for geometry in drawn.borders:
        _rings(fig, geometry, None, CONTEXT_LINE, 1.6)
    _marks(fig, drawn)
    fig.update_xaxes(visible=False)
    # a degree of longitude is shorter than a degree of latitude by cos(latitude)
    ratio = 1 / math.cos(math.radians(drawn.view["latitude"]))
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=ratio)
    framed = drawn.framed()
    if framed:
        lons, lats = [p[0] for p in framed], [p[1] for p in framed]
        pad_x, pad_y = (max(lons) - min(lons)) * 0.04, (max(lats) - min(lats)) * 0.04
        fig.update_xaxes(range=[min(lons) - pad_x, max(lons) + pad_x])
        fig.update_yaxes(range=[min(lats) - pad_y, max(lats) + pad_y])
    fig.update_layout(
        template=TEMPLATE,
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig
