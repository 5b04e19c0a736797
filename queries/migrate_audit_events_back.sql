-- Second half (see migrate_audit_events_aside): every entry back, numbers and times kept
insert into audit_log (entry_id, happened_at, event, user_name, detail)
select entry_id, happened_at, event, user_name, detail
from audit_before;

drop table audit_before;
