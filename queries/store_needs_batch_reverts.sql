-- a store made before reverts had a table of their own: batches still has the column
-- reverts_batch, which refers to batches itself (a copy of such a store fails)
select count(*) > 0 as needs
from information_schema.columns
where table_catalog = current_database()
    and table_schema = current_schema()
    and table_name = 'batches'
    and column_name = 'reverts_batch'
