-- in a snapshot: the version of the PostgreSQL store it was copied from
create table store_version (version bigint not null)
