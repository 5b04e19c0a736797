-- several app servers may start at once on an empty database: one builds, the others wait
select pg_advisory_xact_lock(7014001)
