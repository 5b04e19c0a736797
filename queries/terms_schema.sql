-- Terms (届次): a committee's five-year terms, each with its public source. One text
-- for both stores, like collect_schema.sql; created by build-db and on first use. The
-- regional committee's terms come from data/curated/terms.csv (added_by 整理数据),
-- the others are added by a 管理员 (add-term, or the upload page).

create table if not exists terms (
    adcode varchar not null,
    term integer not null check (term between 1 and 99),
    start_year integer not null check (start_year between 1949 and 2100),
    end_year integer not null check (end_year between 1949 and 2100),
    source varchar not null,
    url varchar,
    quote varchar,
    note varchar,
    added_by varchar not null,
    added_at timestamp not null default current_timestamp,
    primary key (adcode, term),
    check (end_year >= start_year)
);
