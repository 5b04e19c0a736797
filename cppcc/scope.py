"""Which committees the pages compare: every one in a regional store, one committee and
those directly under it in a national one.

A store of Ningxia's size (a few dozen committees) is shown whole, as it always was. A
store the size of the country's (about 3,200 committees) cannot be: a bar per committee,
a line per committee or a matrix column per committee would be unreadable, and every
rerun would carry thousands of rows. There the pages show a *scope*: one committee and
its direct children (the national committee and the provinces, a province and its
prefectures, a prefecture and its counties), chosen in the sidebar.
"""

import pandas as pd

# up to this many committees, every page shows all of them (no scope control)
SHOW_ALL_UP_TO = 60


def needed(committees: pd.DataFrame) -> bool:
    return len(committees) > SHOW_ALL_UP_TO


def parents(committees: pd.DataFrame) -> list[str]:
    """The committees that have committees under them, in catalogue order: the scopes."""
    with_children = set(committees["parent_adcode"].dropna())
    return [code for code in committees["adcode"] if code in with_children]


def default(committees: pd.DataFrame) -> str | None:
    """The top of the hierarchy: the first committee with children and no parent."""
    tops = committees[committees["parent_adcode"].isna() | committees["parent_adcode"].eq("")]
    choices = [code for code in parents(committees) if code in set(tops["adcode"])]
    return choices[0] if choices else next(iter(parents(committees)), None)


def members(committees: pd.DataFrame, parent: str | None) -> list[str]:
    """The adcodes a page shows: [] (meaning all) for a small store, else the scope's
    committee and its direct children, in catalogue order."""
    if not needed(committees) or parent is None:
        return []
    inside = committees["adcode"].eq(parent) | committees["parent_adcode"].eq(parent)
    return committees.loc[inside, "adcode"].tolist()
