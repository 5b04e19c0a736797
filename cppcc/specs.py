"""What each page's charts show, as ChartSpec / PictureSpec: query results in, specs out.

The pages and ``python -m cppcc export`` build their charts here, from the same query
results, so an exported file is the chart the page shows. Pure: no Streamlit, no store.
"""

import pandas as pd

from cppcc import charts, levels, maps, tables
from cppcc.formatting import period_text
from cppcc.i18n import text, unit
from cppcc.terms import changes as term_changes


def metric_unit(metric: pd.Series, lang: str) -> str:
    """件 on a Chinese page, “proposals” on an English one (``i18n.unit``)."""
    return unit(str(metric.name), metric["unit"], lang)


def metric_name(metric: pd.Series, lang: str) -> str:
    return metric["name_en" if lang == "en" else "name_zh"]


def for_level(periods: pd.DataFrame, adcodes) -> pd.DataFrame:
    """``metric_periods`` with ``any_inferred`` true only where one of ``adcodes`` (the
    committees a page shows) has an inferred year: 2025* in the period picker when a
    shown bar has the *, not because of a committee of another level."""
    shown = set(adcodes)
    inferred = [
        bool(shown & set(str(codes or "").split(","))) for codes in periods["inferred_adcodes"]
    ]
    return periods.assign(any_inferred=inferred)


def inferred_periods(periods: pd.DataFrame) -> dict[tuple[int, int], bool]:
    """``metric_periods`` as {period: whether any of its years is inferred}."""
    return {
        (int(r.period_start), int(r.period_end)): bool(r.any_inferred) for r in periods.itertuples()
    }


def comparison(
    metric: pd.Series,
    period: tuple[int, int],
    compared: pd.DataFrame,
    *,
    inferred: bool,
    lang: str,
    level_name: str = "",
    by_value: bool = False,
) -> tuple[charts.ChartSpec, list[str]]:
    """The overview's bars: one metric and period, the committees of one comparison
    level (未报告 marks where none, or, with many committees, their names in words),
    in catalogue order or, ``by_value``, largest first with 未报告 last.
    Returns the spec and the names of the committees left out as unreported."""
    name = metric_name(metric, lang)
    data, unreported = levels.for_chart(tables.comparison(compared, lang))
    if by_value:
        data = data.sort_values("value", ascending=False, na_position="last", kind="stable")
        data = data.reset_index(drop=True)
    head = f"{level_name} · " if level_name else ""
    spec = charts.ChartSpec(
        kind="bars",
        title=text("chart_compare_title", lang, metric=name),
        subtitle=head
        + text(
            "export_subtitle",
            lang,
            period=tables.period_label(period, inferred, lang),
            unit=metric_unit(metric, lang),
        ),
        unit=metric_unit(metric, lang),
        data=data,
        sources=tuple(tables.sources_of(compared)),
        lang=lang,
        file_stem="_".join(p for p in (name, level_name, period_text(*period)) if p),
    )
    return spec, unreported


def yearly(
    metric: pd.Series,
    figures: pd.DataFrame,
    *,
    lang: str,
    title: str | None = None,
    who: str = "",
    stem: str | None = None,
    terms: pd.DataFrame | None = None,
) -> charts.ChartSpec | None:
    """Year-over-year lines of ``figures`` (one level's committees, or the region's);
    None when there is no single-year figure. ``terms`` (the shown committees') mark
    where a term changed."""
    series = tables.annual_series(figures, lang)
    if series.empty:
        return None
    name = metric_name(metric, lang)
    first, last = int(series["year"].min()), int(series["year"].max())
    return charts.ChartSpec(
        kind="lines",
        title=title or text("yoy_chart_title", lang, metric=name),
        subtitle=levels.who(series, who)
        + text(
            "export_subtitle", lang, period=period_text(first, last), unit=metric_unit(metric, lang)
        ),
        unit=metric_unit(metric, lang),
        data=series,
        sources=tuple(tables.sources_of(series)),
        lang=lang,
        file_stem=stem or f"{name}_逐年",
        marks=()
        if terms is None
        else term_changes(
            terms[terms["adcode"].isin(figures["adcode"])], list(range(first, last + 1)), lang
        ),
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
    level_name: str = "",
):
    """The map of ``values`` (one level's committees) as a model, which the page draws
    as a Deck, and the same model drawn as a picture for PNG and slides; ``rows`` are
    the figures behind it, the region's too."""
    drawn = maps.model(
        values, unit=metric_unit(metric, lang), period=period, density=density, lang=lang
    )
    name = metric_name(metric, lang)
    when = period_text(*period) + ("年" if lang == "zh" else "")
    region_note = tables.region_note(rows, period, lang)
    shown_rows = rows[rows["adcode"].isin(values["adcode"])]
    unplaced = maps.unplaced_note(drawn, lang)
    picture = charts.PictureSpec(
        # the level and period in the title: a picture travels without the page around it
        title=text("map_picture_title", lang, metric=name, level=level_name, period=when)
        if level_name
        else text("map_slide_title", lang, metric=name),
        subtitle=text(
            "export_subtitle",
            lang,
            period=tables.period_label(period, inferred, lang),
            unit=text("map_density", lang) if density else metric_unit(metric, lang),
        ),
        figure=maps.picture(drawn, lang),
        sources=tuple(tables.sources_of(shown_rows)),
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
        file_stem="_".join(p for p in (name, level_name, period_text(*period), "地图") if p),
        zoom=drawn.view["zoom"],
    )
    return drawn, picture, region_note
