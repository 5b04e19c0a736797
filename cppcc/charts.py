"""Chart builders: DataFrames in, plotly figures out, nothing drawn here.

The same figure serves the page, an exported slide and the tests, so every figure
carries its own honesty markers: ≥ and a hatch for lower bounds, “未报告” where a
committee reports nothing (never a zero bar), * on inferred years, and a footnote
naming the reports it draws on.

A chart is described once, as a :class:`ChartSpec`; :func:`figure` draws it with
plotly for the page and the PNG/SVG export, and ``cppcc.export.deck`` builds a
native PowerPoint chart from the same description.
"""

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from cppcc.formatting import value_text
from cppcc.i18n import text

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)
PALETTE = ["#B22222", "#2F5D8A", "#D98C1F", "#4E8B5A", "#7A4E9C", "#8C6D46", "#3A8C8C", "#A0446C"]
MISSING_GREY = "#8A8A8A"
PATTERN = {"exact": "", "at_least": "/", "approx": "."}
# Streamlit swaps plotly's default template for its own, whose placeholder colours
# export as black bars: every figure names its template.
TEMPLATE = "plotly_white"
# the page's chart is about this wide; the footnote wraps to fit it
SCREEN_WIDTH = 1100


@dataclass(frozen=True, eq=False)
class ChartSpec:
    """What a chart shows, independent of how it is drawn.

    ``data`` has ``label`` (the category or committee), ``value`` (NaN = not
    reported), ``qualifier`` and ``inferred``; a line chart also has ``year``, and
    a grouped bar chart the column named by ``series``.
    """

    kind: Literal["bars", "lines"]
    title: str
    subtitle: str
    unit: str
    data: pd.DataFrame
    sources: tuple[str, ...]
    series: str | None = None
    lang: str = "zh"
    # the middle of the export file names: 宁夏政协_<file_stem>_<date>.png
    file_stem: str = "图表"

    @property
    def inferred(self) -> bool:
        return bool(self.data["inferred"].any())


@dataclass(frozen=True, eq=False)
class PictureSpec:
    """A chart that has no native PowerPoint form (the map): a figure and its words."""

    title: str
    subtitle: str
    figure: go.Figure
    sources: tuple[str, ...]
    notes: tuple[str, ...] = ()
    lang: str = "zh"
    file_stem: str = "地图"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _text_width(line: str) -> float:
    """Width of a line in ems: a CJK character is one em, Latin about half."""
    return sum(1.0 if ord(char) > 0x2E7F else 0.55 for char in line)


def wrap(parts: list[str], width_em: float, separator: str = "；") -> list[str]:
    """Join ``parts`` into lines no wider than ``width_em``, breaking between parts."""
    lines: list[str] = []
    for part in parts:
        if lines and _text_width(lines[-1] + separator + part) <= width_em:
            lines[-1] += separator + part
        else:
            lines.append(part)
    return lines


def footnote_lines(sources, lang: str, inferred: bool = False, width_em: float = 100) -> list[str]:
    """The footnote: “数据来源：《…》；《…》”, wrapped, then the * note if any year is inferred."""
    titles = [
        text("source_title", lang, title=title) for title in dict.fromkeys(s for s in sources if s)
    ] or ["—"]
    titles[0] = text("source_footnote", lang) + titles[0]
    lines = wrap(titles, width_em, text("list_sep", lang))
    if inferred:
        lines.append(text("inferred_mark", lang))
    return lines


def _note(data: pd.DataFrame, sources, lang: str, width: float, scale: float) -> str:
    """The footnote drawn inside a figure ``width`` pixels wide, its lines joined."""
    inferred = bool(data["inferred"].any())
    return "<br>".join(footnote_lines(sources, lang, inferred, width / (11 * scale) - 2))


def _layout(
    fig: go.Figure,
    title: str,
    note: str,
    *,
    subtitle: str = "",
    height: int = 460,
    scale: float = 1.0,
    axis_title: bool = False,
) -> go.Figure:
    lines = note.count("<br>") + 1 if note else 0
    shown = [trace for trace in fig.data if trace.showlegend is not False]
    legend = bool(shown) and len(fig.data) > 1
    # from the top: the title, its subtitle, then the legend just above the plot
    top = 12 + 26 + (22 if subtitle else 0) + (30 if legend else 0) + 14
    # the footnote starts below the tick labels, and below the axis title if there is one
    below = 40 + (22 if axis_title else 0)
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12 * scale},
            "font": {"size": 17 * scale},
            "subtitle": {"text": subtitle, "font": {"size": 12.5 * scale, "color": "#555"}},
        },
        font={"family": FONT_FAMILY, "size": 13 * scale, "color": "#222"},
        height=height,
        # room below the axis for the tick labels, then the footnote's lines
        margin={
            "l": 50 * scale,
            "r": 20 * scale,
            "t": top * scale,
            "b": (below + 18 + 17 * lines) * scale,
        },
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        bargap=0.3,
        separators=".,",
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if not note:  # the page shows the footnote beneath the chart, where it can wrap
        return fig
    fig.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-below * scale,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11 * scale, "color": "#555"},
        name="footnote",
    )
    return fig


def _hover_notes(frame: pd.DataFrame) -> list[str]:
    """The extra hover line of each point: an earlier report's other number, if any."""
    if "hover" not in frame:
        return [""] * len(frame)
    return [f"<br>{note}" if isinstance(note, str) and note else "" for note in frame["hover"]]


def _qualifier_legend(fig: go.Figure, qualifiers: set[str], lang: str) -> None:
    """Grey legend swatches that explain the hatches actually used in the chart."""
    for qualifier in ("at_least", "approx"):
        if qualifier in qualifiers:
            fig.add_trace(
                go.Bar(
                    x=[None],
                    y=[None],
                    name=text(f"legend_{qualifier}", lang),
                    marker={"color": "#DDD", "pattern": {"shape": PATTERN[qualifier]}},
                    hoverinfo="skip",
                )
            )


def bars(
    data: pd.DataFrame,
    *,
    title: str,
    unit: str,
    sources: list[str],
    lang: str = "zh",
    series: str | None = None,
    subtitle: str = "",
    scale: float = 1.0,
    width: int = SCREEN_WIDTH,
    with_footnote: bool = True,
) -> go.Figure:
    """Bars per category (``label``), optionally grouped by ``series``.

    ``data`` has columns ``label``, ``value`` (NaN = not reported), ``qualifier`` and
    ``inferred``; a category with no value gets a “未报告” mark on the axis, not a bar.
    """
    fig = go.Figure()
    categories = list(dict.fromkeys(data["label"]))
    groups = [(None, data)] if series is None else list(data.groupby(series, sort=False))
    for index, (name, group) in enumerate(groups):
        reported = group[~group["value"].isna()]
        fig.add_trace(
            go.Bar(
                x=reported["label"],
                y=reported["value"],
                name=name if name is not None else text("legend_exact", lang),
                showlegend=series is not None,
                marker={
                    "color": PALETTE[index % len(PALETTE)],
                    "pattern": {
                        "shape": [PATTERN.get(q, "") for q in reported["qualifier"]],
                        "fgcolor": "white",
                        "size": 8 * scale,
                    },
                },
                text=[
                    value_text(v, q, "", lang) + ("*" if flag else "")
                    for v, q, flag in zip(
                        reported["value"], reported["qualifier"], reported["inferred"], strict=True
                    )
                ],
                textposition="outside",
                cliponaxis=False,
                customdata=_hover_notes(reported),
                hovertemplate="%{x}<br>%{text}"
                + (f" {unit}" if unit else "")
                + "%{customdata}<extra></extra>",
            )
        )
    _qualifier_legend(fig, set(data["qualifier"].dropna()), lang)
    reported_labels = set(data.loc[~data["value"].isna(), "label"])
    for label in categories:
        if label not in reported_labels:
            fig.add_annotation(
                x=label,
                y=0,
                yref="y",
                text=text("not_reported", lang),
                showarrow=False,
                yanchor="bottom",
                font={"color": MISSING_GREY, "size": 10 * scale},
            )
    top = data["value"].max()
    fig.update_xaxes(categoryorder="array", categoryarray=categories, type="category")
    fig.update_yaxes(
        rangemode="tozero",
        range=[0, (top if not _missing(top) else 1) * 1.18],
    )
    if series is not None:
        fig.update_layout(barmode="group")
    note = _note(data, sources, lang, width, scale) if with_footnote else ""
    return _layout(fig, title, note, subtitle=subtitle, scale=scale)


def lines_by_year(
    data: pd.DataFrame,
    *,
    title: str,
    unit: str,
    sources: list[str],
    lang: str = "zh",
    subtitle: str = "",
    scale: float = 1.0,
    width: int = SCREEN_WIDTH,
    with_footnote: bool = True,
) -> go.Figure:
    """One line per committee over single years; a gap where a year is not reported.

    ``data`` has ``label``, ``year``, ``value``, ``qualifier`` and ``inferred``.
    Lower bounds are drawn as hollow triangles labelled ≥.
    """
    fig = go.Figure()
    years = list(range(int(data["year"].min()), int(data["year"].max()) + 1))
    for index, (label, group) in enumerate(data.groupby("label", sort=False)):
        by_year = group.set_index("year")
        values, symbols, labels = [], [], []
        notes = dict(zip(group["year"], _hover_notes(group), strict=True))
        hovers = []
        for year in years:
            hovers.append(notes.get(year, ""))
            if year in by_year.index:
                row = by_year.loc[year]
                values.append(row["value"])
                at_least = row["qualifier"] == "at_least"
                symbols.append("triangle-up-open" if at_least else "circle")
                mark = "*" if row["inferred"] else ""
                labels.append(value_text(row["value"], row["qualifier"], "", lang) + mark)
            else:
                values.append(None)
                symbols.append("circle")
                labels.append("")
        fig.add_trace(
            go.Scatter(
                x=[str(year) for year in years],
                y=values,
                name=label,
                mode="lines+markers+text",
                connectgaps=False,
                line={"color": PALETTE[index % len(PALETTE)], "width": 2.5 * scale},
                marker={"symbol": symbols, "size": 11 * scale, "line": {"width": 2 * scale}},
                text=labels,
                textposition="top center",
                cliponaxis=False,
                customdata=hovers,
                hovertemplate=f"{label} %{{x}}<br>%{{text}}%{{customdata}}<extra></extra>",
            )
        )
    if (data["qualifier"] == "at_least").any():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=text("legend_at_least", lang),
                marker={"symbol": "triangle-up-open", "size": 11 * scale, "color": "#666"},
            )
        )
    top = data["value"].max()
    fig.update_xaxes(type="category", title=text("year", lang))
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.2 if top else 1])
    note = _note(data, sources, lang, width, scale) if with_footnote else ""
    return _layout(fig, title, note, subtitle=subtitle, scale=scale, axis_title=True)


def figure(
    spec: ChartSpec, *, scale: float = 1.0, width: int = SCREEN_WIDTH, with_footnote: bool = True
) -> go.Figure:
    """Draw a :class:`ChartSpec` with plotly; ``scale`` grows text and marks for a slide.
    Without the footnote for a page, whose width (a laptop's, a phone's) is not known here:
    the page writes it beneath the chart as text that wraps."""
    common = {
        "with_footnote": with_footnote,
        "title": spec.title,
        "subtitle": spec.subtitle,
        "unit": spec.unit,
        "sources": list(spec.sources),
        "lang": spec.lang,
        "scale": scale,
        "width": width,
    }
    if spec.kind == "lines":
        return lines_by_year(spec.data, **common)
    return bars(spec.data, series=spec.series, **common)


def map_picture(deck, *, scale: float = 1.0) -> go.Figure:
    """The page's map drawn again by plotly from the Deck's own layers, for a slide.

    deck.gl runs only in the browser, so a server-side picture of the map reads the
    shapes, their fills, the county dots and the labels off the ``pdk.Deck`` and
    draws the same things: no basemap, nothing fetched.
    """
    layers = {layer.type: layer.data for layer in deck.layers}
    fig = go.Figure()
    # the picture frames what is compared, as the page's view does, not the pale context
    framed = []
    # every shape layer in drawing order: the pale context, the shaded shapes, and the
    # cities' outlines drawn over counties
    for layer in deck.layers:
        if layer.type != "GeoJsonLayer":
            continue
        context = getattr(layer, "id", "") in ("context", "city_outlines")
        filled = getattr(layer, "filled", True)
        line_colour = "rgb(95,95,95)" if filled is False else "white"
        for feature in layer.data["features"]:
            geometry = feature["geometry"]
            kind, coordinates = geometry["type"], geometry["coordinates"]
            # the outer rings (the region's shapes have no holes to show), or the lines
            if kind == "MultiPolygon":
                rings = [polygon[0] for polygon in coordinates]
            elif kind == "Polygon":
                rings = [coordinates[0]]
            elif kind == "MultiLineString":
                rings = coordinates
            else:
                rings = [coordinates]
            xs, ys = [], []
            for ring in rings:
                xs += [point[0] for point in ring] + [None]
                ys += [point[1] for point in ring] + [None]
                if not context:
                    framed += ring
            red, green, blue, alpha = feature["properties"]["fill"]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill=None if filled is False else "toself",
                    fillcolor=f"rgba({red},{green},{blue},{alpha / 255:.2f})",
                    line={"color": line_colour, "width": (1.6 if filled is False else 1.2) * scale},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    for leader in layers.get("LineLayer") or []:
        fig.add_trace(
            go.Scatter(
                x=[leader["from"][0], leader["to"][0]],
                y=[leader["from"][1], leader["to"][1]],
                mode="lines",
                line={"color": "rgb(90,90,90)", "width": 1 * scale},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    points = layers.get("ScatterplotLayer") or []
    if points:
        fig.add_trace(
            go.Scatter(
                x=[p["position"][0] for p in points],
                y=[p["position"][1] for p in points],
                mode="markers",
                marker={
                    "size": 18 * scale,
                    "color": ["rgb({},{},{})".format(*p["fill"][:3]) for p in points],
                    "line": {"color": "rgb(60,60,60)", "width": 1.5 * scale},
                },
                hoverinfo="skip",
                showlegend=False,
            )
        )
    for label in layers.get("TextLayer") or []:
        fig.add_annotation(
            x=label["position"][0],
            y=label["position"][1],
            text=label["text"].replace("\n", "<br>"),
            showarrow=False,
            xanchor="center",
            yanchor="middle",
            bgcolor="rgba(255,255,255,0.9)",
            font={"size": label.get("size", 14) * scale, "color": "#191919"},
        )
    framed += [p["position"] for p in points]
    fig.update_xaxes(visible=False)
    # a degree of longitude is shorter than a degree of latitude by cos(latitude)
    latitude = deck.initial_view_state.latitude or 37.3
    fig.update_yaxes(
        visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(latitude))
    )
    if framed:
        lons, lats = [p[0] for p in framed], [p[1] for p in framed]
        pad_x, pad_y = (max(lons) - min(lons)) * 0.04, (max(lats) - min(lats)) * 0.04
        fig.update_xaxes(range=[min(lons) - pad_x, max(lons) + pad_x])
        fig.update_yaxes(range=[min(lats) - pad_y, max(lats) + pad_y])
    fig.update_layout(
        template=TEMPLATE,
        font={"family": FONT_FAMILY, "size": 13 * scale, "color": "#222"},
        # the zoom the labels were laid out at, so a picture can size them to match
        meta={"zoom": deck.initial_view_state.zoom},
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig
