"""export: ``image.warm_in_background(delay_s=0)`` as the server does after its first
page, the overview chart's figure as the page draws it, then the first PNG of that
chart at 1920×1080 (what a session's first click costs), warm PNGs, SVGs, and a deck
of charts (10 in a full run) with their tables.
"""

import contextlib
import time
from datetime import date
from pathlib import Path

from bench.harness import bounded, median

NAME = "export"


def chart_specs(store: Path, count: int = 10) -> list:
    """``count`` charts as the pages build them: comparisons and year-by-year lines."""
    from cppcc import charts, i18n, tables
    from cppcc.store import db, sql

    con = db.snapshot(store)

    def frame(name, **params):
        return con.execute(sql.load(name), params).df()

    metrics = frame("metrics_reported")
    metrics = metrics[metrics["n_figures"] > 0]
    specs = []
    for row in metrics.itertuples():
        if len(specs) >= count:
            break
        if len(specs) % 2 == 0:
            period = frame("metric_periods", metric=row.code).iloc[0]
            start, end = int(period.period_start), int(period.period_end)
            data = frame(
                "metric_by_committee",
                metric=row.code,
                period_start=start,
                period_end=end,
                adcodes=[],
            )
            specs.append(
                charts.ChartSpec(
                    kind="bars",
                    title=i18n.text("chart_compare_title", "zh", metric=row.name_zh),
                    subtitle=tables.period_label((start, end), False, "zh"),
                    unit=row.unit,
                    data=tables.comparison(data, "zh"),
                    sources=tuple(tables.sources_of(data)),
                    file_stem=row.code,
                )
            )
        else:
            figures = frame("metric_figures", metric=row.code, adcodes=[])
            series = tables.annual_series(figures, "zh")
            if series.empty:
                continue
            specs.append(
                charts.ChartSpec(
                    kind="lines",
                    title=i18n.text("yoy_chart_title", "zh", metric=row.name_zh),
                    subtitle=row.unit,
                    unit=row.unit,
                    data=series,
                    sources=tuple(tables.sources_of(series)),
                    file_stem=row.code,
                )
            )
    con.close()
    return specs


def run(bench) -> dict:
    """PNG and SVG of the overview chart (first = the renderer's start), a deck."""
    store, reps, pptx_reps = bench.store("realistic"), bench.sizes["export"], bench.sizes["pptx"]
    try:
        from cppcc.export import deck, image
    except Exception as error:
        return {"available": False, "failed": [f"{type(error).__name__}: {error}"]}
    problem = image.chromium_missing("en")
    if problem:
        return {"available": False, "failed": [problem]}
    specs = chart_specs(store, bench.sizes["pptx_charts"])
    spec = specs[0]
    out = {"available": True, "charts_in_deck": len(specs)}
    try:
        # as the server does after its first page (cppcc.web.ui.warm_exports), without
        # the delay: the first PNG of a session then finds Chromium started
        t = time.perf_counter()
        warming = image.warm_in_background(delay_s=0)
        if warming is not None:
            warming.join(timeout=90)
        out["warm_start_s"] = round(time.perf_counter() - t, 3)
        # the page drew this chart (ui.show_chart) before its export button was clicked
        from cppcc import charts

        charts.figure(spec)
        t = time.perf_counter()
        image.png(spec)
        out["png_first_s"] = round(time.perf_counter() - t, 3)
        times = []
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            png = image.png(spec)
            times.append(time.perf_counter() - t)
        out["png_warm_s"] = round(median(times), 3)
        out["png_bytes"] = len(png)
        t = time.perf_counter()
        image.svg(spec)
        out["svg_first_s"] = round(time.perf_counter() - t, 3)
        times = []
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            image.svg(spec)
            times.append(time.perf_counter() - t)
        out["svg_warm_s"] = round(median(times), 3)
        times = []
        for _ in bounded(pptx_reps, 90):
            t = time.perf_counter()
            raw = deck.deck(specs, title="基准测试", day=date.today(), tables=True)
            times.append(time.perf_counter() - t)
        out["pptx_s"] = round(median(times), 3)
        out["pptx_bytes"] = len(raw)
    except Exception as error:
        out["failed"] = [f"{type(error).__name__}: {str(error)[:300]}"]
    finally:
        # the export module's own shutdown of its renderer (it also runs at exit)
        with contextlib.suppress(Exception):
            image._shutdown()
    return out


def summary(result: dict) -> dict:
    return {
        "png_first_s": result.get("png_first_s"),
        "png_warm_s": result.get("png_warm_s"),
        "svg_warm_s": result.get("svg_warm_s"),
        "pptx_s": result.get("pptx_s"),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    if not result.get("available"):
        return []
    return [
        (
            "Export PNG first / warm, SVG first / warm (s); deck of "
            f"{result.get('charts_in_deck')} charts (s)",
            f"{result.get('png_first_s')} / {result.get('png_warm_s')}, "
            f"{result.get('svg_first_s')} / {result.get('svg_warm_s')}; {result.get('pptx_s')}",
        )
    ]
