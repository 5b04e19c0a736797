"""Random sequences of the store's writes, as staff and the command line make them, and
what must hold after every step: the dashboard's snapshot can be taken and every page
renders; undoing every standing upload gives back the figures from before the first.
Used against a DuckDB file (tests/test_store_sequences.py) and PostgreSQL
(tests/cluster/test_postgres_sequences.py)."""

import json
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from cppcc.cli import commands
from cppcc.collect import board
from cppcc.collect import round as rounds
from cppcc.store import db
from cppcc.store.config import is_postgres
from cppcc.upload import accounts, catalogue, pipeline
from cppcc.web import cache
from tests.conftest import ROOT, fixture_csv
from tests.test_pages import PAGES
from tests.upload_corpus import csv_bytes, row

# committees and metrics an upload may name: catalogue ones, and the ones a catalogue
# step adds (an upload naming one before it exists is refused whole: a step too)
COMMITTEES = ["银川", "石嘴山", "吴忠", "固原", "中卫", "灵武", "宁夏", "测试1", "测试2"]
METRICS = ["收到提案", "proposals_accepted", "协商活动", "委员会客室", "测试指标1"]
# a new report's title, and two the curated data cites (an upload under one of them
# replaces a curated figure: it needs a confirmation and a reason)
SOURCES = [
    "银川市政协2024年工作报告",
    "在习近平新时代中国特色社会主义思想指引下 贯彻落实党的二十大精神·政协奋进新征程(宁夏篇)",
    "汇聚奋进力量 写好履职答卷——2022年灵武市政协工作综述",
]

upload_rows = st.lists(
    st.tuples(
        st.sampled_from(COMMITTEES),
        st.sampled_from(METRICS),
        st.integers(2019, 2025),
        st.integers(0, 2000),
        st.sampled_from(SOURCES),
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: r[:3],
)

operations = st.one_of(
    st.tuples(st.just("import"), upload_rows),
    st.tuples(st.just("undo"), st.integers(0, 20)),
    st.tuples(st.just("add_committee"), st.sampled_from([1, 2])),
    st.tuples(st.just("add_metric"), st.just(1)),
    st.tuples(st.just("build"), st.none()),
    st.tuples(
        st.just("open_round"),
        st.lists(st.sampled_from(COMMITTEES[:6]), min_size=1, max_size=3, unique=True),
    ),
)

sequences = st.lists(operations, min_size=2, max_size=4)
# always tried besides the random ones: a round opened, then an upload undone
ROUND_THEN_UNDO = [
    ("open_round", ["吴忠", "固原"]),
    ("import", [("吴忠", "收到提案", 2024, 7, SOURCES[0])]),
    ("undo", 0),
]


def _committee(n: int) -> dict:
    return {
        "adcode": f"64059{n}",
        "name_zh": f"测试{n}县政协",
        "short_zh": f"测试{n}",
        "name_en": f"Test {n}",
        "level": "county",
        "parent_adcode": "640500",
        "seat_lat": "37.3",
        "seat_lon": f"105.{n}",
    }


METRIC = {
    "code": "test_metric_1",
    "name_zh": "测试指标1",
    "name_en": "Test metric 1",
    "unit_zh": "件",
    "category": "提案",
}


def _batches(target) -> list[dict]:
    with db.connect(target) as con:
        return pipeline.batches(con)


def apply(target, operation) -> str:
    """One write; a refused one (an undo of an undone batch, a file naming a committee
    not yet added, a committee added twice) is a step too and must leave every page
    working. Returns what happened, for the failure report."""
    kind, argument = operation
    if kind == "import":
        rows = [
            row(committee=c, metric=m, start=y, value=str(v), source=s)
            for c, m, y, v, s in argument
        ]
        result, batch = pipeline.import_file(
            target, "随机.csv", csv_bytes(rows), user="测试员", reason="测试", confirm_curated=True
        )
        return f"import → batch {batch}" if batch else f"import refused ({len(result.problems)})"
    if kind == "undo":
        batches = _batches(target)
        if not batches:
            return "undo: no batch"
        chosen = batches[argument % len(batches)]["batch_id"]
        try:
            return f"undo {chosen} → {pipeline.revert(target, chosen, user='测试员')}"
        except pipeline.RevertRefused as refused:
            return f"undo {chosen} refused: {refused}"
    if kind in ("add_committee", "add_metric"):
        action = catalogue.add_committee if kind == "add_committee" else catalogue.add_metric
        try:
            action(target, _committee(argument) if kind == "add_committee" else METRIC, "测试员")
        except catalogue.CatalogueError as error:
            return f"{kind} refused: {error.problems}"
        return kind
    if kind == "open_round":  # a collection round, its board read from the snapshot
        opened = rounds.open_round(target, user="测试员", years=[2024], committees=argument)
        with db.connect(target) as con:
            assert len(board.board(con, opened["round_id"])) == len(argument)
        return f"round {opened['round_id']} of {argument}"
    # rebuilt from what the store was built from: the tests' dataset (tests/conftest.py)
    with tempfile.TemporaryDirectory() as folder:
        db.build(target, curated_dir=fixture_csv(Path(folder)))
    return "build"


def undo_everything(target) -> None:
    """Undo every standing upload, newest first (an older one under a newer is refused)."""
    for batch in _batches(target):
        if batch["kind"] == "upload" and not batch["reverted_by"]:
            pipeline.revert(target, batch["batch_id"], user="测试员")


def figures(target) -> list[tuple]:
    """Every figure with its report, value and whether the pages show it."""
    return sorted(
        (r["adcode"], r["metric"], r["period_start"], r["period_end"], r["source"],
         r["value"], r["qualifier"], r["quote"], r["origin"], r["current"])
        for r in commands.all_figures(target)
    )  # fmt: skip


def _page(page: str, section: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["signin_user"] = "测试员"
    if section:
        at.session_state["upload_mode"] = section
    at.run()
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def what_pages_show(step: str) -> dict:
    """Render every page (and the upload page's history) and return what each shows:
    its charts' data and its tables. Fails on any exception or error message."""
    shown = {}
    for page, section in [*((p, None) for p in PAGES), ("upload", "history"), ("upload", "round")]:
        at = _page(page, section)
        where = f"{page}{'/' + section if section else ''} after {step}"
        assert not at.exception, (where, [e.value for e in at.exception])
        assert not at.error, (where, [e.value for e in at.error])
        if section:
            assert at.session_state["upload_mode"] == section, where
        charts = []
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            charts.append(
                [(t.get("name"), t.get("x"), t.get("y"), t.get("text")) for t in spec["data"]]
            )
        tables = [frame.value.to_csv() for frame in at.dataframe]
        tables += [table.value.to_csv() for table in at.table]
        # the plain HTML tables (ui.static_table, the completeness matrix) and the
        # headline tiles' text
        tables += [html.proto.body for html in at.get("html")]
        tables += [text.value for text in at.markdown]
        shown[(page, section)] = (charts, tables)
    return shown


@contextmanager
def store_env(variable: str, target):
    """The store in ``variable``, and 测试员 a 管理员 (every section of the upload page)."""
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as folder:
        users = Path(folder) / "users.json"
        accounts.add_user("测试员", "correct-horse-9", users, role="admin")
        patch.setenv("CPPCC_USERS", str(users))
        patch.setenv(variable, str(target))
        yield


def written(target) -> None:
    """After a write made outside the app: an app server asks a PostgreSQL store's
    version at most once a second (``cache.CHECK_EVERY_S``); these tests do not wait for
    that. A DuckDB file's stamp changes at once, and is left to show it."""
    if is_postgres(target):
        cache.clear()


def run_sequence(target, steps, variable: str) -> None:
    """Apply ``steps`` to ``target``; after each, the snapshot and every page work. Then
    undoing every upload gives back the first figures."""
    with store_env(variable, target):
        before = figures(target)  # the first state's pages: tests/test_pages.py
        done = []
        for step in steps:
            done.append(apply(target, step))
            written(target)
            db.snapshot(target).close()
            what_pages_show(" → ".join(done))
        undo_everything(target)
        written(target)
        db.snapshot(target).close()
        what_pages_show(" → ".join([*done, "undo everything"]))
        assert figures(target) == before, done


# an upload that changes what the overview's default chart shows (银川's reception rooms
# in 2023, and 石嘴山's curated 2023 proposals) and adds a figure
SCENARIO_ROWS = [
    ("银川", "委员会客室", 2023, 12, SOURCES[0]),
    ("石嘴山", "收到提案", 2023, 416, SOURCES[1]),
    ("吴忠", "协商活动", 2024, 31, SOURCES[0]),
]


def upload_undo_scenario(target, variable: str) -> None:
    """Upload, undo, undo again (refused), upload, undo: every page renders at every
    step, the upload shows on the pages, and after the last undo the pages show exactly
    what they showed before the first upload (the history aside, which lists the
    batches)."""
    with store_env(variable, target):
        start = what_pages_show("the start")
        first = apply(target, ("import", SCENARIO_ROWS))
        written(target)
        uploaded = what_pages_show(first)
        assert uploaded[("overview", None)] != start[("overview", None)]
        batch = _batches(target)[0]["batch_id"]
        assert pipeline.revert(target, batch, user="测试员")
        written(target)
        what_pages_show(f"undo {batch}")
        with pytest.raises(pipeline.RevertRefused, match="已被批次"):
            pipeline.revert(target, batch, user="测试员")
        what_pages_show(f"undo {batch} again")
        apply(target, ("import", SCENARIO_ROWS))
        written(target)
        what_pages_show("the second upload")
        undo_everything(target)
        written(target)
        end = what_pages_show("the last undo")
        history = ("upload", "history")
        assert {k: v for k, v in end.items() if k != history} == {
            k: v for k, v in start.items() if k != history
        }
