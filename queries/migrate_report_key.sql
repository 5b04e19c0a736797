-- Puts the report into the keys of figures and figure_changes in a store made before,
-- keeping every row. DuckDB cannot change a primary key in place, so each table is
-- copied aside, made again with its new key, and filled back; the schema file, run
-- next, makes the views again.
create temporary table figures_before as select * from figures;

-- an old change row said "this key now holds the batch's figure, and held `previous`":
-- as rows of one report each, that is the replaced report's figure (restored on revert)
-- and, when the batch cited another report, its own figure (removed on revert)
create temporary table changes_before as
select
    c.batch_id,
    c.adcode,
    c.metric,
    c.period_start,
    c.period_end,
    json_extract_string(c.previous, '$.source_id') as source_id,
    c.previous
from figure_changes as c
where c.previous is not null
union all
select
    c.batch_id,
    c.adcode,
    c.metric,
    c.period_start,
    c.period_end,
    coalesce(f.source_id, '') as source_id,
    null as previous
from figure_changes as c
left join figures as f
    on f.batch_id = c.batch_id and f.adcode = c.adcode and f.metric = c.metric
    and f.period_start = c.period_start and f.period_end = c.period_end
where c.previous is null or f.source_id <> json_extract_string(c.previous, '$.source_id');

drop view if exists platform_density;
drop view if exists acceptance_ratio;
drop view if exists latest_figures;
drop view if exists figures_labeled;
drop table figure_changes;
drop table figures;

-- columns sources gained at the same time (DuckDB alters a table only while no foreign
-- key points at it)
alter table sources add column if not exists published varchar;
alter table sources add column if not exists as_of varchar;
alter table sources add column if not exists url varchar;

create table figures (
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
    primary key (adcode, metric, period_start, period_end, source_id),
    check (period_start <= period_end),
    check ((origin = 'uploaded') = (batch_id is not null))
);

create table figure_changes (
    batch_id integer not null references batches (batch_id),
    adcode varchar not null,
    metric varchar not null,
    period_start integer not null,
    period_end integer not null,
    source_id varchar not null,
    previous json,
    primary key (batch_id, adcode, metric, period_start, period_end, source_id)
);

insert into figures select * from figures_before;
insert into figure_changes select * from changes_before;
drop table figures_before;
drop table changes_before;
