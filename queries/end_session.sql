-- a session ended by signing out; ending it twice is harmless
insert into ended_sessions (session_id, user_name) values ($session_id, $user_name)
on conflict do nothing
