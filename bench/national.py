"""A national-scale store, generated for the benchmark only.

The curated store plus about 3,200 synthetic committees in the country's hierarchy
(one national committee, 30 more provincial ones, ~330 prefecture and ~2,800 county
committees), 60 metrics and 10 years (2015–2024): about 1.7 million annual figures
with the usual mix of gaps (~12 % not reported), lower bounds (“60余”), approximate
and inferred years, plus multi-year spans, one report per committee and year as the
source, and five upload batches with their change history.

Every figure here is made up and lives only in the file the caller names, never in
``data/``. Values are deterministic (a hash of the key). Building takes about a
minute on two cores, so ``cached_national_store`` keeps the file in ``bench/.cache``
(git-ignored), keyed on this file, the schema and the curated data, and reuses it.
"""

import hashlib
import shutil
from pathlib import Path

from cppcc.store import db
from cppcc.store.config import CURATED_DIR, QUERIES_DIR, ROOT

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
N_PROVINCES = 31  # Ningxia (curated) and 30 synthetic ones
PREFECTURES_PER_PROVINCE = 11
COUNTIES_PER_PREFECTURE = (7, 10)  # 7–10 counties each, ~8.5 on average
N_METRICS = 60
YEARS = range(2015, 2025)
CATEGORIES = ["提案", "社情民意", "协商", "履职平台", "成效"]
UNITS = ["件", "条", "次", "个", "篇"]
N_BATCHES = 5

# one row per synthetic committee, generated in SQL: national, provinces, prefectures,
# counties; adcodes PP0000 / PPCC00 / PPCCXX as the real ones are laid out
_COMMITTEES = """
insert into committees (
    adcode, name_zh, short_zh, name_en, level, parent_adcode, seat_lat, seat_lon,
    coord_system, jiedao, zhen, xiang, township_year, sort_order
)
with provinces as (
    select p.range::integer as p
    from range(11, 11 + $n_provinces) as p
    where p.range <> 64
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
    35.6 + (k % 97) * 0.03, 105.4 + (k % 89) * 0.03, 'GCJ-02',
    k % 4, 5 + k % 7, 2 + k % 5, 2022, 1000 + row_number() over (order by k)
from rows
"""

_METRICS = """
insert into metrics (code, name_zh, name_en, unit_zh, category, sort_order)
select printf('bench_metric_%03d', i), printf('测试指标%03d', i), printf('Bench metric %03d', i),
    list_extract($units, 1 + i % len($units)),
    list_extract($categories, 1 + i % len($categories)), 1000 + i
from range(1, 1 + $count) as r(i)
"""

# one report a year for every committee: the source its figures cite
_SOURCES = """
insert into sources (source_id, title, publisher, published_year, date_basis, origin)
select printf('N%s-%d', c.adcode, y.range),
    printf('%s%d年工作报告（基准测试合成数据）', c.name_zh, y.range), c.name_zh, y.range + 1,
    case when hash(c.adcode, y.range) % 9 = 0 then 'inferred' else 'stated' end, 'curated'
from committees as c cross join range($first, $stop) as y
"""

# a deterministic figure for every key, with gaps; the curated figures already in the
# store are kept (on conflict do nothing)
_FIGURES = """
insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
with keys as (
    select c.adcode, c.short_zh, m.code as metric, m.name_zh as metric_name,
        m.unit_zh as unit, y.range::integer as year, hash(c.adcode, m.code, y.range) as h
    from committees as c
    cross join metrics as m
    cross join range($first, $stop) as y
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
select adcode, metric, year, year, value, qualifier,
    case when h % 11 = 0 then 'inferred' else 'stated' end,
    printf('N%s-%d', adcode, year),
    printf('%s%d年%s%s%d%s（合成数字，仅供基准测试）', short_zh, year, metric_name,
        case when qualifier = 'at_least' then '' else '共' end, value::integer,
        case when qualifier = 'at_least' then '余' || unit else unit end),
    null, 'curated', null
from valued
on conflict do nothing
"""

# five-year totals (2016–2020) for about one committee and metric in twelve
_SPANS = """
insert into figures (
    adcode, metric, period_start, period_end, value, qualifier, year_basis,
    source_id, quote, note, origin, batch_id
)
select adcode, metric, 2016, 2020, sum(value), 'at_least', 'stated',
    printf('N%s-2020', adcode), '“十三五”期间合计（合成数字，仅供基准测试）', null, 'curated', null
from figures
where period_start between 2016 and 2020 and period_start = period_end
    and hash(adcode, metric) % 12 = 5
group by adcode, metric
having count(*) = 5
on conflict do nothing
"""


def _key() -> str:
    """What the cached file depends on: this generator, the schema, the curated data."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update((QUERIES_DIR / "schema.sql").read_bytes())
    for path in sorted(CURATED_DIR.glob("*.csv")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def build_national_store(path: Path) -> dict[str, int]:
    """The curated store plus the national synthetic rows, at ``path``."""
    path = Path(path)
    if (ROOT / "data") in path.resolve().parents:
        raise ValueError("the national store belongs in bench/.cache or a temporary folder")
    db.build(path)
    with db.connect(path, read_only=False) as con:
        con.execute("begin transaction")
        con.execute(
            _COMMITTEES,
            {
                "n_provinces": N_PROVINCES,
                "n_prefectures": PREFECTURES_PER_PROVINCE,
                "county_min": COUNTIES_PER_PREFECTURE[0],
                "county_max": COUNTIES_PER_PREFECTURE[1],
            },
        )
        # the curated region sits under the national committee like every province
        con.execute("update committees set parent_adcode = '100000' where adcode = '640000'")
        have = con.execute("select count(*) from metrics").fetchone()[0]
        con.execute(_METRICS, {"count": N_METRICS - have, "units": UNITS, "categories": CATEGORIES})
        years = {"first": YEARS.start, "stop": YEARS.stop}
        con.execute(_SOURCES, years)
        con.execute("commit")
        con.execute(_FIGURES, years)
        con.execute(_SPANS)
        con.execute("begin transaction")
        # five upload batches, each the latest year of six provinces' committees
        for index in range(N_BATCHES):
            batch = con.execute(
                """
                insert into batches (kind, user_name, file_name, n_new, n_changed, reason)
                values ('upload', $user, $file, 0, 0, '基准测试')
                returning batch_id
                """,
                {"user": f"bench{index}", "file": f"national-{index}.xlsx"},
            ).fetchone()[0]
            chosen = """
                from figures
                where period_start = $year and period_end = $year and origin = 'curated'
                    and starts_with(source_id, 'N')
                    and (left(adcode, 2)::integer % $n) = $index
            """
            params = {"year": YEARS.stop - 1, "n": N_BATCHES, "index": index}
            con.execute(
                "insert into figure_changes (batch_id, adcode, metric, period_start,"
                " period_end, previous) select $batch, adcode, metric, period_start,"
                " period_end, null " + chosen,
                {**params, "batch": batch},
            )
            con.execute(
                "update figures set origin = 'uploaded', batch_id = $batch "
                + chosen.replace("from figures", ""),
                {**params, "batch": batch},
            )
            con.execute(
                "update batches set n_new = (select count(*) from figure_changes"
                " where batch_id = $batch) where batch_id = $batch",
                {"batch": batch},
            )
        con.execute("commit")
        con.execute("checkpoint")
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("committees", "metrics", "sources", "figures", "figure_changes")
        }
    return counts


def cached_national_store(work: Path) -> tuple[Path, dict[str, int], bool]:
    """A copy of the national store in ``work``, built once into ``bench/.cache``.

    Returns the copy's path, its counts, and whether it came from the cache."""
    CACHE.mkdir(exist_ok=True)
    cached = CACHE / f"national-{_key()}.duckdb"
    hit = cached.exists()
    if not hit:
        for old in CACHE.glob("national-*.duckdb*"):
            old.unlink()
        partial = cached.with_suffix(".building")
        partial.unlink(missing_ok=True)
        build_national_store(partial)
        partial.rename(cached)
    copy = Path(work) / "national.duckdb"
    shutil.copy(cached, copy)
    with db.connect(copy) as con:
        counts = {
            table: con.execute(f"select count(*) from {table}").fetchone()[0]
            for table in ("committees", "metrics", "sources", "figures", "figure_changes")
        }
    return copy, counts, hit
