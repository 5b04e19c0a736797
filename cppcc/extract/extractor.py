"""Propose figures for the metric catalogue from a report's text, for staff to confirm.

Offline and rule-based (issue 6). A report is read the way a person reads it:

1. Lines become committee headings ("吴忠市政协"), other headings, paragraphs and
   sentences; photo captions (▲…) are cut out, and a sentence broken across lines by
   the layout is joined again (``cppcc.extract.reports``). Each sentence is read in
   simplified characters with Chinese punctuation (``normalise``) and quoted as written.
2. Every number with a counting unit (``cppcc.extract.numbers``) is labelled with the words
   in front of it, back to the previous number or comma ("经审查立案" 241件), or, failing
   that, the words right after it ("12篇" 社情民意信息获……批示), and the label is
   matched against the metric rules (``labels``, ``rules``); the rules'
   vetoes drop targets, other bodies' figures, visits, norms and one topic's share.
3. The period is the last time expression before the number in its sentence (今年,
   去年以来, 五年来, 2024年), else the one that opened an earlier sentence of its
   paragraph, or of its section for a span of years or a year written out, else the
   report's year: the year a review's title names, or the year it was published
   (``periods``). Without a usable period (近年来, 上半年) nothing is proposed.
4. The committee is the one whose heading the text is under, else the one given,
   else the one the title names, else the one named most (``committees``); one outside
   the catalogue keeps its name and has no code. A report about somebody else's work
   (national members, a party's branch) gives nothing, and ``Extraction.notes`` says why.

This module puts the pieces together and words the candidates.
"""

import re
from dataclasses import asdict, dataclass, field

from cppcc import i18n
from cppcc.extract.committees import SELF_NAMES, SOMEONE_ELSE, for_text, resolve_committee
from cppcc.extract.labels import is_a_count, is_a_goal, is_a_result, items, metrics_for
from cppcc.extract.normalise import normalise_text
from cppcc.extract.numbers import find_quantities, normalise
from cppcc.extract.periods import CLAUSE_MARKS, Dating, Period, Periods, reason, time_marks
from cppcc.extract.reasons import LEFT, Reason
from cppcc.extract.reports import (
    Heading,
    ReportError,
    Sentence,
    guess_publication_year,
    publication_month,
    read_report,
    read_structure,
    report_subject,
    report_year,
)
from cppcc.extract.rules import PLAN_HEADING, RULES, Rule
from cppcc.extract.subjects import Subject, opening, subjects, unknown_names, whose
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR
from cppcc.store.curated import WORDED_VALUES

QUOTE_LIMIT = 40
STOCKS = {rule.metric for rule in RULES if rule.stock}
LEADING_JUNK = "、，,；;：:“”\"'‘’「」-—*•·◆◇●○■□▪► "


@dataclass(frozen=True)
class Candidate:
    committee: str  # short Chinese name, as in committees.csv
    adcode: str
    metric: str
    period_start: int
    period_end: int
    value: float
    qualifier: str  # 'exact' | 'at_least' | 'approx'
    quote: str  # the phrase that states the number, as written (spaces left out)
    confidence: float
    year_basis: str  # 'stated' | 'inferred'
    year_reason: str = ""  # for an inferred period: the words it was read from
    period_how: str = ""  # how the text gave the period (Period.how)
    start: int = -1  # where the number (or the words that give it) stands in the report
    end: int = -1

    def public(self) -> dict:
        """The fields staff confirm, in the order the CLI prints them."""
        row = asdict(self)
        for internal in ("confidence", "period_how", "start", "end"):
            row.pop(internal)
        return row


@dataclass(frozen=True)
class Number:
    """A number with a unit in the report, and what became of it (``extract --all``)."""

    value: float
    unit: str
    qualifier: str
    quote: str
    start: int  # in the report as given
    end: int
    committee: str | None = None  # as the candidate names it, when one was proposed
    adcode: str | None = None
    metric: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    year_basis: str | None = None
    year_reason: str | None = None
    left: str | None = None  # why no candidate came of it, in Chinese


@dataclass
class Extraction:
    """What a report gave: the candidates, and what staff should know about them."""

    candidates: list[Candidate]
    unknown_committees: list[str]  # named as in the text, not in the catalogue: no code
    no_committee: bool = False  # the text names no committee the figures could belong to
    someone_else: str | None = None  # whose work the report is about instead (SOMEONE_ELSE)
    committee: str | None = None  # the committee the report is about, when one is found
    numbers: list[Number] = field(default_factory=list)  # every number with a unit
    report_period: tuple = ()  # (start, end, why): the years a figure not dated in the text takes

    def notes(self, lang: str = "zh", *, cli: bool = False) -> list[tuple[str, str]]:
        """What to tell staff, as (level, message): 'warning' or 'error'."""
        found = []
        named = [name for name in self.unknown_committees if name not in SELF_NAMES]
        if named:
            found.append(
                ("warning", i18n.text("extract_unknown_committee", lang, names="”“".join(named)))
            )
        for name in (name for name in self.unknown_committees if name in SELF_NAMES):
            found.append(("warning", i18n.text("extract_unnamed_committee", lang, name=name)))
        if cli and self.unknown_committees:
            found[-1] = ("warning", found[-1][1] + i18n.text("extract_unknown_cli_hint", lang))
        if self.candidates:
            return found
        if self.someone_else:
            found.append(("error", i18n.text(f"extract_someone_else_{self.someone_else}", lang)))
        elif self.no_committee:
            message = i18n.text("extract_no_committee", lang)
            if cli:
                message += i18n.text("extract_no_committee_cli", lang)
            found.append(("error", message))
        else:
            found.append(("error", i18n.text("extract_no_figures", lang, committee=self.committee)))
        return found


@dataclass
class _Context:
    """What holds for the sentence being read."""

    committee: dict | None
    periods: Periods
    planning: bool = False  # under a heading such as 2024年工作安排
    published: int = 0
    dating: Dating | None = None  # the publication's dates and the terms the text dates
    others: bool = False  # the paragraph is about a party's branch or national members
    committees: list = field(default_factory=list)  # as the text names them (for_text)
    unknown: frozenset = frozenset()  # committees outside the catalogue the text names
    subject: Subject | None = None  # another committee opened the paragraph
    named: list = field(default_factory=list)  # committees standing as subjects in the sentence
    left: dict = field(default_factory=dict)  # (sentence, number's start) → why it was left

    def new_section(self, heading: str = "") -> None:
        self.periods.new_section()
        self.planning = bool(PLAN_HEADING.search(heading))


def _quote(sentence: Sentence, start: int, number: int, end: int) -> str:
    """The words that state the number, as written, within ``QUOTE_LIMIT`` characters.

    ``start``, ``number`` and ``end`` are positions in the normalised text.
    """
    start, number, end = (sentence.written_at(at) for at in (start, number, end))
    start = max([start, *(cut for cut in sentence.breaks if cut <= number)])
    written = sentence.written
    while start < number and written[start] in LEADING_JUNK:
        start += 1
    if end - start > QUOTE_LIMIT:
        start = max(end - QUOTE_LIMIT, min(number, end - 1))
    return written[start:end]


# --- the extractor ----------------------------------------------------------------------


def _propose(
    context: _Context, metric: str, found: tuple, quote: str, sure: float, at=(-1, -1)
) -> Candidate:
    """A candidate for the current committee; ``found``: value, qualifier, period,
    in_sentence; ``at``: where the number stands in the report."""
    value, qualifier, period, in_sentence = found
    committee = context.committee
    stated = period.how in ("stated", "date")
    if metric == "opinion_instructions_region" and committee["level"] == "region":
        metric = "opinion_instructions"  # the region's own leaders are its own level
    return Candidate(
        committee=committee["short_zh"],
        adcode=committee["adcode"],
        metric=metric,
        period_start=period.start,
        period_end=period.end,
        value=float(value),
        qualifier=qualifier,
        quote=quote,
        confidence=round(sure - (0 if in_sentence else 0.1), 2),
        year_basis="stated" if stated else "inferred",
        year_reason="" if stated else reason(period, context.published),
        period_how=period.how,
        start=at[0],
        end=at[1],
    )


def _counted(sentence: Sentence, marks, context: _Context, rules: list[Rule]) -> list[Candidate]:
    """Candidates from the numbers of a sentence."""
    found = []
    for item in items(sentence):
        metrics, named_after = metrics_for(item, rules)
        left = _why_left(item, metrics)
        someone = whose(context.named, item.quantity.start, context.committee, context.subject)
        if someone is not None and someone.group and all(m in STOCKS for m in metrics):
            someone = None  # a system's platforms are the committee's count
        if left is None and someone is not None:
            left = someone.why
        period, in_sentence = context.periods.at(item.quantity.start, marks)
        period = _proposals_of(sentence.text[: item.quantity.start], metrics) or period
        if period.how == "vague" and all(metric in STOCKS for metric in metrics):
            period = context.periods.default  # rooms built "in recent years" stand now
        if left is None and period.start is None:
            left = Reason("period", words=period.words)
        if left is None:
            left = _unclear(item, period, metrics)
        if left is not None:
            context.left[(id(sentence), item.quantity.start)] = left
            continue
        quantity = item.quantity
        end = item.right_end if named_after else quantity.end
        quote = _quote(sentence, item.quote_start, quantity.start, end)
        sure = 0.8 if named_after else 0.9
        figure = (quantity.value, quantity.qualifier, period, in_sentence)
        at = sentence.in_report(quantity.start, quantity.end)
        found.extend(_propose(context, metric, figure, quote, sure, at) for metric in metrics)
    return found


# 累计收到提案2000件 with no time said: cumulative since some start the text does not give.
CUMULATIVE = re.compile(r"累计|总计|历年|历届")
ONE_YEAR = re.compile(r"全年|年内|本年|当年|年度|一年来|今年")
# 2022年、2023年分别收到提案200件、250件: each number goes with one item listed before.
RESPECTIVELY = re.compile(r"分别(为|是|有|达到?)?")


def _unclear(item, period: Period, metrics: list[str]) -> str | None:
    """Why a number that names a metric and has a period is still not safe to propose."""
    before = item.sentence.text[: item.quantity.start]
    given_respectively = RESPECTIVELY.search(before[item.clause_start :])
    if item.paired is None and given_respectively:
        return LEFT["respectively"]
    flows = not all(metric in STOCKS for metric in metrics)
    undated = period.how == "report" and not ONE_YEAR.search(item.sentence.text)
    return LEFT["cumulative"] if undated and flows and CUMULATIVE.search(before) else None


# 2022年提出的提案，截至2024年6月已全部办复: the proposals' year, not the reply's date.
PROPOSALS_OF_YEAR = re.compile(
    r"(\d{4})年度?[^，。；\d]{0,12}?(提出|收到|提交|立案|交办)的[^，。；\d]{0,12}?提案"
    r"|(\d{4})年度提案"
)


def _proposals_of(before: str, metrics: list[str]) -> Period | None:
    """The year whose proposals a proposal figure counts, when the sentence says so."""
    if not all(metric.startswith("proposals_") for metric in metrics):
        return None
    found = list(PROPOSALS_OF_YEAR.finditer(before))
    if not found:
        return None
    year = int(found[-1][1] or found[-1][3])
    return Period(year, year, "stated", found[-1][0])


def _why_left(item, metrics: list[str]) -> str | None:
    if not metrics:
        return LEFT["metric"]
    if not is_a_count(item):
        return LEFT["name"]
    return None if is_a_result(item) else LEFT["goal"]


def _worded(sentence: Sentence, marks, context: _Context, rules: list[Rule]) -> list[Candidate]:
    """Candidates from wording the catalogue gives a value: 提案已全部办复 (100%)."""
    found = []
    text = sentence.text
    rule_of = {rule.metric: rule for rule in rules}
    for (metric, value), words in WORDED_VALUES.items():
        for match in re.finditer(re.escape(words), text) if metric in rule_of else ():
            clause_start = max(text.rfind(mark, 0, match.start()) for mark in CLAUSE_MARKS) + 1
            clause = text[clause_start : match.end()]
            vetoed = any(word in clause for word in rule_of[metric].not_in_clause)
            someone = whose(context.named, match.start(), context.committee, context.subject)
            vetoed = vetoed or someone is not None
            if vetoed or is_a_goal(text, match.start(), clause):
                continue
            period, in_sentence = context.periods.at(match.start(), marks)
            period = _proposals_of(text[: match.start()], [metric]) or period
            if period.start is not None:
                quote = _quote(sentence, clause_start, match.start(), match.end())
                figure = (value, "exact", period, in_sentence)
                at = sentence.in_report(match.start(), match.end())
                found.append(_propose(context, metric, figure, quote, 0.8, at))
    return found


# How firmly a period was given: a year written out, words relative to the
# publication (去年, 五年来), 截至目前, nothing at all (the report's year).
PERIOD_STRENGTH = {"stated": 3, "date": 3, "inferred": 2, "now": 1, "report": 0}


def _one_per_figure(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per committee, metric and period: the first, unless a later one is surer.

    A value stated twice for one metric is one figure (a headline repeats the body; 截至
    目前 repeats the year's count): it keeps the period the text gives most firmly.
    """
    firmest: dict[tuple, int] = {}
    for c in candidates:
        key = (c.adcode, c.committee, c.metric, c.value)
        firmest[key] = max(firmest.get(key, 0), PERIOD_STRENGTH.get(c.period_how, 0))
    candidates = [
        c
        for c in candidates
        if PERIOD_STRENGTH.get(c.period_how, 0)
        == firmest[(c.adcode, c.committee, c.metric, c.value)]
    ]
    kept: dict[tuple, Candidate] = {}
    for candidate in candidates:
        key = (
            candidate.adcode,
            candidate.committee,
            candidate.metric,
            candidate.period_start,
            candidate.period_end,
        )
        if key not in kept or candidate.confidence > kept[key].confidence:
            kept[key] = candidate
    return list(kept.values())


def extract(text: str, **options) -> list[Candidate]:
    """The candidates of ``read_figures``."""
    return read_figures(text, **options).candidates


def read_figures(
    text: str,
    *,
    year: int,
    committee: str | None = None,
    committees: list[dict],
    metrics: list[dict],
) -> Extraction:
    """Candidate figures stated in ``text``, a report published in ``year``.

    ``committee`` (a name or code) is the committee for text under no committee heading;
    without it, the one the title names. Relative words (今年, 去年, 五年来) count from
    ``year``; undated figures take the year the title names (2022年……工作综述), else ``year``.
    """
    known = {row["code"] for row in metrics}
    rules = [rule for rule in RULES if rule.metric in known]
    if committee is not None:
        default = resolve_committee(committee, committees)
        if default is None:
            raise ReportError(f"未知的政协委员会：{committee}")
        others = None
    committees = for_text(committees, normalise_text(text))
    if committee is None:
        default, others = report_subject(text, committees)
    reported, why = report_year(text, year) or (year, f"文中未写年份：取发表年份 {year} 年")
    context = _Context(default, Periods(Period(reported, reported, "report", why)), published=year)
    context.committees = committees
    context.unknown = unknown_names(normalise_text(text), committees)
    context.dating = Dating.of(normalise_text(text), year, publication_month(text))
    found, read = _read(text, context, committees, rules)
    candidates = _one_per_figure(found)
    unknown = list(dict.fromkeys(c.committee for c in candidates if not c.adcode))
    named_any = default is not None or any(c.committee for c in candidates)
    return Extraction(
        candidates,
        unknown,
        no_committee=not named_any,
        someone_else=others,
        committee=default["short_zh"] if default else None,
        numbers=_every_number(read, found, candidates, context.left),
        report_period=(reported, reported, why),
    )


def _read(text: str, context: _Context, committees, rules) -> tuple[list, list]:
    """Candidates sentence by sentence, and every sentence with why it was passed over
    as a whole (None when it was read)."""
    found: list[Candidate] = []
    read: list[tuple[Sentence, str | None]] = []
    for part in read_structure(text, committees):
        if isinstance(part, Heading):
            if part.names_committee:
                context.committee = part.committee
            context.new_section(part.text)
            continue
        context.periods.new_paragraph()
        context.others, context.subject = False, None
        for number, sentence in enumerate(part.sentences):
            marks = time_marks(sentence.text, context.dating or context.published)
            context.others = context.others or _about_others(sentence.text)
            context.named = subjects(sentence.text, context.committees, context.unknown)
            opened = opening(context.named, sentence.text, context.committee)
            if opened is not False:
                context.subject = opened
            passed = _passed_over(context)
            read.append((sentence, passed and LEFT[passed]))
            if passed is None:
                found.extend(_counted(sentence, marks, context, rules))
                found.extend(_worded(sentence, marks, context, rules))
            context.periods.update(sentence.text, marks, first=number == 0)
    return found, read


def _passed_over(context: _Context) -> str | None:
    """Why the sentence being read gives no figure whatever its numbers (LEFT's key)."""
    if context.committee is None:
        return "committee"
    if context.planning:
        return "planning"
    return "others" if context.others else None


def _every_number(read, found, candidates, left: dict) -> list[Number]:
    """Every number with a unit, each with the candidates it gave or why it gave none;
    the figures worded without a number (全部办复) are listed with their words."""
    kept = {(c.start, c.end, c.metric): c for c in candidates}
    proposed = {(c.start, c.end) for c in found}
    numbers = []
    for sentence, passed in read:
        for quantity in find_quantities(sentence.text):
            start, end = sentence.in_report(quantity.start, quantity.end)
            plain = (quantity.value, quantity.unit, quantity.qualifier)
            quote = _quote(sentence, _quote_start(sentence, quantity), quantity.start, quantity.end)
            mine = [c for (a, b, _), c in kept.items() if (a, b) == (start, end)]
            if mine:
                numbers.extend(_recognised(plain, quote, c) for c in mine)
                continue
            why = passed or left.get((id(sentence), quantity.start))
            if why is None and (start, end) in proposed:
                why = LEFT["repeated"]
            elif why is None:
                why = LEFT["article" if quantity.numeral == "一" else "metric"]
            numbers.append(Number(*plain, quote, start, end, left=why))
    listed = {(n.start, n.end) for n in numbers}
    for c in candidates:  # worded values: 提案已全部办复 (100%)
        if (c.start, c.end) not in listed:
            numbers.append(_recognised((c.value, "", c.qualifier), c.quote, c))
    return sorted(numbers, key=lambda n: (n.start, n.end))


def _quote_start(sentence: Sentence, quantity) -> int:
    """Where the words before a number start: its clause, as a candidate's quote would."""
    text = sentence.text
    return max(text.rfind(mark, 0, quantity.start) for mark in CLAUSE_MARKS) + 1


def _recognised(plain: tuple, quote: str, c: Candidate) -> Number:
    return Number(
        *plain,
        quote=c.quote or quote,
        start=c.start,
        end=c.end,
        committee=c.committee,
        adcode=c.adcode,
        metric=c.metric,
        period_start=c.period_start,
        period_end=c.period_end,
        year_basis=c.year_basis,
        year_reason=c.year_reason,
    )


def _about_others(sentence: str) -> bool:
    """A sentence on a party's branch or national members: its paragraph is theirs."""
    return any(re.search(pattern, sentence) for pattern, who in SOMEONE_ELSE if who != "congress")


def parse_year(text: str) -> int:
    """A publication year as a user typed it: four digits, 1949 or later."""
    text = normalise(str(text).strip())
    if not re.fullmatch(r"\d{4}", text) or not 1949 <= int(text) <= 2100:
        raise ReportError(f"年份无效：{text}（应为四位数字的年份，例如 2024）")
    return int(text)


def extract_file(
    path, *, year: str | int | None = None, committee: str | None = None, curated_dir=CURATED_DIR
) -> list[Candidate]:
    """Candidates from a .txt or .docx report; ``year`` and ``committee`` as a user typed them.

    Without ``year``, the latest year the text mentions is taken as its publication year.
    Raises ``ReportError`` (in Chinese) for anything the user can fix.
    """
    data = curated.load(curated_dir)
    published = None if year is None else parse_year(year)
    if committee is not None and resolve_committee(committee, data.committees) is None:
        raise ReportError(
            f"未知的政协委员会：{committee}（可写作 银川、银川市、银川市政协 或 640100）"
        )
    text = read_report(path)
    if published is None:
        published = guess_publication_year(text)
        if published is None:
            raise ReportError("无法从文中判断报告的年份，请用 --year 指明发表年份")
    return read_figures(
        text, year=published, committee=committee, committees=data.committees, metrics=data.metrics
    )
