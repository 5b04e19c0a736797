"""Lenient reading of what office staff type: numbers, qualifiers, years, names.

Each parser takes one cell as text (or the number Excel stored) and returns the clean
value, or raises ``ParseError`` with a Chinese message saying what was expected.
"""

import datetime
import difflib
import re
import unicodedata

QUALIFIER_WORDS = {"精确": "exact", "不少于": "at_least", "约": "approx"}
QUALIFIER_NAMES = {code: word for word, code in QUALIFIER_WORDS.items()}
# words around a number and the qualifier they mean: 60余, 100多, 30以上, ≥30, 约50, 近50
_AT_LEAST_AFTER = ("余", "多", "以上", "+")
_AT_LEAST_BEFORE = ("≥", ">=", "不少于", "超过", "逾")
_APPROX_BEFORE = ("约", "近", "大约", "~", "～")
_APPROX_AFTER = ("左右",)
UNITS = ("件", "条", "篇", "期", "个", "次", "名", "项", "人", "场", "%")


class ParseError(ValueError):
    """A cell that cannot be read; the message says what was expected, in Chinese."""


def normalise(text) -> str:
    """Full-width digits and letters to half-width, surrounding spaces removed."""
    if text is None:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


def is_blank(text) -> bool:
    return normalise(text) == ""


def parse_value(cell) -> tuple[float, str]:
    """``"415"`` → (415, exact); ``"60余"`` → (60, at_least); ``"约50"`` → (50, approx)."""
    if isinstance(cell, bool):
        raise ParseError("数值应为数字")
    if isinstance(cell, int | float):
        return float(cell), "exact"
    text = normalise(cell).replace(" ", "")
    if not text:
        raise ParseError("数值为空")
    qualifier = "exact"
    for word in _AT_LEAST_BEFORE:
        if text.startswith(word):
            text, qualifier = text[len(word) :], "at_least"
            break
    else:
        for word in _APPROX_BEFORE:
            if text.startswith(word):
                text, qualifier = text[len(word) :], "approx"
                break
    for unit in UNITS:
        if text.endswith(unit) and unit != "%":
            text = text[: -len(unit)]
            break
    if text.endswith("%"):
        text = text[:-1]
    for word in _APPROX_AFTER:
        if text.endswith(word) and qualifier == "exact":
            text, qualifier = text[: -len(word)], "approx"
    for word in _AT_LEAST_AFTER:
        if text.endswith(word):
            if qualifier == "approx":
                raise ParseError(f"“{normalise(cell)}”同时写了“约”和“{word}”，请只保留一个")
            text, qualifier = text[: -len(word)], "at_least"
            break
    multiplier = 1.0
    if text.endswith("万"):
        text, multiplier = text[:-1], 10_000.0
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        raise ParseError(f"“{normalise(cell)}”不是数字；请写成 415、60余、约50 或 100% 这样的形式")
    return float(text) * multiplier, qualifier


def parse_qualifier(cell) -> str | None:
    """The optional 限定 column: 精确 / 不少于 / 约, or blank."""
    text = normalise(cell)
    if not text:
        return None
    if text in QUALIFIER_WORDS:
        return QUALIFIER_WORDS[text]
    if text in QUALIFIER_NAMES:
        return text
    raise ParseError(f"限定“{text}”无法识别；只能填 精确、不少于 或 约，或留空")


def parse_year(cell) -> int:
    if isinstance(cell, bool):
        raise ParseError("年份应为四位数字")
    if isinstance(cell, datetime.date):
        raise ParseError(
            "年份单元格被设成了日期格式；请把单元格格式改为“常规”或“文本”后再填写，如 2024"
        )
    if isinstance(cell, int | float) and float(cell).is_integer():
        return int(cell)
    text = normalise(cell).removesuffix("年").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ParseError(f"“{normalise(cell)}”不是年份；请写四位数字，如 2024")
    return int(text)


def parse_period(start_cell, end_cell) -> tuple[int, int]:
    """起始年份 and 截止年份; ``"2022-2023"`` in the first cell fills both, and a blank
    截止年份 means a single year."""
    if type(start_cell) is int and (end_cell is None or type(end_cell) is int):
        return start_cell, start_cell if end_cell is None else end_cell  # as Excel stores years
    text = normalise(start_cell)
    span = re.fullmatch(r"(\d{4})年?\s*[-–—~～至到]\s*(\d{4})年?", text)
    if span:
        start, end = int(span.group(1)), int(span.group(2))
        if not is_blank(end_cell) and parse_year(end_cell) != end:
            raise ParseError(f"起始年份写的是“{text}”，与截止年份“{normalise(end_cell)}”不一致")
        return start, end
    if not text and not isinstance(start_cell, int | float):
        raise ParseError("起始年份为空")
    start = parse_year(start_cell)
    end = start if is_blank(end_cell) else parse_year(end_cell)
    return start, end


def _closest(text: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(text, candidates, n=1, cutoff=0.4)
    return found[0] if found else None


def _closest_tied(text: str, candidates: list[str]) -> list[str]:
    """The candidates that are nearest, all of them when several are equally near
    (“中为” is as close to 中卫 as to 中宁), in catalogue order."""
    scores = {c: difflib.SequenceMatcher(None, text, c).ratio() for c in candidates}
    best = max(scores.values(), default=0.0)
    return [c for c in candidates if best >= 0.4 and scores[c] == best]


def committee_resolver(committees: list[dict]):
    """A function reading a committee cell against this catalogue; the name table is
    built once, so a 30,000-row file does not rebuild it per row."""
    known: dict[str, str] = {}
    for row in committees:
        names = {row["adcode"], row["name_zh"], row["short_zh"], row["name_en"]}
        # the ways people write them: 银川市, 银川政协, 宁夏政协, 自治区政协
        names |= {row["name_zh"].removesuffix("政协"), row["short_zh"] + "政协"}
        if row.get("level") == "region":
            names |= {"自治区政协", "自治区", "区政协"}
        for name in names:
            known.setdefault(normalise(name).replace(" ", "").lower(), row["adcode"])
    # suggestions match short and full names alike: “灵州” is closest to 灵武, not 灵武市政协
    full_name = {row[key]: row["name_zh"] for row in committees for key in ("short_zh", "name_zh")}

    def resolve(cell) -> str:
        text = normalise(cell).replace(" ", "")
        if not text:
            raise ParseError("委员会为空")
        if text.lower() in known:
            return known[text.lower()]
        nearest = list(dict.fromkeys(full_name[c] for c in _closest_tied(text, list(full_name))))
        named = "或".join(f"“{name}”" for name in nearest[:3])
        hint = f"，是不是{named}？" if nearest else "。"
        raise ParseError(f"找不到委员会“{text}”{hint}可填简称、全称或6位行政区划代码")

    return resolve


def metric_resolver(metrics: list[dict]):
    """A function reading a metric cell: a catalogue code or its Chinese or English name,
    compared in one form (the catalogue's full-width brackets meet typed half-width ones)."""
    known: dict[str, str] = {}
    for row in metrics:
        for key in ("code", "name_zh", "name_en"):
            known.setdefault(normalise(row[key]), row["code"])
    names = [row["name_zh"] for row in metrics] + [row["code"] for row in metrics]

    def resolve(cell) -> str:
        text = normalise(cell)
        if not text:
            raise ParseError("指标为空")
        if text in known:
            return known[text]
        suggestion = _closest(text, names)
        hint = f"，是不是“{suggestion}”？" if suggestion else "。"
        raise ParseError(f"找不到指标“{text}”{hint}请用模板“指标与委员会”页列出的指标名称或代码")

    return resolve


def resolve_committee(cell, committees: list[dict]) -> str:
    """银川 / 银川市 / 银川市政协 / 640100 → ``640100``."""
    return committee_resolver(committees)(cell)


def resolve_metric(cell, metrics: list[dict]) -> str:
    """A catalogue code (``proposals_received``) or its Chinese name (收到提案)."""
    return metric_resolver(metrics)(cell)
