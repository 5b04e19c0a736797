"""The sentences of the Word report (公文), written from the figures of one metric.

Per metric, for the committees of one comparison level and one period: who reported
and who reported the most, the change since each committee's previous reported year,
and who did not report. Every figure a sentence names is a :class:`Cited`, which the
document footnotes to its report and lists in the 数字核对表.

The honesty rules of the pages hold in words too: a lower bound keeps its ≥ (and no
change is computed from it), an approximate figure its 约, an inferred year its *, a
committee without a figure is named as 未报告 (never 0), and nothing is summed.
The document is a Chinese 公文, so its sentences are Chinese only. Pure: frames in,
sentences out.
"""

import math
from dataclasses import dataclass, field

import pandas as pd

from cppcc.formatting import number, period_text, value_text

LISTED = 5  # a sentence names at most this many figures after the largest


@dataclass(frozen=True)
class Cited:
    """One number in the document, with what a checker compares it against."""

    committee: str
    metric: str
    period: str  # 2023, 2023* (inferred), 2018–2022
    shown: str  # the value with its marks: 415件, ≥60个, 约30次
    quote: str
    source: str
    dated: str  # the report's date
    batch: str  # the upload batch of an uploaded figure, else ""

    def footnote(self) -> str:
        text = f"{self.committee}{self.metric}（{self.period}）：{self.shown}。"
        if self.source:
            text += f"来源：《{self.source}》"
            text += f"（{self.dated}）。" if self.dated else "。"
        if self.quote:
            text += f"原文：“{self.quote}”。"
        if self.batch:
            text += f"上传批次：{self.batch}。"
        if self.period.endswith("*"):
            text += "*年份由报告内容推定。"
        return text


@dataclass(frozen=True)
class Run:
    """Text, followed by a footnote on ``cited`` when there is one."""

    text: str
    cited: Cited | None = None


Sentence = tuple[Run, ...]


@dataclass(frozen=True)
class Section:
    """One metric of a Word report (``cppcc.export.docx`` writes it): its heading,
    sentences, chart (PNG) and every figure the chart shows."""

    heading: str
    sentences: list[Sentence]
    chart: bytes
    caption: str
    alt: str
    figures: list[Cited] = field(default_factory=list)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _blank(value) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _batch(row) -> str:
    if row.origin != "uploaded" or _missing(row.batch_id):
        return ""
    who = "，".join(p for p in (_blank(row.batch_user), _blank(row.batch_date)) if p)
    return f"第{int(row.batch_id)}批" + (f"（{who}）" if who else "")


def cite(row, metric: str, unit: str) -> Cited:
    """A ``document_figures`` row as a cited figure."""
    inferred = row.year_basis == "inferred"
    dated = _blank(row.published) or _blank(row.as_of)
    if not dated and not _missing(row.published_year):
        dated = f"{int(row.published_year)}"
    return Cited(
        committee=row.committee,
        metric=metric,
        period=period_text(int(row.period_start), int(row.period_end), inferred),
        shown=value_text(row.value, row.qualifier, unit) + ("*" if inferred else ""),
        quote=_blank(row.quote),
        source=_blank(row.source),
        dated=dated,
        batch=_batch(row),
    )


def _listing(rows, metric: str, unit: str, separator: str = "、") -> list[Run]:
    runs: list[Run] = []
    for index, row in enumerate(rows):
        lead = separator if index else ""
        cited = cite(row, metric, unit)
        runs.append(Run(f"{lead}{row.committee}{cited.shown}", cited))
    return runs


def _who_reported(now: pd.DataFrame, total: int, level: str, metric: str, unit: str, when: str):
    ranked = list(now.sort_values("value", ascending=False, kind="stable").itertuples())
    among = level if level else f"所选{total}个委员会"
    if len(ranked) == 1:
        only = cite(ranked[0], metric, unit)
        said = f"{when}，{among}中只有{ranked[0].committee}报告了“{metric}”数字，为{only.shown}"
        return (Run(said, only), Run("。"))
    head = f"{when}，{among}中有{len(ranked)}个报告了“{metric}”数字"
    top = [row for row in ranked if row.value == ranked[0].value]
    rest = ranked[len(top) :]
    runs = [Run(head + "，所报数字中")]
    if len(top) == 1:
        cited = cite(top[0], metric, unit)
        runs += [Run(f"{top[0].committee}最多，为{cited.shown}", cited)]
    else:
        names = "、".join(row.committee for row in top)
        runs += [Run(f"{names}并列最多，为"), *_listing(top, metric, unit, "、")]
    if rest:
        runs.append(Run("；其余依次为"))
        runs += _listing(rest[:LISTED], metric, unit)
        if len(rest) > LISTED:
            runs.append(Run(f"等{len(rest)}个"))
    runs.append(Run("。"))
    return tuple(runs)


def _change(row, before, metric: str, unit: str) -> list[Run]:
    """“石嘴山较2022年（344件*）增加71件（20.6%）”, or why no change is computed."""
    then = cite(before, metric, unit)
    year = int(before.period_end)  # an inferred year's * is on its figure
    if "at_least" in (row.qualifier, before.qualifier):
        return [
            Run(f"{row.committee}{year}年为{then.shown}", then),
            Run("，其中有下限数字，不计算增减"),
        ]
    delta = row.value - before.value
    about = "约" if "approx" in (row.qualifier, before.qualifier) else ""
    if delta == 0:
        change = "持平"
    else:
        change = f"{about}{'增加' if delta > 0 else '减少'}{number(abs(delta))}{unit}"
        if before.value and not about:
            change += f"（{abs(delta) / before.value * 100:.1f}%）"
    return [Run(f"{row.committee}较{year}年（{then.shown}", then), Run(f"）{change}")]


def _changes(now: pd.DataFrame, history: pd.DataFrame, metric: str, unit: str, year: int):
    """The change of each reporting committee since its previous reported single year."""
    earlier = history[history["is_annual"] & (history["period_end"] < year)]
    runs: list[Run] = []
    lead = "与上一报告年份相比，" if len(now) == 1 else "与各自上一报告年份相比，"
    for row in now.sort_values("value", ascending=False, kind="stable").itertuples():
        mine = earlier[earlier["adcode"] == row.adcode]
        if mine.empty:
            continue
        before = next(mine.sort_values("period_end").tail(1).itertuples())
        runs += [Run("；" if runs else lead), *_change(row, before, metric, unit)]
    if runs:
        return (*runs, Run("。"))
    if len(now) == 1:
        return (Run(f"{now.iloc[0]['committee']}此前没有报告过年度数字，无法比较增减。"),)
    return (Run("以上委员会此前均没有报告过年度数字，无法比较增减。"),)


def sentences(
    metric: str,
    unit: str,
    period: tuple[int, int],
    level: str,
    committees: pd.DataFrame,
    figures: pd.DataFrame,
) -> list[Sentence]:
    """The section's sentences.

    ``committees`` are the compared committees in order (``adcode``, ``committee``);
    ``figures`` are their ``document_figures`` of this metric, every period."""
    when = f"{period_text(*period)}年"
    now = figures[(figures["period_start"] == period[0]) & (figures["period_end"] == period[1])]
    now = now[now["value"].notna()]
    if now.empty:
        return [(Run(f"{when}，{level or '所选委员会'}均未报告“{metric}”数字。"),)]
    said = [_who_reported(now, len(committees), level, metric, unit, when)]
    if period[0] == period[1]:
        said.append(_changes(now, figures, metric, unit, period[0]))
    silent = committees[~committees["adcode"].isin(now["adcode"])]
    if not silent.empty:
        names = "、".join(silent["committee"])
        who = f"其余{len(silent)}个（{names}）" if len(silent) > 5 else names
        said.append((Run(f"{who}未报告{when}“{metric}”数字。"),))
    if now["year_basis"].eq("inferred").any():
        said.append((Run("标*的年份由报告内容推定。"),))
    return said


def cited(said: list[Sentence]) -> list[Cited]:
    """Every figure the sentences name, once each, in the order they first appear."""
    return list(dict.fromkeys(run.cited for sentence in said for run in sentence if run.cited))
