"""Change every value of the curated figures in a copy of the project, to check that the
page, map and leader-view tests read the tests' own dataset and not ``data/curated``.

    python tests/scramble_curated.py /tmp/scr     # a clone or `git worktree add /tmp/scr`

Every value of ``data/curated/figures*.csv`` becomes another one that is still valid
(a count stays a whole number, a percentage stays at most 100), and the number in its
quote follows, so the scrambled data still builds. Refuses to touch this checkout.
"""

import argparse
import csv
import io
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _text(value: float) -> str:
    return f"{value:g}"


def scrambled(value: float, unit: str) -> float:
    if unit == "%":
        return value - 3 if value >= 3 else value + 3
    return value + 7


def scramble_file(path: Path, units: dict[str, str]) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        old = float(row["value"])
        new = scrambled(old, units.get(row["metric"], ""))
        row["value"] = _text(new)
        # the number as the quote writes it, not part of a longer one
        number = re.compile(rf"(?<![\d.]){re.escape(_text(old))}(?![\d.])")
        row["quote"] = number.sub(_text(new), row["quote"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="a copy of the project (never this checkout)")
    root = parser.parse_args(argv).root.resolve()
    if root == HERE:
        print("拒绝修改当前检出的整理数据：请先复制一份（git worktree add /tmp/scr HEAD）")
        return 2
    curated = root / "data" / "curated"
    with (curated / "metrics.csv").open(encoding="utf-8", newline="") as handle:
        units = {row["code"]: row["unit_zh"] for row in csv.DictReader(handle)}
    files = sorted(curated.glob("figures*.csv"))
    if not files:
        print(f"{curated} 中没有 figures*.csv")
        return 2
    for path in files:
        print(f"{path}: {scramble_file(path, units)} 个数值已改")
    return 0


if __name__ == "__main__":
    sys.exit(main())
