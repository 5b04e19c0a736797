-- whether a session was ended by signing out
select count(*) from ended_sessions where session_id = $session_id
