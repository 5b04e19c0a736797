insert into signin_failures (user_name, failures, last_failure)
values ($user_name, 1, current_timestamp)
on conflict (user_name) do update
set failures = signin_failures.failures + 1, last_failure = excluded.last_failure
