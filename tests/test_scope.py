"""A national-sized store: the pages compare one committee and those directly under it."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from cppcc import scope
from cppcc.store import db
from tests.conftest import ROOT


@pytest.fixture
def large_store(store):
    """The curated store plus 40 made-up committees under 银川 and 40 under 石嘴山 (test
    data only), each with a proposals figure for 2023, so the store is too large to
    show whole."""
    with db.connect(store, read_only=False) as con:
        con.execute(
            """
            insert into sources (source_id, title, origin)
            values ('TEST', '测试用合成数据', 'curated')
            """
        )
        for parent, prefix in (("640100", "6491"), ("640200", "6492")):
            for index in range(40):
                adcode = f"{prefix}{index:02d}"
                con.execute(
                    """
                    insert into committees (adcode, name_zh, short_zh, name_en, level,
                        parent_adcode, sort_order)
                    values ($adcode, $name || '政协', $name, $name, 'county', $parent,
                        500 + $order)
                    """,
                    {
                        "adcode": adcode,
                        "name": f"测{prefix[-1]}县{index:02d}",
                        "parent": parent,
                        "order": int(prefix[-1]) * 100 + index,
                    },
                )
                con.execute(
                    """
                    insert into figures (adcode, metric, period_start, period_end, value,
                        qualifier, year_basis, source_id, quote, origin)
                    values ($adcode, 'proposals_received', 2023, 2023, $value, 'exact',
                        'stated', 'TEST', '合成', 'curated')
                    """,
                    {"adcode": adcode, "value": 1000 + index},
                )
    return store


def bar_labels(at: AppTest) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = [str(x) for trace in spec["data"] for x in (trace.get("x") or []) if x]
    labels += [a["x"] for a in spec["layout"].get("annotations", []) if isinstance(a.get("x"), str)]
    return labels


def test_a_small_store_is_shown_whole(store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert "scope_picker" not in [box.key for box in at.sidebar.selectbox]


def test_a_large_store_compares_a_scope_chosen_in_the_sidebar(large_store):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.sidebar.selectbox(key="scope_picker")
    assert picker.value == "640000"  # the region and every committee under it
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_period").set_value((2023, 2023)).run()  # the test figures' year
    labels = bar_labels(at)
    assert "银川" in labels and "石嘴山" in labels  # the cities, as in a regional store
    # as the sidebar's selector sets it (AppTest cannot change a widget of app.py itself)
    at.session_state["scope"] = "640200"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "银川" not in bar_labels(at)
    at.selectbox(key="overview_level").set_value("counties").run()
    labels = bar_labels(at)
    assert "测2县07" in labels and "测1县07" not in labels
    # the scope holds across pages
    at.switch_page("pages/sources.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = set(at.dataframe[0].value.iloc[:, 0])
    assert "测2县07" in shown and "银川" not in shown and "测1县07" not in shown


def test_scope_members_are_a_committee_and_everything_under_it():
    import pandas as pd

    committees = pd.DataFrame(
        {
            "adcode": ["100000", "110000", "110100", "110101"] + [f"12{i:04d}" for i in range(60)],
            "parent_adcode": [None, "100000", "110000", "110100"] + ["100000"] * 60,
        }
    )
    assert scope.default(committees) == "100000"
    assert scope.members(committees, "110000") == ["110000", "110100", "110101"]
    assert len(scope.members(committees, "100000")) == 64
    assert scope.members(committees.head(5), "100000") == []  # small: everything
