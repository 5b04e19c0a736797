"""The bench stays whole: every section is run and reported, every target is measured.

Nothing here times anything or runs a section (CI runs ``bench/run.py --smoke`` after
the tests); these are the cheap checks that a new section or target is wired in.
"""

from pathlib import Path

from bench import harness, report
from bench.sections import ALL, NAMES
from bench.targets import RUN_KEYS, TARGETS

SECTIONS_DIR = Path(__file__).resolve().parent.parent / "bench" / "sections"


def test_every_section_module_is_registered_once():
    modules = {path.stem for path in SECTIONS_DIR.glob("*.py") if path.stem != "__init__"}
    assert {section.__name__.rsplit(".", 1)[1] for section in ALL} == modules
    assert len(set(NAMES)) == len(NAMES)


def test_every_target_reads_a_key_some_section_or_the_run_fills():
    filled = set(RUN_KEYS)
    for section in ALL:
        # a section that did not run still says every key it fills (as None)
        summary = section.summary({})
        assert all(value in (None, []) for value in summary.values()), section.NAME
        filled |= set(summary)
    assert {target.key for target in TARGETS} <= filled
    assert {target.section for target in TARGETS} <= {*NAMES, "run"}


def test_every_mode_sizes_every_section_the_same_way():
    assert {mode: set(sizes) for mode, sizes in harness.SIZES.items()} == {
        mode: set(harness.SIZES["full"]) for mode in harness.SIZES
    }


def test_a_run_where_nothing_was_measured_reports_every_target_as_not_measured():
    results = {"mode": "smoke", "duration_s": None}
    rows = report.verdicts(report.summarise(results))
    assert [row["key"] for row in rows] == [target.key for target in TARGETS]
    assert all(row["passed"] is None and row["measured"] == "n/a" for row in rows)


def test_every_page_query_runs_with_the_bench_parameters(store):
    """The queries section times every query a page runs with the parameters the page
    binds; a page query added without its parameters there fails here, not only in the
    bench's smoke run at the end of CI."""
    from bench.sections import queries
    from cppcc.store import db, sql

    con = db.snapshot(store)
    try:
        params = queries.query_params(con)
        for name in sorted(queries.page_queries()):
            con.execute(sql.load(name), params.get(name, {})).fetchall()
    finally:
        con.close()
