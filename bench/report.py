"""The run's summary, verdicts and Markdown table, all from ``bench/targets.py``'s one
table and the sections' own ``summary`` and ``rows``."""

from collections import defaultdict

from bench.sections import ALL, NAMES
from bench.targets import TARGETS

MARK = {True: "✅ pass", False: "❌ miss", None: "– n/a"}


def summarise(results: dict) -> dict:
    """Every section's summary keys (None where the section did not run), plus the run's."""
    summary = {}
    for section in ALL:
        summary.update(section.summary(results.get(section.NAME) or {}))
    summary["mode"] = results["mode"]
    # the whole run's time is the bench's only when every section ran (not with --only)
    every = set(results.get("sections_chosen") or NAMES) == set(NAMES)
    summary[f"bench_{results['mode']}_s"] = results["duration_s"] if every else None
    return summary


def _show(value, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit in ("", "×"):
        return f"{value}{unit}"
    return f"{value} {unit}"


def verdicts(summary: dict) -> list[dict]:
    """One row per target: what (label filled in), measured, target, passed (None where
    nothing was measured)."""
    filled = defaultdict(lambda: "?", {k: ("n/a" if v is None else v) for k, v in summary.items()})
    out = []
    for target in TARGETS:
        value = summary.get(target.key)
        out.append(
            {
                "what": target.label.format_map(filled),
                "key": target.key,
                "measured": _show(value, target.unit),
                "target": f"≤ {_show(target.limit, target.unit)}",
                "passed": None if value is None else value <= target.limit,
            }
        )
    return out


def header(results: dict) -> str:
    """The machine, the date and the load: every number below moves with them."""
    machine = results["machine"]
    during = list((results.get("load_after_section") or {}).values())
    cpu = sum((results.get("cpu_seconds") or {}).values())
    return (
        f"### Benchmark ({results['mode']}, {results['started_at']} → "
        f"{results['finished_at']}, {results['duration_s']} s; {machine['cpu_count']} CPUs"
        f" ({machine.get('cpu_model') or '?'}), {machine['memory_gb']} GB; load "
        f"{' / '.join(str(round(v, 1)) for v in results['load_average_at_start'])} at start"
        + (f", {min(during)}–{max(during)} after each section" if during else "")
        + f", {round(results['load_average_at_end'][0], 1)} at the end; the sections' CPU"
        f" {round(cpu)} s)"
    )


def markdown(results: dict) -> str:
    lines = [
        header(results),
        "",
        "| What | Measured | Target | |",
        "|---|---|---|---|",
    ]
    for row in results["verdicts"]:
        mark = MARK[row["passed"]]
        lines.append(f"| {row['what']} | {row['measured']} | {row['target']} | {mark} |")
    for section in ALL:
        result = results.get(section.NAME)
        if not result:
            continue
        for what, measured in section.rows(result):
            lines.append(f"| {what} | {measured} | | |")
    cpu = results.get("cpu_seconds") or {}
    for name, wall in (results.get("seconds") or {}).items():
        lines.append(f"| Section {name}: wall time (CPU) | {wall} s ({cpu.get(name, '?')} s) | | |")
    for section, error in (results.get("errors") or {}).items():
        lines.append(f"| ⚠ {section} failed | {error} | | |")
    return "\n".join(lines)
