-- the base tables of the attached store file, for the dashboard's snapshot (db.snapshot)
select table_name
from duckdb_tables()
where database_name = 'store' and schema_name = 'main' and not temporary
order by table_name
