-- Collection rounds (数据征集): what the regional office asked which committees for.
-- One text for both stores, like access_schema.sql: DuckDB's and PostgreSQL's dialects
-- agree on these statements. Created by build-db and on first use, so a store built
-- before rounds existed gains them. No foreign keys: the loaders check the codes, and
-- DuckDB would refuse the rebuild's update of a referenced committee.
-- Who returned what is not stored here: it is read from the upload batches written
-- since the round opened (a returned workbook is an ordinary upload).

create sequence if not exists round_seq start 1;

create table if not exists collection_rounds (
    round_id integer primary key default nextval('round_seq'),
    opened_by varchar not null,
    opened_at timestamp not null default current_timestamp,
    due varchar,
    note varchar
);

-- one row per cell asked: a committee, a metric, a single year
create table if not exists round_asks (
    round_id integer not null,
    adcode varchar not null,
    metric varchar not null,
    year integer not null check (year between 1949 and 2100),
    primary key (round_id, adcode, metric, year)
);
