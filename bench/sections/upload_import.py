"""import: the staff upload of many rows (``bench/stress.py`` writes it in the
template's shape) against a copy of the stress store: ``importing.read_upload`` (read)
and ``upload.preview`` (read + validate + diff) in process; then ``upload.import_file``
with confirm in ``bench/child_import.py``, a process of its own stopped at a cap
(the total extrapolated from its progress if it is stopped).
"""

import contextlib
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.harness import HERE, ROOT, bounded, log, median

NAME = "import"


def run_import_child(store: Path, file: Path, name: str, cap_s: float) -> dict:
    """One full import (read, validate, diff, apply) in a child process, at most ``cap_s``."""
    lines: list[dict] = []
    process = subprocess.Popen(
        [sys.executable, str(HERE / "child_import.py"), str(store), str(file), name],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=file.with_suffix(".log").open("w"),
        text=True,
    )

    def reader():
        for line in process.stdout:
            with contextlib.suppress(ValueError):
                lines.append(json.loads(line))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    started = time.perf_counter()
    finished = True
    try:
        process.wait(timeout=cap_s)
    except subprocess.TimeoutExpired:
        finished = False
        process.kill()
        process.wait(timeout=10)
    elapsed = time.perf_counter() - started
    thread.join(timeout=5)
    done = next((line for line in lines if line.get("phase") == "done"), None)
    if finished and done:
        return {"finished": True, "wall_s": round(elapsed, 2), **done}
    # stopped at the cap: extrapolate the write loop from its progress so far
    previewed = next((line for line in lines if line.get("phase") == "previewed"), {})
    writing = [line for line in lines if line.get("phase") == "writing"]
    result = {"finished": False, "cap_s": cap_s, **previewed}
    if writing and previewed and "done" in writing[-1]:
        last = writing[-1]
        per_row = (last["at_s"] - previewed["at_s"]) / last["done"]
        result.update(
            rows_written=last["done"],
            rows_total=last["total"],
            write_ms_per_row=round(per_row * 1000, 2),
            # linear in the rows written so far (per-row cost was steady in trials)
            estimated_total_s=round(previewed["at_s"] + per_row * last["total"], 1),
        )
    return result


def run(bench) -> dict:
    """The upload (20,000 rows, the row limit; 1,000 in a smoke run) as .xlsx and .csv
    against a copy of the stress store: read, validate + diff in process, then the whole import."""
    from bench import stress
    from cppcc.store import db
    from cppcc.upload import importing, pipeline

    # the stress store; the curated one in a smoke run (no stress store to build)
    stress_store, work = bench.store(bench.sizes["import_store"]), bench.work
    reps, cap_s = bench.sizes["import_dry"], bench.sizes["import_apply_cap_s"]
    rows = bench.sizes["import_rows"]
    files = stress.upload_files(stress_store, rows)
    out = {"rows": rows, "files": {}, "failed": []}
    for name, data in files.items():
        path = work / name
        path.write_bytes(data)
        reads, previews = [], []
        summary = None
        for _ in bounded(reps, 60):
            t = time.perf_counter()
            importing.read_upload(name, data)
            reads.append(time.perf_counter() - t)
            with db.connect(stress_store) as con:
                t = time.perf_counter()
                result = pipeline.preview(con, name, data)
                previews.append(time.perf_counter() - t)
            summary = result.summary()
        copy = work / f"import-{Path(name).suffix[1:]}.duckdb"
        shutil.copy(stress_store, copy)
        applied = run_import_child(copy, path, name, cap_s)
        copy.unlink(missing_ok=True)
        copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
        read_s, preview_s = median(reads), median(previews)
        entry = {
            "bytes": len(data),
            "read_s": round(read_s, 3),
            "validate_diff_s": round(preview_s - read_s, 3),
            "preview_s": round(preview_s, 3),
            "new": summary["new"] if summary else None,
            "changed": summary["changed"] if summary else None,
            "unchanged": summary["unchanged"] if summary else None,
            "errors": len(summary["errors"]) if summary else None,
            "apply": applied,
        }
        if applied.get("finished"):
            entry["total_s"] = round(applied["total_s"], 2)
            entry["apply_s"] = round(applied["total_s"] - applied.get("preview_s", 0), 2)
            entry["extrapolated"] = False
        elif applied.get("estimated_total_s") is not None:
            entry["total_s"] = applied["estimated_total_s"]
            entry["apply_s"] = round(applied["estimated_total_s"] - applied["at_s"], 1)
            entry["extrapolated"] = True
        else:
            entry["total_s"] = None
            entry["extrapolated"] = None
        out["files"][name] = entry
        if not applied.get("finished") and not entry["extrapolated"]:
            said = path.with_suffix(".log").read_text(errors="replace").strip().splitlines()
            out["failed"].append(f"{name}: no result ({said[-1] if said else 'no output'})")
        elif applied.get("problems"):
            out["failed"].append(f"{name}: {applied.get('first_problem')}")
        log(
            f"  import {name}: read {entry['read_s']} s, validate+diff "
            f"{entry['validate_diff_s']} s, total {entry['total_s']} s"
            + (" (extrapolated)" if entry["extrapolated"] else "")
        )
    return out


def summary(result: dict) -> dict:
    files = result.get("files") or {}
    total = {name: entry.get("total_s") for name, entry in files.items()}
    return {
        "import_rows": result.get("rows"),
        "import_xlsx_s": total.get("bench.xlsx"),
        "import_csv_s": total.get("bench.csv"),
        "import_extrapolated": any(f.get("extrapolated") for f in files.values()) or None,
    }


def rows(result: dict) -> list[tuple[str, str]]:
    return [
        (
            f"Import {name} ({result.get('rows')} rows): read / validate+diff / apply / total (s)",
            f"{entry['read_s']} / {entry['validate_diff_s']} / {entry.get('apply_s')} / "
            f"{entry.get('total_s')}{' (extrapolated)' if entry.get('extrapolated') else ''}",
        )
        for name, entry in (result.get("files") or {}).items()
    ]
