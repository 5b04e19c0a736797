-- First half of widening audit_log's list of events (DuckDB and PostgreSQL alike; DuckDB
-- cannot alter a check): the entries are copied aside and the table dropped; the
-- access schema, run next in the same transaction, makes it again with today's list
-- (its sequence stays, so numbering goes on), and migrate_audit_events_back fills it.
create temporary table audit_before as select * from audit_log;

drop table audit_log;
