"""What a number in a sentence counts: the words around it, matched against the rules.

A number's label is the text in front of it, back to the previous number of its
clause or the clause start: "经审查立案" 241件, "、委员会客室" 18个. A label names a
metric when a rule's words end it, with nothing but filler (已建成, 均为, 》专报) up to
the number; failing that, the words right after the number may name it ("12篇"
社情民意信息获……批示). The rules' conditions and the checks here turn away the rest:
targets, norms, names in quotes, mixes of several kinds of thing.
"""

import itertools
import re
from dataclasses import dataclass, replace

from cppcc.extract.numbers import Quantity, find_quantities
from cppcc.extract.periods import CLAUSE_MARKS
from cppcc.extract.reports import Sentence
from cppcc.extract.rules import (
    CENTRAL_LEADERS,
    CONJUNCTIONS,
    CONSULTATION_FORMS,
    CONSULTATIONS,
    FORM_JOINERS,
    GENERIC_MODIFIERS,
    GOAL_WORDS,
    NAME_TO_NUMBER,
    NORM,
    OWN_LEADERS,
    PLAN_WORDS,
    REGION_LEADERS,
    TOPIC_FRAME,
    Rule,
)

SHARED_VALUE = re.compile(r"均|都|全部")
SHARE = re.compile(r"占|占比|占总数的|比例为")
RECIPIENTS = re.compile(r"(向|给|报送|报)[^，。；、]*$")  # 向省政协、市委……: to whom
COUNTED_THEN_DE = re.compile(r"(立案|交办|收到|提交|确定)的$")
OPENING_QUOTES = "“‘「『《\"'"


@dataclass(frozen=True)
class Item:
    """One number in a sentence, with the words that say what it counts."""

    sentence: Sentence
    quantity: Quantity
    clause_start: int
    clause_end: int
    label_start: int  # after the previous number of the clause, or the clause start
    right_end: int  # before the next number of the clause, or the clause end
    borrowed: str = ""  # a share's label from the count before it: 满意的291件，占94.8%
    borrowed_from: int | None = None  # where that label starts
    paired: str | None = None  # its name in a list given 分别: 办复率、满意率分别为100%、98%

    @property
    def quote_start(self) -> int:
        return self.label_start if self.borrowed_from is None else self.borrowed_from

    @property
    def label(self) -> str:
        if self.paired is not None:
            return self.paired
        return self.borrowed + self.sentence.text[self.label_start : self.quantity.start]

    @property
    def right(self) -> str:
        return self.sentence.text[self.quantity.end : self.right_end]

    @property
    def text(self) -> str:
        return self.sentence.text[self.label_start : self.right_end]

    @property
    def clause(self) -> str:
        return self.sentence.text[self.clause_start : self.clause_end]


def items(sentence: Sentence) -> list[Item]:
    """The numbers of a sentence that have a counting unit, with their labels."""
    text = sentence.text
    # "一个场景", "一篇信息", "十三届一次会议": a lone 一 is an article, not a count.
    quantities = [q for q in find_quantities(text) if q.numeral != "一"]
    found = []
    for index, quantity in enumerate(quantities):
        clause_start = max(text.rfind(mark, 0, quantity.start) for mark in CLAUSE_MARKS) + 1
        ends = [i for mark in CLAUSE_MARKS if (i := text.find(mark, quantity.end)) >= 0]
        clause_end = min(ends, default=len(text))
        if 0 < clause_start == quantity.start and text[clause_start - 1] in "：:":
            # a table's row or a yearbook's list: 收到提案：286件
            clause_start = max(text.rfind(m, 0, clause_start - 1) for m in CLAUSE_MARKS) + 1
        label_start = clause_start
        if index and quantities[index - 1].end > clause_start:
            label_start = quantities[index - 1].end
        right_end = clause_end
        if index + 1 < len(quantities) and quantities[index + 1].start < clause_end:
            right_end = quantities[index + 1].start
        item = Item(sentence, quantity, clause_start, clause_end, label_start, right_end)
        if found and _borrows(item, found[-1]):
            before = found[-1]
            item = replace(item, borrowed=before.label, borrowed_from=before.label_start)
        found.append(item)
    return _paired(found)


# 新建委员会客室10个，总数达到35个: a stock's total after a count of the same thing.
STOCK_TAIL = re.compile(r"(总数|总量|数量)?(累计|共计|合计|共)?(达到?|为|有)")
JOINED = re.compile(r"以及|和|与|及|、")
RESPECTIVELY_TAIL = re.compile(r"分别(为|是|有|达到?|在)?$")


def _borrows(item: Item, before: Item) -> bool:
    """A number whose label only points back to the count before it takes that one's name:
    满意的291件，占94.8%; 新建委员会客室10个，总数达到35个."""
    if item.quantity.unit == "%":
        return bool(SHARE.fullmatch(item.label))
    same_unit = item.quantity.unit == before.quantity.unit == "个"
    return same_unit and bool(STOCK_TAIL.fullmatch(item.label))


def _paired(found: list[Item]) -> list[Item]:
    """办复率、满意率分别为100%、98%: each number takes its name from the list, in order,
    when the list and the numbers after 分别 are as many."""
    result = list(found)
    for first, item in enumerate(found):
        tail = RESPECTIVELY_TAIL.search(item.label)
        if tail is None:
            continue
        names = [name for name in JOINED.split(item.label[: tail.start()]) if name]
        run = [first]
        for later in found[first + 1 :]:
            if later.clause_start != item.clause_start or not JOINED.fullmatch(later.label):
                break
            run.append(found.index(later))
        if len(names) < 2 or len(run) != len(names):
            continue
        for index, name in zip(run, names, strict=True):
            result[index] = replace(found[index], paired=name, borrowed_from=item.label_start)
    return result


def _last_word(patterns: tuple[str, ...], text: str) -> re.Match | None:
    """The match of any pattern that ends last in ``text`` (the longest of those)."""
    best = None
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if best is None or (match.end(), len(match[0])) > (best.end(), len(best[0])):
                best = match
    return best


def _says_what(rule: Rule, item: Item, word: re.Match | None, offset: int = 0) -> bool:
    """The rule's conditions hold around this number.

    ``word`` is where the label names it, ``offset`` characters into the label.
    """
    if rule.needs and not any(re.search(need, item.sentence.text) for need in rule.needs):
        return False
    if rule.near and not any(re.search(near, item.text) for near in rule.near):
        return False
    if any(re.search(word, item.text) for word in rule.not_near):
        return False
    if any(re.search(word, item.clause) for word in rule.not_in_clause):
        return False
    if any(re.search(word, item.sentence.text) for word in rule.not_in_sentence):
        return False
    if rule.per_topic and TOPIC_FRAME.search(item.sentence.text[: item.quantity.start]):
        return False
    before = item.sentence.text[: item.quantity.start]
    if any(re.search(word, before) for word in rule.not_before):
        return False
    if rule.leaders and leader_level(item.text) not in rule.leaders:
        return False
    if rule.whole and of_a_group(item.sentence.text[: item.quantity.start]):
        return False
    head = item.label[: offset + word.start()] if word is not None else ""
    return word is None or not rule.plain_after or _plainly_after(rule, head)


def leader_level(text: str) -> str:
    """Whose endorsements (批示) a count is: the region's leaders, the committee's own
    level, both ('every'), none named ('unnamed'), or central ones, not counted."""
    endorsed = re.search(r"[^，。；]*批示", text)
    words = endorsed[0] if endorsed else text
    region = any(word in words for word in REGION_LEADERS)
    own = any(word in words for word in OWN_LEADERS)
    if any(word in words for word in CENTRAL_LEADERS):
        return "central"
    return {(True, True): "every", (True, False): "region", (False, True): "own"}.get(
        (region, own), "unnamed"
    )


# Proposals of one group of submitters are a part of the committee's: 集体提案,
# 各民主党派、工商联以集体名义提交, 委员个人提案. Not when members are among those named
# (政协委员、各民主党派和专门委员会共提出), nor in a 其中 clause that splits a total.
GROUP_SUBMITTERS = re.compile(r"民主党派|党派|工商联|人民团体|界别|专委会|专门委员会")
A_PART = re.compile(r"集体|个人")
MEMBERS = re.compile(r"委员(?!会)|参加单位")


def of_a_group(before: str) -> bool:
    """The words before a proposal count say it is one group's proposals."""
    before = re.sub(r"其中[^，。；]*", "", before)
    if A_PART.search(before):
        return True
    return bool(GROUP_SUBMITTERS.search(before)) and not MEMBERS.search(before)


def _plainly_after(rule: Rule, head: str) -> bool:
    """征集意见建议320条, not 提出乡村振兴意见建议45条 (suggestions on one theme)."""
    verb = _last_word(rule.plain_after, head)
    if verb is None:
        return False
    rest = head[verb.end() :]
    for modifier in sorted(GENERIC_MODIFIERS, key=len, reverse=True):
        rest = rest.replace(modifier, "")
    return rest == ""


def _parts(label: str) -> list[tuple[int, int]]:
    """Where the parts of an enumeration in a label start and end."""
    bounds = [0, *(m.end() for m in CONJUNCTIONS.finditer(label)), len(label) + 1]
    return [(start, end - 1) for start, end in itertools.pairwise(bounds)]


def _named(rule: Rule, label: str, part: tuple[int, int]) -> re.Match | None:
    """Where one part of the label names what the rule counts, with only filler after it."""
    start, end = part
    word = _last_word(rule.words, label[start:end])
    if word is None or not NAME_TO_NUMBER.fullmatch(label[start + word.end() : end]):
        return None
    return word


def _is_a_mix(label: str, rules: list[Rule]) -> bool:
    """参与重要文件、重大项目及立法协商工作15次 counts several kinds of thing together.

    Not an enumeration of whom it went to: 向省政协、市委市政府及有关部门报送……11件.
    """
    parts = [label[start:end] for start, end in _parts(label) if end > start]
    if parts and RECIPIENTS.search(parts[0]):
        return False
    return len(parts) > 1 and not all(
        any(re.search(word, part) for rule in rules for word in rule.words) for part in parts
    )


# Kinds of thing a report counts; two of them joined before one number are counted
# together (收到提案和社情民意信息300件), and the number is neither's.
KINDS = (
    ("proposal", re.compile(r"提案")),
    ("opinion", re.compile(r"社情民意|民意信息|政协信息")),
    ("suggestion", re.compile(r"意见建议|意见和建议|对策建议")),
    ("report", re.compile(r"报告")),
    ("motion", re.compile(r"议案")),
)


def two_kinds(label: str) -> bool:
    """The last words before the number join two kinds of thing counted together."""
    clause = re.split(r"[，。；：]", label)[-1]
    parts = JOINED.split(clause)
    if len(parts) < 2:
        return False
    last = {kind for kind, words in KINDS if words.search(parts[-1])}
    before = {kind for kind, words in KINDS if words.search(parts[-2])}
    return bool(last and before and not last & before)


def metrics_for(item: Item, rules: list[Rule]) -> tuple[list[str], bool]:
    """The metrics a number states, and whether its name follows it (12篇社情民意信息…).

    The name is in the last part of the label ("委员会客室、协商议事室等平台90个" names
    none); earlier parts count only when the value is shared (办复率、满意率均达98%).
    """
    unit_rules = [rule for rule in rules if item.quantity.unit in rule.units]
    label = item.label
    if two_kinds(label):
        return [], False
    if _several_forms(label, unit_rules) and any(r.metric == CONSULTATIONS for r in unit_rules):
        return [CONSULTATIONS], False
    parts = _parts(label)
    shared = SHARED_VALUE.search(label[parts[-1][0] :]) is not None
    named = []
    for order, part in enumerate(reversed(parts if shared else parts[-1:])):
        for rule in unit_rules:
            word = _named(rule, label, (0, part[1]) if rule.mixed_ok else part)
            if (
                word is not None
                and _says_what(rule, item, word, part[0])
                and (rule.mixed_ok or not _is_a_mix(label, unit_rules))
            ):
                named.append((-order, word.end(), len(word[0]), rule.metric))
    if named:
        named.sort(reverse=True)
        metrics = list(dict.fromkeys(metric for *_, metric in named))
        return (metrics if shared else metrics[:1]), False
    for rule in unit_rules:
        if any(re.match(word, item.right) for word in rule.after) and _says_what(rule, item, None):
            return [rule.metric], True
    return [], False


def _several_forms(label: str, rules: list[Rule]) -> bool:
    """专题议政性常委会会议和专题协商会议17次: two forms of consultation counted together."""
    forms = [rule for rule in rules if rule.metric in CONSULTATION_FORMS]
    named = set()
    for part in FORM_JOINERS.split(label):
        metrics = {rule.metric for rule in forms if _last_word(rule.words, part)}
        if len(metrics) != 1:
            return False
        named |= metrics
    return len(named) > 1


def is_a_count(item: Item) -> bool:
    """A number that counts something, not part of a name or a phrase.

    "‘8条’措施": a number in quotes names something. "挂牌的两个": a number after 的
    belongs to the words after it.
    """
    label = item.label
    if COUNTED_THEN_DE.search(label):
        return True  # 立案的129件提案: the 的 joins the verb to what it counted
    return not (label.endswith(tuple(OPENING_QUOTES)) or label.endswith("的"))


def is_a_goal(sentence: str, position: int, clause: str) -> bool:
    """力争实现办复率达到95%: a plan in the sentence, or a goal in the number's clause."""
    return any(re.search(word, sentence[:position]) for word in PLAN_WORDS) or any(
        re.search(word, clause) for word in GOAL_WORDS
    )


def is_a_result(item: Item) -> bool:
    """Not a target (力争……达到95%, 不少于30次) and not a norm (每年至少一件)."""
    quantity = item.quantity
    claim = item.sentence.text[item.clause_start : quantity.end]
    return not is_a_goal(item.sentence.text, quantity.start, claim) and not NORM.search(claim)
