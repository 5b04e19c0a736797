"""The i18n table (cppcc/i18n.py) and the code agree: every key the code asks for is in
the table, in Chinese and English, and every key in the table is asked for somewhere."""

import ast
import string

from cppcc.i18n import TEXT, text
from tests.conftest import ROOT
from tests.test_english import CJK

FILES = [
    path
    for path in [*(ROOT / "cppcc").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    if path.name != "i18n.py"
]


def _is_lookup(call: ast.Call) -> bool:
    """t("key"), text("key", lang) and i18n.text("key", lang)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id in ("t", "text")
    return (
        isinstance(func, ast.Attribute)
        and func.attr == "text"
        and (isinstance(func.value, ast.Name) and func.value.id == "i18n")
    )


def _usage():
    """Keys looked up by name, prefixes of keys looked up by an f-string
    (``text(f"qualifier_{q}")``), and every other string constant of the code (a key
    kept in a table and looked up later), each with where it is."""
    named, prefixes, constants = [], [], set()
    for path in FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if not (isinstance(node, ast.Call) and _is_lookup(node) and node.args):
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                named.append((first.value, where))
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.append((first.values[0].value, where))
    return named, prefixes, constants


def test_every_key_the_code_looks_up_is_in_the_table():
    named, prefixes, _ = _usage()
    assert len(named) > 100  # the scan finds the lookups
    missing = [f"{key} ({where})" for key, where in named if key not in TEXT]
    assert missing == []
    no_match = [
        f"{p}… ({where})" for p, where in prefixes if not any(k.startswith(p) for k in TEXT)
    ]
    assert no_match == []


def test_every_key_of_the_table_is_used():
    _, prefixes, constants = _usage()
    unused = [
        key
        for key in TEXT
        if key not in constants and not any(key.startswith(p) for p, _ in prefixes)
    ]
    assert unused == []


def test_both_languages_take_the_same_placeholders():
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    differ = [key for key, (zh, en) in TEXT.items() if fields(zh) != fields(en)]
    assert differ == []
    assert all(zh.strip() and en.strip() for zh, en in TEXT.values())


def test_every_catalogue_metric_has_an_english_unit_with_its_singular():
    import csv

    from cppcc.i18n import METRIC_UNITS, unit
    from cppcc.store.config import CURATED_DIR

    with (CURATED_DIR / "metrics.csv").open(encoding="utf-8") as f:
        metrics = list(csv.DictReader(f))
    for metric in metrics:
        many = unit(metric["code"], metric["unit_zh"], "en")
        assert many and not CJK.search(many), metric["code"]
        assert metric["code"] in METRIC_UNITS or metric["unit_zh"] == "%"
    assert unit("proposals_received", "件", "en", 1) == "proposal"
    assert unit("proposals_received", "件", "en", 415) == "proposals"
    assert unit("proposals_received", "件", "zh", 415) == "件"
    # a metric added later with an unknown unit shows no unit word, never Chinese
    assert unit("new_metric", "台", "en") == ""


def test_english_counts_of_one_are_singular():
    """“1 committees report” was on the overview: every English text that counts with
    {n} reads right for one and for many."""
    import re

    plural_after_one = re.compile(r"\b1 (more )?(committees|reports|candidates|numbers|problems"
                                  r"|figures|workbooks|cells)\b")  # fmt: skip
    for key, (_, english) in TEXT.items():
        if "{n}" not in english:
            continue
        fields = dict.fromkeys(re.findall(r"{(\w+)}", english), "X")
        one = text(key, "en", **{**fields, "n": 1})
        many = text(key, "en", **{**fields, "n": 3})
        assert not plural_after_one.search(one), (key, one)
        assert "[" not in many and "|" not in many, (key, many)
