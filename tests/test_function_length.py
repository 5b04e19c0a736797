"""No function in cppcc/, pages/ or app.py is longer than 80 lines: a longer one does
more than one thing, and the next reader cannot see it whole."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 80
FILES = [*sorted((ROOT / "cppcc").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
FILES.append(ROOT / "app.py")
# being split in parallel work (issue 21): remove each entry when its branch lands
ALLOWED = {}


def long_functions(source: str, where: str) -> dict[str, int]:
    """``where:name`` → lines, for every function (nested ones and methods too) of
    ``source`` over the limit."""
    tree = ast.parse(source)
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > LIMIT:
                found[f"{where}:{node.name}"] = length
    return found


def test_no_function_is_longer_than_80_lines():
    found = {}
    for path in FILES:
        found |= long_functions(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    over = {name: lines for name, lines in found.items() if name not in ALLOWED}
    assert over == {}, f"functions over {LIMIT} lines: split them"


def test_the_allowlist_names_only_functions_that_are_still_long():
    found = {}
    for path in FILES:
        found |= long_functions(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert set(ALLOWED) <= set(found), "a function was split: remove it from ALLOWED"


def test_the_measure_counts_a_long_function():
    body = "\n".join(f"        x{i} = {i}" for i in range(LIMIT - 1))
    source = f"class A:\n    def long(self):\n{body}\n\n    def short(self):\n        pass\n"
    assert long_functions(source, "a.py") == {}
    source = source.replace("\n\n    def short", "\n        y = 0\n\n    def short")
    assert long_functions(source, "a.py") == {"a.py:long": LIMIT + 1}
