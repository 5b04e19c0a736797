"""Values that make no sense for their metric's unit are refused, with the reason."""

import pytest

from cppcc.store import curated, db
from cppcc.store.config import CURATED_DIR
from cppcc.upload import catalogue, pipeline, template
from cppcc.upload.importing import COLUMNS, RawRow
from cppcc.upload.validate import validate


@pytest.fixture(scope="module")
def catalogue_rows():
    data = curated.load(CURATED_DIR)
    return data.committees, data.metrics


def one_row(metric: str, value: str) -> list[RawRow]:
    cells = dict.fromkeys(COLUMNS)
    cells.update(
        {"委员会": "银川", "指标": metric, "起始年份": "2024", "数值": value, "来源": "报告"}
    )
    return [RawRow(2, cells)]


@pytest.mark.parametrize(
    ("metric", "value", "words"),
    [
        ("收到提案", "95%", "不应写成百分比"),
        ("收到提案", "415.5", "应为整数"),
        ("收到提案", "9" * 400, "太大"),
    ],
)
def test_value_must_fit_the_unit(catalogue_rows, metric, value, words):
    figures, problems = validate(one_row(metric, value), *catalogue_rows)
    assert figures == [] and len(problems) == 1 and words in problems[0].message


def test_a_rate_may_be_a_decimal_percentage(catalogue_rows):
    figures, problems = validate(one_row("委员满意率", "98.5%"), *catalogue_rows)
    assert problems == [] and figures[0].value == 98.5


def test_a_county_code_must_belong_to_its_city(store):
    fields = {
        "adcode": "640499", "name_zh": "示例县政协", "short_zh": "示例", "name_en": "Shili",
        "level": "county", "parent_adcode": "640100", "seat_lat": "35.96", "seat_lon": "105.73",
    }  # fmt: skip
    with pytest.raises(catalogue.CatalogueError, match="前四位"):
        catalogue.add_committee(store, fields)
    with pytest.raises(catalogue.CatalogueError, match="自治区政协只有一个"):
        catalogue.add_committee(store, {**fields, "level": "region", "parent_adcode": None})


def test_applying_a_preview_without_changes_is_refused(store):
    with db.connect(store) as con:
        result = pipeline.preview(con, "全部.csv", template.store_csv(con))
    assert result.ok and not result.new and not result.changed
    with pytest.raises(ValueError, match="没有需要写入的变化"):
        pipeline.apply(store, result, user="tester")
    with db.connect(store) as con:
        assert pipeline.batches(con) == []
