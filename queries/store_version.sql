-- the write counter of a PostgreSQL store, also copied into each app server's snapshot
select version from store_version
