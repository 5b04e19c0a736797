"""The committee page's logic: ranks among peers (with lower bounds), the by-year table."""

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc import committee
from cppcc.store import sql


def peers(*figures):
    return pd.DataFrame(figures, columns=["value", "qualifier"])


def own(value, qualifier="exact"):
    return pd.Series({"value": value, "qualifier": qualifier})


@pytest.mark.parametrize(
    ("mine", "others", "expected"),
    [
        (own(10), peers((20, "exact"), (5, "exact")), (2, 2, 3)),
        (own(30), peers((20, "exact"), (5, "exact")), (1, 1, 3)),
        # a peer's lower bound below mine may hide a larger number: I may be second
        (own(30), peers((20, "at_least"), (5, "exact")), (1, 2, 3)),
        # my own lower bound may hide a larger number: I may be first
        (own(10, "at_least"), peers((20, "exact"), (5, "exact")), (1, 2, 3)),
        (own(10), peers(), (1, 1, 1)),
    ],
)
def test_rank_is_a_range_where_a_lower_bound_takes_part(mine, others, expected):
    rank = committee.rank(mine, others)
    assert (rank.best, rank.worst, rank.of) == expected


def test_rank_labels_say_of_how_many():
    assert committee.Rank(2, 2, 5).label("zh") == "第2（共5个报告）"
    assert committee.Rank(1, 2, 3).label("en") == "1–2 of 3 reporting"
    assert "仅此一个" in committee.Rank(1, 1, 1).label("zh")


def figures(rows):
    columns = ["adcode", "metric", "metric_name", "metric_en", "unit", "period_start",
               "period_end", "value", "qualifier", "year_basis", "source"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    frame["is_annual"] = frame["period_start"] == frame["period_end"]
    frame["level"] = "county"
    frame["metric_order"] = 0
    return frame


def with_ranks(frame: pd.DataFrame, code: str) -> pd.DataFrame:
    """``committee_figures`` for ``code`` over ``frame`` as the read model's
    ``figures_labeled``, its ranks from the schema's ``committee_ranks`` view."""
    con = duckdb.connect()
    con.register("figures_labeled", frame)
    con.execute(next(s for s in sql.statements("schema") if "view committee_ranks" in s))
    found = con.execute(sql.load("committee_figures"), {"code": code}).df()
    con.close()
    return found


def test_ranked_compares_only_the_same_metric_and_period():
    frame = figures(
        [
            ("1", "m", "提案", "Proposals", "件", 2023, 2023, 10, "exact", "stated", "甲"),
            ("2", "m", "提案", "Proposals", "件", 2023, 2023, 20, "exact", "stated", "乙"),
            ("2", "m", "提案", "Proposals", "件", 2022, 2022, 99, "exact", "stated", "乙"),
            ("1", "m", "提案", "Proposals", "件", 2022, 2022, 60, "at_least", "inferred", "甲"),
        ]
    )
    frame = with_ranks(frame, "1")
    mine = committee.ranked(frame)
    ranks = {int(r.period_start): (r.rank.best, r.rank.worst, r.rank.of) for r in mine.itertuples()}
    assert ranks == {2023: (2, 2, 2), 2022: (1, 2, 2)}
    table = committee.by_year(mine, "zh")
    assert table.loc["提案", "2022"] == "≥60件*"
    assert table.loc["提案", "2023"] == "10件"


# figures of a few committees at two levels: few values, so ties are common, and
# lower bounds (≥) among them
FIGURE = st.tuples(
    st.sampled_from(["1", "2", "3", "4", "5", "6"]),
    st.sampled_from(["m", "n"]),
    st.sampled_from([2022, 2023]),
    st.sampled_from([0.0, 5.0, 10.0, 10.0, 20.0]),
    st.sampled_from(["exact", "exact", "at_least", "approx"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(FIGURE, max_size=24, unique_by=lambda f: f[:3]))
def test_the_stored_ranks_are_the_ranks_the_rule_gives(rows):
    """The read model's ranks (SQL windows) equal committee.rank (the rule, in Python)
    for every figure: ties, lower bounds on either side, one committee alone."""
    frame = figures(
        [(a, m, "提案", "Proposals", "件", y, y, v, q, "stated", "甲") for a, m, y, v, q in rows]
    )
    frame["level"] = frame["adcode"].map(lambda a: "county" if a < "5" else "prefecture")
    for code in frame["adcode"].unique():
        for row in committee.ranked(with_ranks(frame, code)).itertuples():
            peers = frame[
                (frame["level"] == row.level) & (frame["adcode"] != code)
                & (frame["metric"] == row.metric) & (frame["period_start"] == row.period_start)
            ]  # fmt: skip
            assert row.rank == committee.rank(row, peers), (code, row)
