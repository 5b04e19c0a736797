"""What each page's charts show, as ChartSpec / PictureSpec: query results in, specs out.

The pages and ``python -m cppcc export`` build their charts here, from the same query
results, so an exported file is the chart the page shows. Pure: no Streamlit, no store.
"""

import pandas as pd

from cppcc import charts, maps, tables
from cppcc.formatting import period_text
from cppcc.i18n import text


def metric_name(metric: pd.Series, lang: str) -> str:
    return metric["name_en" if lang == "en" else "name_zh"]


def inferred_periods(periods: pd.DataFrame) -> dict[tuple[int, int], bool]:
    """``metric_periods`` as {period: whether any of its years is inferred}."""
    return {
        (int(r.period_start), int(r.period_end)): bool(r.any_inferred) for r in periods.itertuples()
    }


def comparison(
    metric: pd.Series,
    period: tuple[int, int],
    by_committee: pd.DataFrame,
    *,
    inferred: bool,
    lang: str,
) -> charts.ChartSpec:
    """The overview's bars: one metric and period, every committee (未报告 where none)."""
    name = metric_name(metric, lang)
    return charts.ChartSpec(
        kind="bars",
        title=text("chart_compare_title", lang, metric=name),
        subtitle=text(
            "export_subtitle",
            lang,
            period=tables.period_label(period, inferred, lang),
            unit=metric["unit"],
        ),
        unit=metric["unit"],
        data=tables.comparison(by_committee, lang),
        sources=tuple(tables.sources_of(by_committee)),
        lang=lang,
        file_stem=f"{name}_{period_text(*period)}",
    )


def yearly(metric: pd.Series, figures: pd.DataFrame, *, lang: str) -> charts.ChartSpec | None:
    """The year-over-year lines; None when the metric has no single-year figure."""
    series = tables.annual_series(figures, lang)
    if series.empty:
        return None
    name = metric_name(metric, lang)
    first, last = int(series["year"].min()), int(series["year"].max())
    return charts.ChartSpec(
        kind="lines",
        title=text("yoy_chart_title", lang, metric=name),
        subtitle=text(
            "export_subtitle", lang, period=period_text(first, last), unit=metric["unit"]
        ),
        unit=metric["unit"],
        data=series,
        sources=tuple(tables.sources_of(series)),
        lang=lang,
        file_stem=f"{name}_逐年",
    )


def map_view(
    metric: pd.Series,
    period: tuple[int, int],
    values: pd.DataFrame,
    rows: pd.DataFrame,
    *,
    inferred: bool,
    density: bool,
    lang: str,
):
    """The map page's Deck and the same map as a picture for PNG and slides."""
    drawn = maps.deck(values, unit=metric["unit"], period=period, density=density, lang=lang)
    name = metric_name(metric, lang)
    region_note = tables.region_note(rows, period, lang)
    unplaced = maps.unplaced_note(drawn, lang)
    picture = charts.PictureSpec(
        title=text("map_slide_title", lang, metric=name),
        subtitle=text(
            "export_subtitle",
            lang,
            period=tables.period_label(period, inferred, lang),
            unit=text("map_density", lang) if density else metric["unit"],
        ),
        figure=charts.map_picture(drawn),
        sources=tuple(tables.sources_of(rows)),
        notes=tuple(
            n
            for n in (
                text("map_slide_legend", lang),
                text("inferred_mark", lang) if values["year_basis"].eq("inferred").any() else None,
                unplaced,
                region_note,
                text("map_origin", lang),
            )
            if n
        ),
        lang=lang,
        file_stem=f"{name}_{period_text(*period)}_地图",
    )
    return drawn, picture, region_note
