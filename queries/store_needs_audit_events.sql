-- a store whose audit log predates the collection rounds: the check on audit_log.event
-- does not list 'round_open' (DuckDB and PostgreSQL both name the check so and show it
-- here; a store without the table needs nothing, access_schema.sql makes it)
select count(*) > 0 and bool_and(position('round_open' in check_clause) = 0) as needs
from information_schema.check_constraints
where constraint_schema = current_schema()
    and constraint_name = 'audit_log_event_check'
