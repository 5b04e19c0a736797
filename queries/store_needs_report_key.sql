-- a store made before the report became part of a figure's key: figure_changes exists
-- without a source_id column
select count(*) > 0 and bool_and(column_name <> 'source_id') as needs
from information_schema.columns
where table_name = 'figure_changes'
