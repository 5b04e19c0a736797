-- Who did what on the staff page, and sign-in failures per name. Kept in the store, not
-- the accounts file: an apply or revert writes its entry in the same transaction as its
-- batch (a killed import leaves neither), and a shared store serves every app process.
-- Created on first use as well as by build-db, so a store built before them gains them.
-- A store whose audit_log predates an event is brought up to this list first
-- (store_needs_audit_events.sql, migrate_audit_events_aside/back.sql).

create sequence if not exists audit_seq start 1;

create table if not exists audit_log (
    entry_id integer primary key default nextval('audit_seq'),
    happened_at timestamp not null default current_timestamp,
    event varchar not null check (event in (
        'signin', 'signin_failed', 'apply', 'revert', 'catalogue', 'role_refused',
        'round_open'
    )),
    user_name varchar not null,
    detail varchar
);

create table if not exists signin_failures (
    user_name varchar primary key,
    failures integer not null,
    last_failure timestamp not null
);

-- sessions ended by signing out: their cookies are refused (cppcc/upload/sessions.py)
create table if not exists ended_sessions (
    session_id varchar primary key,
    user_name varchar not null,
    ended_at timestamp not null default current_timestamp
);
