"""The quick way through the row rules (``validate._CleanRows``) is only a shortcut: for
any file, ``validate`` says exactly what the rules one by one say — the same figures,
the same problems, word for word, on the same rows. Files are drawn from cells that
break each rule (and cells that look alike but are of another type: 1, 1.0, True,
"1"), so a shortcut that let anything through the rules would not would fail here."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cppcc.store import db
from cppcc.upload import pipeline, validate
from cppcc.upload.importing import COLUMNS, RawRow

CELLS = {
    "委员会": ["银川", "银川市政协", "640100", 640100, "吴忠", "灵州", "", None, 1, True, "银\u200b川"],
    "指标": ["收到提案", "立案（合并交办）提案", "proposals_received", "办复率", "提按", None, 1.0],
    "起始年份": [2023, 2024, "2024", "2024年", "2022-2023", 1900, 2099, None, "", True, 2023.5,
                 datetime.datetime(2024, 1, 1)],
    "截止年份": [None, 2024, "2023", 2021, "", "x"],
    "数值": [415, "415", 415.5, "60余", "约50", "0.997", 0.997, "99.7%", "100%", -3, "abc", None,
             True, 1, 1.0, "1", "2000000", 5e9, "约60余", float("nan")],
    "限定": [None, "", "精确", "不少于", "约", "at_least", "大概", True],
    "来源": ["报告甲", "（报告）", "(报告)", "", None, "长" * 201, "报\u202e告", 7, True],
    "原文摘录": [None, "收到提案415件", "摘" * 501, "摘\x07录", "第一行\n第二行"],
    "备注": [None, "", "注", "注" * 501, "\ufeff注"],
}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue(built_store):
    with db.connect(built_store) as con:
        return pipeline.catalogue(con)


def _rows(choices: list[dict]) -> list[RawRow]:
    return [RawRow(number, cells) for number, cells in enumerate(choices, start=2)]


def _both_ways(rows, catalogue) -> tuple:
    committees, metrics = catalogue
    stored = {("640100", "proposals_received", 2024, 2024): 10.0}
    quick = validate.validate(rows, committees, metrics, stored)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(validate._CleanRows, "figure", lambda self, raw: None)
        slow = validate.validate(rows, committees, metrics, stored)
    return quick, slow


_ROW = st.fixed_dictionaries({column: st.sampled_from(CELLS[column]) for column in COLUMNS})


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(_ROW, min_size=1, max_size=40))
def test_the_quick_path_says_what_the_rules_say(catalogue, choices):
    quick, slow = _both_ways(_rows(choices), catalogue)
    assert quick == slow


def test_a_clean_file_goes_the_quick_way_and_a_faulty_row_the_rules_way(catalogue, monkeypatch):
    good = dict.fromkeys(COLUMNS)
    good.update({"委员会": "银川", "指标": "收到提案", "起始年份": 2023, "数值": "415"})
    good["来源"] = "报告甲"
    rows = _rows([good, {**good, "起始年份": 2022, "来源": "报\u202e告"}])
    seen = []
    original = validate._read_row
    with monkeypatch.context() as patch:
        patch.setattr(
            validate,
            "_read_row",
            lambda raw, rules: seen.append(raw.number) or original(raw, rules),
        )
        figures, problems = validate.validate(rows, *catalogue)
    assert [f.row for f in figures] == [2] and seen == [3]
    assert problems[0].row == 3 and "U+202E" in problems[0].message
