"""upload_page: the worst uploads within the limits, through the real page. A Streamlit
server of ``app.py`` on a copy of the curated store, a signed-in staff account, and
Chromium choosing each file on the 数据上传 page; then the apply button.

Per file, a fresh server (so its peak is this file's): seconds from choosing the file to
the apply button drawn (upload, read, validate, diff, the preview's tables), seconds
from the click to “已写入批次”, and the server process's own memory — ``VmHWM`` (peak
resident set since it started: imports, the first page, the upload and everything the
page holds) before the upload, after the preview and after the apply — read from
``/proc/<pid>/status``. Then a second server, freshly started on the store as the apply
left it and opened on the same page: its peak is what serving the bigger store costs,
so the upload's own transient cost is the difference. The files: 20,000 rows (the row
limit, ``MAX_ROWS``; ``BENCH_UPLOAD_ROWS`` sets another count, up to that limit) with
every column filled and each report title, quote and note long and the row's own: as
.xlsx with just under the text limit (``MAX_TEXT``), and as .csv at the 5 MB size
limit: the worst files within the limits for memory. A smoke run uses 1,000 rows, as
.xlsx only.
"""

import os
import re
import shutil
import time
from pathlib import Path

from bench.harness import ROOT, Server, log

NAME = "upload_page"
_USER, _PASSWORD = "基准", "bench-password-9"


def _status_mb(pid: int) -> dict:
    """VmHWM and VmRSS of a process, in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            found[key] = round(int(value.split()[0]) / 1024, 1)
    return found


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def files(rows: int) -> dict[str, bytes]:
    from tests.upload_corpus import long_texts_csv, long_texts_xlsx

    return {"long_texts.xlsx": long_texts_xlsx(rows), "long_texts.csv": long_texts_csv(rows)}


def _sign_in(page, url: str) -> None:
    page.goto(f"{url}/upload", timeout=60_000)
    page.get_by_label("用户名").fill(_USER)
    page.get_by_label("密码").fill(_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector(f"text=已登录：{_USER}", timeout=60_000)


def steady_peak(bench, store: Path, users: Path) -> float | None:
    """The peak of a server freshly started on the store as the apply left it, signed in
    on the same page: what serving the bigger store costs, without the upload's own
    transient cost."""
    from bench import browser as bench_browser

    server = Server(ROOT / "app.py", store, bench.logs, env={"CPPCC_USERS": str(users)})
    server.start()
    context = bench.browser().new_context(viewport=bench_browser.VIEWPORT, locale="zh-CN")
    try:
        _sign_in(context.new_page(), server.url)
        return _status_mb(server.pid).get("VmHWM")
    finally:
        context.close()
        server.stop()


def one_file(bench, store: Path, users: Path, path: Path, rows: int) -> dict:
    """A fresh server; the file chosen on the page, previewed and applied. What was
    measured before a step failed is kept, with the step (``stopped_at``) and a
    screenshot in the run's log folder."""
    from bench import browser as bench_browser

    copy = bench.work / "upload-page.duckdb"
    shutil.copy(store, copy)
    server = Server(ROOT / "app.py", copy, bench.logs, env={"CPPCC_USERS": str(users)})
    server.start()
    context = bench.browser().new_context(viewport=bench_browser.VIEWPORT, locale="zh-CN")
    entry = {"bytes": path.stat().st_size, "stopped_at": "sign-in"}
    page = context.new_page()
    try:
        _sign_in(page, server.url)
        entry["peak_before_mb"] = _status_mb(server.pid).get("VmHWM")
        entry["stopped_at"], started, cpu = "preview", time.perf_counter(), _cpu_s(server.pid)
        page.locator('input[type="file"]').set_input_files(str(path))
        apply = page.get_by_role("button", name=re.compile(f"^确认写入（{rows:,} "))
        apply.wait_for(timeout=120_000)
        entry["preview_s"] = round(time.perf_counter() - started, 2)
        entry["preview_cpu_s"] = round(_cpu_s(server.pid) - cpu, 2)
        entry["peak_after_preview_mb"] = _status_mb(server.pid).get("VmHWM")
        entry["stopped_at"], started, cpu = "apply", time.perf_counter(), _cpu_s(server.pid)
        apply.click()
        page.wait_for_selector("text=已写入批次", timeout=120_000)
        entry["apply_s"] = round(time.perf_counter() - started, 2)
        entry["apply_cpu_s"] = round(_cpu_s(server.pid) - cpu, 2)
        memory = _status_mb(server.pid)
        entry.update(
            peak_after_apply_mb=memory.get("VmHWM"), rss_after_apply_mb=memory.get("VmRSS")
        )
        del entry["stopped_at"]
    except Exception as error:  # kept with what was measured
        entry["error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        entry["peak_at_failure_mb"] = _status_mb(server.pid).get("VmHWM")
        page.screenshot(path=str(bench.logs / f"upload-page-{path.stem}-{path.suffix[1:]}.png"))
    finally:
        context.close()
        server.stop()
    try:
        if "error" not in entry:
            entry["steady_peak_mb"] = steady_peak(bench, copy, users)
    except Exception as error:  # the upload's figures are kept
        entry["steady_error"] = f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
    finally:
        copy.unlink(missing_ok=True)
        copy.with_name(copy.name + ".wal").unlink(missing_ok=True)
    return entry


def run(bench) -> dict:
    from cppcc.upload import accounts

    rows = int(os.environ.get("BENCH_UPLOAD_ROWS") or bench.sizes["upload_page_rows"])
    users = bench.work / "upload-page-users.json"
    accounts.add_user(_USER, _PASSWORD, users, role="admin")
    out = {"rows": rows, "files": {}, "failed": []}
    chosen = files(rows)
    if bench.mode == "smoke":  # one server start, not two: the smoke says the path runs
        chosen = {"long_texts.xlsx": chosen["long_texts.xlsx"]}
    for name, data in chosen.items():
        path = bench.work / name
        path.write_bytes(data)
        out["files"][name] = entry = one_file(bench, bench.store("realistic"), users, path, rows)
        if "error" in entry:
            out["failed"].append(f"{name}: {entry['stopped_at']}: {entry['error']}")
        log(f"  upload page {name}: {entry}")
    return out


def summary(result: dict) -> dict:
    files = (result.get("files") or {}).values()
    peaks = [f.get("peak_after_apply_mb") or f.get("peak_at_failure_mb") for f in files]
    seconds = [max(f.get("preview_s") or 0, f.get("apply_s") or 0) for f in files]
    return {
        "upload_page_peak_mb": max(filter(None, peaks), default=None),
        "upload_page_worst_step_s": max(seconds) if seconds else None,
    }


def rows(result: dict) -> list[tuple[str, str]]:
    return [
        (
            f"Upload page {name} ({result.get('rows'):,} rows, {entry['bytes'] / 2**20:.1f} MB):"
            " choose → preview drawn / apply → written, s (server CPU s); server peak before /"
            " after preview / after apply (MB); a server freshly started on the store the apply"
            " left, signed in on the page (MB)",
            f"{entry.get('preview_s')} ({entry.get('preview_cpu_s')}) / {entry.get('apply_s')}"
            f" ({entry.get('apply_cpu_s')}); {entry.get('peak_before_mb')} / "
            f"{entry.get('peak_after_preview_mb')} / {entry.get('peak_after_apply_mb')};"
            f" {entry.get('steady_peak_mb')}"
            + (
                f" (stopped at {entry['stopped_at']}: {entry['error']})" if "error" in entry else ""
            ),
        )
        for name, entry in (result.get("files") or {}).items()
    ]
