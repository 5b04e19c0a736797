"""The dashboard's benchmark: one command, a JSON file and a Markdown table.

    python bench/run.py                 # every section (make bench; minutes on 2 cores)
    python bench/run.py --quick         # fewer repetitions
    python bench/run.py --smoke         # every section once, smallest sizes (CI)
    python bench/run.py --only queries,reruns

Writes ``bench/results/latest.json`` (``smoke.json`` for --smoke; git-ignored) and
prints a table of the numbers against the targets (``bench/targets.py``). Targets are
reported, never asserted; the exit code is 1 when a section failed, else 0. The harness
is ``bench/harness.py``, the sections ``bench/sections/``; ``bench/README.md`` says what
each number means.
"""

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# run as a script, Python puts bench/ itself first on the path: the package is imported
# from the project's root instead, so that ``bench.x`` is the only name of each module
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from bench import harness, report  # noqa: E402
from bench.sections import ALL, NAMES  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--quick", action="store_true", help="fewer repetitions")
    how.add_argument("--smoke", action="store_true", help="every section once, smallest sizes")
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(NAMES))
    parser.add_argument("--out", type=Path, help="the JSON file (default bench/results/)")
    args = parser.parse_args(argv)
    mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    chosen = NAMES if not args.only else [s.strip() for s in args.only.split(",")]
    unknown = set(chosen) - set(NAMES)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}; known: {', '.join(NAMES)}")
    out = args.out or harness.RESULTS / ("smoke.json" if mode == "smoke" else "latest.json")

    began = time.perf_counter()
    results: dict = {
        "mode": mode,
        "sections_chosen": chosen,
        "started_at": datetime.now().isoformat(timespec="seconds"),
        # other work on the machine skews every number: keep the load next to them
        "load_average_at_start": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="cppcc-bench-") as tmp:
        bench = harness.Bench(mode, Path(tmp))
        try:
            measured, errors, seconds, cpu, load = harness.run_sections(bench, ALL, chosen)
            browser_version = bench._browser.version if bench._browser else None
        finally:
            bench.close()
    results.update(measured)
    results["stores"] = bench.info
    results["errors"] = errors
    results["seconds"] = seconds
    results["cpu_seconds"] = cpu
    results["load_after_section"] = load
    results["load_average_at_end"] = os.getloadavg()
    results["machine"] = harness.machine(browser_version)
    results["finished_at"] = datetime.now().isoformat(timespec="seconds")
    results["duration_s"] = round(time.perf_counter() - began, 1)
    results["summary"] = report.summarise(results)
    results["verdicts"] = report.verdicts(results["summary"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(report.markdown(results))
    print(f"\n{out} · {results['duration_s']} s · {len(errors)} section(s) failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
