"""A stress store and a 20,000-row upload (the row limit), generated for the benchmark only.

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

from bench import synthetic
from cppcc.store import db
from cppcc.store.config import ROOT
from cppcc.upload import pipeline, template

N_COMMITTEES = 28
N_METRICS = 100
YEARS = range(2005, 2025)  # 20 years in the stress store
UPLOAD_YEARS = range(2015, 2026)  # 11 years in the upload: 2015–2024 overlap, 2025 is new
UPLOAD_ROWS = 20_000  # the row limit (cppcc.upload.limits.MAX_ROWS)
SOURCE_ID = "BENCH"
SOURCE_TITLE = "基准测试合成数据（非真实数字）"
CATEGORIES = ["提案", "社情民意", "协商", "履职平台", "成效"]
UNITS = ["件", "条", "次", "个", "篇"]


# the synthetic committees and metrics that bring the curated ones up to the sizes above
_COMMITTEES = """
select printf('6491%02d', i) as adcode, printf('基准测试县%02d政协', i) as name_zh,
    printf('测试%02d', i) as short_zh, printf('Bench county %02d', i) as name_en,
    'county' as level, '640100' as parent_adcode,
    -- inside Ningxia, so the map has somewhere to put the dot
    35.6 + (i % 10) * 0.33 as seat_lat, 105.4 + (i // 10) * 0.6 as seat_lon,
    'GCJ-02' as coord_system, i % 4 as jiedao, 5 + i % 7 as zhen, 2 + i % 5 as xiang,
    2022 as township_year, 100 + i as sort_order
from range(1, 1 + $count) as r(i)
"""

_METRICS = """
select printf('bench_metric_%03d', i) as code, printf('测试指标%03d', i) as name_zh,
    printf('Bench metric %03d', i) as name_en,
    list_extract($units, 1 + i % len($units)) as unit_zh,
    list_extract($categories, 1 + i % len($categories)) as category, 100 + i as sort_order
from range(1, 1 + $count) as r(i)
"""

# a deterministic figure for every key: percentages stay ≤ 100, accepted stays below
# received; keys the curated figures already hold are left to them (synthetic.py)
_FIGURES = """
with keys as (
    select c.adcode, m.code as metric, m.unit_zh as unit, y.range::integer as year,
        hash(c.adcode, m.code, y.range) as h
    from committees as c
    cross join metrics as m
    cross join range($first, $stop) as y
)
select
    adcode, metric, year as period_start, year as period_end,
    case
        when unit = '%' then 50 + h % 50
        when metric = 'proposals_accepted' then 100 + h % 200
        when metric = 'proposals_received' then 400 + h % 400
        else 1 + h % 900
    end::double as value,
    case when h % 17 = 0 then 'at_least' when h % 23 = 0 then 'approx' else 'exact' end
        as qualifier,
    case when h % 11 = 0 then 'inferred' else 'stated' end as year_basis,
    $source as source_id, '合成数字，仅供基准测试' as quote, null as note,
    'curated' as origin, null::integer as batch_id
from keys
"""


def build_stress_store(path: Path) -> dict[str, int]:
    """The curated store plus synthetic rows, at ``path`` (a temporary file)."""
    path = Path(path)
    if (ROOT / "data") in path.resolve().parents:
        raise ValueError("the stress store belongs in a temporary folder, not data/")
    db.build(path)
    with db.transaction(path) as con:
        have = con.execute("select count(*) from committees").fetchone()[0]
        synthetic.insert_rows(con, "committees", _COMMITTEES, {"count": N_COMMITTEES - have})
        have = con.execute("select count(*) from metrics").fetchone()[0]
        synthetic.insert_rows(
            con, "metrics", _METRICS,
            {"count": N_METRICS - have, "units": UNITS, "categories": CATEGORIES},
        )  # fmt: skip
        synthetic.insert_rows(
            con,
            "sources",
            "select $id as source_id, $title as title, 2024 as published_year,"
            " 'stated' as date_basis, 'curated' as origin",
            {"id": SOURCE_ID, "title": SOURCE_TITLE},
        )
        synthetic.insert_figures(
            con, _FIGURES, {"first": YEARS.start, "stop": YEARS.stop, "source": SOURCE_ID}
        )
    # one uploaded batch (the latest year of every committee and metric), written as an
    # upload writes it, so the history queries have something of realistic size to read
    with db.transaction(path) as con:
        synthetic.upload_batch(
            con, "f.period_start = $year and f.period_end = $year and f.source_id = $source",
            {"year": YEARS.stop - 1, "source": SOURCE_ID}, user="bench", file_name="bench.xlsx",
        )  # fmt: skip
    with db.connect(path, read_only=False) as con:
        con.execute("checkpoint")
        return synthetic.counts(con, ("committees", "metrics", "figures", "figure_changes"))


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
