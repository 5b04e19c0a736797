-- The PostgreSQL store's tables: the same tables and columns, in the same order, as
-- schema.sql (the app's DuckDB snapshot copies them by name), plus the write counter and
-- the staff accounts. No views here: every page reads the snapshot, never PostgreSQL.
-- Every statement is idempotent, like schema.sql.

create table if not exists committees (
    adcode text primary key check (adcode ~ '^[1-8][0-9]{5}$'),
    name_zh text not null,
    short_zh text not null,
    name_en text not null,
    level text not null check (level in ('region', 'prefecture', 'county')),
    parent_adcode text,
    seat_lat double precision check (seat_lat between -90 and 90),
    seat_lon double precision check (seat_lon between -180 and 180),
    coord_system text,
    seat_source text,
    jiedao integer check (jiedao >= 0),
    zhen integer check (zhen >= 0),
    xiang integer check (xiang >= 0),
    township_year integer,
    township_note text,
    township_source text,
    sort_order integer not null default 0
);

create table if not exists metrics (
    code text primary key check (code ~ '^[a-z][a-z0-9_]*$'),
    name_zh text not null,
    name_en text not null,
    unit_zh text not null,
    category text not null,
    note text,
    sort_order integer not null default 0
);

create table if not exists sources (
    source_id text primary key,
    file_name text,
    title text not null,
    publisher text,
    published_year integer,
    date_basis text check (date_basis in ('stated', 'inferred')),
    note text,
    origin text not null default 'curated' check (origin in ('curated', 'uploaded')),
    published text,
    as_of text,
    url text
);

create sequence if not exists batch_seq start 1;

create table if not exists batches (
    batch_id integer primary key default nextval('batch_seq'),
    kind text not null check (kind in ('upload', 'revert')),
    user_name text not null,
    created_at timestamp not null default localtimestamp,
    file_name text,
    file_sha256 text,
    n_new integer not null default 0,
    n_changed integer not null default 0,
    reason text
);

-- which upload each revert batch undid: a table of its own, not a column of batches that
-- refers to batches, so every table refers only to tables before it and a copy of the
-- store (the dashboard's snapshot) can fill them in order
create table if not exists batch_reverts (
    batch_id integer primary key references batches (batch_id),
    reverted_batch integer not null unique references batches (batch_id)
);

create table if not exists figures (
    adcode text not null references committees (adcode),
    metric text not null references metrics (code),
    period_start integer not null check (period_start between 1949 and 2100),
    period_end integer not null check (period_end between 1949 and 2100),
    value double precision not null check (value >= 0),
    qualifier text not null check (qualifier in ('exact', 'at_least', 'approx')),
    year_basis text not null check (year_basis in ('stated', 'inferred')),
    source_id text not null references sources (source_id),
    quote text,
    note text,
    origin text not null check (origin in ('curated', 'uploaded')),
    batch_id integer references batches (batch_id),
    -- the report is part of the key: two reports' different numbers are both kept
    primary key (adcode, metric, period_start, period_end, source_id),
    check (period_start <= period_end),
    check ((origin = 'uploaded') = (batch_id is not null))
);

create table if not exists figure_changes (
    batch_id integer not null references batches (batch_id),
    adcode text not null,
    metric text not null,
    period_start integer not null,
    period_end integer not null,
    source_id text not null,
    previous json,
    primary key (batch_id, adcode, metric, period_start, period_end, source_id)
);

-- one row: every write transaction locks it first (writers queue) and bumps it when it
-- changed anything; app servers compare it to their snapshot's, and a preview keeps it
create table if not exists store_version (
    version bigint not null
);

insert into store_version (version)
select 0
where not exists (select 1 from store_version);

-- staff accounts (salted scrypt hashes, never a password), shared by every app server
create table if not exists staff_accounts (
    name text primary key,
    salt text not null,
    hash text not null,
    scrypt text not null,
    role text not null default 'entry' check (role in ('entry', 'admin')),
    created_at timestamp not null default localtimestamp,
    -- the committees a 录入员 is bound to, as a JSON list of codes; empty: every one
    committees text
);

alter table staff_accounts add column if not exists committees text;
