"""The access layer's tables in either store (``queries/access_schema.sql``): the audit
log, sign-in failures and ended sessions. One text for DuckDB and PostgreSQL, run by
``build-db``, on first use, and when an app server or a command meets a store made by
an earlier version."""

from cppcc.store import sql


def ensure(con) -> None:
    """Make the tables that are missing; an audit log whose list of events predates
    today's (before a round's opening was audited) is made again with every entry,
    its number and time kept. Run it inside the caller's transaction: the audit log is
    never seen half moved."""
    names = ["access_schema"]
    if con.execute(sql.load("store_needs_audit_events")).fetchone()[0]:
        names = ["migrate_audit_events_aside", "access_schema", "migrate_audit_events_back"]
    for name in names:
        for statement in sql.statements(name):
            con.execute(statement)
