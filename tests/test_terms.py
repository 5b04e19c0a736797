"""Terms (届次): checking a term a 管理员 adds, honest sums per term, the 按届 view, the
term changes on a year chart, and the curated terms' quotes."""

import csv

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cppcc import terms
from cppcc.store import db, sql
from cppcc.store.config import CURATED_DIR
from cppcc.upload import catalogue
from tests.conftest import ROOT, run_cli
from tests.test_pages import static_table_with, visit

SHARED = ROOT.parent / "shared"


def figures(*rows) -> pd.DataFrame:
    """Single-year figures of one committee: (year, value, qualifier, basis)."""
    return pd.DataFrame(
        [
            {
                "adcode": "640000",
                "period_start": y,
                "period_end": y,
                "value": v,
                "qualifier": q,
                "year_basis": b,
            }
            for y, v, q, b in rows
        ]
    )


@pytest.mark.parametrize(
    ("rows", "shown"),
    [
        # every year reported, exact: the plain sum
        ([(2018, 10, "exact", "stated"), (2019, 20, "exact", "stated")], "30件"),
        # a lower bound among the parts: the sum is one too
        ([(2018, 10, "exact", "stated"), (2019, 20, "at_least", "stated")], "≥30件"),
        # an approximate part: approximate
        ([(2018, 10, "approx", "stated"), (2019, 20, "exact", "stated")], "约30件"),
        # an inferred year keeps its *
        ([(2018, 10, "exact", "inferred"), (2019, 20, "exact", "stated")], "30件*"),
        # a year missing is not 0: the sum is a lower bound naming the gap
        ([(2018, 10, "exact", "stated")], "≥10件（缺2019年）"),
        ([], "未报告"),
    ],
)
def test_a_term_sum_never_counts_a_missing_year_as_zero(rows, shown):
    frame = figures(*rows) if rows else figures((2010, 1, "exact", "stated")).iloc[:0]
    assert terms.year_sum(frame, 2018, 2019, "件", "zh") == shown


def test_rates_are_not_summed():
    frame = figures((2018, 99.0, "exact", "stated"), (2019, 98.0, "exact", "stated"))
    assert terms.year_sum(frame, 2018, 2019, "%", "zh") == "不适用（比率不相加）"


KNOWN = pd.DataFrame([{"adcode": "640100", "term": 9, "start_year": 2017, "end_year": 2021}])


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        ({"term": "十"}, "届次应为 1 到 99 的整数"),
        ({"start_year": "23"}, "开始年份应为四位数的年份"),
        ({"end_year": "2020"}, "结束年份 2020 早于开始年份 2022"),
        ({"end_year": "2030"}, "超过一届"),
        ({"source": " "}, "请填写公开来源"),
        ({"url": "www.example.cn"}, "来源网址应以 http:// 或 https:// 开头"),
        ({"start_year": "2021", "end_year": "2025"}, "与第9届（2017–2021年）的年份重叠"),
    ],
)
def test_a_bad_term_is_refused_in_chinese_saying_what_and_how(fields, says):
    good = {"adcode": "640100", "term": "10", "start_year": "2022", "end_year": "2026",
            "source": "银川市政协十届一次会议开幕"}  # fmt: skip
    row, problems = terms.check(good, KNOWN)
    assert problems == [] and row["term"] == 10
    _, problems = terms.check({**good, **fields}, KNOWN)
    assert any(says in problem for problem in problems), problems


def test_a_term_added_by_command_is_stored_and_a_bad_one_changes_nothing(store):
    refused = run_cli("add-term", "--committee", "银川", "--term", "10", "--start", "2022",
                      "--end", "2031", "--source", "来源", env_db=store)  # fmt: skip
    assert refused.returncode == 1 and "超过一届" in refused.stderr
    unknown = run_cli("add-term", "--committee", "银州", "--term", "10", "--start", "2022",
                      "--end", "2026", "--source", "来源", env_db=store)  # fmt: skip
    assert unknown.returncode == 1 and "委员会“银州”不在目录中" in unknown.stderr
    with db.connect(store) as con:
        assert con.execute("select count(*) from terms where adcode = '640100'").fetchone()[0] == 0
    added = run_cli("add-term", "--committee", "银川", "--term", "10", "--start", "2022",
                    "--end", "2026", "--source", "银川市政协十届一次会议开幕", env_db=store)  # fmt: skip
    assert added.returncode == 0, added.stderr
    with db.connect(store) as con:
        stored = con.execute(sql.load("terms")).df()
    row = stored[stored["adcode"] == "640100"].iloc[0]
    assert (row.term, row.start_year, row.end_year) == (10, 2022, 2026)
    assert row.added_by == "命令行"


def test_a_rebuild_keeps_the_terms_an_administrator_added(store):
    catalogue.add_term(
        store,
        {"committee": "640300", "term": "7", "start_year": "2021", "end_year": "2025",
         "source": "吴忠市政协七届一次会议开幕"},
        "管理员甲",
    )  # fmt: skip
    from tests.conftest import build_fixture_store

    build_fixture_store(store)
    with db.connect(store) as con:
        kept = con.execute("select added_by from terms where adcode = '640300'").fetchall()
    assert kept == [("管理员甲",)]


def test_by_term_view_shows_totals_per_term_and_this_term_so_far(page_store):
    at = visit(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "yoy")
    at.selectbox(key="yoy_metric").set_value("proposals_received").run()
    at.segmented_control(key="yoy_view").set_value("term").run()
    assert not at.exception
    table = static_table_with(at, "逐年数字之和")
    shizuishan = table[table["委员会"] == "石嘴山"].iloc[0]
    # 2022 and 2023 reported, 2021 and 2024 not: a lower bound that names the gap
    assert shizuishan["届次"].startswith("第10届（2021–2025）：本届以来 2021–2024")
    assert shizuishan["逐年数字之和"] == "≥650件*（缺2021、2024年）"
    region = table[table["委员会"] == "宁夏"]
    assert list(region["届次"].str[:4]) == ["第11届", "第12届"]
    assert region.iloc[0]["逐年数字之和"] == "未报告"  # never 0


def test_a_reports_five_year_total_stands_beside_the_sum_of_its_years(page_store):
    at = visit(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "yoy")
    at.selectbox(key="yoy_metric").set_value("proposals_accepted").run()
    at.segmented_control(key="yoy_view").set_value("term").run()
    table = static_table_with(at, "报告的届内合计")
    eleventh = table[table["届次"].str.startswith("第11届")].iloc[0]
    assert eleventh["报告的届内合计"] == "3000件" and eleventh["逐年数字之和"] == "未报告"
    totals = static_table_with(at, "同期逐年数字之和")
    assert "未报告" in list(totals["同期逐年数字之和"])


def test_a_year_chart_marks_the_term_changes_inside_it():
    data = pd.DataFrame({"adcode": ["640000", "640200"], "term": [12, 10],
                         "start_year": [2023, 2021], "end_year": [2027, 2025]})  # fmt: skip
    assert terms.changes(data, [2020, 2021, 2022, 2023], "zh") == (
        (2021, "第10届"),
        (2023, "第12届"),
    )
    # a change at the first year shown is not a change inside the chart
    assert terms.changes(data, [2021, 2022], "zh") == ()
    both = data.assign(start_year=[2023, 2023])
    assert terms.changes(both, [2022, 2023], "zh") == ((2023, "2个委员会换届"),)


def test_every_curated_term_names_a_catalogued_committee_and_a_source():
    with (CURATED_DIR / "committees.csv").open(encoding="utf-8") as f:
        codes = {row["adcode"] for row in csv.DictReader(f)}
    rows = terms.curated_rows(CURATED_DIR)
    assert {row["adcode"] for row in rows} >= {"640000"}
    for row in rows:
        assert row["adcode"] in codes and row["source"] and row["quote"]
        assert row["end_year"] - row["start_year"] <= terms.LONGEST


@pytest.mark.skipif(not (SHARED / "reports2").is_dir(), reason="the report texts are not here")
def test_curated_term_quotes_are_word_for_word_in_their_reports():
    with (CURATED_DIR / "terms.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            found = [
                path
                for folder in ("seeds", "reports", "reports2")
                for path in (SHARED / folder).glob(row["file_name"])
                if row["quote"] in path.read_text(encoding="utf-8")
            ]
            assert found, f"第{row['term']}届: quote not found in {row['file_name']}"


def test_a_rebuild_keeps_a_curated_term_an_administrator_corrected(store):
    """The regional committee's 12th term is curated; a 管理员's correction of its end
    year must survive the next build-db (a rebuild refreshes only curated rows)."""
    catalogue.add_term(
        store,
        {"committee": "640000", "term": "12", "start_year": "2023", "end_year": "2028",
         "source": "自治区政协关于换届时间的通知"},
        "管理员甲",
    )  # fmt: skip
    from tests.conftest import build_fixture_store

    build_fixture_store(store)
    with db.connect(store) as con:
        rows = con.execute(
            "select term, end_year, added_by from terms where adcode = '640000' order by term"
        ).fetchall()
    assert (12, 2028, "管理员甲") in rows
    assert any(term == 11 and by == terms.CURATED_BY for term, _, by in rows)
