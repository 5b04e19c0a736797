insert into audit_log (event, user_name, detail) values ($event, $user_name, $detail)
