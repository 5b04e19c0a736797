"""Writing synthetic rows into a store through the store's own schema and writers.

The bench's stores (``stress``, ``national``) generate their rows in SQL, but they are
written the way the application writes them, so a schema change cannot leave the
generators behind unnoticed (``figure_changes.source_id`` once did):

- committees, metrics and sources: ``insert into … by name``, so a column the
  generator does not know takes the schema's default, and a new NOT NULL column fails
  the build with the column's name;
- figures: ``queries/upsert_figures_from_frame.sql``, the upload writer's statement;
- upload batches: ``cppcc.upload.pipeline.write``, the very function an upload calls,
  with a preview built here instead of read from a file (reading a file diffs it
  against every stored figure, which on the national store takes minutes).

Every figure written here is made up; the callers keep their stores out of ``data/``.
"""

from cppcc.store import sql
from cppcc.upload import pipeline
from cppcc.upload.validate import Figure


def insert_rows(con, table: str, select: str, params: dict | None = None) -> None:
    """``select`` (SQL, bound parameters only) inserted into ``table`` by column name."""
    con.execute(f"insert into {table} by name {select}", params or {})


def insert_figures(con, select: str, params: dict | None = None) -> int:
    """Figures from ``select`` (one column per ``pipeline.FIGURE_COLUMNS``) written by the
    upload's set-based statement. Keys a stored figure already has (any report) are
    left to it, so the curated figures stay the ones shown. Returns the rows written."""
    columns = ", ".join(pipeline.FIGURE_COLUMNS)
    con.execute(
        f"""
        create or replace temp table incoming_figures as
        with generated as ({select})
        select {columns} from generated as g
        where not exists (
            select 1 from figures as f
            where f.adcode = g.adcode and f.metric = g.metric
                and f.period_start = g.period_start and f.period_end = g.period_end
        )
        """,
        params or {},
    )
    try:
        written = con.execute("select count(*) from incoming_figures").fetchone()[0]
        con.execute(sql.load("upsert_figures_from_frame"))
    finally:
        con.execute("drop table if exists incoming_figures")
    return written


def upload_batch(con, chosen: str, params: dict, *, user: str, file_name: str) -> int:
    """One upload batch that corrects the stored figures ``chosen`` selects (a ``where``
    clause on ``figures as f``): each becomes its report's figure plus one, uploaded,
    exactly as ``pipeline.write`` writes a staff correction. Returns the batch id."""
    columns = ", ".join(f"f.{name}" for name in pipeline.FIGURE_COLUMNS)
    cursor = con.execute(
        f"""
        select {columns}, s.title
        from figures as f join sources as s on s.source_id = f.source_id
        where {chosen}
        order by f.adcode, f.metric, f.period_start
        """,
        params,
    )
    names = [column[0] for column in cursor.description]
    changed = []
    for index, row in enumerate(cursor.fetchall()):
        old = dict(zip(names, row, strict=True))
        figure = Figure(
            row=index + 2,
            adcode=old["adcode"],
            metric=old["metric"],
            period_start=old["period_start"],
            period_end=old["period_end"],
            value=old["value"] + 1,
            qualifier=old["qualifier"],
            source=old["title"],
            quote=old["quote"],
            note="基准测试的合成更正",
        )
        changed.append(pipeline.Change(figure, old, old))
    preview = pipeline.Preview(file_name=file_name, sha256="bench", changed=changed)
    return pipeline.write(con, preview, user=user, reason="基准测试")


def counts(con, tables=("committees", "metrics", "sources", "figures", "figure_changes")):
    return {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in tables}
