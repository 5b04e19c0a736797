"""The curated CSVs in ``data/curated``: loading them, and checking their quotes.

The CSVs are the reviewed, human-readable source of every curated figure; the store
is built from them. Loading checks what a database constraint cannot say clearly,
and names the file and line of anything wrong.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

# Wording a report uses instead of digits, and the value the catalogue gives it.
WORDED_VALUES = {("proposals_reply_rate", 100.0): "全部办复"}

QUALIFIERS = ("exact", "at_least", "approx")
YEAR_BASES = ("stated", "inferred")
# a report's dates are as precise as it says: 2023, 2021-10 or 2024-05-31
DATE = re.compile(r"[12][0-9]{3}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
# In ../shared/reports and reports2 line 1 holds the page's address, or a bracketed note
# where none was recorded ("(no URL recorded; …)", "(no URL in the … record; …)"); the
# report's text starts on line 2.
ADDRESS_LINE = re.compile(r"\s*(https?://\S+|\(no URL [^\n]*\))\s*")


class CuratedDataError(ValueError):
    """A curated CSV is malformed; the message names file, line and field."""


@dataclass(frozen=True)
class Curated:
    committees: list[dict]
    metrics: list[dict]
    sources: list[dict]
    figures: list[dict]


def _read(path: Path) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        # line 1 is the header, so the first record is on line 2
        return [(number, row) for number, row in enumerate(csv.DictReader(handle), start=2)]


def _blank_to_none(row: dict) -> dict:
    return {key: (value.strip() or None) for key, value in row.items()}


def _number(path: Path, line: int, field: str, text: str | None, kind=float):
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError as error:
        raise CuratedDataError(f"{path.name}:{line}: {field} {text!r} is not a number") from error


def load(directory: Path) -> Curated:
    committees = []
    for line, raw in _read(directory / "committees.csv"):
        row = _blank_to_none(raw)
        path = directory / "committees.csv"
        for field in ("seat_lat", "seat_lon"):
            row[field] = _number(path, line, field, row[field])
        for field in ("jiedao", "zhen", "xiang", "township_year"):
            row[field] = _number(path, line, field, row[field], int)
        committees.append(row)

    metrics = [_blank_to_none(raw) for _, raw in _read(directory / "metrics.csv")]

    sources = []
    for line, raw in _read(directory / "sources.csv"):
        row = _blank_to_none(raw)
        path = directory / "sources.csv"
        row["published_year"] = _number(path, line, "published_year", row["published_year"], int)
        for field in ("published", "as_of"):
            value = row.get(field)
            if value is not None and not DATE.fullmatch(value):
                raise CuratedDataError(
                    f"sources.csv:{line}: {field} {value!r} is not a date like 2024-05-31"
                )
        if row.get("published") and not row["published"].startswith(str(row["published_year"])):
            raise CuratedDataError(f"sources.csv:{line}: published is not in published_year")
        sources.append(row)

    known = {
        "adcode": {row["adcode"] for row in committees},
        "metric": {row["code"] for row in metrics},
        "source_id": {row["source_id"] for row in sources},
    }
    figures = []
    seen = {}
    path = directory / "figures.csv"
    for line, raw in _read(path):
        row = _blank_to_none(raw)
        for field, valid in known.items():
            if row[field] not in valid:
                raise CuratedDataError(f"figures.csv:{line}: unknown {field} {row[field]!r}")
        row["value"] = _number(path, line, "value", row["value"])
        row["period_start"] = _number(path, line, "period_start", row["period_start"], int)
        row["period_end"] = _number(path, line, "period_end", row["period_end"], int)
        if row["qualifier"] not in QUALIFIERS:
            raise CuratedDataError(f"figures.csv:{line}: qualifier must be one of {QUALIFIERS}")
        if row["year_basis"] not in YEAR_BASES:
            raise CuratedDataError(f"figures.csv:{line}: year_basis must be one of {YEAR_BASES}")
        if not row["quote"]:
            raise CuratedDataError(f"figures.csv:{line}: every curated figure needs its quote")
        # two reports may give different numbers for the same figure: both are kept,
        # so a figure is one committee, metric and period as one report gives it
        key = (row["adcode"], row["metric"], row["period_start"], row["period_end"])
        key += (row["source_id"],)
        if key in seen:
            raise CuratedDataError(
                f"figures.csv:{line}: same figure from the same report as line {seen[key]}"
            )
        seen[key] = line
        figures.append(row)
    return Curated(committees, metrics, sources, figures)


def _squeeze(text: str) -> str:
    # Reports reach us with line breaks and stray spaces inside sentences.
    return re.sub(r"\s+", "", text)


def value_in_quote(figure: dict) -> bool:
    """The quote states the value: its digits, or the wording the catalogue maps to it."""
    value = figure["value"]
    digits = f"{value:g}"
    if digits in figure["quote"]:
        return True
    return WORDED_VALUES.get((figure["metric"], value), "\0") in figure["quote"]


def report_text(path: Path) -> str:
    """A report's text: the whole file, or from line 2 when line 1 is its address."""
    text = path.read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    return rest if ADDRESS_LINE.fullmatch(first) else text


def verify_quotes(data: Curated, texts: Path | list[Path]) -> list[str]:
    """Problems found when looking up every quote in its report's text (empty: all found).

    ``texts`` is one folder or several; each report is read from the first that has it."""
    folders = [texts] if isinstance(texts, Path) else list(texts)
    problems = []
    file_of = {row["source_id"]: row["file_name"] for row in data.sources}
    cache: dict[str, str] = {}
    for number, figure in enumerate(data.figures, start=2):
        name = file_of[figure["source_id"]]
        if name not in cache:
            found = [folder / name for folder in folders if (folder / name).is_file()]
            if not found:
                where = "、".join(str(folder) for folder in folders)
                problems.append(f"figures.csv:{number}: report text {name} not found in {where}")
                cache[name] = ""
                continue
            cache[name] = _squeeze(report_text(found[0]))
        if cache[name] and _squeeze(figure["quote"]) not in cache[name]:
            problems.append(f"figures.csv:{number}: quote not in {name}: {figure['quote']}")
        if not value_in_quote(figure):
            problems.append(
                f"figures.csv:{number}: quote does not state the value {figure['value']:g}"
            )
    return problems
