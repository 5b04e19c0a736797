"""The bench's targets, in one table: what the report prints and what it judges.

Each row: the label (``{key}`` placeholders are filled from the summary, to name the
worst page or query), the summary key that holds the measurement, its unit, the
limit (measured ≤ limit passes) and the section that measures it. Targets are reported,
never asserted: a miss does not fail the run (a section that errors does).
Issue #24 set them (on a 2-core machine, the bare app measured in the same run).
"""

from typing import NamedTuple


class Target(NamedTuple):
    label: str
    key: str
    unit: str
    limit: float
    section: str


TARGETS = [
    Target(
        "Server rerun p50, worst page ({rerun_worst_page_curated}, curated) ÷ bare app "
        "({rerun_p50_worst_curated} / {rerun_baseline_ms} ms)",
        "rerun_p50_ratio_curated", "×", 2.0, "reruns",
    ),
    Target(
        "Server rerun p50, worst page ({rerun_worst_page_national}, national store)",
        "rerun_p50_worst_national", "ms", 150, "reruns",
    ),
    Target(
        "Page query median, worst ({query_worst_curated}, curated)",
        "query_ms_worst_curated", "ms", 5, "queries",
    ),
    Target(
        "Page query median, worst ({query_worst_national}, national store)",
        "query_ms_worst_national", "ms", 25, "queries",
    ),
    Target(
        "Page → first chart, worst page ({worst_page}) ÷ bare page, warm",
        "worst_page_first_chart_ratio", "×", 1.15, "pages",
    ),
    Target(
        "Cold start → first chart ÷ bare page ({cold_first_chart_s} s)",
        "cold_first_chart_ratio", "×", 1.2, "cold",
    ),
    Target(
        "Metric change → new chart, median ({interaction_selector} {interaction_ms_median} ms)"
        " ÷ control app ({interaction_baseline_ms_median} ms)",
        "interaction_ratio", "×", 1.3, "interaction",
    ),
    Target(
        "Server CPU per new session ({cpu_per_session_s} s) ÷ bare app "
        "({cpu_per_session_baseline_s} s)",
        "cpu_per_session_ratio", "×", 1.3, "sessions",
    ),
    Target(
        "100 new sessions on one server: first chart p95",
        "sessions_100_first_chart_p95_ms", "ms", 15_000, "sessions",
    ),
    Target(
        "100 new sessions on one server: sessions lost (no chart or dropped)",
        "sessions_100_lost", "", 0, "sessions",
    ),
    Target(
        "100 new sessions through nginx to two servers: first chart p95",
        "cluster_100_first_chart_p95_ms", "ms", 8_000, "cluster",
    ),
    Target(
        "100 new sessions through nginx to two servers: sessions lost",
        "cluster_100_lost", "", 0, "cluster",
    ),
    Target(
        "{import_rows}-row import, xlsx (read + validate + diff + apply)",
        "import_xlsx_s", "s", 2, "import",
    ),
    Target("{import_rows}-row import, csv", "import_csv_s", "s", 1, "import"),
    Target(
        "Upload page, worst file within the limits: server process peak memory (#27)",
        "upload_page_peak_mb", "MB", 400, "upload_page",
    ),
    Target(
        "Upload page, worst file: choose → preview, or apply → written, slower step (#27)",
        "upload_page_worst_step_s", "s", 10, "upload_page",
    ),
    Target("{workbooks_committees} round workbooks generated", "workbooks_s", "s", 5, "collect"),
    Target(
        "Progress board query, a round of {board_committees} committees (national store)",
        "board_query_ms", "ms", 20, "collect",
    ),
    Target("PNG 1920×1080, warm", "png_warm_s", "s", 0.3, "export"),
    Target("First PNG of a session, after start-up warming", "png_first_s", "s", 0.5, "export"),
    Target("The whole bench (make bench)", "bench_full_s", "s", 600, "run"),
    Target("The smoke run (bench/run.py --smoke)", "bench_smoke_s", "s", 240, "run"),
]  # fmt: skip

# the summary keys the run itself fills (not a section)
RUN_KEYS = ("bench_full_s", "bench_quick_s", "bench_smoke_s", "mode")
