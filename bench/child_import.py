"""One import of a file into a store, in a process of its own, reporting as it goes.

The import section (``bench/sections/upload_import.py``) starts this with a time limit
and stops it (by its own pid) when the limit passes, so a slow import cannot hold up
the benchmark. Each line on stdout is one JSON object: the read and preview times once
the preview is done, progress while rows are written (through the hook
``cppcc.upload.pipeline`` has between its statements), and the result.

    python bench/child_import.py STORE FILE NAME
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cppcc.upload import pipeline  # noqa: E402

PROGRESS_EVERY = 500


def say(**fields) -> None:
    print(json.dumps(fields), flush=True)


def main(store: str, file: str, name: str) -> None:
    data = Path(file).read_bytes()
    started = time.perf_counter()
    timings: dict[str, float] = {}

    read_upload, preview = pipeline.read_upload, pipeline.preview

    def timed_read(*args, **kwargs):
        t = time.perf_counter()
        try:
            return read_upload(*args, **kwargs)
        finally:
            timings["read_s"] = time.perf_counter() - t

    def timed_preview(*args, **kwargs):
        t = time.perf_counter()
        try:
            return preview(*args, **kwargs)
        finally:
            timings["preview_s"] = time.perf_counter() - t
            say(phase="previewed", at_s=time.perf_counter() - started, **timings)

    def progress(*args) -> None:
        # the writer is set-based now: its hook runs once, between the change log and
        # the figures; an older per-row writer passed (done, total)
        if not args:
            say(phase="writing", at_s=time.perf_counter() - started)
            return
        done, total = args
        if (done + 1) % PROGRESS_EVERY == 0 or done + 1 == total:
            say(phase="writing", done=done + 1, total=total, at_s=time.perf_counter() - started)

    # the benchmark's own instrumentation, patched in this process only
    # (the pipeline calls these by their module-level names)
    pipeline.read_upload, pipeline.preview = timed_read, timed_preview
    pipeline._pause_for_tests = progress
    result, batch = pipeline.import_file(
        Path(store),
        name,
        data,
        user="bench",
        reason="基准测试",
        confirm_curated=True,
    )
    say(
        phase="done",
        total_s=time.perf_counter() - started,
        batch=batch,
        problems=len(result.problems),
        first_problem=str(result.problems[0]) if result.problems else None,
        new=len(result.new),
        changed=len(result.changed),
        unchanged=len(result.unchanged),
        **timings,
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
