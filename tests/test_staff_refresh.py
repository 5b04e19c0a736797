"""After an undo on the staff page, the page is drawn again at once: the history lists
the undone batch as undone, without its undo button (it used to show the state from
before the write). The applied preview going with its 确认写入 button is a browser test
(tests/browser/test_upload_browser.py): AppTest cannot upload a file."""

from streamlit.testing.v1 import AppTest

from cppcc.upload import pipeline
from tests.conftest import ROOT
from tests.upload_corpus import csv_bytes, row


def _staff(section: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["signin_user"] = "tester"
    at.session_state["upload_mode"] = section
    at.run()
    at.switch_page("pages/upload.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _states(at: AppTest) -> dict:
    table = next(frame.value for frame in at.dataframe if "状态" in frame.value.columns)
    return dict(zip(table["批次"], table["状态"], strict=True))


def test_the_history_shows_an_undo_at_once(store):
    _, batch = pipeline.import_file(store, "a.csv", csv_bytes([row()]), user="tester")
    at = _staff("history")
    assert _states(at) == {batch: "有效"}
    at.checkbox(key=f"upload_revert_sure_{batch}").check().run()
    at.button(key="upload_revert").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(f"已撤销批次 {batch}" in s.value for s in at.success)
    assert _states(at) == {batch + 1: "有效", batch: f"已被批次 {batch + 1} 撤销"}
    # nothing left to undo: no confirmation, no button
    assert not [b for b in at.button if b.key == "upload_revert"]
    assert not [c for c in at.checkbox if c.key == f"upload_revert_sure_{batch}"]
