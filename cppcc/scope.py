"""Which committees the pages work on: every one in a regional store, one committee's
part of the hierarchy in a national one.

A store of Ningxia's size (a few dozen committees) is shown whole, as it always was,
and the pages' 比较层级 (``cppcc.levels``) picks cities or counties within it. A store
the size of the country's (about 3,200 committees) cannot be: every chart, table and
matrix would carry thousands of committees and every rerun thousands of rows. There the
sidebar's 范围 picks a committee, and the pages work on it and every committee under it
(a province: itself, its prefectures and their counties, about a hundred), with the
same 比较层级 inside it.
"""

import pandas as pd

# up to this many committees, every page shows all of them (no scope control)
SHOW_ALL_UP_TO = 60
# a scope holds at most this many committees (so the national committee, whose part of
# the hierarchy is everything, is not offered)
MAX_SCOPE = 400


def needed(committees: pd.DataFrame) -> bool:
    return len(committees) > SHOW_ALL_UP_TO


def _children(committees: pd.DataFrame) -> dict[str, list[str]]:
    children: dict[str, list[str]] = {}
    for code, parent in zip(committees["adcode"], committees["parent_adcode"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, []).append(code)
    return children


def _subtree(children: dict[str, list[str]], top: str) -> list[str]:
    found, queue = [], [top]
    while queue:
        code = queue.pop()
        found.append(code)
        queue.extend(children.get(code, ()))
    return found


def parents(committees: pd.DataFrame) -> list[str]:
    """The scopes on offer: committees with committees under them, at most MAX_SCOPE
    committees in all, in catalogue order."""
    children = _children(committees)
    return [
        code
        for code in committees["adcode"]
        if code in children and len(_subtree(children, code)) <= MAX_SCOPE
    ]


def default(committees: pd.DataFrame) -> str | None:
    """The first scope in catalogue order (in a store built on Ningxia's, 宁夏)."""
    return next(iter(parents(committees)), None)


def members(committees: pd.DataFrame, top: str | None) -> list[str]:
    """The adcodes the pages work on: [] (meaning all) for a small store, else ``top``
    and every committee under it, in catalogue order."""
    if not needed(committees) or top is None:
        return []
    inside = set(_subtree(_children(committees), top))
    return [code for code in committees["adcode"] if code in inside]
