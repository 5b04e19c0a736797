"""The curated CSVs: complete, consistent, and every figure traceable to its words."""

import csv
from pathlib import Path

import pytest

from cppcc.store import curated
from cppcc.store.config import CURATED_DIR

# The catalogue codes the project started from; they must keep existing.
CATALOGUE_CODES = {
    "proposals_received", "proposals_accepted", "proposals_key", "proposals_reply_rate",
    "proposals_satisfaction_rate", "opinion_items", "opinion_bulletins", "opinion_instructions",
    "consultation_reports", "consultation_activities", "suggestions", "platform_reception_rooms",
    "platform_sector_studios", "platform_deliberation_rooms", "platform_liaison_groups",
    "platform_contact_points", "townships_covered", "livelihood_issues_resolved",
}  # fmt: skip
# The region, its five cities and the 22 county-level committees (GB/T 2260).
COMMITTEES = {"640000", "640100", "640200", "640300", "640400", "640500"} | {
    "640104", "640105", "640106", "640121", "640122", "640181", "640202", "640205", "640221",
    "640302", "640303", "640323", "640324", "640381", "640402", "640422", "640423", "640424",
    "640425", "640502", "640521", "640522",
}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


def test_catalogue_codes_and_committees_are_kept(data):
    assert {row["code"] for row in data.metrics} >= CATALOGUE_CODES
    assert {row["adcode"] for row in data.committees} == COMMITTEES


def test_every_county_committee_sits_under_its_city_with_its_townships(data):
    by_code = {row["adcode"]: row for row in data.committees}
    counties = [row for row in data.committees if row["level"] == "county"]
    assert len(counties) == 22
    for row in counties:
        assert row["parent_adcode"][:4] == row["adcode"][:4]
        assert by_code[row["parent_adcode"]]["level"] == "prefecture"
        assert row["name_zh"].endswith("政协") and row["township_source"]
    assert by_code["640422"]["name_zh"] == "西吉县政协" and by_code["640422"]["xiang"] == 15


def test_every_report_contributes_figures(data):
    used = {row["source_id"] for row in data.figures}
    assert used == {row["source_id"] for row in data.sources}
    assert len(data.figures) >= 40


def test_each_quote_states_its_value(data):
    missing = [row for row in data.figures if not curated.value_in_quote(row)]
    assert missing == []


def test_quotes_are_short_phrases(data):
    assert max(len(row["quote"]) for row in data.figures) <= 40


def test_lower_bounds_come_from_lower_bound_wording(data):
    for row in data.figures:
        words = ("余", "多", "以上")
        assert (row["qualifier"] == "at_least") == any(w in row["quote"] for w in words), row


def test_inferred_years_explain_themselves(data):
    for row in data.figures:
        if row["year_basis"] == "inferred":
            assert row["note"], f"inferred year without a note: {row}"


def test_percentages_are_at_most_100(data):
    unit = {row["code"]: row["unit_zh"] for row in data.metrics}
    assert all(row["value"] <= 100 for row in data.figures if unit[row["metric"]] == "%")


def test_township_counts_add_up_for_shizuishan(data):
    # 石嘴山's own report says its platforms cover "全市36个乡镇(街道)"
    row = next(r for r in data.committees if r["adcode"] == "640200")
    assert row["jiedao"] + row["zhen"] + row["xiang"] == 36


def test_loader_names_file_and_line_of_a_bad_row(tmp_path):
    for name in ("committees.csv", "metrics.csv", "sources.csv", "figures.csv"):
        (tmp_path / name).write_bytes((CURATED_DIR / name).read_bytes())
    path = tmp_path / "figures.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[3][1] = "proposals_recieved"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(curated.CuratedDataError, match=r"figures.csv:4: unknown metric"):
        curated.load(tmp_path)


SHARED = [CURATED_DIR.parents[2] / "shared" / name for name in ("seeds", "reports", "reports2")]


@pytest.mark.skipif(
    not all(f.is_dir() for f in SHARED), reason="report texts not beside the project"
)
def test_every_quote_is_in_its_report_text(data):
    assert curated.verify_quotes(data, SHARED) == []


def test_two_reports_may_give_one_figure_but_one_report_only_once(data):
    region_2024 = [
        (row["source_id"], row["value"])
        for row in data.figures
        if (row["adcode"], row["metric"], row["period_start"])
        == ("640000", "proposals_received", 2024)
    ]
    assert sorted(region_2024) == [("S007", 1071), ("S008", 1075)]
    dated = {row["source_id"]: row["as_of"] or row["published"] for row in data.sources}
    assert dated["S007"] < dated["S008"]


def test_a_report_text_starts_after_its_address_line(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("https://example.org/a.html\n共收到提案1071件\n", encoding="utf-8")
    assert curated.report_text(page) == "共收到提案1071件\n"
    # where no address was recorded, line 1 is a bracketed note about the page
    for note in (
        "(no URL recorded; nxzx.gov.cn column 市县政协, source 华兴时报, 2025-11-19)",
        "(no URL in the pages-corpus record; 人民政协网 mirror, traditional characters)",
    ):
        page.write_text(note + "\n33件重點提案中\n", encoding="utf-8")
        assert curated.report_text(page) == "33件重點提案中\n"
    plain = tmp_path / "plain.txt"
    plain.write_text("石嘴山市政协:\n去年收到提案344件\n", encoding="utf-8")
    assert curated.report_text(plain).startswith("石嘴山市政协")


def test_verify_quotes_catches_a_changed_number(data, tmp_path):
    figure = data.figures[0]
    name = next(s["file_name"] for s in data.sources if s["source_id"] == figure["source_id"])
    # a report text that contains every quote but this one, with its number altered
    others = "\n".join(row["quote"] for row in data.figures if row is not figure)
    altered = figure["quote"].replace(f"{figure['value']:g}", f"{figure['value'] + 1:g}")
    for source in data.sources:
        Path(tmp_path / source["file_name"]).write_text(others, encoding="utf-8")
    (tmp_path / name).write_text(others + "\n" + altered, encoding="utf-8")
    problems = curated.verify_quotes(data, tmp_path)
    assert len(problems) == 1 and figure["quote"] in problems[0]
