"""The exported renderer: a map model drawn by plotly, for PNG, SVG and slides.

deck.gl runs only in the browser, so the picture of the map is drawn here from the
same model as the page's Deck: the same shapes, fills, borders, dots, labels and
leader lines, with no basemap and nothing fetched.
"""

import math

import plotly.graph_objects as go

from cppcc import markup
from cppcc.charts import FONT_FAMILY, TEMPLATE
from cppcc.formatting import number
from cppcc.i18n import text
from cppcc.maps.data import (
    AREA_LINE,
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
            # stored names: escaped for plotly's HTML subset, the line breaks ours
            text="<br>".join(markup.plotly(line) for line in label.text.split("\n")),
            showarrow=False,
            xanchor="center",
            yanchor="middle",
            bgcolor="rgba(255,255,255,0.9)",
            font={"size": label.size, "color": _rgba(LABEL_COLOUR)},
        )


def _scale(fig: go.Figure, drawn: MapModel, lang: str) -> None:
    """The colour key beside the map: a bar from 0 to the largest value, with its unit,
    and a grey square for 未报告 (a trace with no points draws only its key)."""
    scale = drawn.scale
    if scale is None:
        return
    low, high = _rgba(scale.low), _rgba(scale.high)
    fig.add_trace(
        go.Scatter(
            x=[None, None],
            y=[None, None],
            mode="markers",
            hoverinfo="skip",
            showlegend=False,
            marker={
                "color": [0, scale.top],
                "cmin": 0,
                "cmax": scale.top,
                "colorscale": [[0, low], [1, high]],
                "showscale": True,
                "colorbar": {
                    "title": {
                        "text": text("map_scale_unit", lang, unit=scale.unit),
                        "side": "top",
                        "font": {"size": 12},
                    },
                    "x": 1.0,
                    "xanchor": "left",
                    "y": 0,
                    "yanchor": "bottom",
                    "len": 0.42,
                    "thickness": 14,
                    "outlinewidth": 0,
                    "tickfont": {"size": 11},
                    # 0 and the largest value, as the page's key shows them
                    "tickvals": [0, scale.top],
                    "ticktext": ["0", number(scale.top) if scale.top >= 1 else f"{scale.top:.2f}"],
                },
            },
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=text("not_reported", lang),
            marker={"symbol": "square", "size": 12, "color": _rgba(scale.missing)},
            hoverinfo="skip",
            showlegend=True,
        )
    )
    fig.update_layout(
        legend={
            "x": 1.0,
            "xanchor": "left",
            "y": 0.46,
            "yanchor": "bottom",
            "font": {"size": 11},
            "bgcolor": "rgba(0,0,0,0)",
        }
    )


def picture(drawn: MapModel, lang: str = "zh") -> go.Figure:
    """The map framed on what is compared (not the pale context), with the labels at
    the page's pixel sizes for the model's zoom; ``cppcc.export.image`` scales them
    to the size it draws the map at."""
    fig = go.Figure()
    for geometry in drawn.context:
        _rings(fig, geometry, CONTEXT_FILL, WHITE, 1.2)
    for area in drawn.areas:
        _rings(fig, area.geometry, area.fill, AREA_LINE, 1.0)
    for geometry in drawn.borders:
        _rings(fig, geometry, None, CONTEXT_LINE, 1.6)
    _marks(fig, drawn)
    _scale(fig, drawn, lang)
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
        # room on the right for the colour key
        margin={"l": 10, "r": 10 if drawn.scale is None else 80, "t": 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig
