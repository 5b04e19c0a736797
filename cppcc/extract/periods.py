"""Which years a figure is for: time expressions, and how far each one reaches.

Reports date their figures loosely: 今年, 去年以来, 五年来, 2024年, or not at all under
a paragraph that opened with one. ``time_marks`` finds the expressions in a sentence
(patterns in ``rules.TIME_WORDS``); ``Periods`` remembers the ones that hold
beyond their sentence, the way a reader does.
"""

import re
from dataclasses import dataclass

from cppcc.extract.rules import TIME_WORDS

CLAUSE_MARKS = "，,；;：:。！？!?"


@dataclass(frozen=True)
class Period:
    start: int | None
    end: int | None
    how: str  # 'stated' | 'inferred' | 'date' | 'now' | 'vague' | 'part' | 'report'
    words: str = ""  # the time expression, or why the report's year is what it is


_TIME = [(re.compile(pattern), period, how) for pattern, period, how in TIME_WORDS]


def time_marks(text: str, year: int) -> list[tuple[int, Period]]:
    """Time expressions in a sentence: where each starts and the period it names."""
    found = []
    for order, (pattern, period, how) in enumerate(_TIME):
        for match in pattern.finditer(text):
            span = period(match, year) if period else (None, None)
            mark = Period(*span, how, match[0])
            found.append((match.start(), -len(match[0]), order, match.end(), mark))
    marks, reach = [], -1
    for start, _, _, end, period in sorted(found):
        if start >= reach:  # the longest of overlapping expressions: 2024年以来, not 2024年
            marks.append((start, period))
            reach = end
    return marks


@dataclass
class Periods:
    """The periods in force while a report is read."""

    default: Period  # the report's year
    section: Period | None = None  # set by a paragraph that opens with 2024年, 五年来 …
    paragraph: Period | None = None  # set by a sentence that opens with 去年, 近年来 …

    def new_paragraph(self) -> None:
        self.paragraph = None

    def new_section(self) -> None:
        self.section = self.paragraph = None

    def update(self, sentence: str, marks: list[tuple[int, Period]], first: bool) -> None:
        """A time expression opening a sentence holds for the sentences after it.

        It holds to the end of the paragraph; to the next heading when it names a
        span of years (五年来, 去年以来) or opens the paragraph with a year written
        out (2024年，……). Dates hold only for their own sentence.
        """
        first_clause = re.search(f"[{CLAUSE_MARKS}]", sentence)
        limit = first_clause.start() if first_clause else len(sentence)
        opening = [period for start, period in marks if start < limit]
        if not opening or opening[0].how == "date":
            return
        period = self.paragraph = self._resolve(opening[0])
        span = period.start is not None and period.start != period.end
        if span or (first and period.how == "stated"):
            self.section = period

    def at(self, position: int, marks: list[tuple[int, Period]]) -> tuple[Period, bool]:
        """The period of a number, and whether its own sentence gave it."""
        before = [period for start, period in marks if start < position]
        if before:
            return self._resolve(before[-1]), True
        return (self.paragraph or self.section or self.default), False

    def _resolve(self, period: Period) -> Period:
        if period.how == "now":  # 截至目前: as the report stands
            return Period(self.default.start, self.default.end, "now", period.words)
        return period


def reason(period: Period, published: int) -> str:
    """Why a figure is filed under its years, when the text does not state them."""
    years = f"{period.start}" if period.start == period.end else f"{period.start}–{period.end}"
    if period.how == "report":
        return period.words
    if period.how == "now":
        return f"“{period.words}”：按报告年份 {years} 年"
    return f"“{period.words}”：按发表年份 {published} 年推算为 {years} 年"
