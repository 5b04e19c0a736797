"""`extract --all` lists every number with a unit, proposed or not, at its place in the
text as given: staff see each number where it stands and never retype one.

The texts are written for these tests, with the layout damage reports come with.
"""

import json

import pytest

from cppcc.cli import commands
from cppcc.extract import evaluate
from cppcc.extract.extractor import Candidate, read_figures
from cppcc.extract.normalise import normalise_text
from cppcc.extract.numbers import find_quantities
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR


@pytest.fixture(scope="module")
def data() -> curated.Curated:
    return curated.load(CURATED_DIR)


def numbers(data, text, year=2024, committee="吴忠"):
    found = read_figures(
        text, year=year, committee=committee, committees=data.committees, metrics=data.metrics
    )
    return found.numbers


LAYOUTS = {
    "plain": "吴忠市政协2023年工作综述\n2023年，共收到提案286件，经审查立案241件，办复率98.5%。\n",
    "indented, spaces in words": "  吴忠市政协\n\n   2023年，共收到 提案 286 件，\n经审查立案241件。\n",
    "full-width digits": "2023年，吴忠市政协共收到提案２８６件，编发社情民意信息１２０条。",
    "traditional": "2023年，吳忠市政協共收到提案286件，報送社情民意信息60餘條。",
    "pinyin left by a broken conversion": "2023年，政協(xié)共收到提案286件，協(xié)商活動30次。",
    "windows line ends": "吴忠市政协\r\n\r\n2023年，共收到提案286件。\r\n开展协商活动30余次。\r\n",
    "a committee heading with a colon": "吴忠市政协：2023年共收到提案286件，立案241件。\n",
    "a photo caption inside a sentence": "2023年，共收到提案\n▲ 会议现场 2张\n286件，立案241件。",
}


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_each_number_is_listed_at_its_place_in_the_text_as_given(data, text):
    listed = numbers(data, text)
    written = [q for q in find_quantities(normalise_text(text).replace(" ", ""))]
    assert listed, "no number listed"
    for number in listed:
        at = text[number.start : number.end]
        assert at, number
        # the span holds the number as written (spaces the layout put in aside)
        shown = normalise_text(at).replace(" ", "")
        (read,) = [q for q in find_quantities(shown)] or [None]
        assert read is not None and read.value == number.value, (at, number)
    assert len({(n.start, n.end) for n in listed}) >= len(written) - 1  # the caption's 2张


def test_recognised_numbers_carry_the_candidate_and_the_rest_say_why(data):
    text = "2023年，吴忠市政协共收到提案286件。力争明年收到提案300件。发放宣传册500份。"
    by_value = {n.value: n for n in numbers(data, text)}
    assert by_value[286].metric == "proposals_received" and by_value[286].left is None
    assert (by_value[286].period_start, by_value[286].committee) == (2023, "吴忠")
    for value, why in ((300, "目标"), (500, "目录指标")):
        assert by_value[value].metric is None and why in by_value[value].left


def test_a_number_with_no_committee_to_file_it_under_is_still_listed(data):
    text = "今年收到提案120件，立案100件。"
    listed = numbers(data, text, committee=None)
    assert {n.value for n in listed} == {120, 100}
    assert all(n.metric is None and "委员会" in n.left for n in listed)


def test_cli_all_json_lists_positions(tmp_path, capsys):
    text = "吴忠市政协2023年工作综述\n\n2023年，吴忠市政协共收到提案286件。发放宣传册500份。\n"
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    assert commands.main(["extract", str(path), "--year", "2024", "--all", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [text[row["start"] : row["end"]] for row in rows] == ["286件", "500份"]
    assert rows[0]["metric"] == "proposals_received" and rows[1]["metric"] is None
    assert rows[1]["left"]


# --- how evaluate-extractor measures it ---------------------------------------------------


def _labelled_folder(tmp_path, texts: dict, labels: list[str], years: dict):
    folder = tmp_path / "labelled"
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    header = "file,committee,year,metric,value,qualifier,quote,period_start,period_end\n"
    (folder / "labels.csv").write_text(header + "\n".join(labels) + "\n", encoding="utf-8")
    key = {name: {"year": year} for name, year in years.items()}
    (folder / "key.json").write_text(json.dumps(key, ensure_ascii=False), encoding="utf-8")
    return folder


def test_evaluation_reports_the_share_listed_and_candidates_of_another_province(tmp_path):
    texts = {
        "a.txt": "吴忠市政协2023年工作综述\n2023年，吴忠市政协共收到提案286件，发放宣传册500份。\n",
        "b.txt": "海北州政协2023年工作综述\n2023年，海北州政协在西宁共收到提案120件。\n",
    }
    labels = [
        "a.txt,吴忠市政协,2023,proposals_received,286,exact,共收到提案286件,2023,2023",
        "a.txt,吴忠市政协,2023,distractor:leaflets,500,exact,发放宣传册500份,2023,2023",
        "b.txt,海北州政协,2023,proposals_received,120,exact,共收到提案120件,2023,2023",
    ]
    folder = _labelled_folder(tmp_path, texts, labels, {"a.txt": 2024, "b.txt": 2024})
    result = evaluate.evaluate(folder)
    overall = result["overall"]
    assert (overall["listed"], overall["labelled_numbers"]) == (3, 3)
    assert overall["wrong_province"] == 0
    assert "--all 列出标注数字 3/3" in evaluate.format_result(result)


def test_a_figure_labelled_twice_is_one_figure_to_find(tmp_path):
    text = "吴忠市政协2023年工作综述\n2023年，吴忠市政协提案办复率、办结率均为100%。\n"
    row = "a.txt,吴忠市政协,2023,proposals_reply_rate,100,exact,办复率、办结率均为100%,2023,2023"
    folder = _labelled_folder(tmp_path, {"a.txt": text}, [row, row], {"a.txt": 2024})
    overall = evaluate.evaluate(folder)["overall"]
    assert (overall["expected"], overall["matched"], overall["recall"]) == (1, 1, 1.0)


def test_a_ningxia_code_on_another_provinces_text_is_counted():
    score = evaluate.ReportScore("b.txt", "b.txt", foreign=True, codes=frozenset({"640000"}))
    score.proposed = [
        Candidate(
            "宁夏", "640000", "proposals_received", 2023, 2023, 120, "exact", "", 0.9, "stated"
        ),
        Candidate(
            "海北州政协", "", "proposals_accepted", 2023, 2023, 90, "exact", "", 0.9, "stated"
        ),
    ]
    assert score.wrong_province() == 1
    score.foreign = False  # the same candidates from a text about Ningxia are not counted
    assert score.wrong_province() == 0


@pytest.mark.parametrize(
    "text", ["立案439件。33件重点提案中，集体提案27件。", "33件重点提案全部办结。"]
)
def test_a_number_opening_a_sentence_is_quoted_with_its_words(data, text):
    (key,) = [n for n in numbers(data, text, committee="石嘴山") if n.value == 33]
    assert key.metric == "proposals_key" and key.quote.startswith("33件重点提案")
