-- a row to lock for a name's first attempt (failures 0 throttles nothing)
insert into signin_failures (user_name, failures, last_failure)
values ($user_name, 0, current_timestamp)
on conflict (user_name) do nothing
