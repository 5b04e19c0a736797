"""What the extraction page hands to the upload pipeline: the table's rows, the year basis
of each (an inferred year stays inferred once applied) and the marked text."""

import io
import zipfile

import pandas as pd

from cppcc.extract import evaluate
from cppcc.extract.extractor import Number, read_figures
from cppcc.store import curated, db
from cppcc.store.config import CURATED_DIR
from cppcc.upload import pipeline, template
from cppcc.web import upload_views

REPORT = "吴忠市政协工作综述\n\n吴忠市政协全年共收到提案315件。2023年，经审查立案280件。\n"


def _frame():
    data = curated.load(CURATED_DIR)
    found = read_figures(REPORT, year=2025, committees=data.committees, metrics=data.metrics)
    names = {m["code"]: m["name_zh"] for m in data.metrics}
    return upload_views.candidates_frame(found.candidates, names)


def test_the_table_shows_how_each_year_was_read():
    frame = _frame()
    by_value = {row["数值"]: row for _, row in frame.iterrows()}
    assert by_value[315]["年份依据"] == "推定*" and "2025" in by_value[315]["推定理由"]
    assert by_value[280]["年份依据"] == "报告写明" and by_value[280]["推定理由"] == ""


def test_an_inferred_year_is_stored_as_inferred_with_its_reason(store):
    edited = _frame()
    rows = upload_views.rows_from_editor(edited, "吴忠市政协2025年工作综述")
    with db.connect(store) as con:
        preview = pipeline.preview(con, "从报告文本提取.csv", template.csv_bytes(rows))
    assert preview.ok, preview.problems
    preview.year_basis = upload_views.year_basis_by_row(edited)
    pipeline.apply(store, preview, user="tester")
    with db.connect(store) as con:
        stored = con.execute(
            "select value, year_basis, note from figures where origin = 'uploaded' order by value"
        ).fetchall()
    assert dict(((v, b) for v, b, _ in stored)) == {280: "stated", 315: "inferred"}
    assert "年份推定" in dict(((v, n) for v, _, n in stored))[315]


def test_unticked_rows_do_not_shift_the_row_numbers():
    edited = _frame()
    edited.loc[edited["数值"] == 280, "采用"] = False
    edited = pd.concat([edited, edited[edited["数值"] == 315]], ignore_index=True)
    edited.loc[2, "年份依据"] = "报告写明"
    # rows sent: 315 (row 2, inferred), 315 again (row 3, stated)
    assert upload_views.year_basis_by_row(edited) == {2: "inferred"}


def test_the_marked_text_escapes_the_report_and_marks_each_number_once():
    text = "<b>委员</b>收到提案315件，立案280件。"
    numbers = [
        Number(315, "件", "exact", "收到提案315件", 13, 17, metric="proposals_received"),
        Number(315, "件", "exact", "收到提案315件", 13, 17, metric="proposals_key"),
        Number(280, "件", "exact", "立案280件", 20, 24),
    ]
    assert text[13:17] == "315件" and text[20:24] == "280件"
    shown = upload_views.marked_text(text, numbers, {(13, 17): "taken"})
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert shown.count("<mark") == 2
    assert 'class="extract-taken"' in shown and 'class="extract-open"' in shown


def test_staff_decisions_download_as_a_folder_evaluate_extractor_reads(tmp_path):
    data = curated.load(CURATED_DIR)
    edited = _frame()
    edited.loc[edited["数值"] == 280, "采用"] = False  # rejected: must not be proposed
    archive = upload_views.labelled_folder(REPORT, edited, data.metrics, 2025)
    with zipfile.ZipFile(io.BytesIO(archive)) as folder:
        folder.extractall(tmp_path)
    result = evaluate.evaluate(tmp_path)
    overall = result["overall"]
    # 315 is the taken figure and is found; 280 was rejected, so proposing it is wrong
    assert (overall["expected"], overall["matched"], overall["wrong"]) == (1, 1, 1)
    (wrong,) = result["reports"][0]["wrong_figures"]
    assert (wrong["value"], wrong["kind"]) == (280, "distractor")
    assert (overall["listed"], overall["labelled_numbers"]) == (2, 2)
