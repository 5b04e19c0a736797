"""A national-scale store, generated for the benchmark only.

The curated store plus about 3,200 synthetic committees in the country's hierarchy
(one national committee, 30 more provincial ones, ~330 prefecture and ~2,800 county
committees), 60 metrics and 10 years (2015–2024): about 1.7 million annual figures
with the usual mix of gaps (~12 % not reported), lower bounds (“60余”), approximate
and inferred years, plus multi-year spans, one report per committee and year as the
source, and five upload batches with their change history. ``--smoke`` builds the
same shape small (``SIZES["smoke"]``: 2 more provinces, a few hundred committees).

The rows are generated in SQL but written through the store's own schema and writers
(``bench/synthetic.py``): the figures by the upload's statement, the batches by
``pipeline.write`` itself, so the generator follows the schema as the app does.

Every figure here is made up and lives only in the file the caller names, never in
``data/``. Values are deterministic (a hash of the key). Building the full size takes
a minute or more on two cores, so ``cached_national_store`` keeps the file in
``bench/.cache`` (git-ignored), keyed on the generator, the writers, the schema and
the curated data, and reuses it.
"""

import hashlib
import shutil
from pathlib import Path

from bench import synthetic
from cppcc.store import db
from cppcc.store.config import CURATED_DIR, QUERIES_DIR, ROOT

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
SIZES = {
    # provinces besides Ningxia, prefectures per province, counties per prefecture
    "full": {"provinces": 30, "prefectures": 11, "counties": (7, 10), "batches": 5},
    "smoke": {"provinces": 2, "prefectures": 3, "counties": (2, 4), "batches": 2},
}
N_METRICS = 60
YEARS = range(2015, 2025)
CATEGORIES = ["提案", "社情民意", "协商", "履职平台", "成效"]
UNITS = ["件", "条", "次", "个", "篇"]

# one row per synthetic committee: national, provinces, prefectures, counties; adcodes
# PP0000 / PPCC00 / PPCCXX as the real ones are laid out (province 64 is Ningxia's)
_COMMITTEES = """
with provinces as (
    select unnest($provinces) as p
),
prefectures as (
    select p, c.range::integer as c
    from provinces cross join range(1, 1 + $n_prefectures) as c
),
counties as (
    select p, c, x.range::integer as x
    from prefectures
    cross join range(1, 1 + $county_max) as x
    where x.range <= $county_min + hash(p, c) % ($county_max - $county_min + 1)
),
rows as (
    select '100000' as adcode, '全国政协（基准测试）' as name_zh, '全国' as short_zh,
        'National (bench)' as name_en, 'region' as level, null as parent_adcode, 0 as k
    union all
    select printf('%02d0000', p), printf('测试省%02d政协', p), printf('测试省%02d', p),
        printf('Bench province %02d', p), 'region', '100000', p * 1000000
    from provinces
    union all
    select printf('%02d%02d00', p, c), printf('测试省%02d市%02d政协', p, c),
        printf('省%02d市%02d', p, c), printf('Bench city %02d-%02d', p, c), 'prefecture',
        printf('%02d0000', p), p * 1000000 + c * 1000
    from prefectures
    union all
    select printf('%02d%02d%02d', p, c, x), printf('测试省%02d市%02d县%02d政协', p, c, x),
        printf('省%02d市%02d县%02d', p, c, x), printf('Bench county %02d-%02d-%02d', p, c, x),
        'county', printf('%02d%02d00', p, c), p * 1000000 + c * 1000 + x
    from counties
)
select adcode, name_zh, short_zh, name_en, level, parent_adcode,
    -- inside Ningxia, so a map has somewhere to put a dot
    35.6 + (k % 97) * 0.03 as seat_lat, 105.4 + (k % 89) * 0.03 as seat_lon,
    'GCJ-02' as coord_system, k % 4 as jiedao, 5 + k % 7 as zhen, 2 + k % 5 as xiang,
    2022 as township_year, 1000 + row_number() over (order by k) as sort_order
from rows
"""

_METRICS = """
select printf('bench_metric_%03d', i) as code, printf('测试指标%03d', i) as name_zh,
    printf('Bench metric %03d', i) as name_en,
    list_extract($units, 1 + i % len($units)) as unit_zh,
    list_extract($categories, 1 + i % len($categories)) as category, 1000 + i as sort_order
from range(1, 1 + $count) as r(i)
"""

# one report a year for every synthetic committee: the source its figures cite
_SOURCES = """
select printf('N%s-%d', c.adcode, y.range) as source_id,
    printf('%s%d年工作报告（基准测试合成数据）', c.name_zh, y.range) as title,
    c.name_zh as publisher, y.range + 1 as published_year,
    case when hash(c.adcode, y.range) % 9 = 0 then 'inferred' else 'stated' end as date_basis,
    'curated' as origin
from committees as c cross join range($first, $stop) as y
where c.sort_order >= 1000
"""

# a deterministic figure for every key of a synthetic committee, with gaps
_FIGURES = """
with keys as (
    select c.adcode, c.short_zh, m.code as metric, m.name_zh as metric_name,
        m.unit_zh as unit, y.range::integer as year, hash(c.adcode, m.code, y.range) as h
    from committees as c
    cross join metrics as m
    cross join range($first, $stop) as y
    where c.sort_order >= 1000
),
valued as (
    select *,
        case
            when unit = '%' then 50 + h % 50
            when metric = 'proposals_accepted' then 100 + h % 200
            when metric = 'proposals_received' then 400 + h % 400
            else 1 + h % 900
        end as value,
        case when h % 17 = 0 then 'at_least' when h % 23 = 0 then 'approx' else 'exact' end
            as qualifier
    from keys
    -- about one key in eight is not reported
    where h % 8 <> 3
)
select adcode, metric, year as period_start, year as period_end, value::double as value,
    qualifier, case when h % 11 = 0 then 'inferred' else 'stated' end as year_basis,
    printf('N%s-%d', adcode, year) as source_id,
    printf('%s%d年%s%s%d%s（合成数字，仅供基准测试）', short_zh, year, metric_name,
        case when qualifier = 'at_least' then '' else '共' end, value::integer,
        case when qualifier = 'at_least' then '余' || unit else unit end) as quote,
    null as note, 'curated' as origin, null::integer as batch_id
from valued
"""

# five-year totals (2016–2020) for about one committee and metric in twelve
_SPANS = """
select adcode, metric, 2016 as period_start, 2020 as period_end, sum(value) as value,
    'at_least' as qualifier, 'stated' as year_basis, printf('N%s-2020', adcode) as source_id,
    '“十三五”期间合计（合成数字，仅供基准测试）' as quote, null as note, 'curated' as origin,
    null::integer as batch_id
from figures
where period_start between 2016 and 2020 and period_start = period_end
    and starts_with(source_id, 'N') and hash(adcode, metric) % 12 = 5
group by adcode, metric
having count(*) = 5
"""

# an upload batch: the latest year of one synthetic province's committees
_BATCH = """
f.period_start = $year and f.period_end = $year and f.origin = 'curated'
    and starts_with(f.source_id, 'N') and left(f.adcode, 2) = $province
"""


def _provinces(shape: dict) -> list[int]:
    """The synthetic provinces' numbers: 11, 12, … without Ningxia's 64."""
    return [p for p in range(11, 100) if p != 64][: shape["provinces"]]


def _key(size: str) -> str:
    """What the cached file depends on: the generator, the writers, the schema, the
    curated data, and the size."""
    digest = hashlib.sha256(size.encode())
    for path in (
        Path(__file__),
        HERE / "synthetic.py",
        ROOT / "cppcc" / "upload" / "pipeline.py",
        QUERIES_DIR / "schema.sql",
        QUERIES_DIR / "upsert_figures_from_frame.sql",
        QUERIES_DIR / "insert_batch.sql",
        QUERIES_DIR / "insert_figure_changes_from_batch.sql",
        *sorted(CURATED_DIR.glob("*.csv")),
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_national_store(path: Path, size: str = "full") -> dict[str, int]:
    """The curated store plus the national synthetic rows, at ``path``."""
    path = Path(path)
    if (ROOT / "data") in path.resolve().parents:
        raise ValueError("the national store belongs in bench/.cache or a temporary folder")
    shape = SIZES[size]
    years = {"first": YEARS.start, "stop": YEARS.stop}
    db.build(path)
    with db.transaction(path) as con:
        synthetic.insert_rows(
            con,
            "committees",
            _COMMITTEES,
            {
                "provinces": _provinces(shape),
                "n_prefectures": shape["prefectures"],
                "county_min": shape["counties"][0],
                "county_max": shape["counties"][1],
            },
        )
        # the curated region sits under the national committee like every province
        con.execute("update committees set parent_adcode = '100000' where adcode = '640000'")
        have = con.execute("select count(*) from metrics").fetchone()[0]
        synthetic.insert_rows(
            con, "metrics", _METRICS,
            {"count": N_METRICS - have, "units": UNITS, "categories": CATEGORIES},
        )  # fmt: skip
        synthetic.insert_rows(con, "sources", _SOURCES, years)
    with db.transaction(path) as con:
        synthetic.insert_figures(con, _FIGURES, years)
        synthetic.insert_figures(con, _SPANS)
    for index in range(shape["batches"]):
        province = f"{_provinces(shape)[index % shape['provinces']]:02d}"
        with db.transaction(path) as con:
            synthetic.upload_batch(
                con, _BATCH, {"year": YEARS.stop - 1, "province": province},
                user=f"bench{index}", file_name=f"national-{index}.xlsx",
            )  # fmt: skip
    with db.connect(path, read_only=False) as con:
        con.execute("checkpoint")
        return synthetic.counts(con)


def cached_national_store(work: Path, size: str = "full") -> tuple[Path, dict[str, int], bool]:
    """A copy of the national store in ``work``, built once into ``bench/.cache``.

    Returns the copy's path, its counts, and whether it came from the cache."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"national-{size}-{_key(size)}.duckdb"
    hit = cached.exists()
    if not hit:
        for old in CACHE.glob("national-*"):
            # this size's older builds, and files named before sizes existed
            if old.name.startswith(f"national-{size}-") or not old.name.startswith(
                tuple(f"national-{name}-" for name in SIZES)
            ):
                old.unlink()
        partial = cached.with_suffix(".building")
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        build_national_store(partial, size)
        partial.rename(cached)
    copy = Path(work) / f"national-{size}.duckdb"
    shutil.copy(cached, copy)
    with db.connect(copy) as con:
        counts = synthetic.counts(con)
    return copy, counts, hit
