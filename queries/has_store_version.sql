-- a snapshot of a PostgreSQL store carries its write counter; a DuckDB file has none
select count(*) > 0 as found
from information_schema.tables
where table_name = 'store_version'
