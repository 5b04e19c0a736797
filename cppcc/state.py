"""What a comparison page shows: its level, metric, period and committee, as one value.

A page's pickers are drawn from a :class:`PageState`, and :func:`resolve` is the one
place that decides the state from what was asked (the widgets, later the address
``?level=&metric=&period=&code=``), what was shown before, and the data:

- a page opens on the metric and the period that the most committees of its level
  report;
- a new level where the chosen metric has no figure at all opens on the metric that
  level reports most, and says so (a metric chosen at that level then stays);
- a new metric or level opens on the period its committees report most;
- a value that names no level, metric, period or committee the data has falls back
  to the default and leaves a note saying what was asked.

Pure: frames and strings in, a state out; ``cppcc.web.ui`` binds it to the widgets.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from cppcc import levels, tables
from cppcc.i18n import text

Period = tuple[int, int]
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
_CODE = re.compile(r"^[0-9A-Za-z_]{1,64}$")


@dataclass(frozen=True)
class PageState:
    """None where nothing was asked (or the page has no such picker)."""

    level: str | None = None
    metric: str | None = None
    period: Period | None = None
    committee: str | None = None

    def to_params(self) -> dict[str, str]:
        """Plain strings, as an address carries them: ``period`` is ``2023`` or
        ``2021-2025``; fields that are None are left out."""
        params = {"level": self.level, "metric": self.metric, "code": self.committee}
        if self.period is not None:
            start, end = self.period
            params["period"] = str(start) if start == end else f"{start}-{end}"
        return {name: value for name, value in params.items() if value is not None}

    @classmethod
    def from_params(cls, params: Mapping[str, str], lang: str = "zh") -> tuple["PageState", list]:
        """The state asked for by ``params`` and a note for each value that cannot be
        one (its field is then left to the default); unknown names are ignored."""
        notes, fields = [], {}
        for name, field in (("level", "level"), ("metric", "metric"), ("code", "committee")):
            value = str(params.get(name, "")).strip()
            if value and _CODE.match(value):
                fields[field] = value
            elif value:
                notes.append(text("state_bad_value", lang, name=name, value=value[:40]))
        period = str(params.get("period", "")).strip()
        match = _PERIOD.match(period)
        if match and int(match[1]) <= int(match[2] or match[1]):
            fields["period"] = (int(match[1]), int(match[2] or match[1]))
        elif period:
            notes.append(text("state_bad_value", lang, name="period", value=period[:40]))
        return cls(**fields), notes


@dataclass(frozen=True)
class Choices:
    """What a page can show: its committees (the sidebar's scope), how many of some
    committees report each metric and period (given their adcodes: the
    ``coverage_counts`` query, or rows with ``adcode``), the metrics with figures in
    the picker's order, and a metric's periods (the ``metric_periods`` query)."""

    committees: pd.DataFrame
    coverage: Callable[[list[str]], pd.DataFrame]
    metrics: list[str]
    periods: Callable[[str], pd.DataFrame]
    fallback: str = ""


@dataclass(frozen=True)
class Resolved:
    state: PageState
    # the metric given up because the new level reports nothing of it (the page says so)
    switched_from: str | None = None
    notes: tuple[str, ...] = ()


def _level(asked: PageState, choices: Choices, notes: list, lang: str) -> str:
    options = levels.options(choices.committees)
    if asked.level in options:
        return asked.level
    if asked.level is not None:
        notes.append(text("state_no_level", lang, value=asked.level))
    return levels.DEFAULT


def _metric(asked, before, level, coverage, choices, notes, lang) -> tuple[str, str | None]:
    """The metric, and the one it replaced when the level changed under it."""
    opening = tables.most_reported(coverage)
    if asked.metric is not None and asked.metric not in choices.metrics:
        notes.append(text("state_no_metric", lang, value=asked.metric))
        asked = replace(asked, metric=None)
    if asked.metric is None:
        default = opening[0] if opening else choices.fallback
        return (default if default in choices.metrics else choices.metrics[0]), None
    moved = before is not None and before.level not in (None, level)
    if moved and opening is not None and asked.metric not in set(coverage["metric"]):
        return opening[0], asked.metric
    return asked.metric, None


def _period(asked, before, level, metric, coverage, choices, notes, lang) -> Period:
    """The period asked for while the metric and level stay; else the most reported."""
    options = tables.period_options(choices.periods(metric))
    best = tables.most_reported(coverage, metric)
    best = best[1] if best and best[1] in options else options[0]
    if before is not None and (before.metric, before.level) != (metric, level):
        return best  # a new metric or level opens on its own period
    if asked.period is None or asked.period in options:
        return asked.period or best
    notes.append(
        text("state_no_period", lang, value=PageState(period=asked.period).to_params()["period"])
    )
    return best


def _committee(asked: PageState, choices: Choices, notes: list, lang: str) -> str | None:
    if asked.committee is None or asked.committee in set(choices.committees["adcode"]):
        return asked.committee
    notes.append(text("state_no_committee", lang, value=asked.committee))
    return None


def resolve(
    asked: PageState,
    before: PageState | None,
    choices: Choices,
    *,
    lang: str = "zh",
    with_period: bool = True,
) -> Resolved:
    """The state a page shows: ``asked`` (the pickers' values, or an address's) where
    the data has it, else the opening view of its level; ``before`` is the state shown
    last time (None on a first visit), which tells a change of level or metric."""
    notes: list[str] = []
    level = _level(asked, choices, notes, lang)
    coverage = choices.coverage(levels.adcodes(choices.committees, level))
    metric, switched = _metric(asked, before, level, coverage, choices, notes, lang)
    period = None
    if with_period:
        period = _period(asked, before, level, metric, coverage, choices, notes, lang)
    committee = _committee(asked, choices, notes, lang)
    return Resolved(PageState(level, metric, period, committee), switched, tuple(notes))
