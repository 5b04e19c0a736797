"""The committee page's logic: ranks among peers (with lower bounds), the by-year table."""

import pandas as pd
import pytest

from cppcc import committee


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
               "period_end", "value", "qualifier", "year_basis", "source", "is_own"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    frame["is_annual"] = frame["period_start"] == frame["period_end"]
    return frame


def test_ranked_compares_only_the_same_metric_and_period():
    frame = figures(
        [
            ("1", "m", "提案", "Proposals", "件", 2023, 2023, 10, "exact", "stated", "甲", True),
            ("2", "m", "提案", "Proposals", "件", 2023, 2023, 20, "exact", "stated", "乙", False),
            ("2", "m", "提案", "Proposals", "件", 2022, 2022, 99, "exact", "stated", "乙", False),
            (
                "1",
                "m",
                "提案",
                "Proposals",
                "件",
                2022,
                2022,
                60,
                "at_least",
                "inferred",
                "甲",
                True,
            ),
        ]
    )
    mine = committee.ranked(frame)
    ranks = {int(r.period_start): (r.rank.best, r.rank.worst, r.rank.of) for r in mine.itertuples()}
    assert ranks == {2023: (2, 2, 2), 2022: (1, 2, 2)}
    table = committee.by_year(mine, "zh")
    assert table.loc["提案", "2022"] == "≥60件*"
    assert table.loc["提案", "2023"] == "10件"
