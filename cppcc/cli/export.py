"""``python -m cppcc export``: the page's charts as files, many at once, for a report.

The charts are the pages' own (``cppcc.specs`` from the same queries), and the files
come from the same writers as the pages' export buttons (``cppcc.export``): a PNG or
SVG of one chart, a deck with a title slide and one slide per metric (sources in the
speaker notes), or a workbook with one sheet per metric.
Exit status: 0 written, 1 nothing written (the message says why, in Chinese).
"""

import sys
from datetime import date
from pathlib import Path

import pandas as pd

from cppcc import levels, specs, tables
from cppcc.export import deck, image, report, sheets
from cppcc.i18n import text
from cppcc.store import db, sql
from cppcc.store.config import db_path

FORMATS = ("png", "svg", "pptx", "xlsx", "docx")
CHARTS = ("bars", "lines", "map")


class ExportProblem(Exception):
    """Nothing can be exported; the message says why."""


class _Store:
    """Named queries with bound parameters against one read-only connection."""

    def __init__(self, con) -> None:
        self.con = con

    def query(self, name: str, **params) -> pd.DataFrame:
        text = sql.load(name)
        if "$adcodes" in text:
            params.setdefault("adcodes", [])  # [] = every committee, as on the pages
        return self.con.execute(text, params).df()


def _committees(store: _Store, wanted: list[str]) -> list[str] | None:
    """The adcodes of ``--committee`` values (short or full name, English name or code)."""
    if not wanted:
        return None
    committees = store.query("committees")
    found, unknown = [], []
    for value in wanted:
        value = value.strip()
        match = committees[
            (committees["adcode"] == value)
            | (committees["committee"] == value)
            | (committees["name_zh"] == value)
            | (committees["committee_en"].str.lower() == value.lower())
        ]
        if match.empty:
            unknown.append(value)
        else:
            found.append(match.iloc[0]["adcode"])
    if unknown:
        known = "、".join(committees["committee"])
        raise ExportProblem(f"未知的委员会：{'、'.join(unknown)}。可用的委员会：{known}。")
    return found


def _metric(metrics: pd.DataFrame, code: str) -> pd.Series:
    if code not in metrics.index:
        known = "；".join(f"{c}（{n}）" for c, n in metrics["name_zh"].items())
        raise ExportProblem(f"未知的指标代码：{code}。可用的指标代码：{known}。")
    return metrics.loc[code]


def _period(coverage: pd.DataFrame, metric: pd.Series, args):
    """``--start``/``--end`` if given, else the period the most committees report."""
    if args.start is not None:
        return (args.start, args.end if args.end is not None else args.start)
    best = tables.most_reported(coverage, metric.name)
    if best is None:
        raise ExportProblem(
            f"指标“{metric['name_zh']}”（{metric.name}）在所选委员会中没有任何数字可以导出。"
        )
    return best[1]


def _no_data(metric: pd.Series, period: tuple[int, int] | None = None) -> ExportProblem:
    when = f"在 {tables.period_label(period, False, 'zh')} " if period else ""
    return ExportProblem(
        f"指标“{metric['name_zh']}”（{metric.name}）{when}没有所选委员会报告的数字，"
        "没有可导出的内容。请换一个期间（--start/--end）、比较层级（--level）或委员会。"
    )


def _level(committees: pd.DataFrame, value: str) -> str:
    options = levels.options(committees)
    named = {levels.label(option, committees, "zh"): option for option in options}
    cities = committees[committees["level"] == "prefecture"]
    by_city = dict(zip(cities["committee"], cities["adcode"], strict=True))
    option = value if value in options else named.get(value) or by_city.get(value)
    if option not in options:
        known = "、".join(["cities（五个地级市）", "counties（全部县、市、区）", *by_city])
        raise ExportProblem(f"未知的比较层级：{value}。可用的层级：{known}。")
    return option


def _compared(store: _Store, args, lang: str) -> tuple[list[str], str]:
    """The committees compared (``--level``, or the ``--committee`` ones) and the level's name."""
    committees = store.query("committees")
    adcodes = _committees(store, args.committee or [])
    if adcodes is not None:
        return adcodes, ""
    level = _level(committees, args.level)
    return levels.adcodes(committees, level), levels.label(level, committees, lang)


def _docx(store: _Store, args, day: date) -> tuple[bytes, list[str]]:
    """The Word report (always in Chinese: it is a 公文) and the names of its metrics."""
    metrics = store.query("metrics_reported").set_index("code")
    chosen = [_metric(metrics, code) for code in args.metric]
    if args.chart != "bars":
        raise ExportProblem(
            "Word 报告只用各委员会比较的条形图：请去掉 --chart，或改用 pptx / png。"
        )
    problem = image.chromium_missing("zh")
    if problem:
        raise ExportProblem(problem)
    adcodes, level_name = _compared(store, args, "zh")
    period = None if args.start is None else (args.start, args.end or args.start)
    names = [specs.metric_name(metric, "zh") for metric in chosen]
    title = args.title or report.default_title(names, level_name or "所选委员会", period)
    try:
        chosen = [(code, period) for code in args.metric]
        prepared = report.prepare(store.query, chosen, adcodes, level_name)
    except report.NothingToReport as problem:
        raise ExportProblem(str(problem)) from None
    return report.write(prepared, title=title, day=day, office=args.office), names


def build(store: _Store, args, lang: str):
    """The charts asked for: (spec for files, spec for the data, metric name) per metric.

    As on the pages, the committees compared are one level's (``--level``, the five
    cities unless told), or the ``--committee`` ones."""
    metrics = store.query("metrics_reported").set_index("code")
    chosen = [_metric(metrics, code) for code in args.metric]
    adcodes, level_name = _compared(store, args, lang)
    coverage = store.query("coverage_counts", adcodes=adcodes)
    built = []
    for metric in chosen:
        periods = store.query("metric_periods", metric=metric.name)
        inferred = specs.inferred_periods(periods)
        name = specs.metric_name(metric, lang)
        if args.chart == "lines":
            figures = store.query("metric_figures", metric=metric.name)
            figures = figures[figures["adcode"].isin(adcodes)]
            if args.start is not None:
                figures = figures[figures["period_start"] >= args.start]
            if args.end is not None:
                figures = figures[figures["period_end"] <= args.end]
            stem = "_".join(p for p in (name, level_name, "逐年") if p)
            spec = specs.yearly(metric, figures, lang=lang, who=level_name, stem=stem)
            if spec is None:
                raise _no_data(metric)
            built.append((spec, spec, name))
            continue
        period = _period(coverage, metric, args)
        bounds = {"metric": metric.name, "period_start": period[0], "period_end": period[1]}
        by_committee = store.query("metric_by_committee", **bounds)
        compared = by_committee[by_committee["adcode"].isin(adcodes)].reset_index(drop=True)
        if compared["value"].notna().sum() == 0:
            raise _no_data(metric, period)
        spec, _ = specs.comparison(
            metric,
            period,
            compared,
            inferred=inferred.get(period, False),
            lang=lang,
            level_name=level_name,
        )
        if args.chart == "map":
            values = store.query("map_values", **bounds)
            values = values[values["adcode"].isin(adcodes)].reset_index(drop=True)
            rows = store.query("figures_for_period", **bounds)
            _, picture, _ = specs.map_view(
                metric,
                period,
                values,
                rows,
                inferred=inferred.get(period, False),
                density=False,
                lang=lang,
                level_name=level_name,
            )
            built.append((picture, spec, name))
        else:
            built.append((spec, spec, name))
    return built


def _write(built, args, lang: str, size: tuple[int, int], day: date) -> bytes:
    items = [item for item, _, _ in built]
    needs_browser = args.format in ("png", "svg") or (args.format == "pptx" and args.chart == "map")
    if needs_browser:
        problem = image.chromium_missing(lang)
        if problem:
            raise ExportProblem(problem)
    if args.format in ("png", "svg"):
        if len(items) != 1:
            raise ExportProblem(
                "PNG 和 SVG 一次只导出一张图：请只写一个 --metric，或导出 pptx / xlsx。"
            )
        item = items[0]
        if args.chart == "map":
            make = image.picture_png if args.format == "png" else image.picture_svg
        else:
            make = image.png if args.format == "png" else image.svg
        return make(item, size, office=args.office, day=day)
    if args.format == "pptx":
        slides = [image.slide_image(item) if args.chart == "map" else item for item in items]
        names = [name for _, _, name in built]
        shown = "、".join(names[:3]) + (text("cli_deck_more", lang) if len(names) > 3 else "")
        title = args.title or text("export_deck_title", lang, page=shown)
        return deck.deck(
            slides, title=title, day=day, office=args.office, tables=args.tables, lang=lang
        )
    return sheets.workbook_bytes([data for _, data, _ in built], [n for _, _, n in built])


def cmd_export(args) -> int:
    lang = args.lang
    size = image.parse_size(args.size)
    if size is None:
        print(f"错误：--size 应写成“宽x高”，如 1920x1080（收到：{args.size}）。", file=sys.stderr)
        return 1
    if args.start is not None and args.end is not None and args.end < args.start:
        print(f"错误：--end {args.end} 早于 --start {args.start}。", file=sys.stderr)
        return 1
    out = Path(args.out)
    if not out.parent.is_dir():
        print(f"错误：找不到输出目录 {out.parent}。", file=sys.stderr)
        return 1
    try:
        with db.connect(db.ensure_built(db_path())) as con:
            if args.format == "docx":
                content, names = _docx(_Store(con), args, date.today())
            else:
                built = build(_Store(con), args, lang)
                names = [name for _, _, name in built]
        if args.format != "docx":
            content = _write(built, args, lang, size, date.today())
    except (ExportProblem, image.ExportUnavailable) as problem:
        print(f"错误：{problem}", file=sys.stderr)
        return 1
    out.write_bytes(content)
    what = "、".join(names)
    print(f"已导出 {out}（{args.format}，{what}）")
    return 0


def register(commands) -> None:
    export = commands.add_parser(
        "export",
        help="把页面上的图表导出为 PNG、SVG、PPT、Excel 或 Word 报告（可一次导出多个指标）",
        description="导出的图表与页面上的相同：条形图为各委员会比较，折线图为逐年变化，"
        "地图为各市县着色图。不写 --start 时取报告委员会最多的期间。",
    )
    export.add_argument(
        "--metric",
        action="append",
        required=True,
        metavar="代码",
        help="指标代码，如 proposals_received；可写多次"
        "（pptx、xlsx 每个指标一页，docx 每个指标一节）",
    )
    export.add_argument(
        "--chart",
        choices=CHARTS,
        default="bars",
        help="bars 各委员会比较（默认），lines 逐年变化，map 地图",
    )
    export.add_argument("--start", type=int, metavar="YYYY", help="起始年份")
    export.add_argument("--end", type=int, metavar="YYYY", help="截止年份（默认同起始年份）")
    export.add_argument(
        "--level",
        default=levels.DEFAULT,
        metavar="层级",
        help="比较层级：cities 五个地级市（默认，同页面），counties 全部县（市、区），"
        "或某市简称/代码（该市所辖县、市、区）",
    )
    export.add_argument(
        "--committee",
        action="append",
        metavar="委员会",
        help="改为只比较这些委员会（简称、全称或代码），可写多次",
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        required=True,
        help="输出格式；docx 为公文格式的 Word 报告"
        "（每个指标几句说明、图表、脚注出处和数字核对表）",
    )
    export.add_argument(
        "--size", default="1920x1080", metavar="宽x高", help="PNG/SVG 的像素尺寸，默认 1920x1080"
    )
    export.add_argument("--out", required=True, metavar="文件", help="输出文件")
    export.add_argument("--lang", choices=("zh", "en"), default="zh", help="图表文字的语言")
    export.add_argument("--office", default="", help="印在图片、幻灯片和 Word 报告上的单位名称")
    export.add_argument("--title", help="演示文稿封面标题，或 Word 报告的标题")
    export.add_argument("--tables", action="store_true", help="演示文稿中每张图后附数据表")
    export.set_defaults(run=cmd_export)
