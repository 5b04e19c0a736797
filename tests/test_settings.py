"""One table of settings: every environment variable and secrets table the code reads
is in ``cppcc.settings.SETTINGS`` and in the README, and is read only through it."""

import ast
import re
from pathlib import Path

import pytest

from cppcc import settings

ROOT = Path(__file__).resolve().parent.parent
CODE = [*sorted((ROOT / "cppcc").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
CODE += [ROOT / "app.py", ROOT / "serve.py"]
# files that name settings for the programs around the code: deployment, make, CI
AROUND = [ROOT / "Makefile", *sorted((ROOT / "deploy").rglob("*")), *sorted(ROOT.glob(".ci/*"))]
AROUND += sorted((ROOT / "scripts").glob("*"))
NAME = re.compile(r"\b(?:CPPCC|STREAMLIT)_[A-Z][A-Z0-9_]*\b")


def _is_environ(node) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _reads(node) -> bool:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "getenv" or (
            node.func.attr in ("get", "setdefault", "pop") and _is_environ(node.func.value)
        )
    if isinstance(node, ast.Subscript):
        return _is_environ(node.value) and isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.Compare):
        return any(_is_environ(c) for c in node.comparators)
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "secrets"
        and isinstance(node.value, ast.Name)
        and node.value.id == "st"
    )


def direct_reads(source: str) -> list[str]:
    """Reads of a setting that bypass ``cppcc.settings``: ``os.getenv``,
    ``os.environ.get``/``[...]``/``in``, and ``st.secrets`` other than as the argument
    of ``settings.secret``. Copying the environment for a child process is no read."""
    tree = ast.parse(source)
    handed = {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "secret"
        and node.args
    }
    return [
        f"line {node.lineno}: {ast.unparse(node)}"
        for node in ast.walk(tree)
        if _reads(node) and id(node) not in handed
    ]


def test_the_scanner_finds_every_kind_of_direct_read():
    source = """
import os
import streamlit as st
a = os.environ.get("CPPCC_X")
b = os.getenv("CPPCC_Y")
c = os.environ["CPPCC_Z"]
d = "CPPCC_W" in os.environ
e = st.secrets.get("other")
f = settings.secret(st.secrets, "export")
g = {**os.environ, "CPPCC_DB": "x"}
"""
    assert len(direct_reads(source)) == 5


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_settings_are_read_only_through_cppcc_settings(path):
    if path.name == "settings.py" and path.parent.name == "cppcc":
        return
    assert direct_reads(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(ROOT)} reads a setting directly: use cppcc.settings.env/secret"
    )


def test_every_setting_named_in_the_code_is_in_the_table():
    named = {}
    for path in CODE + [p for p in AROUND if p.is_file()]:
        for name in NAME.findall(path.read_text(encoding="utf-8", errors="replace")):
            named.setdefault(name, str(path.relative_to(ROOT)))
    missing = {name: where for name, where in named.items() if name not in settings.BY_NAME}
    assert missing == {}, "add these to cppcc/settings.py SETTINGS and the README's table"


def test_every_setting_read_through_the_module_is_in_the_table():
    for path in CODE:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "settings"
                and node.func.attr in ("env", "secret")
            ):
                argument = node.args[0 if node.func.attr == "env" else 1]
                assert isinstance(argument, ast.Constant), f"{path}: name a setting literally"
                key = argument.value if node.func.attr == "env" else f"[{argument.value}]"
                assert key in settings.BY_NAME, f"{path}:{node.lineno} reads {key}"


def test_an_unlisted_setting_cannot_be_read():
    with pytest.raises(KeyError):
        settings.env("CPPCC_NOT_A_SETTING")
    with pytest.raises(KeyError):
        settings.secret({}, "not_a_table")


def test_env_strips_and_secret_tolerates_a_missing_or_broken_file(monkeypatch):
    monkeypatch.setenv("CPPCC_DB", "  /tmp/x.duckdb ")
    assert settings.env("CPPCC_DB") == "/tmp/x.duckdb"
    monkeypatch.delenv("CPPCC_CHROMIUM", raising=False)
    assert settings.env("CPPCC_CHROMIUM") == ""

    class Broken(dict):
        def __contains__(self, key):
            raise FileNotFoundError("no secrets.toml")

    assert settings.secret(Broken(), "export") is None
    assert settings.secret({"export": {"office": "办公厅"}}, "export") == {"office": "办公厅"}
    assert settings.secret({"export": "not a table"}, "export") is None


def test_the_readme_has_every_setting_in_its_table_and_english_summary():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    chinese, english = readme.split("# Ningxia CPPCC work dashboard (English)")
    rows = [line for line in chinese.splitlines() if line.startswith("| `")]
    kind = {"env": "环境变量", "secret": "secrets.toml"}
    for s in settings.SETTINGS:
        row = f"| `{s.name}` | {kind[s.kind]} | {s.read_in} | {s.default} | {s.zh} |"
        assert row in rows, f"README's settings table: {row}"
        assert f"`{s.name}`" in english, s.name
