-- a DuckDB file whose round_progress view was made by an earlier version: it has no
-- board_order column, which the board's query reads (views are made again, rows kept)
select count(*) > 0 and bool_and(not exists (
    select 1
    from information_schema.columns as c
    where c.table_schema = t.table_schema
        and c.table_name = 'round_progress'
        and c.column_name = 'board_order'
)) as needs
from information_schema.tables as t
where t.table_schema = current_schema()
    and t.table_name = 'round_progress'
