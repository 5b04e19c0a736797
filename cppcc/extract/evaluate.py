"""How well the extractor finds the curated figures: recall and precision per report.

The curated figures (``data/curated/figures.csv``) are the answer key. A proposed
candidate is right when committee, metric, period, value and qualifier all agree
with a curated figure of the same report; the quote is for people, not compared.
"""

from dataclasses import asdict, dataclass, field
from pathlib import Path

from cppcc.extract.extractor import Candidate, extract
from cppcc.extract.reports import ReportError, read_report
from cppcc.store import curated
from cppcc.store.config import CURATED_DIR

KEY = ("adcode", "metric", "period_start", "period_end", "value", "qualifier")


def _key(row: dict) -> tuple:
    return tuple(round(row[name], 6) if name == "value" else row[name] for name in KEY)


def _plain(row: dict) -> dict:
    """Whole values as integers, as the CLI prints them (415, not 415.0)."""
    value = row["value"]
    return {**row, "value": int(value) if float(value).is_integer() else value}


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ReportScore:
    source_id: str
    file_name: str
    problem: str | None = None  # why the text could not be read
    expected: list[dict] = field(default_factory=list)
    proposed: list[Candidate] = field(default_factory=list)

    @property
    def matched(self) -> set[tuple]:
        return {_key(row) for row in self.expected} & {_key(asdict(c)) for c in self.proposed}

    @property
    def missed(self) -> list[dict]:
        return [row for row in self.expected if _key(row) not in self.matched]

    @property
    def wrong(self) -> list[Candidate]:
        return [c for c in self.proposed if _key(asdict(c)) not in self.matched]

    def summary(self) -> dict:
        matched = len(self.matched)
        return {
            "source_id": self.source_id,
            "file_name": self.file_name,
            "problem": self.problem,
            "expected": len(self.expected),
            "proposed": len(self.proposed),
            "matched": matched,
            "recall": _ratio(matched, len(self.expected)),
            "precision": _ratio(matched, len(self.proposed)),
            "missed": [
                _plain({name: row[name] for name in (*KEY, "quote")}) for row in self.missed
            ],
            "wrong": [_plain(candidate.public()) for candidate in self.wrong],
        }


def evaluate(texts: Path, curated_dir: Path = CURATED_DIR) -> dict:
    """Run the extractor over every report in sources.csv found in ``texts``."""
    data = curated.load(curated_dir)
    scores = []
    for source in data.sources:
        score = ReportScore(source["source_id"], source["file_name"])
        score.expected = [row for row in data.figures if row["source_id"] == score.source_id]
        try:
            text = read_report(Path(texts) / source["file_name"])
        except ReportError as error:
            score.problem = str(error)
        else:
            score.proposed = extract(
                text,
                year=source["published_year"],
                committees=data.committees,
                metrics=data.metrics,
            )
        scores.append(score)
    reports = [score.summary() for score in scores]
    expected = sum(report["expected"] for report in reports)
    proposed = sum(report["proposed"] for report in reports)
    matched = sum(report["matched"] for report in reports)
    overall = {
        "expected": expected,
        "proposed": proposed,
        "matched": matched,
        "recall": _ratio(matched, expected),
        "precision": _ratio(matched, proposed),
    }
    return {"reports": reports, "overall": overall}


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def format_result(result: dict) -> str:
    """The evaluation as a short text report, in Chinese."""
    lines = []
    for report in result["reports"]:
        lines.append(
            f"{report['source_id']} {report['file_name']}：应有 {report['expected']} 条，"
            f"提出 {report['proposed']} 条，正确 {report['matched']} 条；"
            f"召回率 {_percent(report['recall'])}，精确率 {_percent(report['precision'])}"
        )
        if report["problem"]:
            lines.append(f"  无法读取：{report['problem']}")
        for row in report["missed"]:
            lines.append(
                f"  漏掉：{row['metric']} {row['period_start']}–{row['period_end']} "
                f"{row['value']:g}（{row['qualifier']}）「{row['quote']}」"
            )
        for row in report["wrong"]:
            lines.append(
                f"  误报：{row['committee']} {row['metric']} {row['period_start']}–"
                f"{row['period_end']} {row['value']:g}（{row['qualifier']}）「{row['quote']}」"
            )
    overall = result["overall"]
    lines.append(
        f"合计：应有 {overall['expected']} 条，提出 {overall['proposed']} 条，"
        f"正确 {overall['matched']} 条；召回率 {_percent(overall['recall'])}，"
        f"精确率 {_percent(overall['precision'])}"
    )
    return "\n".join(lines)
