"""Every page through Streamlit's AppTest: renders, shows the store's figures, reacts.

The store is the tests' own dataset (``tests/fixtures/``, with its one upload), not the
curated data: the numbers asserted here are the fixture's."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cppcc.upload import accounts
from tests.conftest import FIXTURE_USER, ROOT

PAGES = ["overview", "map", "yoy", "proposals", "sources", "committee", "upload"]


def app(page_store) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visit_linked(at: AppTest, page: str, **params) -> AppTest:
    """Open ``page`` as a link inside the app does (``st.page_link(query_params=…)``):
    the address then holds only the link's parameters."""
    at.run()
    at.query_params.clear()
    at.query_params.update(params)
    at.switch_page(f"pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figure_texts(at: AppTest, index: int = 0) -> str:
    """Every bar label and annotation of a plotly chart, as one searchable string."""
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    texts = [str(t) for trace in spec["data"] for t in (trace.get("text") or [])]
    texts += [a["text"] for a in spec["layout"].get("annotations", [])]
    return " ".join(texts)


def table_with(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a {column!r} column")


def _html_bodies(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def static_table_with(at: AppTest, column: str):
    """A table drawn as plain HTML (``ui.static_table``), its cells read back as text."""
    from lxml import html

    for body in _html_bodies(at):
        for table in html.fromstring(body).xpath("//table"):
            header = [cell.text_content() for cell in table.xpath(".//thead//th")]
            rows = [
                [cell.text_content() for cell in row.xpath("./td|./th")]
                for row in table.xpath(".//tbody/tr")
            ]
            if column in header:
                return pd.DataFrame(rows, columns=header)
    raise AssertionError(f"no static table with a {column!r} column")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(page_store, page):
    at = visit(app(page_store), page)
    assert at.title, f"{page} has no title"


def catalogue_size(path) -> int:
    from cppcc.store import db

    with db.connect(path) as con:
        return con.execute("select count(*) from committees").fetchone()[0]


def chart_subtitle(at: AppTest, index: int = 0) -> str:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return spec["layout"]["title"]["subtitle"]["text"]


def test_overview_opens_on_a_comparison_that_compares(page_store):
    """The metric and period most of the compared committees report, not one bar
    among 未报告s."""
    at = visit(app(page_store), "overview")
    assert at.selectbox(key="overview_level").value == "cities"
    assert at.selectbox(key="overview_metric").value == "platform_reception_rooms"
    assert at.selectbox(key="overview_period").value == (2023, 2023)
    texts = figure_texts(at)
    assert "12*" in texts and "20" in texts and "33*" in texts  # 银川, 石嘴山, 固原
    assert "期间：2023*" in chart_subtitle(at)  # the period's year is inferred for some
    assert any("3 个报告了" in c.value for c in at.caption)


def test_overview_compares_committees_and_marks_gaps(page_store):
    """The five cities are compared with each other: the counties and the regional
    committee are not bars among the cities, so only the three cities without a figure
    get a 未报告 mark; a staff upload is a bar like a report's."""
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    texts = figure_texts(at)
    assert at.selectbox(key="overview_period").value == (2023, 2023)  # two cities report it
    assert "350*" in texts  # 石嘴山 2023, year inferred
    assert "260" in texts and "260*" not in texts  # 吴忠 2023, uploaded: a stated year
    assert texts.count("未报告") == 3  # the other cities are marked, not drawn as 0
    at.selectbox(key="overview_metric").set_value("livelihood_issues_resolved").run()
    texts = figure_texts(at)
    assert "≥45" in texts  # “45多件” is a lower bound
    # the sources beneath the chart as text that wraps (a phone would cut a line drawn
    # inside the chart), each title whole
    footnote = next(b for b in _html_bodies(at) if "数据来源：" in b)
    assert "数据来源" not in texts
    assert footnote.count("《") == footnote.count("》") >= 1


def test_overview_picks_the_best_period_again_for_another_level(page_store):
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    assert at.selectbox(key="overview_period").value == (2023, 2023)
    at.selectbox(key="overview_level").set_value("640100").run()
    # among 银川's counties only 灵武 reports it, for 2022
    assert at.selectbox(key="overview_period").value == (2022, 2022)
    assert "150*" in figure_texts(at)


def test_overview_compares_the_counties_of_one_city(page_store):
    """A county comparison: 银川's six county-level committees side by side, 灵武's
    figure drawn, the five without one marked 未报告; when the level has no figure at
    all, the page says so and says where the figure is, instead of six empty marks."""
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_level").set_value("640100").run()
    texts = figure_texts(at)
    assert "150*" in texts  # 灵武 2022
    assert texts.count("未报告") == 5  # 兴庆区, 西夏区, 金凤区, 永宁, 贺兰
    assert "300" not in texts  # 石嘴山's 2022 figure: a city, not one of 银川's counties
    at.selectbox(key="overview_level").set_value("640400").run()
    assert not at.get("plotly_chart")
    assert "没有委员会报告这一期间的数字" in at.info[0].value
    assert "可在“比较层级”中切换" in at.info[0].value


def test_overview_all_counties_name_the_unreported_in_words(page_store):
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_level").set_value("counties").run()
    assert at.selectbox(key="overview_period").value == (2025, 2025)  # the newest of the ties
    texts = figure_texts(at)
    assert "110*" in texts and "150*" not in texts  # 红寺堡 2025; 灵武's is for 2022
    assert "未报告" not in texts  # no 21 marks crammed on the axis
    captions = " ".join(c.value for c in at.caption)
    assert "未报告（不是零）：兴庆区、西夏区" in captions and "、海原" in captions


def test_completeness_matrix_leaves_out_committees_without_figures(page_store):
    at = visit(app(page_store), "overview")
    matrix = at.dataframe[-1].value
    assert {"宁夏", "石嘴山", "灵武"} <= set(matrix.columns)
    assert "西吉" not in matrix.columns  # no figure yet: no empty column
    at.toggle(key="overview_all_committees").set_value(True).run()
    assert len(at.dataframe[-1].value.columns) == catalogue_size(page_store)


def test_overview_headlines_say_whose_number_and_when(page_store):
    """Each number carries its committee and year at its own size, * included, and the
    change names the year it is measured from, * included."""
    at = visit(app(page_store), "overview")
    lines = [m.value for m in at.markdown]
    assert "石嘴山 2023\\*：**350件**" in lines
    assert "吴忠 2023：**260件**" in lines  # uploaded by staff
    assert "中卫 2024：**88条**" in lines
    assert "石嘴山 2023：**≥70条**" in lines  # “70余篇”: a lower bound
    assert "宁夏 2024\\*：**990件**" in lines  # the regional committee's, the later report's
    assert "灵武 2022\\*：**150件**" in lines
    assert "**意见建议**" in lines and "各委员会均未报告" in lines  # nobody reports it
    assert not any("红寺堡区" in line for line in lines)  # five report it: four are listed
    assert any(c.value == "\\+50（较2022\\*年）" for c in at.caption)
    assert any("5 个委员会报告了年度数字" in c.value for c in at.caption)
    assert any("另有 1 个委员会" in c.value for c in at.caption)
    assert any("不是全区合计" in c.value for c in at.caption)
    assert not at.metric  # no bare number that reads as the region's total


def test_overview_names_the_earlier_report_beside_the_regional_figure(page_store):
    """The regional committee is not a bar among the cities; its note beside the chart
    gives the latest report's number and what the earlier report said."""
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_period").set_value((2024, 2024)).run()
    captions = " ".join(c.value for c in at.caption)
    assert "990件（2024*）；较早的报告（2024-05-31）为 980件。" in captions


def test_english_switch_translates_the_page(page_store):
    at = visit(app(page_store), "overview")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Overview"


def test_yoy_shows_change_against_previous_year(page_store):
    at = visit(app(page_store), "yoy")
    table = static_table_with(at, "变化")
    row = table[table["年份"] == "2023*"].iloc[0]
    assert row["变化"] == "+50" and row["上一报告年份"] == "2022*"  # inferred, and says so
    # the whole report title, not cut: a static table wraps it
    assert "测试报告甲——四市政协履职系列报道" in row["来源"]


def test_yoy_shows_the_regional_series_with_gaps_and_the_earlier_report(page_store):
    at = visit(app(page_store), "yoy")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    region = next(trace for trace in spec["data"] if trace.get("name") == "宁夏")
    points = dict(zip(region["x"], region["y"], strict=True))
    reported = {year: value for year, value in points.items() if value is not None}
    assert reported == {"2016": 500, "2024": 990}  # the later of two reports for 2024
    assert points["2020"] is None and region["connectgaps"] is False  # a gap, not a line
    hover = dict(zip(region["x"], region["customdata"], strict=True))
    assert "较早的报告（2024-05-31）为 980件" in hover["2024"]
    table = static_table_with(at, "变化")
    row = table[(table["委员会"] == "宁夏") & (table["年份"] == "2024*")].iloc[0]
    assert (row["数值"], row["上一报告年份"], row["变化"]) == (
        "990件",
        "2016",
        "+490",
    )  # 2016 is a stated year, 2024 inferred


def test_yoy_lists_multi_year_totals_apart(page_store):
    at = visit(app(page_store), "yoy")
    at.selectbox(key="yoy_metric").set_value("proposals_accepted").run()
    totals = static_table_with(at, "期间")
    assert "2018–2022*" in set(totals["期间"])  # the five-year total, apart
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    region = next(trace for trace in spec["data"] if trace.get("name") == "宁夏")
    assert 3000 not in region["y"]  # and not a point of the yearly series


def test_sources_search_finds_a_quote(page_store):
    at = visit(app(page_store), "sources")
    at.text_input(key="sources_search").set_value("合并立案").run()
    table = table_with(at, "原文摘录")
    assert list(table["委员会"]) == ["灵武"]
    assert list(table["原文摘录"]) == ["经审查合并立案90件"]


def test_upload_page_asks_for_sign_in(page_store, tmp_path, monkeypatch):
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    at = visit(app(page_store), "upload")
    assert any("add-user" in w.value for w in at.warning)
    assert not at.get("file_uploader")


def test_upload_page_for_signed_in_staff(store):
    at = app(store)  # the dataset without its upload
    at.session_state["signin_user"] = "tester"
    visit(at, "upload")
    assert at.get("file_uploader")
    at.segmented_control(key="upload_mode").set_value("history").run()
    assert any("还没有上传批次" in i.value for i in at.info)


def test_upload_history_names_the_batch_its_user_and_its_figures(page_store):
    at = app(page_store)
    at.session_state["signin_user"] = "tester"
    visit(at, "upload")
    at.segmented_control(key="upload_mode").set_value("history").run()
    batches = at.dataframe[0].value.to_string()
    assert FIXTURE_USER in batches and "upload.csv" in batches
    rows = at.dataframe[1].value.to_string()
    assert "吴忠" in rows and "260" in rows
    # another's batch: the 录入员 signed in may not undo it
    assert any(FIXTURE_USER in c.value for c in at.caption)
    assert not [b for b in at.button if b.key == "upload_revert"]


REPORT = (
    "吴忠市政协\n"
    "今年，市政协共收到提案286件，经审查立案241件，提案已全部办复。"
    "全年开展协商活动30余次。\n"
)


def test_report_text_becomes_a_previewed_batch(page_store):
    at = app(page_store)
    at.session_state["signin_user"] = "tester"
    visit(at, "upload")
    at.segmented_control(key="upload_mode").set_value("extract").run()
    at.text_area(key="extract_text").set_value(REPORT)
    at.number_input(key="extract_year").set_value(2024)
    at.button(key="extract_run").click().run()
    assert not at.exception
    assert any("找到 4 个候选数字" in m.value for m in at.markdown)
    at.text_input(key="extract_source").set_value("  ").run()
    at.button(key="extract_send").click().run()
    assert any("请先填写来源" in e.value for e in at.error)  # no source, nothing previewed
    assert not at.metric
    at.text_input(key="extract_source").set_value("吴忠市政协2024年工作报告").run()
    at.button(key="extract_send").click().run()
    counts = {m.label: m.value for m in at.metric}
    assert counts["新增"] == "4" and counts["修改"] == "0"
    assert at.button(key="extract_apply").label == "确认写入（4 个数字）"


UNKNOWN = "绛县政协2019年工作综述\n\n绛县政协全年共收到提案134件，经审查立案129件。\n"


def test_extraction_offers_to_place_an_unknown_committee(page_store, tmp_path, monkeypatch):
    # adding to the catalogue is a 管理员's: the tester is one
    users = tmp_path / "users.json"
    accounts.add_user("tester", "tester-password", users, role="admin")
    monkeypatch.setenv("CPPCC_USERS", str(users))
    at = app(page_store)
    at.session_state["signin_user"] = "tester"
    visit(at, "upload")
    at.segmented_control(key="upload_mode").set_value("extract").run()
    at.text_area(key="extract_text").set_value(UNKNOWN)
    at.number_input(key="extract_year").set_value(2020)
    at.button(key="extract_run").click().run()
    assert any("“绛县政协”不在目录中" in w.value for w in at.warning)
    assert at.selectbox(key="extract_assign_绛县政协")  # or file them under one (browser test)
    at.button(key="extract_add_绛县政协").click().run()
    assert any(box.value == "绛县政协" for box in at.text_input)  # the catalogue's form


def test_extraction_says_when_it_finds_no_committee(page_store):
    at = app(page_store)
    at.session_state["signin_user"] = "tester"
    visit(at, "upload")
    at.segmented_control(key="upload_mode").set_value("extract").run()
    at.text_area(key="extract_text").set_value("今年共收到提案134件。")
    at.number_input(key="extract_year").set_value(2020)
    at.button(key="extract_run").click().run()
    assert any("没有找到委员会" in e.value for e in at.error)


def test_sources_page_lists_an_uploaded_report_without_a_year(page_store, tmp_path):
    from tests.conftest import run_cli

    path = tmp_path / "new.csv"
    path.write_text(
        "委员会,指标,起始年份,截止年份,数值,限定,来源,原文摘录,备注\n"
        "吴忠,收到提案,2024,,300,,吴忠市政协2024年工作报告,,\n",
        encoding="utf-8",
    )
    assert run_cli("import", str(path), env_db=page_store).returncode == 0
    at = visit(app(page_store), "sources")
    reports = table_with(at, "标题")
    assert "吴忠市政协2024年工作报告" in set(reports["标题"])


def test_a_chart_link_opens_the_sources_page_filtered_to_its_metric(page_store):
    at = visit_linked(app(page_store), "sources", metric="proposals_key")
    table = table_with(at, "原文摘录")
    assert set(table["指标"]) == {"重点提案"}
    assert "确定重点提案17件" in set(table["原文摘录"])


def test_sources_page_lists_both_reports_of_one_figure(page_store):
    at = visit_linked(app(page_store), "sources", metric="proposals_received")
    at.multiselect(key="sources_committees").set_value(["640000"]).run()
    table = table_with(at, "原文摘录")
    rows = table[table["期间"] == "2024*"]  # the year is inferred, and the table says so
    assert list(rows["数值"]) == ["990件", "980件"]
    assert list(rows["报告日期"]) == ["2025-01-18", "2024-05-31"]
    assert "较早的报告（2024-05-31）为 980件" in rows.iloc[0]["页面显示"]
    assert rows.iloc[1]["页面显示"] == "较早的报告"


def test_a_level_without_the_chosen_metric_opens_on_one_it_reports(page_store):
    """Cities compared on 委员会客室, then the counties, which report none: the map does
    not open on an all-grey picture but on a metric the counties report, and says so;
    picking 委员会客室 again there is the reader's choice and stays."""
    at = visit(app(page_store), "map")
    at.selectbox(key="map_metric").set_value("platform_reception_rooms").run()
    at.selectbox(key="map_level").set_value("counties").run()
    assert not at.exception
    assert at.selectbox(key="map_metric").value != "platform_reception_rooms"
    assert any("没有“委员会客室”的数字，已改为显示" in c.value for c in at.caption)
    assert not any("没有委员会报告" in i.value for i in at.info)
    at.selectbox(key="map_metric").set_value("platform_reception_rooms").run()
    assert at.selectbox(key="map_metric").value == "platform_reception_rooms"
    assert any("没有委员会报告" in i.value for i in at.info)


def test_map_per_township_switch_is_disabled_with_its_reason_for_other_metrics(page_store):
    at = visit(app(page_store), "map")
    at.selectbox(key="map_metric").set_value("platform_reception_rooms").run()
    assert not at.segmented_control(key="map_mode").disabled
    at.segmented_control(key="map_mode").set_value("density").run()
    at.selectbox(key="map_metric").set_value("proposals_received").run()
    assert not at.exception
    switch = at.segmented_control(key="map_mode")
    assert switch.disabled and switch.value == "absolute"
    captions = " ".join(c.value for c in at.caption)
    assert "只适用于履职平台类指标" in captions and "收到提案按数值显示" in captions
    legend = " ".join(_html_bodies(at))
    assert "单位：件" in legend and "乡镇（街道）" not in legend.split("单位：件")[1][:20]


def test_period_star_only_for_a_shown_committees_inferred_year(page_store):
    """2023 is inferred for 石嘴山 (a city) only: the cities' picker shows 2023*, the
    counties' picker shows 2023 — no * borrowed from a committee the chart leaves out."""
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_level").set_value("cities").run()
    assert "2023*" in at.selectbox(key="overview_period").options
    at.selectbox(key="overview_level").set_value("counties").run()
    options = at.selectbox(key="overview_period").options
    assert "2023" in options and "2023*" not in options
    assert "2022*" in options  # 灵武's own 2022 is inferred


def test_overview_bars_sort_by_value_with_the_unreported_last(page_store):
    at = visit(app(page_store), "overview")
    at.selectbox(key="overview_metric").set_value("proposals_received").run()
    at.selectbox(key="overview_level").set_value("cities").run()
    at.selectbox(key="overview_period").set_value((2023, 2023)).run()
    at.segmented_control(key="overview_sort").set_value("value").run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = next(trace for trace in spec["data"] if trace["type"] == "bar" and trace.get("y"))
    values = [v for v in bars["y"] if v is not None]
    assert values == sorted(values, reverse=True) and len(values) >= 2
    order = spec["layout"]["xaxis"]["categoryarray"]
    assert order[: len(values)] == bars["x"]  # the reported first, 未报告 after them
