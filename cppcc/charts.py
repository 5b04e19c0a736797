"""Chart builders: DataFrames in, plotly figures out, nothing drawn here.

The same figure serves the page, an exported slide and the tests, so every figure
carries its own honesty markers: ≥ and a hatch for lower bounds, “未报告” where a
committee reports nothing (never a zero bar), * on inferred years, and a footnote
naming the reports it draws on.
"""

import math

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


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def footnote(sources: list[str], lang: str, inferred: bool = False) -> str:
    titles = "；".join(f"《{title}》" for title in dict.fromkeys(s for s in sources if s))
    note = text("source_footnote", lang) + (titles or "—")
    if inferred:
        note += "<br>" + text("inferred_mark", lang)
    return note


def _layout(fig: go.Figure, title: str, note: str, *, height: int = 460) -> go.Figure:
    lines = note.count("<br>") + 1
    fig.update_layout(
        template="plotly_white",
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        font={"family": FONT_FAMILY, "size": 13, "color": "#222"},
        height=height,
        # room below the axis for the tick labels, then the footnote's lines
        margin={"l": 50, "r": 20, "t": 70, "b": 58 + 17 * lines},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        bargap=0.3,
        separators=".,",
    )
    fig.add_annotation(
        text=note,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-40,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#555"},
    )
    return fig


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
                hovertemplate="%{x}<br>%{text}" + (f" {unit}" if unit else "") + "<extra></extra>",
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
                font={"color": MISSING_GREY, "size": 12},
            )
    top = data["value"].max()
    fig.update_xaxes(categoryorder="array", categoryarray=categories, type="category")
    fig.update_yaxes(
        rangemode="tozero",
        range=[0, (top if not _missing(top) else 1) * 1.18],
    )
    if series is not None:
        fig.update_layout(barmode="group")
    return _layout(fig, title, footnote(sources, lang, bool(data["inferred"].any())))


def lines_by_year(
    data: pd.DataFrame, *, title: str, unit: str, sources: list[str], lang: str = "zh"
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
        for year in years:
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
                line={"color": PALETTE[index % len(PALETTE)], "width": 2.5},
                marker={"symbol": symbols, "size": 11, "line": {"width": 2}},
                text=labels,
                textposition="top center",
                cliponaxis=False,
                hovertemplate=f"{label} %{{x}}<br>%{{text}}<extra></extra>",
            )
        )
    if (data["qualifier"] == "at_least").any():
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=text("legend_at_least", lang),
                marker={"symbol": "triangle-up-open", "size": 11, "color": "#666"},
            )
        )
    top = data["value"].max()
    fig.update_xaxes(type="category", title=text("year", lang))
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.2 if top else 1])
    return _layout(fig, title, footnote(sources, lang, bool(data["inferred"].any())))
