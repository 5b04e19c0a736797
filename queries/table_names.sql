-- the base tables of the current database (the schema skips creating those that exist)
select table_name
from duckdb_tables()
where database_name = current_database() and schema_name = current_schema() and not temporary
