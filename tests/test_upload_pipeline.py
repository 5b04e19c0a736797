"""Preview, apply and revert: what staff see before writing, that curated figures are
only changed on purpose, that an undo puts back exactly what was there, and that a
stale preview never overwrites someone else's upload."""

import contextlib

import pytest

from cppcc.cli import commands
from cppcc.store import db
from cppcc.upload import pipeline, template
from cppcc.upload.validate import Problem
from tests.upload_corpus import (
    SOURCE,
    change_counts,
    cli_main,
    csv_bytes,
    figure,
    figures_table,
    preview,
    row,
    sources_list,
    state,
    xlsx_bytes,
)

# a report of the tests' dataset (tests/fixtures/sources.csv), which gives 石嘴山's 350
T01 = "测试报告甲——四市政协履职系列报道"

# two new figures; two changed curated ones (350 → 416, and 70余 → 70: only the qualifier);
# two the same as curated
MIXED = [
    row(),
    row(metric="立案（合并交办）提案", value="200"),
    row(committee="石嘴山", start=2023, value="416", source="石嘴山市政协2023年工作报告"),
    row(committee="中卫", metric="协商活动", start=2024, value="70"),
    row(committee="石嘴山", start=2022, value="300"),
    row(committee="石嘴山", metric="proposals_accepted", start=2022, value="240", qualifier="精确"),
]


def _apply(path, name, rows, **options) -> int:
    result = preview(path, name, csv_bytes(rows))
    assert result.ok, result.problems
    return pipeline.apply(path, result, user=options.pop("user", "tester"), **options)


def test_preview_counts_new_changed_and_unchanged_and_writes_nothing(store):
    before = state(store)
    result = preview(store, "mixed.csv", csv_bytes(MIXED))
    assert result.summary() == {
        "ok": True,
        "errors": [],
        "new": 2,
        "changed": 2,
        "unchanged": 2,
        "curated_changes": 2,
    }
    assert [c.figure.row for c in result.new] == [2, 3]
    changed = {c.figure.adcode: c for c in result.changed}
    assert (changed["640200"].old["value"], changed["640200"].figure.value) == (350, 416)
    assert (changed["640500"].old["qualifier"], changed["640500"].figure.qualifier) == (
        "at_least",
        "exact",
    )
    assert len(result.changes_curated) == 2
    assert state(store) == before


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"reason": "报告更正"},
        {"confirm_curated": True},
        {"confirm_curated": True, "reason": "   "},
    ],
    ids=["nothing", "reason-only", "confirm-only", "blank-reason"],
)
def test_changing_a_curated_figure_needs_confirmation_and_a_reason(store, options):
    before = state(store)
    result = preview(
        store, "fix.csv", csv_bytes([row(committee="石嘴山", start=2023, value="416")])
    )
    with pytest.raises(ValueError, match="需要确认并写明原因"):
        pipeline.apply(store, result, user="tester", **options)
    assert state(store) == before


def test_a_confirmed_change_of_a_curated_figure_is_recorded_with_its_reason(store):
    batch = _apply(
        store,
        "fix.csv",
        [row(committee="石嘴山", start=2023, value="416", source="石嘴山市政协2023年工作报告")],
        confirm_curated=True,
        reason="原报告更正为416件",
    )
    shown = figure(store, "石嘴山", "proposals_received", 2023)
    assert (shown["value"], shown["origin"], shown["source"]) == (
        416,
        "uploaded",
        "石嘴山市政协2023年工作报告",
    )
    (recorded,) = state(store)["batches"]
    assert (recorded["batch_id"], recorded["kind"], recorded["reason"]) == (
        batch,
        "upload",
        "原报告更正为416件",
    )
    assert (recorded["n_new"], recorded["n_changed"], recorded["file_name"]) == (0, 1, "fix.csv")


def test_the_cli_refuses_a_curated_change_without_confirm_curated(store, tmp_path, capsys):
    path = tmp_path / "fix.csv"
    path.write_bytes(csv_bytes([row(committee="石嘴山", start=2023, value="416")]))
    before = state(store)

    status, out, err = cli_main(capsys, "import", path)
    assert status == 1 and out == ""
    assert "1 个整理自报告的数字" in err and "--confirm-curated" in err and "--reason" in err

    status, _, err = cli_main(capsys, "import", path, "--confirm-curated")
    assert status == 1 and "--reason" in err
    assert state(store) == before

    status, out, _ = cli_main(capsys, "import", path, "--confirm-curated", "--reason", "更正")
    assert status == 0
    assert out.strip() == "已写入，批次 1：新增 0，修改 1，不变 0"
    assert figure(store, "石嘴山", "proposals_received", 2023)["value"] == 416


def test_an_upload_disagreeing_with_a_curated_figure_is_kept_beside_it(store):
    before = state(store)
    rows = [row(committee="宁夏", start=2024, value="1080", source="自治区政协2024年提案工作报告")]
    result = preview(store, "region.csv", csv_bytes(rows))
    (change,) = result.changed
    assert (change.old["value"], change.kept_beside) == (990, True)
    batch = _apply(store, "region.csv", rows, confirm_curated=True, reason="新的报告")
    reports = [
        (r["value"], r["origin"], r["current"])
        for r in commands.all_figures(store)
        if (r["adcode"], r["metric"], r["period_start"]) == ("640000", "proposals_received", 2024)
    ]
    # the upload is shown (it is the newest); both curated reports are still there
    assert reports == [(1080, "uploaded", True), (990, "curated", False), (980, "curated", False)]
    pipeline.revert(store, batch, user="审核员")
    assert state(store)["figures"] == before["figures"]


def test_the_same_report_again_with_another_number_corrects_it(store):
    _apply(store, "first.csv", [row(value="400")])
    _apply(store, "second.csv", [row(value="410")])
    mine = [
        r
        for r in commands.all_figures(store)
        if r["committee"] == "银川" and r["period_start"] == 2024
    ]
    assert [(r["value"], r["current"]) for r in mine] == [(410, True)]


def test_a_file_with_problems_cannot_be_applied(store):
    result = preview(store, "bad.csv", csv_bytes([row(value="abc")]))
    with pytest.raises(ValueError, match="文件有错误"):
        pipeline.apply(store, result, user="tester")
    assert state(store)["batches"] == []


def test_apply_then_revert_restores_exactly_the_previous_state(store):
    before, table, fingerprint = state(store), figures_table(store), _fingerprint(store)
    batch = _apply(store, "mixed.csv", MIXED, confirm_curated=True, reason="核对")
    assert figure(store, "银川", "proposals_received", 2024)["value"] == 415
    assert figure(store, "中卫", "consultation_activities", 2024)["qualifier"] == "exact"

    undo = pipeline.revert(store, batch, user="审核员")

    after = state(store)
    assert after["figures"] == before["figures"]
    assert figures_table(store) == table
    assert figure(store, "银川", "proposals_received", 2024) is None
    assert figure(store, "银川", "proposals_accepted", 2024) is None
    restored = figure(store, "石嘴山", "proposals_received", 2023)
    assert (restored["value"], restored["origin"], restored["source"]) == (350, "curated", T01)
    assert restored["quote"] == "今年收到提案350件"
    zhongwei = figure(store, "中卫", "consultation_activities", 2024)
    assert (zhongwei["value"], zhongwei["qualifier"], zhongwei["origin"]) == (
        70,
        "at_least",
        "curated",
    )
    revert_batch, upload_batch = after["batches"]
    assert (revert_batch["batch_id"], revert_batch["kind"], revert_batch["reverts_batch"]) == (
        undo,
        "revert",
        batch,
    )
    assert (revert_batch["user_name"], revert_batch["n_changed"]) == ("审核员", 4)
    assert (upload_batch["n_new"], upload_batch["n_changed"], upload_batch["reverted_by"]) == (
        2,
        2,
        undo,
    )
    assert _fingerprint(store) == fingerprint


def _fingerprint(path) -> str:
    with db.connect(path) as con:
        return pipeline.fingerprint(con)


def test_any_change_to_any_stored_figure_changes_the_fingerprint(store):
    # a preview is applied only if the store is as it saw it: a concurrent write that
    # changed any column of any figure (a value, a qualifier, a quote corrected by an
    # upload, a removed or added figure) must show, or the apply would overwrite it.
    # On a copy without keys, as the pages' snapshot is, so every column can be changed
    con = db.snapshot(store)
    try:
        before = pipeline.fingerprint(con)
        columns = [name for (name,) in con.execute(
            "select column_name from duckdb_columns() where table_name = 'figures'"
        ).fetchall()]  # fmt: skip
        assert len(columns) == len(pipeline.FIGURE_COLUMNS)
        for column in columns:
            kind = con.execute(f"select typeof({column}) from figures limit 1").fetchone()[0]
            changed = f"coalesce({column}, 0) + 1" if kind in ("INTEGER", "BIGINT", "DOUBLE") else (
                f"coalesce({column}, '') || '。'"
            )  # fmt: skip
            con.execute("begin transaction")
            con.execute(f"update figures set {column} = {changed} where rowid = 3")
            assert pipeline.fingerprint(con) != before, column
            con.execute("rollback")
        assert pipeline.fingerprint(con) == before
        con.execute("begin transaction")
        con.execute("delete from figures where rowid = 3")
        assert pipeline.fingerprint(con) != before
        con.execute("rollback")
    finally:
        con.close()


def test_revert_also_takes_back_the_sources_the_upload_added(store):
    before = sources_list(store)
    batch = _apply(store, "new.csv", [row(source="一份新的报告")])
    assert len(sources_list(store)) == len(before) + 1
    pipeline.revert(store, batch, user="tester")
    assert sources_list(store) == before


def test_an_upload_naming_a_known_report_reuses_its_source(store):
    before = sources_list(store)
    _apply(store, "known.csv", [row(source=T01), row(start=2023, source=T01)])
    titles = [source[1] for source in before]
    assert [source[1] for source in sources_list(store)] == titles
    assert figure(store, "银川", "proposals_received", 2024)["source"] == T01
    _apply(store, "two.csv", [row(start=2022, source="新报告"), row(start=2021, source="新报告")])
    assert len(sources_list(store)) == len(before) + 1


T02 = "测试报告乙：石嘴山市政协平台建设综述"  # full-width colon, as printed


@pytest.mark.parametrize(
    "typed",
    [
        T02,  # as printed
        "测试报告乙:石嘴山市政协平台建设综述",  # the colon typed half-width
        "  测试报告乙：石嘴山市政协平台建设综述 ",  # spaces around it
    ],
)
def test_a_known_report_with_full_width_punctuation_is_reused(store, typed):
    # A title with full-width punctuation, named in an upload as printed or typed
    # half-width, is the same report: no second source appears on the 来源 page and the
    # figure cites the stored report (its title kept as printed). This was an xfail
    # while uploads NFKC-normalised titles before an exact match; titles are now kept
    # as written and matched in NFKC form (pipeline._source_ids).
    before = {source[0]: source for source in sources_list(store)}
    assert before["T02"][1] == T02
    _apply(store, "known.csv", [row(source=typed)])
    after = {source[0]: source for source in sources_list(store)}
    assert after.keys() == before.keys()
    assert after["T02"][1] == T02  # the title as printed, not as typed
    assert after["T02"][-1] == before["T02"][-1] + 1  # it now gives one figure more
    assert figure(store, "银川", "proposals_received", 2024)["source"] == T02


def test_an_upload_keeps_a_new_title_as_written(store):
    # a new report keeps its full-width brackets: what the quote said is not changed
    _apply(store, "new.csv", [row(source="银川市政协（２０２４）工作报告")])
    titles = [source[1] for source in sources_list(store)]
    assert "银川市政协（２０２４）工作报告" in titles
    # and naming it again in the half-width form reuses it
    _apply(store, "again.csv", [row(start=2023, source="银川市政协(2024)工作报告")])
    assert [source[1] for source in sources_list(store)] == titles


def test_correcting_only_the_source_of_a_figure_is_a_change(store):
    _apply(store, "first.csv", [row(source="银川市政协2024年工作报告（初稿）")])
    result = preview(store, "fix.csv", csv_bytes([row(source=SOURCE, quote="收到提案415件")]))
    assert (len(result.changed), len(result.unchanged)) == (1, 0)


def test_a_batch_cannot_be_reverted_twice(store):
    batch = _apply(store, "new.csv", [row()])
    undo = pipeline.revert(store, batch, user="tester")
    before = state(store)
    with pytest.raises(pipeline.RevertRefused, match=f"批次 {batch} 已被批次 {undo} 撤销"):
        pipeline.revert(store, batch, user="tester")
    with pytest.raises(pipeline.RevertRefused, match=f"批次 {undo} 本身是一次撤销，不能再撤销"):
        pipeline.revert(store, undo, user="tester")
    with pytest.raises(pipeline.RevertRefused, match="没有编号为 99 的批次"):
        pipeline.revert(store, 99, user="tester")
    assert state(store) == before


def test_the_cli_explains_a_refused_revert(store, capsys):
    batch = _apply(store, "new.csv", [row()])
    assert cli_main(capsys, "revert", batch)[0] == 0
    status, _, err = cli_main(capsys, "revert", batch)
    assert status == 1
    assert err.strip() == f"无法撤销：批次 {batch} 已被批次 {batch + 1} 撤销"


def test_an_older_batch_cannot_be_reverted_under_a_newer_one(store):
    original = state(store)
    first = _apply(store, "first.csv", [row(value="400"), row(start=2023, value="300")])
    second = _apply(store, "second.csv", [row(value="410")])
    before = state(store)

    with pytest.raises(pipeline.RevertRefused) as refused:
        pipeline.revert(store, first, user="tester")
    assert f"后来又被批次 {second} 修改" in str(refused.value)
    assert "请先撤销较新的批次" in str(refused.value)
    assert state(store) == before

    pipeline.revert(store, second, user="tester")
    assert figure(store, "银川", "proposals_received", 2024)["value"] == 400
    pipeline.revert(store, first, user="tester")  # the newer batch is undone: now allowed
    assert state(store)["figures"] == original["figures"]


def test_a_stale_preview_is_not_applied_over_someone_elses_upload(store):
    stale = preview(store, "mine.csv", csv_bytes([row(value="400"), row(start=2023, value="300")]))
    _, theirs = pipeline.import_file(
        store, "theirs.csv", csv_bytes([row(value="410")]), user="另一位工作人员"
    )
    after_theirs = state(store)

    with pytest.raises(pipeline.StoreChanged) as changed:
        pipeline.apply(store, stale, user="tester")
    assert "没有写入任何数据" in str(changed.value) and "重新预览" in str(changed.value)
    assert state(store) == after_theirs
    assert figure(store, "银川", "proposals_received", 2024)["value"] == 410

    fresh = preview(store, "mine.csv", csv_bytes([row(value="400"), row(start=2023, value="300")]))
    assert (len(fresh.new), len(fresh.changed)) == (1, 1)
    assert pipeline.apply(store, fresh, user="tester") == theirs + 1


def test_a_revert_since_the_preview_also_makes_it_stale(store):
    batch = _apply(store, "first.csv", [row(value="400")])
    stale = preview(store, "mine.csv", csv_bytes([row(value="420")]))
    pipeline.revert(store, batch, user="tester")
    with pytest.raises(pipeline.StoreChanged):
        pipeline.apply(store, stale, user="tester")
    assert figure(store, "银川", "proposals_received", 2024) is None


def test_a_failure_halfway_through_writing_leaves_nothing(store, monkeypatch):
    before = state(store)
    result = preview(store, "many.csv", csv_bytes([row(start=year) for year in range(1990, 2010)]))

    def fail():  # between writing the change log and the figures themselves
        raise RuntimeError("disk full")

    monkeypatch.setattr(pipeline, "_pause_for_tests", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        pipeline.apply(store, result, user="tester")
    assert state(store) == before
    with pytest.raises(RuntimeError, match="disk full"):
        pipeline.import_file(store, "many.csv", csv_bytes([row(start=1995)]), user="tester")
    assert state(store) == before


def test_every_batch_records_as_many_changes_as_it_claims(store):
    _apply(store, "mixed.csv", MIXED, confirm_curated=True, reason="核对")
    _apply(store, "more.csv", [row(value="420"), row(start=2020)])
    counts = change_counts(store)
    for batch in state(store)["batches"]:
        assert counts[batch["batch_id"]] == batch["n_new"] + batch["n_changed"]


def test_an_unchanged_file_records_no_batch(store):
    _, batch = pipeline.import_file(
        store, "same.csv", csv_bytes([row(committee="石嘴山", start=2022, value="300")]), user="t"
    )
    assert batch is None and state(store)["batches"] == []


def test_the_store_as_a_template_imports_as_no_change(store):
    with db.connect(store) as con:
        committees, metrics = pipeline.catalogue(con)
        data = template.store_xlsx(con, committees, metrics)
        count = len(con.execute("select * from figures").fetchall())
    result = preview(store, "全部数据.xlsx", data)
    assert result.summary() == {
        "ok": True,
        "errors": [],
        "new": 0,
        "changed": 0,
        "unchanged": count,
        "curated_changes": 0,
    }


def test_the_store_with_uploads_as_a_template_imports_as_no_change(store):
    _apply(
        store,
        "mixed.csv",
        [*MIXED, row(metric="协商活动", value="约50", quote="开展协商约50次", note="含线上")],
        confirm_curated=True,
        reason="核对",
    )
    with db.connect(store) as con:
        committees, metrics = pipeline.catalogue(con)
        data = template.store_xlsx(con, committees, metrics)
    result = preview(store, "全部数据.xlsx", data)
    assert (len(result.new), len(result.changed)) == (0, 0)


def test_decimals_survive_the_template_round_trip(store):
    _apply(store, "rate.csv", [row(metric="提案办复率", value="98.75")])
    with db.connect(store) as con:
        committees, metrics = pipeline.catalogue(con)
        data = template.store_xlsx(con, committees, metrics)
    result = preview(store, "全部数据.xlsx", data)
    assert (len(result.new), len(result.changed)) == (0, 0)


def test_an_empty_template_is_refused_as_header_only(store):
    with db.connect(store) as con:
        committees, metrics = pipeline.catalogue(con)
    for name, data in (
        ("模板.xlsx", template.xlsx(committees, metrics)),
        ("模板.csv", template.csv_bytes()),
    ):
        result = preview(store, name, data)
        assert result.problems == [Problem(0, "文件", "文件只有表头，没有数据行。")]


def test_the_template_example_row_imports(store):
    result = preview(store, "example.xlsx", xlsx_bytes([template.EXAMPLE]))
    assert result.ok and len(result.new) == 1
    assert result.new[0].figure.key == ("640100", "proposals_received", 2024, 2024)


class _Recording:
    """A write connection that keeps every frame registered on it."""

    def __init__(self, con, frames: dict):
        self._con, self._frames = con, frames

    def register(self, name, frame):
        self._frames.setdefault(name, []).append(frame)
        return self._con.register(name, frame)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_the_write_holds_the_previews_own_texts_not_copies(store, monkeypatch):
    # every frame the writer registers keeps text as the very strings the preview holds:
    # a copy of each title, quote and note (pandas' Arrow strings, and a cast back)
    # was ~30 MB more on the page's server while a file of long texts was written
    rows = [
        row(start=1990 + i, value=str(i), source=f"报告{i}号" * 5, quote=f"摘录{i}" * 9, note="注")
        for i in range(30)
    ]
    result = preview(store, "long.csv", csv_bytes(rows))
    assert not result.problems and len(result.new) == 30
    held = {id(c.figure.source) for c in result.new} | {id(c.figure.quote) for c in result.new}
    frames: dict = {}
    transaction = db.transaction

    @contextlib.contextmanager
    def recorded(*args, **kwargs):
        with transaction(*args, **kwargs) as con:
            yield _Recording(con, frames)

    monkeypatch.setattr(db, "transaction", recorded)
    pipeline.apply(store, result, user="测试")
    titles = [t for frame in frames["incoming_sources"] for t in frame["title"]]
    quotes = [q for frame in frames["incoming_figures"] for q in frame["quote"]]
    assert len(titles) == 30 and len(quotes) == 30
    assert all(id(text) in held for text in titles + quotes)
    written = [figure(store, "银川", "proposals_received", 1990 + i) for i in range(30)]
    assert [(w["value"], w["quote"]) for w in written] == [(i, f"摘录{i}" * 9) for i in range(30)]
