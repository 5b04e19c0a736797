-- The store's tables and views. Every statement is idempotent: a rebuild runs this
-- Names carry no UNIQUE index on purpose: DuckDB refuses to update an indexed column of a
-- row that figures reference, which would make every rebuild fail; the loaders check them.
-- file against an existing store without touching uploaded figures.

create table if not exists committees (
    adcode varchar primary key check (regexp_full_match(adcode, '[1-8][0-9]{5}')),
    name_zh varchar not null,
    short_zh varchar not null,
    name_en varchar not null,
    level varchar not null check (level in ('region', 'prefecture', 'county')),
    parent_adcode varchar,
    seat_lat double check (seat_lat between -90 and 90),
    seat_lon double check (seat_lon between -180 and 180),
    coord_system varchar,
    seat_source varchar,
    jiedao integer check (jiedao >= 0),
    zhen integer check (zhen >= 0),
    xiang integer check (xiang >= 0),
    township_year integer,
    township_note varchar,
    township_source varchar,
    sort_order integer not null default 0
);

create table if not exists metrics (
    code varchar primary key check (regexp_full_match(code, '[a-z][a-z0-9_]*')),
    name_zh varchar not null,
    name_en varchar not null,
    unit_zh varchar not null,
    category varchar not null,
    note varchar,
    sort_order integer not null default 0
);

create table if not exists sources (
    source_id varchar primary key,
    file_name varchar,
    title varchar not null,
    publisher varchar,
    published_year integer,
    date_basis varchar check (date_basis in ('stated', 'inferred')),
    note varchar,
    origin varchar not null default 'curated' check (origin in ('curated', 'uploaded')),
    -- dates as precise as the report gives them (2023, 2021-10, 2024-05-31): when it was
    -- published, and the day its figures are current at when that is another day
    published varchar,
    as_of varchar,
    url varchar
);

create sequence if not exists batch_seq start 1;

create table if not exists batches (
    batch_id integer primary key default nextval('batch_seq'),
    kind varchar not null check (kind in ('upload', 'revert')),
    user_name varchar not null,
    created_at timestamp not null default current_timestamp,
    file_name varchar,
    file_sha256 varchar,
    n_new integer not null default 0,
    n_changed integer not null default 0,
    reason varchar
);

-- which upload each revert batch undid: a table of its own, not a column of batches that
-- refers to batches, so every table refers only to tables before it and a copy of the
-- store (the dashboard's snapshot) can fill them in order
create table if not exists batch_reverts (
    batch_id integer primary key references batches (batch_id),
    reverted_batch integer not null unique references batches (batch_id)
);

create table if not exists figures (
    adcode varchar not null references committees (adcode),
    metric varchar not null references metrics (code),
    period_start integer not null check (period_start between 1949 and 2100),
    period_end integer not null check (period_end between 1949 and 2100),
    value double not null check (value >= 0),
    qualifier varchar not null check (qualifier in ('exact', 'at_least', 'approx')),
    year_basis varchar not null check (year_basis in ('stated', 'inferred')),
    source_id varchar not null references sources (source_id),
    quote varchar,
    note varchar,
    origin varchar not null check (origin in ('curated', 'uploaded')),
    batch_id integer references batches (batch_id),
    -- the report is part of the key: two reports' different numbers are both kept
    primary key (adcode, metric, period_start, period_end, source_id),
    check (period_start <= period_end),
    check ((origin = 'uploaded') = (batch_id is not null))
);

-- what each upload batch changed, so a revert can restore the previous state exactly
create table if not exists figure_changes (
    batch_id integer not null references batches (batch_id),
    adcode varchar not null,
    metric varchar not null,
    period_start integer not null,
    period_end integer not null,
    source_id varchar not null,
    previous json,
    primary key (batch_id, adcode, metric, period_start, period_end, source_id)
);

-- every figure of every report, with the day it is current at, and which one the pages
-- show: per committee, metric and period the latest report (an upload counts from the
-- day it was uploaded, unless it names a curated report); the figure shown carries the
-- latest earlier report that gave another number, for hovers and the sources page
create or replace view figure_reports as
with dated as (
    select
        f.*,
        coalesce(
            s.as_of, s.published, cast(cast(b.created_at as date) as varchar),
            cast(s.published_year as varchar)
        ) as as_of
    from figures as f
    join sources as s on s.source_id = f.source_id
    left join batches as b on b.batch_id = f.batch_id
),

ranked as (
    select
        *,
        row_number() over (
            partition by adcode, metric, period_start, period_end
            order by as_of desc, case when origin = 'uploaded' then 0 else 1 end, source_id desc
        ) as report_rank,
        count(*) over (partition by adcode, metric, period_start, period_end) as n_reports
    from dated
),

differing as (
    select
        shown.adcode,
        shown.metric,
        shown.period_start,
        shown.period_end,
        other.value,
        other.qualifier,
        other.as_of,
        other.source_id,
        row_number() over (
            partition by shown.adcode, shown.metric, shown.period_start, shown.period_end
            order by other.report_rank
        ) as nth,
        count(*) over (
            partition by shown.adcode, shown.metric, shown.period_start, shown.period_end
        ) as n_differing
    from ranked as shown
    join ranked as other
        on other.adcode = shown.adcode and other.metric = shown.metric
        and other.period_start = shown.period_start and other.period_end = shown.period_end
        and other.report_rank > 1
        and (other.value <> shown.value or other.qualifier <> shown.qualifier)
    -- almost every figure has one report: only the others need the self-join
    where shown.report_rank = 1 and shown.n_reports > 1 and other.n_reports > 1
)

select
    f.adcode,
    c.short_zh as committee,
    c.name_zh as committee_name,
    c.name_en as committee_en,
    c.level,
    c.sort_order as committee_order,
    f.metric,
    m.name_zh as metric_name,
    m.name_en as metric_en,
    m.unit_zh as unit,
    m.category,
    m.sort_order as metric_order,
    f.period_start,
    f.period_end,
    f.period_start = f.period_end as is_annual,
    f.value,
    f.qualifier,
    f.year_basis,
    f.source_id,
    s.title as source,
    s.publisher,
    f.quote,
    f.note,
    f.origin,
    f.batch_id,
    f.as_of,
    f.report_rank,
    f.report_rank = 1 as is_current,
    coalesce(d.n_differing, 0) as n_differing,
    d.value as earlier_value,
    d.qualifier as earlier_qualifier,
    d.as_of as earlier_as_of,
    ds.title as earlier_source
from ranked as f
join committees as c on c.adcode = f.adcode
join metrics as m on m.code = f.metric
join sources as s on s.source_id = f.source_id
left join differing as d
    on f.report_rank = 1 and d.nth = 1
    and d.adcode = f.adcode and d.metric = f.metric
    and d.period_start = f.period_start and d.period_end = f.period_end
left join sources as ds on ds.source_id = d.source_id;

-- the figure the pages show for each committee, metric and period: every page query
-- reads this view, so an earlier report's number never counts twice
create or replace view figures_labeled as
select *
from figure_reports
where is_current;

-- each figure's place among the committees of its level reporting the same metric for
-- the same period (the committee page's 排名). A lower bound (≥) can hide a larger
-- number, so the place is a range: best = 1 + peers certainly above (none when the
-- figure itself is a lower bound), worst = 1 + peers possibly above (larger, or a lower
-- bound whatever its number), of = the committees reporting. Window functions, so a
-- level of thousands of committees costs a sort, not a join of every pair;
-- cppcc.committee.rank says the same in Python (tests compare the two).
create or replace view committee_ranks as
with valued as (
    select
        adcode,
        level,
        metric,
        period_start,
        period_end,
        value,
        qualifier = 'at_least' as lower_bound
    from figures_labeled
),

counted as (
    select
        *,
        rank() over same_figure_desc - 1 as n_larger,
        count(*) over same_figure as n_reporting,
        count(*) filter (where lower_bound) over same_figure as n_lower,
        count(*) filter (where lower_bound) over (
            same_figure_desc range between unbounded preceding and current row
        ) as n_lower_at_least_as_large,
        count(*) filter (where lower_bound) over (
            partition by level, metric, period_start, period_end, value
        ) as n_lower_as_large
    from valued
    window
        same_figure as (partition by level, metric, period_start, period_end),
        same_figure_desc as (
            partition by level, metric, period_start, period_end order by value desc
        )
)

select
    adcode,
    metric,
    period_start,
    period_end,
    1 + case when lower_bound then 0 else n_larger end as rank_best,
    1 + n_larger
    + (n_lower - (n_lower_at_least_as_large - n_lower_as_large))
    - case when lower_bound then 1 else 0 end as rank_worst,
    n_reporting as rank_of
from counted;

-- the most recent single-year figure of each committee and metric
create or replace view latest_figures as
select *
from figures_labeled
where is_annual
qualify row_number() over (partition by adcode, metric order by period_end desc) = 1;

-- accepted / received, only where both are reported for the same committee and period
create or replace view acceptance_ratio as
select
    r.adcode,
    r.committee,
    r.period_start,
    r.period_end,
    r.value as received,
    r.qualifier as received_qualifier,
    a.value as accepted,
    a.qualifier as accepted_qualifier,
    a.value / r.value as ratio,
    r.year_basis = 'inferred' or a.year_basis = 'inferred' as inferred
from figures_labeled as r
join figures_labeled as a
    on a.adcode = r.adcode
    and a.period_start = r.period_start
    and a.period_end = r.period_end
    and a.metric = 'proposals_accepted'
where r.metric = 'proposals_received' and r.value > 0;

-- platform counts per township-level unit, where the township count is known
create or replace view platform_density as
select
    f.*,
    c.jiedao + c.zhen + c.xiang as townships,
    c.township_year,
    f.value / (c.jiedao + c.zhen + c.xiang) as per_township
from figures_labeled as f
join committees as c on c.adcode = f.adcode
where f.category = '履职平台' and f.metric <> 'townships_covered'
    and c.jiedao + c.zhen + c.xiang > 0;

-- how many figures and committees each metric has (the metric selectors list these)
create or replace view metric_counts as
select metric, count(*) as n_figures, count(distinct adcode) as n_committees
from figures_labeled
group by metric;

-- the periods each metric is reported for: how many committees, whether any year is
-- inferred, and which committees (so a page can open on a period its level has)
create or replace view periods_by_metric as
select
    metric,
    period_start,
    period_end,
    count(*) as n_committees,
    bool_or(year_basis = 'inferred') as any_inferred,
    string_agg(adcode, ',' order by adcode) as adcodes,
    -- whose year is inferred: a period is marked * only for a level that shows one
    coalesce(
        string_agg(adcode, ',' order by adcode) filter (where year_basis = 'inferred'), ''
    ) as inferred_adcodes
from figures_labeled
group by metric, period_start, period_end;

-- which periods each committee reports for each metric: the completeness matrix's cells
create or replace view reported_cells as
select
    adcode,
    committee,
    committee_en,
    committee_order,
    metric,
    metric_name,
    metric_en,
    metric_order,
    string_agg(
        case when is_annual then period_start::varchar
            else period_start::varchar || '–' || period_end::varchar end
        || case when year_basis = 'inferred' then '*' else '' end,
        ', ' order by period_start, period_end
    ) as periods,
    count(*) as n_figures
from figures_labeled
group by all;

-- each committee's latest single-year figure of each metric and the one before it
create or replace view latest_two as
select *
from (
    select
        *,
        row_number() over (partition by adcode, metric order by period_end desc) as recency
    from figures_labeled
    where is_annual
)
where recency <= 2;

-- one row per figure shown (a committee reports one figure per metric and period): what
-- coverage_counts counts for a comparison's opening metric and period
create or replace view coverage as
select adcode, metric, metric_order, period_start, period_end
from figures_labeled;

-- how many figures each source gives each committee (the sources page's report list)
create or replace view source_committees as
select source_id, adcode, count(*) as n_figures
from figures
group by source_id, adcode;
