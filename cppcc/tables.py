"""Shaping query results for pages and charts: plain pandas, no Streamlit."""

import pandas as pd

from cppcc import markup, specs
from cppcc.formatting import period_text, ratio_text, value_text
from cppcc.i18n import text
from cppcc.terms import year_sum

# the overview's headline tiles, in order (the page and the bench read them here)
HEADLINES = ["proposals_received", "proposals_accepted", "opinion_items", "suggestions"]
# the 来源 page lists this many figures at most; its downloads hold every match
SOURCES_SHOWN = 1000


def period_cells(frame: pd.DataFrame, inferred: str = "year_basis") -> list[str]:
    """Each row's period as a table shows it (2024, 2021–2025, * when inferred);
    ``inferred`` names a ``year_basis`` column or a column of booleans."""
    flags = frame[inferred]
    if inferred == "year_basis":
        flags = flags.eq("inferred")
    return [
        period_text(s, e, bool(flag))
        for s, e, flag in zip(frame["period_start"], frame["period_end"], flags, strict=True)
    ]


def value_cells(
    values: pd.Series, qualifiers: pd.Series, units: pd.Series | str, lang: str
) -> list[str]:
    """Each value with its marks (≥, 约) and unit; 未报告 where there is none."""
    if isinstance(units, str):
        units = [units] * len(values)
    return [value_text(v, q, u, lang) for v, q, u in zip(values, qualifiers, units, strict=True)]


def committee_label(frame: pd.DataFrame, lang: str) -> pd.Series:
    return frame["committee_en"] if lang == "en" else frame["committee"]


def period_options(periods: pd.DataFrame) -> list[tuple[int, int]]:
    """Single years first (newest first), then multi-year spans."""
    rows = [(int(r.period_start), int(r.period_end)) for r in periods.itertuples()]
    return sorted(rows, key=lambda p: (p[0] != p[1], -p[1], -p[0]))


def earlier_notes(frame: pd.DataFrame, lang: str) -> list[str]:
    """Per figure shown: what an earlier report said when it gave another number
    (“较早的报告（2024-05-31）为 1071件”), else empty."""
    if "earlier_value" not in frame:
        return [""] * len(frame)
    units = frame["unit"] if "unit" in frame else pd.Series([""] * len(frame))
    columns = ["earlier_value", "earlier_qualifier", "earlier_as_of", "n_differing"]
    notes = []
    for row, unit in zip(frame[columns].itertuples(), units.fillna(""), strict=True):
        if pd.isna(row.earlier_value):
            notes.append("")
            continue
        value = value_text(row.earlier_value, row.earlier_qualifier, unit, lang)
        note = text("earlier_report", lang, date=row.earlier_as_of, value=value)
        if row.n_differing > 1:
            more = text("earlier_reports_more", lang, n=int(row.n_differing) - 1)
            note += text("list_sep", lang) + more
        notes.append(note)
    return notes


def comparison(by_committee: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Bar data for one metric and period: every committee, NaN where not reported;
    ``hover`` says when an earlier report gave another number."""
    return pd.DataFrame(
        {
            "label": committee_label(by_committee, lang),
            "value": by_committee["value"],
            "qualifier": by_committee["qualifier"],
            "inferred": by_committee["year_basis"].eq("inferred"),
            "hover": earlier_notes(by_committee, lang),
        }
    )


def sources_of(frame: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(frame["source"].dropna()))


def annual_series(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    annual = figures[figures["period_start"] == figures["period_end"]]
    return pd.DataFrame(
        {
            "label": committee_label(annual, lang),
            "year": annual["period_start"].astype(int),
            "value": annual["value"],
            "qualifier": annual["qualifier"],
            "inferred": annual["year_basis"].eq("inferred"),
            "source": annual["source"],
            "hover": earlier_notes(annual, lang),
        }
    )


def yoy_table(figures: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    """One row per committee and reported year, with the change since the previous
    reported year of the same committee (left blank when there is none)."""
    annual = annual_series(figures, lang)
    # committees in the order they come (the catalogue's), each one's years in order
    first = {label: index for index, label in enumerate(dict.fromkeys(annual["label"]))}
    annual = annual.sort_values("year", kind="stable").sort_values(
        "label", key=lambda labels: labels.map(first), kind="stable"
    )
    rows = []
    for label, group in annual.groupby("label", sort=False):
        previous = None
        for row in group.itertuples():
            delta = delta_pct = None
            if previous is not None:
                delta = row.value - previous.value
                if previous.value:
                    delta_pct = delta / previous.value
            rows.append(
                {
                    text("committee", lang): label,
                    text("year", lang): period_text(row.year, row.year, row.inferred),
                    text("value", lang): value_text(row.value, row.qualifier, unit, lang),
                    text("yoy_prev", lang): ""
                    if previous is None
                    else period_text(previous.year, previous.year, previous.inferred),
                    text("yoy_delta", lang): "" if delta is None else f"{delta:+g}",
                    text("yoy_delta_pct", lang): ""
                    if delta_pct is None
                    else f"{delta_pct * 100:+.1f}%",
                    text("source", lang): row.source,
                }
            )
            previous = row
    return pd.DataFrame(rows)


def multi_year_totals(figures: pd.DataFrame, unit: str, lang: str) -> pd.DataFrame:
    """The reports' multi-year totals (五年来 …), each beside the sum of the same
    committee's yearly figures over the same years (``terms.year_sum``'s rules)."""
    spans = figures[figures["period_start"] != figures["period_end"]]
    sums = [
        year_sum(figures[figures["adcode"] == adcode], int(start), int(end), unit, lang)
        for adcode, start, end in zip(
            spans["adcode"], spans["period_start"], spans["period_end"], strict=True
        )
    ]
    return pd.DataFrame(
        {
            text("committee", lang): committee_label(spans, lang),
            text("period", lang): period_cells(spans),
            text("value", lang): value_cells(spans["value"], spans["qualifier"], unit, lang),
            text("yoy_year_sum", lang): sums,
            text("quote", lang): spans["quote"],
            text("source", lang): spans["source"],
        }
    )


def text_pixels(cells, font_px: float = 14) -> int:
    """About how wide the longest of ``cells`` is drawn in a data grid, with padding:
    CJK characters one em, others 0.6 em."""
    widest = max(
        (sum(font_px if ord(c) > 0x2E7F else 0.6 * font_px for c in str(cell)) for cell in cells),
        default=0,
    )
    return int(widest + 28)


def completeness(
    reported: pd.DataFrame,
    committees: pd.DataFrame,
    metrics: pd.DataFrame,
    lang: str,
    only_reported: bool,
    all_committees: bool = False,
) -> pd.DataFrame:
    """Metrics × committees; each cell lists the reported periods, blank where none.

    A committee with no figure at all gets a column only when ``all_committees``:
    22 blank columns would bury the few that report."""
    cells = {
        (r.metric, r.committee_en if lang == "en" else r.committee): r.periods
        for r in reported.itertuples()
    }
    names = committee_label(committees, lang).tolist()
    if not all_committees:
        with_figures = {name for _, name in cells}
        names = [name for name in names if name in with_figures]
    rows = metrics if not only_reported else metrics[metrics["n_figures"] > 0]
    matrix = pd.DataFrame(
        [[cells.get((code, name), "") for name in names] for code in rows["code"]],
        columns=names,
        index=[specs.metric_name(r, lang) for _, r in rows.iterrows()],
    )
    matrix.index.name = text("metric", lang)
    return matrix


def proposal_bars(proposals: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Received and accepted per committee and single year, for a grouped bar chart."""
    wanted = proposals[
        proposals["metric"].isin(["proposals_received", "proposals_accepted"])
        & (proposals["period_start"] == proposals["period_end"])
    ].copy()
    wanted["label"] = [
        f"{name} {period_text(s, s, b == 'inferred')}"
        for name, s, b in zip(
            committee_label(wanted, lang),
            wanted["period_start"],
            wanted["year_basis"],
            strict=True,
        )
    ]
    series_name = {
        "proposals_received": text("received", lang),
        "proposals_accepted": text("accepted", lang),
    }
    # every label gets both series, so a missing half shows as “未报告”
    full = pd.MultiIndex.from_product(
        [list(dict.fromkeys(wanted["label"])), list(series_name)], names=["label", "metric"]
    )
    keyed = wanted.set_index(["label", "metric"])[["value", "qualifier", "year_basis"]]
    out = keyed.reindex(full).reset_index()
    out["series"] = out["metric"].map(series_name)
    out["inferred"] = out["year_basis"].eq("inferred")
    return out


def acceptance_table(acceptance: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            text("committee", lang): committee_label(acceptance, lang),
            text("period", lang): period_cells(acceptance, "inferred"),
            text("received", lang): value_cells(
                acceptance["received"], acceptance["received_qualifier"], "件", lang
            ),
            text("accepted", lang): value_cells(
                acceptance["accepted"], acceptance["accepted_qualifier"], "件", lang
            ),
            text("ratio", lang): [ratio_text(r) for r in acceptance["ratio"]],
        }
    )


def rates_table(proposals: pd.DataFrame, lang: str) -> pd.DataFrame:
    rates = proposals[
        proposals["metric"].isin(["proposals_reply_rate", "proposals_satisfaction_rate"])
    ]
    if rates.empty:
        return pd.DataFrame()
    rates = rates.assign(
        label=committee_label(rates, lang),
        period=period_cells(rates),
        shown=value_cells(rates["value"], rates["qualifier"], "%", lang),
    )
    table = rates.pivot_table(
        index=["label", "period"], columns="metric", values="shown", aggfunc="first"
    ).reset_index()
    table = table.rename(
        columns={
            "label": text("committee", lang),
            "period": text("period", lang),
            "proposals_reply_rate": text("reply_rate", lang),
            "proposals_satisfaction_rate": text("satisfaction_rate", lang),
        }
    )
    table.columns.name = None
    return table.fillna(text("not_reported", lang))


def figures_table(detail: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sources page's table: one row per figure, every column in words."""
    qualifier = {q: text(f"qualifier_{q}", lang) for q in ("exact", "at_least", "approx")}
    basis = {b: text(f"basis_{b}", lang) for b in ("stated", "inferred")}
    origin = {o: text(f"origin_{o}", lang) for o in ("curated", "uploaded")}
    return pd.DataFrame(
        {
            text("committee", lang): committee_label(detail, lang),
            text("metric", lang): detail["metric_en" if lang == "en" else "metric_name"],
            text("period", lang): period_cells(detail),
            text("value", lang): value_cells(
                detail["value"], detail["qualifier"], detail["unit"], lang
            ),
            text("qualifier", lang): detail["qualifier"].map(qualifier),
            text("year_basis", lang): detail["year_basis"].map(basis),
            text("quote", lang): detail["quote"],
            text("source", lang): detail["source"],
            text("note", lang): detail["note"].fillna(""),
            text("origin", lang): detail["origin"].map(origin),
            **_report_columns(detail, lang),
        }
    )


def _report_columns(detail: pd.DataFrame, lang: str) -> dict:
    """Where two reports give the same figure: each one's date, which one the pages
    show, and on the shown one what the earlier report said."""
    if "is_current" not in detail:
        return {}
    shown = [
        text("shown_current" if current else "shown_earlier", lang)
        for current in detail["is_current"]
    ]
    notes = earlier_notes(detail, lang)
    return {
        text("as_of", lang): detail["as_of"].fillna(""),
        text("shown", lang): [
            f"{label}{text('list_sep', lang)}{note}" if note else label
            for label, note in zip(shown, notes, strict=True)
        ],
    }


HEADLINES_SHOWN = 4  # committees listed per headline tile; the rest are counted


def headline_tiles(
    rows: pd.DataFrame, codes: list[str], lang: str, *, metrics: pd.DataFrame | None = None
) -> list[dict]:
    """One tile per headline metric, saying whose each number is and for when.

    ``rows`` are the ``headline_tiles`` query's: per metric, the first committees (in
    catalogue order) with their latest single-year figure and the year before, and
    ``reported``, how many committees have one. A tile never shows one committee's
    number alone as if it were the region's: it says how many report the metric, then
    each listed one's figure with the committee and year (``石嘴山 2023*：415件``) and
    the change since its previous reported year; ``more`` counts the committees not
    listed. A metric nobody reports is named from ``metrics`` (the catalogue), its code
    only when that is not given.
    """
    catalogue = {} if metrics is None else {r["code"]: r for _, r in metrics.iterrows()}
    by_metric = {code: group for code, group in rows.groupby("metric", sort=False)}
    tiles = []
    for code in codes:
        found = by_metric.get(code)
        if found is None:
            label = specs.metric_name(catalogue[code], lang) if code in catalogue else code
            tiles.append({"code": code, "label": label, "entries": [], "reported": 0, "more": 0})
            continue
        reported = int(found["reported"].iloc[0])
        entries = [_headline_entry(row, lang) for row in found.itertuples()]
        tiles.append(
            {
                "code": code,
                "label": found["metric_en" if lang == "en" else "metric_name"].iloc[0],
                "reported": reported,
                "entries": entries,
                "more": max(0, reported - len(entries)),
            }
        )
    return tiles


def _headline_entry(row, lang: str) -> dict:
    """One committee's line in a headline tile (a row of the ``headline_tiles`` query)."""
    year = int(row.period_end)
    delta = None
    if pd.notna(row.previous_end):
        was = period_text(
            int(row.previous_end), int(row.previous_end), row.previous_basis == "inferred"
        )
        change = f"{row.value - row.previous_value:+g}"
        if "at_least" in (row.qualifier, row.previous_qualifier):
            change = text("kpi_delta_bound", lang, change=change)
        delta = text("paren", lang, text=change, note=text("kpi_delta", lang, year=was))
    committee = row.committee_en if lang == "en" else row.committee
    return {
        "who": f"{committee} {period_text(year, year, row.year_basis == 'inferred')}",
        "value": value_text(row.value, row.qualifier, row.unit, lang),
        "delta": delta,
        # read as markdown by the page: stored text escaped
        "help": text("kpi_help", lang, source=markup.md(row.source), quote=markup.md(row.quote)),
    }


def most_reported(
    figures: pd.DataFrame, metric: str | None = None, *, levels: list[str] | None = None
) -> tuple[str, tuple[int, int]] | None:
    """The metric and period that the most committees report: where a comparison
    compares something. ``figures`` has one row per figure (``metric``, ``adcode``,
    ``period_start``, ``period_end``, ``level``, and ``metric_order`` if known): filter
    it to the committees a page shows, or name their ``levels``; or it is counted
    already (the ``coverage_counts`` query: ``n`` committees per metric and period).
    Ties go to a single year over a span, then the newer period, then the catalogue's
    order. None when there is no figure.
    """
    if metric is not None:
        figures = figures[figures["metric"] == metric]
    if levels is not None:
        figures = figures[figures["level"].isin(levels)]
    if figures.empty:
        return None
    order = figures.get("metric_order", 0)
    n = ("n", "sum") if "n" in figures else ("adcode", "nunique")
    counted = (
        figures.assign(metric_order=order)
        .groupby(["metric", "period_start", "period_end"], as_index=False)
        .agg(n=n, metric_order=("metric_order", "min"))
    )
    counted["single"] = counted["period_start"] == counted["period_end"]
    best = counted.sort_values(
        ["n", "single", "period_end", "period_start", "metric_order", "metric"],
        ascending=[False, False, False, False, True, True],
        kind="stable",
    ).iloc[0]
    return str(best["metric"]), (int(best["period_start"]), int(best["period_end"]))


def period_label(period: tuple[int, int], inferred: bool, lang: str) -> str:
    start, end = period
    label = period_text(start, end, inferred)
    return label if start == end else text("paren", lang, text=label, note=text("multi_year", lang))


def empty_committees(reported: pd.DataFrame, committees: pd.DataFrame) -> int:
    """How many committees have no figure at all (the matrix leaves them out)."""
    return int((~committees["committee"].isin(reported["committee"])).sum())


def region_note(
    rows: pd.DataFrame, period: tuple[int, int], lang: str, key: str = "map_region_note"
) -> str | None:
    """The regional committee is not one of the compared committees (nor a shape on
    the map); say its figure in words."""
    region = rows[rows["level"] == "region"]
    if region.empty:
        return None
    row = region.iloc[0]
    note = text(
        key,
        lang,
        value=markup.md(value_text(row["value"], row["qualifier"], row["unit"], lang)),
        period=period_label(period, row["year_basis"] == "inferred", lang),
    )
    earlier = earlier_notes(region.iloc[:1], lang)
    if not (earlier and earlier[0]):
        return note
    stop = "。" if lang == "zh" else "."
    return f"{note.rstrip('。.')}{text('list_sep', lang)}{earlier[0]}{stop}"


def sources_table(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    basis = {b: text(f"basis_{b}", lang) for b in ("stated", "inferred")}
    return pd.DataFrame(
        {
            text("title", lang): sources["title"],
            text("publisher", lang): sources["publisher"].fillna(""),
            text("published_year", lang): [
                "" if pd.isna(y) else text("paren", lang, text=int(y), note=basis.get(b, ""))
                for y, b in zip(sources["published_year"], sources["date_basis"], strict=True)
            ],
            text("published_as_of", lang): [
                _dates(published, as_of, lang)
                for published, as_of in zip(
                    sources.get("published", pd.Series([None] * len(sources))),
                    sources.get("as_of", pd.Series([None] * len(sources))),
                    strict=True,
                )
            ],
            text("url", lang): sources.get("url", pd.Series([None] * len(sources))).fillna(""),
            text("n_figures", lang): sources["n_figures"],
            text("note", lang): sources["note"].fillna(""),
        }
    )


def _dates(published, as_of, lang: str) -> str:
    """“2025-01-21（2025-01-18）”: published, then the date the figures are as of, only
    what the report gives."""
    published = "" if pd.isna(published) else str(published)
    if pd.isna(as_of) or not as_of or as_of == published:
        return published
    return text("paren", lang, text=published, note=as_of) if published else str(as_of)
