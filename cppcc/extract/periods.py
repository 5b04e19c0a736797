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
    how: str  # 'stated' | 'inferred' | 'date' | 'now' | 'vague' | 'part' | 'report' | 'session'
    words: str = ""  # the time expression, or why the report's year is what it is


_TIME = [(re.compile(pattern), period, how) for pattern, period, how in TIME_WORDS]


# A session named by its ordinal (八届二次会议, 二次全会): the year is the term's first
# year plus the session's number less one, when the text says when the term began.
SESSION = re.compile(
    r"(?:(?P<term>[一二三四五六七八九十]+)届(?:政协)?)?(?P<session>[一二三四五六七八九十]+)次"
    r"(?:全体)?(?:会议|全会)(?!以来|后)"
)
# …when the text dates a session: 2016年…八届一次会议, 八届（2016—2021年）
TERM_DATED = (
    re.compile(
        r"(?P<year>\d{4})年[^。；]{0,30}?(?P<term>[一二三四五六七八九十]+)届(?:政协)?"
        r"(?P<session>[一二三四五六七八九十]+)次(?:全体)?(?:会议|全会)"
    ),
    re.compile(
        r"(?P<term>[一二三四五六七八九十]+)届[^。；]{0,10}?[（(](?P<year>\d{4})\s*[-—～至到]"
    ),
    # 八届一次会议于2016年1月召开
    re.compile(
        r"(?P<term>[一二三四五六七八九十]+)届(?:政协)?(?P<session>[一二三四五六七八九十]+)次"
        r"(?:全体)?(?:会议|全会)[^。；\d]{0,6}?(?P<year>\d{4})年"
    ),
)


@dataclass(frozen=True)
class Dating:
    """What the whole text tells about dates: the publication year, whether it was
    published in the second half of it (a term ending in the autumn), and when each
    term it names began."""

    year: int
    late: bool = False
    terms: tuple[tuple[str, int], ...] = ()
    sessions: int = 0  # how many sessions the text names (八届一次, 八届二次会议 …)

    @classmethod
    def of(cls, text: str, year: int, month: int | None = None) -> "Dating":
        terms = {}
        for pattern in TERM_DATED:
            for match in pattern.finditer(text):
                session = match.groupdict().get("session") or "一"
                terms.setdefault(match["term"], int(match["year"]) - (_ordinal(session) - 1))
        sessions = len({match[0] for match in SESSION.finditer(text)})
        return cls(year, bool(month and month >= 7), tuple(terms.items()), sessions)


def _ordinal(numeral: str) -> int:
    from cppcc.extract.numbers import chinese_to_int

    return chinese_to_int(numeral)


def _session_marks(text: str, dating: Dating) -> list[tuple]:
    """Sessions named in a sentence, dated from the term's first year when known."""
    terms = dict(dating.terms)
    found = []
    if dating.sessions < 2 and not terms:
        return []  # one session named: the report's own (在十届三次会议上…)
    for match in SESSION.finditer(text):
        first = terms.get(match["term"]) if match["term"] else None
        if first is None and not match["term"] and len(terms) == 1:
            first = next(iter(terms.values()))  # 二次会议 in a text about one term
        if first is None:
            mark = Period(None, None, "session", match[0])
        else:
            when = first + _ordinal(match["session"]) - 1
            mark = Period(when, when, "inferred", match[0])
        found.append((match.start(), -len(match[0]), len(_TIME), match.end(), mark))
    return found


def _stretched(span: tuple, how: str, dating: Dating) -> tuple:
    """五年来 said at a term ending in the autumn reaches into the year it is said."""
    start, end = span
    years_back = how == "inferred" and start is not None and start < end == dating.year - 1
    return (start, dating.year) if years_back and dating.late else span


def _term_span(match: re.Match, dating: Dating) -> tuple:
    """十届以来, 换届以来: from the term's first year to now, when the text dates the term."""
    terms = dict(dating.terms)
    term = match.groupdict().get("term")
    # 本届, 换届: the one term the text dates, if it dates only one
    only = next(iter(terms.values())) if len(terms) == 1 else None
    first = terms.get(term) if term else only
    if first is None or first > dating.year:
        return None, None
    return first, min(dating.year, first + 4)


def time_marks(text: str, year: int | Dating) -> list[tuple[int, Period]]:
    """Time expressions in a sentence: where each starts and the period it names."""
    dating = year if isinstance(year, Dating) else Dating(year)
    year = dating.year
    found = _session_marks(text, dating)
    for order, (pattern, period, how) in enumerate(_TIME):
        for match in pattern.finditer(text):
            span, kind = (period(match, year) if period else (None, None)), how
            if how == "term":
                span = _term_span(match, dating)
                kind = "inferred" if span[0] is not None else "term"
            mark = Period(*_stretched(span, kind, dating), kind, match[0])
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
        if period.how == "year":  # 一年来: the report's year, as the report gives it
            default, words = self.default, f"{period.words}（{self.default.words}）"
            return Period(default.start, default.end, "inferred", words)
        if period.how == "now":  # 截至目前: as the report stands
            held = self.paragraph or self.section
            if held is not None and held.start is not None and held.start != held.end:
                # …and in a paragraph about five years, cumulative over them
                return Period(held.start, held.end, held.how, f"{held.words}……{period.words}")
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
