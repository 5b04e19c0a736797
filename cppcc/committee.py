"""One committee's page: its figures over the years, its rank among its peers, its
sources. Pure: query results in, frames and strings out.

A committee's peers are the committees of its level (the prefecture-level cities, or
every county-level committee); the regional committee has none. A rank counts only
the peers that report the same metric for the same period. A lower bound (≥) can
hide a larger number, so where one takes part the rank is a range: the best place
the committee can hold (peers certainly above it) to the worst (peers possibly above).
"""

from dataclasses import dataclass

import pandas as pd

from cppcc.formatting import value_text
from cppcc.i18n import text
from cppcc.tables import period_cells, value_cells


@dataclass(frozen=True)
class Rank:
    best: int
    worst: int
    of: int

    def label(self, lang: str) -> str:
        if self.of <= 1:
            return text("rank_alone", lang)
        place = f"{self.best}" if self.best == self.worst else f"{self.best}–{self.worst}"
        return text("rank_of", lang, place=place, n=self.of)


def _above(own, peer) -> tuple[bool, bool]:
    """Whether ``peer`` is certainly, and whether it is possibly, above ``own``."""
    certainly = peer.value > own.value and own.qualifier != "at_least"
    possibly = peer.value > own.value or peer.qualifier == "at_least"
    return certainly, possibly


def rank(own, peers: pd.DataFrame) -> Rank:
    """``own`` (a figure row) among ``peers`` (the other committees' figures of the
    same metric and period, rows with ``value`` and ``qualifier``)."""
    certain = possible = 0
    for peer in peers.itertuples():
        above, maybe = _above(own, peer)
        certain += above
        possible += maybe
    return Rank(1 + certain, 1 + possible, 1 + len(peers))


def ranked(figures: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``committee_figures`` (one committee's figures, their places worked
    out in SQL by the read model's ``committee_ranks``, as :func:`rank` would), each
    with its ``rank``."""
    own = figures.reset_index(drop=True)
    own["rank"] = [
        Rank(int(best), int(worst), int(of))
        for best, worst, of in zip(own["rank_best"], own["rank_worst"], own["rank_of"], strict=True)
    ]
    return own


def figures_table(own: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per metric and period: the value with its marks, the rank, the source."""
    return pd.DataFrame(
        {
            text("metric", lang): own["metric_en" if lang == "en" else "metric_name"],
            text("period", lang): period_cells(own),
            text("value", lang): value_cells(own["value"], own["qualifier"], own["unit"], lang),
            text("rank", lang): [r.label(lang) for r in own["rank"]],
            text("source", lang): own["source"],
        }
    )


def by_year(own: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Metrics × single years, each cell the value with its marks, 未报告
    where the committee gives no figure for a year another of its metrics has."""
    annual = own[own["is_annual"]]
    if annual.empty:
        return pd.DataFrame()
    years = sorted(annual["period_start"].astype(int).unique())
    rows = {}
    for _, row in annual.iterrows():
        name = row["metric_en" if lang == "en" else "metric_name"]
        cell = value_text(row["value"], row["qualifier"], row["unit"], lang)
        if row["year_basis"] == "inferred":
            cell += "*"
        rows.setdefault(name, {})[int(row["period_start"])] = cell
    table = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=years)
    table.columns = [str(year) for year in years]
    table.index.name = text("metric", lang)
    return table.fillna(text("not_reported", lang))


def unreported(own: pd.DataFrame, metrics: pd.DataFrame, lang: str) -> list[str]:
    """The catalogue's metrics the committee gives no figure for, by name."""
    missing = metrics[~metrics["code"].isin(set(own["metric"]))]
    return list(missing["name_en" if lang == "en" else "name_zh"])


def heading(committee: pd.Series, lang: str) -> str:
    return committee["committee_en"] if lang == "en" else committee["name_zh"]


def find(committees: pd.DataFrame, code) -> pd.Series | None:
    """The catalogue row of ``code``, or None when no committee has it."""
    match = committees[committees["adcode"] == str(code or "").strip()]
    return None if match.empty else match.iloc[0]


def relatives(committees: pd.DataFrame, chosen: pd.Series) -> pd.DataFrame:
    """The committees a page links to: a city's counties, a county's city."""
    if chosen["level"] == "county":
        return committees[committees["adcode"] == chosen["parent_adcode"]]
    return committees[committees["parent_adcode"] == chosen["adcode"]]


def relatives_lead(chosen: pd.Series) -> str:
    return "committee_parent" if chosen["level"] == "county" else "committee_children"
