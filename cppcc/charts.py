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
import pickle
from dataclasses import dataclass, fields
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from cppcc import markup
from cppcc.formatting import value_text
from cppcc.i18n import text

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", sans-serif'
)
# every colour at least 3:1 against the white page (WCAG 2.2, 1.4.11), and any two
# at least 13 CIEDE2000 apart as seen with protanopia, deuteranopia or tritanopia
# (tests/test_palette.py simulates them); the first is the dashboard's red
PALETTE = ["#B22222", "#0088DD", "#663366", "#CC7788", "#2F22C8", "#779900", "#227755", "#996699"]
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
    # a year chart's term changes: (first year of the new term, label), drawn as a
    # dashed line before that year (cppcc.terms.changes)
    marks: tuple[tuple[int, str], ...] = ()

    @property
    def inferred(self) -> bool:
        return bool(self.data["inferred"].any())

    def fingerprint(self) -> tuple:
        """Everything the chart is drawn from, as one hashable value: equal fingerprints
        draw equal figures, so a page can draw a spec once for every visitor (#24). The
        data goes in as its pickled bytes: not-reported values (NaN) compare equal there."""
        described = tuple(
            getattr(self, field.name) for field in fields(self) if field.name != "data"
        )
        return (*described, pickle.dumps(self.data, protocol=pickle.HIGHEST_PROTOCOL))


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
    # the zoom the figure's labels were laid out at (the map's view), so an image of
    # another size can scale them as the page would
    zoom: float | None = None


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
    lines = footnote_lines(sources, lang, inferred, width / (11 * scale) - 2)
    return "<br>".join(markup.plotly(line) for line in lines)


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
            "text": markup.plotly(title),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 12 * scale},
            "font": {"size": 17 * scale},
            "subtitle": {
                "text": markup.plotly(subtitle),
                "font": {"size": 12.5 * scale, "color": "#555"},
            },
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


def _drawn(data: pd.DataFrame, series: str | None = None) -> pd.DataFrame:
    """The data with its stored names (categories, legend entries) escaped for plotly."""
    names = {"label": data["label"].map(markup.plotly)}
    if series is not None:
        names[series] = data[series].map(markup.plotly)
    return data.assign(**names)


def _hover_notes(frame: pd.DataFrame) -> list[str]:
    """The extra hover line of each point: an earlier report's other number, if any."""
    if "hover" not in frame:
        return [""] * len(frame)
    return [
        f"<br>{markup.plotly(note)}" if isinstance(note, str) and note else ""
        for note in frame["hover"]
    ]


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


def _unreported_marks(fig, categories, reported: set, lang: str, scale: float) -> None:
    """A “未报告” mark at the foot of each committee without a figure, set at once:
    add_annotation validates the whole list again on every call (about 50 calls made
    0.7-1.0 s of a 1.5 s PNG, #24)."""
    marks = [
        {
            "x": label,
            "y": 0,
            "yref": "y",
            "text": text("not_reported", lang),
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"color": MISSING_GREY, "size": 10 * scale},
        }
        for label in categories
        if label not in reported
    ]
    if marks:
        fig.update_layout(annotations=[*fig.layout.annotations, *marks])


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
    data = _drawn(data, series)
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
                # the unit is stored text: it goes in the data, never into the template
                customdata=[
                    (f" {markup.plotly(unit)}" if unit else "") + note
                    for note in _hover_notes(reported)
                ],
                hovertemplate="%{x}<br>%{text}%{customdata}<extra></extra>",
            )
        )
    _qualifier_legend(fig, set(data["qualifier"].dropna()), lang)
    reported_labels = set(data.loc[~data["value"].isna(), "label"])
    _unreported_marks(fig, categories, reported_labels, lang, scale)
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
    marks: tuple[tuple[int, str], ...] = (),
) -> go.Figure:
    """One line per committee over single years; a gap where a year is not reported.

    ``data`` has ``label``, ``year``, ``value``, ``qualifier`` and ``inferred``.
    Lower bounds are drawn as hollow triangles labelled ≥.
    """
    fig = go.Figure()
    data = _drawn(data)
    years = list(range(int(data["year"].min()), int(data["year"].max()) + 1))
    below = _labels_below(data)
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
                textposition=[
                    "bottom center" if (label, year) in below else "top center" for year in years
                ],
                cliponaxis=False,
                customdata=hovers,
                # the name by reference: stored text never becomes part of a template
                hovertemplate="%{fullData.name} %{x}<br>%{text}%{customdata}<extra></extra>",
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
    _term_marks(fig, marks, years, scale)
    fig.update_xaxes(type="category", title=text("year", lang))
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.2 if top else 1])
    note = _note(data, sources, lang, width, scale) if with_footnote else ""
    return _layout(fig, title, note, subtitle=subtitle, scale=scale, axis_title=True)


def _labels_below(data: pd.DataFrame, near: float = 0.08) -> set:
    """(label, year) of the points whose value label goes under the point: in a year
    where two lines end close together (within ``near`` of the chart's height), the
    lower one's label, so the two labels do not print over each other."""
    top = data["value"].max()
    if _missing(top) or not top:
        return set()
    below = set()
    for year, group in data.dropna(subset=["value"]).groupby("year"):
        ranked = group.sort_values("value", ascending=False)
        for (_, upper), (_, lower) in zip(
            ranked.iloc[:-1].iterrows(), ranked.iloc[1:].iterrows(), strict=True
        ):
            if (upper["label"], year) not in below and upper["value"] - lower["value"] < near * top:
                below.add((lower["label"], year))
    return below


def _term_marks(fig: go.Figure, marks, years: list[int], scale: float) -> None:
    """A dashed line before the first year of each new term, named at the top."""
    for year, label in marks:
        if year not in years[1:]:
            continue
        at = years.index(year) - 0.5  # between the categories: the term changed there
        fig.add_shape(
            type="line",
            x0=at,
            x1=at,
            xref="x",
            y0=0,
            y1=1,
            yref="paper",
            line={"color": "#666", "width": 1.2 * scale, "dash": "dash"},
        )
        fig.add_annotation(
            x=at,
            y=1,
            xref="x",
            yref="paper",
            text=markup.plotly(label),
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
            font={"size": 11 * scale, "color": "#555"},
        )


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
        return lines_by_year(spec.data, marks=spec.marks, **common)
    return bars(spec.data, series=spec.series, **common)
