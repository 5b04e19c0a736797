"""What goes into the Word report: per metric, the page's comparison chart, the sentences
written from its figures and every figure it shows, gathered with the pages' queries.

``query(name, **params)`` is the store's named-query function (the page's cached one,
or the CLI's), so the report says what the page shows. The chart is the pages' PNG
export (``cppcc.export.image``), rendered by ``render``.
"""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd

from cppcc import specs, tables
from cppcc.charts import ChartSpec
from cppcc.export import alt, image, prose
from cppcc.formatting import period_text

# the chart as the pages draw their PNG; 3:2, so its type is not too small at the
# width of the text block (156 mm)
CHART_SIZE = (1200, 800)


class NothingToReport(Exception):
    """A metric has no figure to write about; the message says why, in Chinese."""


def section(
    query: Callable[..., pd.DataFrame],
    metric: pd.Series,
    adcodes: list[str],
    level_name: str,
    period: tuple[int, int] | None,
) -> tuple[ChartSpec, prose.Section]:
    """One metric's chart and section, its picture not yet drawn (``write`` draws it);
    ``period`` None = the period the most of these committees report."""
    name = specs.metric_name(metric, "zh")
    if period is None:
        coverage = query("figure_coverage")
        best = tables.most_reported(coverage[coverage["adcode"].isin(adcodes)], metric.name)
        if best is None:
            raise NothingToReport(f"指标“{name}”（{metric.name}）在所选委员会中没有任何数字。")
        period = best[1]
    bounds = {"metric": metric.name, "period_start": period[0], "period_end": period[1]}
    by_committee = query("metric_by_committee", **bounds, adcodes=adcodes)
    # in the level's order, whatever order ``adcodes`` came in
    compared = by_committee[by_committee["adcode"].isin(adcodes)].reset_index(drop=True)
    if compared["value"].notna().sum() == 0:
        when = tables.period_label(period, False, "zh")
        raise NothingToReport(
            f"指标“{name}”（{metric.name}）在 {when} 没有所选委员会报告的数字。"
            "请换一个期间、比较层级或委员会。"
        )
    inferred = specs.inferred_periods(query("metric_periods", metric=metric.name))
    spec, _ = specs.comparison(
        metric, period, compared, inferred=inferred.get(period, False), lang="zh",
        level_name=level_name,
    )  # fmt: skip
    figures = query("document_figures", metric=metric.name, adcodes=adcodes)
    unit = metric["unit"]
    said = prose.sentences(name, unit, period, level_name, compared, figures)
    now = figures[(figures["period_start"] == period[0]) & (figures["period_end"] == period[1])]
    where = f"{level_name}，" if level_name else ""
    return spec, prose.Section(
        heading=name,
        sentences=said,
        chart=b"",
        caption=f"{spec.title}（{where}{period_text(*period)}年）",
        alt=alt.describe(spec),
        figures=[prose.cite(row, name, unit) for row in now.itertuples() if pd.notna(row.value)],
    )


def prepare(
    query: Callable[..., pd.DataFrame],
    chosen: list[tuple[str, tuple[int, int] | None]],
    adcodes: list[str],
    level_name: str,
) -> list[tuple[ChartSpec, prose.Section]]:
    """The sections of ``chosen`` (metric code, period or None) for the committees
    ``adcodes``: every query, no drawing (the page does this on each run, cheaply)."""
    metrics = query("metrics_reported").set_index("code")
    return [
        section(query, metrics.loc[code], adcodes, level_name, period) for code, period in chosen
    ]


def write(
    prepared: list[tuple[ChartSpec, prose.Section]], *, title: str, day: date, office: str = ""
) -> bytes:
    """The .docx, its charts drawn now as the pages' PNG export draws them."""
    sections = [
        replace(section, chart=image.png(spec, CHART_SIZE, office=office, day=day))
        for spec, section in prepared
    ]
    # python-docx only when a report is written, not with the page's popover (#24)
    from cppcc.export import docx

    return docx.document(sections, title=title, day=day, office=office)


def default_title(names: list[str], level_name: str, period: tuple[int, int] | None) -> str:
    """“关于五个地级市2023年收到提案、委员会客室情况的报告”."""
    shown = "、".join(names[:3]) + ("等" if len(names) > 3 else "")
    when = f"{period_text(*period)}年" if period else ""
    return f"关于{level_name}{when}{shown}情况的报告"
