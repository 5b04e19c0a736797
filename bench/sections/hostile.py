"""hostile: hostile uploads refused early, in a child process (``python -m cppcc import
FILE --dry-run --json``): wall time, the child's own peak memory (VmHWM) and what it
said, for a zip bomb (600 MB unpacked; 150 MB in a smoke run) and a .xlsx of too many
rows (a million; the limit + 1 in a smoke run), both of which must be refused; in full
and quick runs also a cell at XFD1048576, 450,000 shared texts and a 5 MB csv header
(refused; a smoke run leaves these three to tests/test_upload_limits.py), and (full
runs) a file of exactly the row limit, which must be read, for comparison.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import ROOT, log

NAME = "hostile"


# runs the CLI, then says the process's own peak memory (VmHWM, which exec resets; a
# child's ru_maxrss would include the parent's memory at the fork)
_PEAK_WRAPPER = (
    "import runpy, sys\n"
    "sys.argv = ['cppcc', *sys.argv[1:]]\n"
    "try:\n"
    "    runpy.run_module('cppcc', run_name='__main__')\n"
    "finally:\n"
    "    peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')]\n"
    "    sys.stderr.write('PEAK ' + peak[0].split()[1] + '\\n')\n"
)


def _refusal(store: Path, file: Path) -> dict:
    """``python -m cppcc import FILE --dry-run --json`` in a child: wall time, the
    child's peak memory, and what it said."""
    env = {**os.environ, "CPPCC_DB": str(store)}
    started = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-c", _PEAK_WRAPPER, "import", str(file), "--dry-run", "--json"],
        cwd=ROOT, env=env, capture_output=True, timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    out = process.stdout.decode("utf-8", "replace")
    peaks = [line for line in process.stderr.decode().splitlines() if line.startswith("PEAK ")]
    peak_kb = int(peaks[-1].split()[1]) if peaks else 0
    try:
        report = json.loads(out.strip().splitlines()[-1])
        said = (report["errors"][0]["message"] if report["errors"] else "accepted")[:80]
    except (ValueError, IndexError, KeyError):
        said = out[-80:]
    return {
        "bytes": file.stat().st_size,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "exit": process.returncode,
        "said": said,
    }


def run(bench) -> dict:
    from tests import test_upload_limits as limits
    from tests import upload_corpus

    store, work = bench.store("realistic"), bench.work
    bomb_mb, rows = bench.sizes["hostile"]
    files = {
        "zip_bomb": upload_corpus.zip_bomb(bomb_mb),
        "too_many_rows": upload_corpus.million_rows(rows),
    }
    if bench.sizes["hostile_all"]:
        # refused in tests/test_upload_limits.py too; a smoke run times the two above
        files["cell_at_XFD1048576"] = limits._template_with({"XFD1048576": "x"})
        files["too_many_shared_texts"] = limits._many_shared(450_000)
        files["csv_header_5mb.csv"] = b"," * 5_000_000 + b"x\n"
    if bench.sizes["hostile_at_limit"]:
        from cppcc.upload.importing import MAX_ROWS

        files["at_row_limit"] = upload_corpus.million_rows(MAX_ROWS)
        files["at_row_limit_full_rows"] = limits.full_rows(MAX_ROWS)
    results = {"zip_bomb_mb": bomb_mb, "rows": rows, "files": {}, "failed": []}
    for name, data in files.items():
        path = work / (name if name.endswith(".csv") else f"{name}.xlsx")
        path.write_bytes(data)
        results["files"][name] = found = _refusal(store, path)
        log(f"  {name}: {found}")
        # every file but those at the limit must be refused; those are read, whatever they say
        if not name.startswith("at_row_limit") and (
            found["exit"] == 0 or found["said"] == "accepted"
        ):
            results["failed"].append(f"{name}: exit {found['exit']}, {found['said']}")
    return results


def summary(result: dict) -> dict:
    files = result.get("files") or {}
    return {
        "hostile_zip_bomb_s": (files.get("zip_bomb") or {}).get("seconds"),
        "hostile_too_many_rows_s": (files.get("too_many_rows") or {}).get("seconds"),
    }


def rows(result: dict) -> list[tuple[str, str]]:
    size = {
        "zip_bomb": f"{result.get('zip_bomb_mb')} MB unpacked",
        "too_many_rows": f"{result.get('rows'):,} rows",
    }
    return [
        (
            f"Hostile upload {name} ({size.get(name, 'the row limit')}): refused after (s);"
            " peak memory (MB); said",
            f"{entry['seconds']}; {entry['peak_rss_mb']}; {entry['said']}",
        )
        for name, entry in (result.get("files") or {}).items()
    ]
