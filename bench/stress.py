"""A stress store and a 30,000-row upload, generated for the benchmark only.

The stress store is the curated store plus synthetic committees and metrics, so it
holds 28 committees × 100 metrics × 20 years (2005–2024) of annual figures, and one
uploaded batch, for query latency at a size the dashboard may reach. The upload is
28 committees × 100 metrics × 11 years in the template's own shape (xlsx and csv).

Every figure here is made up: it lives only in temporary files the caller names,
never in ``data/``. Values are deterministic (a hash of the key), so two runs measure
the same data; received ≥ accepted and percentages ≤ 100, so the upload validates.
"""

import hashlib
from pathlib import Path

from cppcc.store import db
from cppcc.store.config import ROOT
from cppcc.upload import pipeline, template

N_COMMITTEES = 28
N_METRICS = 100
YEARS = range(2005, 2025)  # 20 years in the stress store
UPLOAD_YEARS = range(2015, 2026)  # 11 years in the upload: 2015–2024 overlap, 2025 is new
UPLOAD_ROWS = 30_000
SOURCE_ID = "BENCH"
SOURCE_TITLE = "基准测试合成数据（非真实数字）"
CATEGORIES = ["提案", "社情民意", "协商", "履职平台", "成效"]
UNITS = ["件", "条", "次", "个", "篇"]


def _add_committees(con, count: int) -> None:
    have = con.execute("select count(*) from committees").fetchone()[0]
    for index in range(1, count - have + 1):
        con.execute(
            """
            insert into committees (
                adcode, name_zh, short_zh, name_en, level, parent_adcode, seat_lat, seat_lon,
                coord_system, jiedao, zhen, xiang, township_year, sort_order
            )
            values ($adcode, $name_zh, $short_zh, $name_en, 'county', '640100', $lat, $lon,
                'GCJ-02', $jiedao, $zhen, $xiang, 2022, 100 + $index)
            """,
            {
                "adcode": f"6491{index:02d}",
                "name_zh": f"基准测试县{index:02d}政协",
                "short_zh": f"测试{index:02d}",
                "name_en": f"Bench county {index:02d}",
                # inside Ningxia, so the map has somewhere to put the dot
                "lat": 35.6 + (index % 10) * 0.33,
                "lon": 105.4 + (index // 10) * 0.6,
                "jiedao": index % 4,
                "zhen": 5 + index % 7,
                "xiang": 2 + index % 5,
                "index": index,
            },
        )


def _add_metrics(con, count: int) -> None:
    have = con.execute("select count(*) from metrics").fetchone()[0]
    for index in range(1, count - have + 1):
        con.execute(
            """
            insert into metrics (code, name_zh, name_en, unit_zh, category, sort_order)
            values ($code, $name_zh, $name_en, $unit, $category, 100 + $index)
            """,
            {
                "code": f"bench_metric_{index:03d}",
                "name_zh": f"测试指标{index:03d}",
                "name_en": f"Bench metric {index:03d}",
                "unit": UNITS[index % len(UNITS)],
                "category": CATEGORIES[index % len(CATEGORIES)],
                "index": index,
            },
        )


# a deterministic figure for every key: percentages stay ≤ 100, accepted stays below
# received; keys the curated figures already hold are left to them
_FIGURES = f"""
insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
with keys as (
    select c.adcode, m.code as metric, m.unit_zh as unit, y.range::integer as year,
        hash(c.adcode, m.code, y.range) as h
    from committees as c
    cross join metrics as m
    cross join range({YEARS.start}, {YEARS.stop}) as y
)
select
    adcode, metric, year, year,
    case
        when unit = '%' then 50 + h % 50
        when metric = 'proposals_accepted' then 100 + h % 200
        when metric = 'proposals_received' then 400 + h % 400
        else 1 + h % 900
    end,
    case when h % 17 = 0 then 'at_least' when h % 23 = 0 then 'approx' else 'exact' end,
    case when h % 11 = 0 then 'inferred' else 'stated' end,
    '{SOURCE_ID}',
    '合成数字，仅供基准测试',
    null,
    'curated',
    null
from keys
where not exists (
    select 1 from figures as f
    where f.adcode = keys.adcode and f.metric = keys.metric
        and f.period_start = keys.year and f.period_end = keys.year
)
"""


def build_stress_store(path: Path) -> dict[str, int]:
    """The curated store plus synthetic rows, at ``path`` (a temporary file)."""
    path = Path(path)
    if (ROOT / "data") in path.resolve().parents:
        raise ValueError("the stress store belongs in a temporary folder, not data/")
    db.build(path)
    with db.connect(path, read_only=False) as con:
        con.execute("begin transaction")
        _add_committees(con, N_COMMITTEES)
        _add_metrics(con, N_METRICS)
        con.execute(
            """
            insert into sources (source_id, title, published_year, date_basis, origin)
            values ($id, $title, 2024, 'stated', 'curated')
            """,
            {"id": SOURCE_ID, "title": SOURCE_TITLE},
        )
        con.execute(_FIGURES)
        # one uploaded batch (the latest year of every committee and metric), so the
        # history queries have something of realistic size to read
        batch = con.execute(
            """
            insert into batches (kind, user_name, file_name, n_new, n_changed, reason)
            values ('upload', 'bench', 'bench.xlsx', 0, 0, '基准测试')
            returning batch_id
            """
        ).fetchone()[0]
        con.execute(
            """
            insert into figure_changes (batch_id, adcode, metric, period_start, period_end,
                source_id, previous)
            select $batch, adcode, metric, period_start, period_end, source_id, null
            from figures where period_start = $year and source_id = $source
            """,
            {"batch": batch, "year": YEARS.stop - 1, "source": SOURCE_ID},
        )
        con.execute(
            """
            update figures set origin = 'uploaded', batch_id = $batch
            where period_start = $year and source_id = $source
            """,
            {"batch": batch, "year": YEARS.stop - 1, "source": SOURCE_ID},
        )
        con.execute("update batches set n_new = (select count(*) from figure_changes)")
        con.execute("commit")
        con.execute("checkpoint")
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("committees", "metrics", "figures", "figure_changes")
        }
    return counts


def _value(key: str, unit: str, metric: str) -> str:
    h = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big")
    if unit == "%":
        return str(50 + h % 50)
    if metric == "proposals_accepted":
        return str(100 + h % 200)
    if metric == "proposals_received":
        return str(400 + h % 400)
    # a few lower bounds written the way offices write them
    return f"{1 + h % 900}余" if h % 19 == 0 else str(1 + h % 900)


def upload_rows(path: Path, count: int = UPLOAD_ROWS) -> tuple[list[list], list, list]:
    """``count`` rows in the template's columns, against the store at ``path``."""
    with db.connect(path) as con:
        committees, metrics = pipeline.catalogue(con)
    rows = []
    for year in UPLOAD_YEARS:
        for committee in committees[:N_COMMITTEES]:
            for metric in metrics[:N_METRICS]:
                key = f"{committee['adcode']}|{metric['code']}|{year}"
                rows.append(
                    [
                        committee["short_zh"],
                        metric["name_zh"],
                        year,
                        "",
                        _value(key, metric["unit_zh"], metric["code"]),
                        "",
                        f"{committee['name_zh']}{year}年工作报告（基准测试）",
                        "合成数字，仅供基准测试",
                        "",
                    ]
                )
                if len(rows) == count:
                    return rows, committees, metrics
    return rows, committees, metrics


def upload_files(path: Path, count: int = UPLOAD_ROWS) -> dict[str, bytes]:
    """The upload as the template's .xlsx and .csv: ``{"bench.xlsx": …, "bench.csv": …}``."""
    rows, committees, metrics = upload_rows(path, count)
    return {
        "bench.xlsx": template.xlsx(committees, metrics, rows),
        "bench.csv": template.csv_bytes(rows),
    }
