"""How figures read on screen: values with their qualifier, periods, inferred years."""

import math

QUALIFIER_PREFIX = {"exact": "", "at_least": "≥", "approx": "约"}
QUALIFIER_PREFIX_EN = {"exact": "", "at_least": "≥", "approx": "~"}


def number(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.1f}"


def value_text(value, qualifier: str | None, unit: str = "", lang: str = "zh") -> str:
    """``415件``, ``≥60篇`` for a lower bound, ``约50`` for an approximation."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "未报告" if lang == "zh" else "not reported"
    prefixes = QUALIFIER_PREFIX if lang == "zh" else QUALIFIER_PREFIX_EN
    prefix = prefixes.get(qualifier or "exact", "")
    suffix = unit if lang == "zh" or unit == "%" else ""
    return f"{prefix}{number(value)}{suffix}"


def period_text(start: int, end: int, inferred: bool = False, mark: str = "*") -> str:
    """``2023``, ``2018–2022``; a trailing ``*`` marks a year inferred from the text."""
    label = f"{start}" if start == end else f"{start}–{end}"
    return label + (mark if inferred else "")


def ratio_text(ratio: float | None) -> str:
    if ratio is None or (isinstance(ratio, float) and math.isnan(ratio)):
        return ""
    return f"{ratio * 100:.1f}%"
