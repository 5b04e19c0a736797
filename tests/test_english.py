"""The English switch: every page, switched to English after opening in Chinese, shows
no Chinese outside the data (committee names, report titles, quotes, notes, units, the
upload file's column names, the uploader), in text, widgets, tables and charts."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from cppcc import markup
from cppcc.store import db
from cppcc.upload import accounts
from cppcc.upload.importing import COLUMNS
from tests.conftest import ROOT

# Han characters and the CJK punctuation and full-width forms (：，（）《》；)
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")

SCENES = {
    "overview": [],
    "overview_counties": [("overview_level", "counties")],
    "map": [],
    "map_density": [("map_mode", "density")],
    "yoy": [],
    "proposals": [],
    "sources": [],
    "upload": [],
    "upload_extract": [("upload_mode", "extract")],
    "upload_history": [("upload_mode", "history")],
    "committee": [],
    # a 管理员's sections (the test signs in as one)
    "upload_round": [("upload_mode", "round")],
    "upload_catalogue": [("upload_mode", "catalogue")],
    "upload_accounts": [("upload_mode", "accounts")],
    "upload_audit": [("upload_mode", "audit")],
}


def data_values(path) -> list[str]:
    """Every text the store holds that a page shows as it is, longest first."""
    queries = [
        "select name_zh from committees union select short_zh from committees",
        "select unit_zh from metrics",
        "select title from sources union select publisher from sources "
        "union select note from sources",
        "select quote from figures union select note from figures",
        "select user_name from batches union select file_name from batches",
        # a metric's category (履职平台, 提案) is the catalogue's own Chinese word
        "select category from metrics",
        # the audit log is a record: each entry's detail as it was written at the time
        "select detail from audit_log where detail is not null",
    ]
    with db.connect(path) as con:
        found = {value for query in queries for (value,) in con.execute(query).fetchall()}
    # the upload file's header is Chinese in either language: the file must use it
    found |= set(COLUMNS)
    found |= {markup.md(value) for value in found if value}  # as markdown shows them
    return sorted((v for v in found if v), key=len, reverse=True)


def _map_words(deck) -> list[str]:
    """The map's labels and tooltips (not the boundary file's own properties)."""
    if isinstance(deck, list):
        return [words for item in deck for words in _map_words(item)]
    if not isinstance(deck, dict):
        return []
    words = [str(deck[key]) for key in ("tip", "text") if isinstance(deck.get(key), str)]
    return words + [found for value in deck.values() for found in _map_words(value)]


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(where, text) for everything on the page a reader sees."""
    shown = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "text"):  # fmt: skip
        shown += [(kind, str(element.value)) for element in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "radio", "segmented_control", "toggle",
                 "checkbox", "text_input", "number_input", "text_area", "button", "metric",
                 "expander", "tabs", "download_button"):  # fmt: skip
        for element in at.get(kind):
            proto = element.proto
            for field in ("label", "help", "placeholder", "body"):
                if getattr(proto, field, ""):
                    shown.append((f"{kind} {field}", str(getattr(proto, field))))
            if kind in ("selectbox", "multiselect", "radio", "segmented_control"):
                shown += [(f"{kind} option", str(option)) for option in element.options]
    for element in at.get("plotly_chart"):
        shown.append(("chart", json.dumps(json.loads(element.proto.spec), ensure_ascii=False)))
    for element in at.get("deck_gl_json_chart"):
        shown += [("map", words) for words in _map_words(json.loads(element.proto.json))]
    shown += [("html", element.proto.body) for element in at.get("html")]  # the map's legend
    for frame in [*at.dataframe, *at.table]:
        table = frame.value
        shown.append(("table header", " ".join(map(str, table.columns))))
        shown.append(("table index", " ".join(map(str, table.index))))
        shown += [("table cell", str(cell)) for cell in table.to_numpy().ravel()]
    return shown


def chinese_outside_data(at: AppTest, data: list[str]) -> list[str]:
    found = []
    for where, shown in shown_texts(at):
        # the sidebar's language switch names both languages
        shown = shown.replace("语言 / Language", "").replace("中文", "")
        for value in data:
            shown = shown.replace(value, "")
        for match in re.finditer(r".{0,24}" + CJK.pattern + r".{0,24}", shown):
            found.append(f"{where}: …{match.group(0)}…")
    return found


@pytest.mark.parametrize("scene", SCENES)
def test_an_english_page_has_no_chinese_outside_the_data(page_store, scene, tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    accounts.add_user("tester", "correct-horse-9", users, role="admin")
    monkeypatch.setenv("CPPCC_USERS", str(users))
    page = scene.split("_")[0]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["signin_user"] = "tester"
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    for key, value in SCENES[scene]:
        widget = next(w for kind in ("selectbox", "segmented_control", "button_group")
                      for w in at.get(kind) if w.key == key)  # fmt: skip
        widget.set_value(value).run()
    # as the sidebar's switch does: the same session, now in English
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert CJK.search(at.title[0].value) is None
    found = chinese_outside_data(at, data_values(page_store))
    assert not found, "Chinese on the English page:\n" + "\n".join(found)
