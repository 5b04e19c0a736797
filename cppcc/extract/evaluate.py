"""How well the extractor finds the figures people filed: recall and false positives.

Two kinds of answer key:

- the curated figures (``data/curated/figures.csv``, reports listed in ``sources.csv``),
  for the seed reports;
- a folder of texts with ``labels.csv`` and ``key.json`` (as ``../shared/reports``):
  one row per number someone read, with a catalogue code, ``other:<name>`` for a real
  figure outside the catalogue or ``distractor:<why>`` for one that must not be proposed;
  ``key.json`` gives each file's publication year, and ``neutral`` values of real
  figures outside the catalogue.

A candidate is right when committee, metric, period, value and qualifier all agree with
a catalogue figure of the same report; the quote is for people, not compared. A miss
and a wrong candidate are each put down to one kind (``MISS_KINDS``, ``WRONG_KINDS``).
"""

import csv
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from cppcc.extract.committees import resolve_committee
from cppcc.extract.extractor import Candidate, Number, read_figures
from cppcc.extract.normalise import normalise_text
from cppcc.extract.numbers import find_quantities
from cppcc.extract.reports import ReportError, read_report
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR

KEY = ("adcode", "metric", "period_start", "period_end", "value", "qualifier")
# What a miss is put down to, first that fits: the figure was proposed with one field
# wrong, or not at all.
MISS_KINDS = {
    "no_committee": "未识别委员会",
    "committee": "委员会不对",
    "period": "期间不对",
    "qualifier": "限定词不对",
    "metric": "指标不对",
    "not_found": "未提出",
}
WRONG_KINDS = {
    "distractor": "不应提取的数字",
    "outside_catalogue": "目录外的数字",
    "committee": "委员会不对",
    "period": "期间不对",
    "qualifier": "限定词不对",
    "metric": "指标不对",
    "unlabelled": "标注中没有的数字",
}
# Fields that may differ for a near miss, with the kind it is.
_NEAR = (
    ("committee", ("adcode",)),
    ("period", ("period_start", "period_end")),
    ("qualifier", ("qualifier",)),
    ("metric", ("metric",)),
)


def _key(row: dict, without: tuple[str, ...] = ()) -> tuple:
    return tuple(
        round(float(row[name]), 6) if name == "value" else row[name]
        for name in KEY
        if name not in without
    )


def _plain(row: dict) -> dict:
    """Whole values as integers, as the CLI prints them (415, not 415.0)."""
    value = row["value"]
    return {**row, "value": int(value) if float(value).is_integer() else value}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ReportScore:
    name: str  # the source id, or the file name
    file_name: str
    problem: str | None = None  # why the text could not be read
    expected: list[dict] = field(default_factory=list)  # catalogue figures
    others: list[dict] = field(default_factory=list)  # labelled numbers not to propose
    proposed: list[Candidate] = field(default_factory=list)
    no_committee: bool = False
    foreign: bool = False  # every labelled committee is outside the catalogue (another province)
    codes: frozenset = frozenset()  # the catalogue's committee codes
    text: str = ""
    numbers: list[Number] = field(default_factory=list)  # what ``extract --all`` lists

    def wrong_province(self) -> int:
        """Candidates from a text about another province that carry a Ningxia code."""
        if not self.foreign:
            return 0
        return sum(1 for c in self.proposed if c.adcode and c.adcode in self.codes)

    def listing(self) -> tuple[int, int]:
        """How many labelled numbers ``--all`` lists at their place, of how many.

        A labelled number is listed when a listed number of the same value stands inside
        (an occurrence of) its quote; labels whose quote holds no number with a unit
        (提案已全部办复) are not counted.
        """
        return len(self.labelled_numbers()) - len(self.unlisted()), len(self.labelled_numbers())

    def labelled_numbers(self) -> list[dict]:
        return [
            row
            for row in [*self.expected, *self.others]
            if _spans(self.text, row.get("quote") or "")
            and find_quantities(normalise_text(row["quote"]))
        ]

    def unlisted(self) -> list[dict]:
        return [
            row
            for row in self.labelled_numbers()
            if not any(
                _same_number(n.value, float(row["value"])) and a <= n.start < b
                for n in self.numbers
                for a, b in _spans(self.text, row["quote"])
            )
        ]

    def _proposed_rows(self) -> list[dict]:
        return [asdict(candidate) for candidate in self.proposed]

    @property
    def matched(self) -> set[tuple]:
        return {_key(row) for row in self.expected} & {_key(r) for r in self._proposed_rows()}

    def _near(self, row: dict, rows: list[dict]) -> str | None:
        for kind, fields in _NEAR:
            if _key(row, fields) in {_key(other, fields) for other in rows}:
                return kind
        return None

    def missed(self) -> list[dict]:
        proposed = self._proposed_rows()
        found = []
        for row in self.expected:
            if _key(row) in self.matched:
                continue
            kind = "no_committee" if self.no_committee else self._near(row, proposed)
            found.append({**row, "kind": kind or "not_found"})
        return found

    def wrong(self) -> list[dict]:
        found = []
        for row in self._proposed_rows():
            if _key(row) in self.matched:
                continue
            value = round(row["value"], 6)
            kind = self._near(row, self.expected)
            if kind is None:
                labels = [other["label"] for other in self.others if other["value"] == value]
                if any(label.startswith("distractor") for label in labels):
                    kind = "distractor"
                elif labels:
                    kind = "outside_catalogue"
            found.append({**row, "kind": kind or "unlabelled"})
        return found

    def summary(self) -> dict:
        matched = len(self.matched)
        wrong = self.wrong()
        listed, labelled = self.listing()
        return {
            "wrong_province": self.wrong_province(),
            "listed": listed,
            "labelled_numbers": labelled,
            "unlisted": [
                {"value": _plain(row)["value"], "quote": row["quote"]} for row in self.unlisted()
            ],
            "source_id": self.name,
            "file_name": self.file_name,
            "problem": self.problem,
            "expected": len(self.expected),
            "proposed": len(self.proposed),
            "matched": matched,
            "wrong": len(wrong),
            "recall": _ratio(matched, len(self.expected)),
            "precision": _ratio(matched, len(self.proposed)),
            "false_positive_rate": _ratio(len(wrong), len(self.proposed)),
            "missed_figures": [_plain(_shown(row)) for row in self.missed()],
            "wrong_figures": [_plain(_shown(row)) for row in wrong],
        }


def _shown(row: dict) -> dict:
    names = (*KEY, "committee", "quote", "kind")
    return {name: row[name] for name in names if name in row}


def _same_number(listed: float, labelled: float) -> bool:
    """28亿元 is listed as 2800000000 and may be labelled 28 (in 亿) or 2.8e9."""
    return any(round(listed / scale, 6) == round(labelled, 6) for scale in (1, 10_000, 1e8))


def _spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Where ``quote`` stands in ``text``, every occurrence."""
    if not quote:
        return []
    return [(m.start(), m.start() + len(quote)) for m in re.finditer(re.escape(quote), text)]


def _run(score: ReportScore, path: Path, year: int, data: curated.Curated) -> ReportScore:
    try:
        text = read_report(path)
    except ReportError as error:
        score.problem = str(error)
        return score
    found = read_figures(text, year=year, committees=data.committees, metrics=data.metrics)
    score.proposed, score.no_committee = found.candidates, found.no_committee
    score.text, score.numbers = text, found.numbers
    score.codes = frozenset(row["adcode"] for row in data.committees)
    return score


def _seed_scores(texts: Path, data: curated.Curated) -> list[ReportScore]:
    scores = []
    # only the reports whose text is in this folder: the seeds and the reports folder
    # share sources.csv, and each folder is scored on its own texts
    for source in (s for s in data.sources if (texts / s["file_name"]).is_file()):
        score = ReportScore(source["source_id"], source["file_name"])
        score.expected = [row for row in data.figures if row["source_id"] == source["source_id"]]
        scores.append(_run(score, texts / source["file_name"], source["published_year"], data))
    return scores


def _label_row(row: dict, committees: list[dict]) -> dict:
    """A labels.csv row in the candidates' terms; a committee outside the catalogue has no code."""
    name = re.sub(r"\s*[(（].*$", "", row["committee"]).strip()
    known = resolve_committee(name, committees)
    return {
        "adcode": known["adcode"] if known else "",
        "metric": row["metric"],
        "label": row["metric"],
        "period_start": int(row["period_start"]),
        "period_end": int(row["period_end"]),
        "value": round(float(row["value"]), 6),
        "qualifier": row["qualifier"],
        "quote": row["quote"],
    }


def _labelled_scores(texts: Path, data: curated.Curated) -> list[ReportScore]:
    key = json.loads((texts / "key.json").read_text(encoding="utf-8"))
    with open(texts / "labels.csv", encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    codes = {row["code"] for row in data.metrics}
    scores = []
    for file_name in sorted(key):
        rows = [_label_row(row, data.committees) for row in labels if row["file"] == file_name]
        score = ReportScore(file_name, file_name)
        score.foreign = bool(rows) and not any(row["adcode"] for row in rows)
        # one figure quoted twice (办复率、办结率均为100% labelled once per rate) is one figure
        expected = {_key(row): row for row in rows if row["metric"] in codes}
        score.expected = list(expected.values())
        score.others = [row for row in rows if row["metric"] not in codes] + [
            {"label": "neutral", "value": round(float(value), 6)}
            for value in key[file_name].get("neutral", [])
        ]
        scores.append(_run(score, texts / file_name, int(key[file_name]["year"]), data))
    return scores


def _totals(reports: list[dict]) -> dict:
    expected = sum(report["expected"] for report in reports)
    proposed = sum(report["proposed"] for report in reports)
    matched = sum(report["matched"] for report in reports)
    wrong = sum(report["wrong"] for report in reports)
    listed = sum(report["listed"] for report in reports)
    labelled = sum(report["labelled_numbers"] for report in reports)
    missed = Counter(row["kind"] for r in reports for row in r["missed_figures"])
    wrongly = Counter(row["kind"] for r in reports for row in r["wrong_figures"])
    return {
        "files": len(reports),
        "expected": expected,
        "proposed": proposed,
        "matched": matched,
        "wrong": wrong,
        "recall": _ratio(matched, expected),
        "precision": _ratio(matched, proposed),
        "false_positive_rate": _ratio(wrong, proposed),
        "wrong_province": sum(report["wrong_province"] for report in reports),
        "listed": listed,
        "labelled_numbers": labelled,
        "listed_share": _ratio(listed, labelled),
        "missed_by_kind": {kind: missed[kind] for kind in MISS_KINDS if missed[kind]},
        "wrong_by_kind": {kind: wrongly[kind] for kind in WRONG_KINDS if wrongly[kind]},
    }


def evaluate(texts: Path, curated_dir: Path = CURATED_DIR, files: list[str] | None = None) -> dict:
    """Run the extractor over a folder: labelled (labels.csv, key.json), else the seeds
    listed in the curated sources. ``files``: only these file names.
    """
    texts = Path(texts)
    data = curated.load(curated_dir)
    labelled = (texts / "labels.csv").is_file() and (texts / "key.json").is_file()
    scores = _labelled_scores(texts, data) if labelled else _seed_scores(texts, data)
    if files:
        scores = [score for score in scores if score.file_name in files]
    reports = [score.summary() for score in scores]
    return {"reports": reports, "overall": _totals(reports)}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _figure(row: dict) -> str:
    committee = f"{row['committee']} " if row.get("committee") else ""
    return (
        f"{committee}{row['metric']} {row['period_start']}–{row['period_end']} "
        f"{row['value']:g}（{row['qualifier']}）「{row['quote']}」"
    )


def _line(name: str, part: dict) -> str:
    return (
        f"{name}：应有 {part['expected']} 条，提出 {part['proposed']} 条，"
        f"正确 {part['matched']} 条，误报 {part['wrong']} 条；"
        f"召回率 {_percent(part['recall'])}，误报率 {_percent(part['false_positive_rate'])}；"
        f"他省文本带宁夏代码 {part['wrong_province']} 条；"
        f"--all 列出标注数字 {part['listed']}/{part['labelled_numbers']}"
        f"（{_percent(_ratio(part['listed'], part['labelled_numbers']))}）"
    )


def format_result(result: dict) -> str:
    """The evaluation as a short text report, in Chinese."""
    lines = []
    for report in result["reports"]:
        name = report["file_name"]
        if report["source_id"] != name:
            name = f"{report['source_id']} {name}"
        lines.append(_line(name, report))
        if report["problem"]:
            lines.append(f"  无法读取：{report['problem']}")
        for row in report["missed_figures"]:
            lines.append(f"  漏掉（{MISS_KINDS[row['kind']]}）：{_figure(row)}")
        for row in report["wrong_figures"]:
            lines.append(f"  误报（{WRONG_KINDS[row['kind']]}）：{_figure(row)}")
        for row in report["unlisted"]:
            lines.append(f"  --all 未列出：{row['value']:g}「{row['quote']}」")
    overall = result["overall"]
    lines.append(_line(f"合计（{overall['files']} 篇）", overall))
    for title, kinds, counts in (
        ("漏掉", MISS_KINDS, overall["missed_by_kind"]),
        ("误报", WRONG_KINDS, overall["wrong_by_kind"]),
    ):
        if counts:
            shown = "，".join(f"{kinds[kind]} {count}" for kind, count in counts.items())
            lines.append(f"{title}按类别：{shown}")
    return "\n".join(lines)
