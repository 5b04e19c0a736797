"""Collection rounds: opening one, its workbooks, returns (empty = 未报告, partial then
completed), accounts bound to committees, the progress board and the CLI sequence."""

import io
import json
from datetime import date

import pytest
from openpyxl import load_workbook

from cppcc.collect import board, marker, workbook
from cppcc.collect import round as rounds
from cppcc.store import db, sql
from cppcc.upload import access, accounts, binding, pipeline
from cppcc.upload.validate import WHOLE_UNITS
from tests.upload_corpus import cli_main, csv_bytes, figures_table, row, state

YEAR = date.today().year - 1
WUZHONG, GUYUAN = "640300", "640400"


def _open(store, **options) -> dict:
    return rounds.open_round(store, user="管理员甲", years=[YEAR], **options)


def _books(store, round_id: int) -> dict[str, bytes]:
    with db.connect(store) as con:
        return dict(workbook.workbooks(con, round_id))


def _book(store, round_id: int, short: str) -> bytes:
    return next(
        data for name, data in _books(store, round_id).items() if name.endswith(f"_{short}.xlsx")
    )


def _fill(data: bytes, values: dict[str, object] | None = None, every=None) -> bytes:
    """Type into 数值 as a committee would: by metric name, or ``every`` open cell."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["数据"]
    for line in sheet.iter_rows(min_row=2):
        metric, cell = line[1].value, line[4]
        if metric is None or cell.protection.locked:
            continue
        if values and metric in values:
            cell.value = values[metric]
        elif every is not None:
            cell.value = every(metric)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _catalogue(store):
    with db.connect(store) as con:
        return pipeline.catalogue(con)


def _scope(store, adcodes, user="录入员乙"):
    return binding.scope_for(user, access.ENTRY, adcodes, _catalogue(store)[0])


def _import(store, name, data, scope=None, user="录入员乙", **options):
    return pipeline.import_file(store, name, data, user=user, scope=scope, **options)


def test_a_round_asks_every_committee_below_the_region_for_the_yearly_metrics(store):
    opened = _open(store)
    committees, metrics = _catalogue(store)
    below = [c for c in committees if c["level"] != "region"]
    with db.connect(store) as con:
        yearly = {r[0] for r in con.execute(
            "select distinct metric from figures where period_start = period_end").fetchall()}  # fmt: skip
        asked = con.execute("select adcode, metric, year from round_asks").fetchall()
    assert opened["n_committees"] == len(below) == 27
    assert {a for a, _, _ in asked} == {c["adcode"] for c in below}
    assert {m for _, m, _ in asked} == yearly and len(yearly) < len(metrics)
    assert {y for _, _, y in asked} == {YEAR}
    assert len(asked) == opened["n_asked"] == len(below) * len(yearly)


def test_a_round_can_ask_chosen_committees_metrics_and_years(store):
    opened = rounds.open_round(
        store, user="甲", years=[YEAR - 1, YEAR], metrics=["收到提案", "opinion_items"],
        committees=["吴忠市政协", "640400"], due=date.today().isoformat(),
    )  # fmt: skip
    assert (opened["n_committees"], opened["n_metrics"], opened["n_asked"]) == (2, 2, 8)
    assert opened["years"] == f"{YEAR - 1}、{YEAR}" and opened["due"] == date.today().isoformat()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"years": ["20x5"]}, "年份“20x5”不对"),
        ({"years": [date.today().year + 1]}, "四位数字"),
        ({"years": []}, "请写明征集哪一年"),
        ({"committees": ["吴中"]}, "找不到委员会“吴中”"),
        ({"metrics": ["收到提按"]}, "是不是“收到提案”"),
        ({"due": "2020-01-01"}, "已经过去"),
        ({"due": "31/03/2027"}, "年-月-日"),
    ],
)
def test_a_bad_round_says_what_is_wrong_and_opens_nothing(store, options, message):
    before = figures_table(store)
    with pytest.raises(rounds.RoundError, match=message):
        rounds.open_round(store, user="甲", **{"years": [YEAR], **options})
    with db.connect(store) as con:
        assert rounds.rounds(con) == []
    assert figures_table(store) == before


def test_each_workbook_has_one_row_per_asked_cell_known_figures_filled_and_locked(store):
    """Asked for a year the store already has figures of: those rows come filled with
    their report and locked; the others are open, with the committee's return as source."""
    with db.connect(store) as con:
        known = con.execute(
            "select adcode, metric, period_start, value from figures_labeled "
            "where is_annual and adcode <> '640000'"
        ).fetchall()
    year = max(y for _, _, y, _ in known)
    opened = rounds.open_round(store, user="甲", years=[year])
    books = _books(store, opened["round_id"])
    committees, metrics = _catalogue(store)
    names = {m["code"]: m["name_zh"] for m in metrics}
    expected = {(a, names[m]): v for a, m, y, v in known if y == year}
    assert len(books) == 27
    seen = {}
    short = {c["short_zh"]: c["adcode"] for c in committees}
    committee_names = {c["adcode"]: c["name_zh"] for c in committees}
    for name, data in books.items():
        assert marker.read(name, data)["round"] == opened["round_id"]
        sheet = load_workbook(io.BytesIO(data))["数据"]
        assert sheet.protection.sheet
        lines = [line for line in sheet.iter_rows(min_row=2) if line[0].value is not None]
        assert len(lines) == opened["n_metrics"]
        for line in lines:
            key = (short[line[0].value], line[1].value)
            assert name.endswith(f"_{line[0].value}.xlsx")
            value = line[4]
            if key in expected:
                seen[key] = value.value
                assert value.value == expected[key] and value.protection.locked
                assert line[6].value and not line[6].value.endswith("数据征集报送")
            else:
                assert value.value is None and not value.protection.locked
                assert line[6].value == f"{committee_names[key[0]]}{year}年数据征集报送"
            assert line[0].protection.locked and line[1].protection.locked
    assert seen == expected and expected


def test_the_value_rule_follows_each_metrics_unit(store):
    opened = _open(store)
    sheet = load_workbook(io.BytesIO(_book(store, opened["round_id"], "吴忠")))["数据"]
    units = {m["name_zh"]: m["unit_zh"] for m in _catalogue(store)[1]}
    rules = {}
    for rule in sheet.data_validations.dataValidation:
        for cells in rule.sqref.ranges:
            for number, column in cells.cells:
                rules[(number, column)] = rule
    checked = set()
    for line in sheet.iter_rows(min_row=2, max_row=opened["n_metrics"] + 1):
        unit = units[line[1].value]
        rule = rules[(line[4].row, 5)]
        if unit == "%":
            assert (rule.type, rule.formula1, rule.formula2) == ("decimal", "0", "100")
        elif unit in WHOLE_UNITS:
            assert (rule.type, rule.formula1) == ("whole", "0")
        else:
            assert rule.type == "decimal" and rule.formula1 == "0"
        assert rules[(line[4].row, 6)].type == "list"  # 限定
        assert rules[(line[4].row, 3)].type == "whole"  # 起始年份
        checked.add(unit)
    assert {"%", "件"} <= checked
    guide = load_workbook(io.BytesIO(_book(store, opened["round_id"], "吴忠")))["说明"]
    text = "\n".join(str(c.value) for c in guide["A"] if c.value)
    assert "留空表示“未报告”" in text and "不会当作 0" in text and "吴忠市政协" in text


def test_an_empty_cell_comes_back_as_not_reported_never_zero_and_can_be_completed(store):
    opened = _open(store)
    data = _book(store, opened["round_id"], "吴忠")
    scope = _scope(store, [WUZHONG])
    partly = _fill(data, {"收到提案": 315})
    result, batch = _import(store, "吴忠.xlsx", partly, scope)
    assert result.ok and batch and len(result.new) == 1
    assert result.not_reported == opened["n_metrics"] - 1
    with db.connect(store) as con:
        stored = con.execute(
            "select metric, value from figures where adcode = $a and period_start = $y",
            {"a": WUZHONG, "y": YEAR},
        ).fetchall()
    assert stored == [("proposals_received", 315.0)]  # nothing else, and no 0
    # completed later: the same file with more filled in adds only the new ones
    more = _fill(partly, {"立案（合并交办）提案": 200, "重点提案": 12})
    result, batch = _import(store, "吴忠.xlsx", more, scope)
    assert (len(result.new), len(result.unchanged), result.not_reported) == (
        2, 1, opened["n_metrics"] - 3)  # fmt: skip
    with db.connect(store) as con:
        rows = board.board(con, opened["round_id"])
    wuzhong = next(r for r in rows if r["adcode"] == WUZHONG)
    assert (wuzhong["filled"], wuzhong["status"], wuzhong["user"]) == (3, board.PARTIAL, "录入员乙")
    assert wuzhong["returns"] == 2


def test_an_ordinary_file_still_needs_every_value(store):
    result, batch = _import(store, "a.csv", csv_bytes([row(value="")]))
    assert not result.ok and batch is None and "数值为空" in result.problems[0].message


def _store_bytes(store) -> dict:
    return state(store)


@pytest.mark.parametrize("other", ["固原", "固原市政协", GUYUAN])
def test_a_bound_account_is_refused_the_whole_file_naming_other_committees_rows(store, other):
    rows = [
        row(committee="吴忠"),
        row(committee=other, metric="重点提案"),
        row(committee="吴忠", metric="重点提案"),
    ]
    before = _store_bytes(store)
    for scope in (_scope(store, [WUZHONG]),):
        result, batch = _import(store, "mixed.csv", csv_bytes(rows), scope)
        assert batch is None and not result.ok
        assert [(p.row, p.column) for p in result.problems] == [(3, "委员会")]
        assert "第3行是“固原”的数字" in result.problems[0].message
    assert _store_bytes(store) == before
    # the same file from a 管理员 or an unbound account goes through
    for role in (access.ADMIN, access.ENTRY):
        assert binding.scope_for("x", role, [] if role == access.ENTRY else [WUZHONG], []) is None
    result, batch = _import(store, "mixed.csv", csv_bytes(rows))
    assert result.ok and batch


def test_a_bound_account_may_write_each_of_its_committees(store):
    rows = [row(committee="吴忠"), row(committee="固原")]
    result, batch = _import(store, "two.csv", csv_bytes(rows), _scope(store, [WUZHONG, GUYUAN]))
    assert result.ok and batch


def test_apply_and_revert_keep_to_the_accounts_committees(store):
    with db.connect(store) as con:
        made = pipeline.preview(con, "yc.csv", csv_bytes([row(committee="银川")]))
    with pytest.raises(ValueError, match="不能写入这些委员会的数字：640100"):
        pipeline.apply(store, made, user="乙", scope=_scope(store, [WUZHONG]))
    _, batch = _import(store, "yc.csv", csv_bytes([row(committee="银川")]), user="乙")
    with pytest.raises(pipeline.RevertRefused, match="其他委员会（银川）"):
        pipeline.revert(
            store, batch, user="乙", role=access.ENTRY, scope=_scope(store, [WUZHONG], "乙")
        )
    assert pipeline.revert(store, batch, user="乙", role=access.ENTRY)


def test_a_figure_disagreeing_with_a_report_is_kept_beside_it_and_flagged(store):
    with db.connect(store) as con:
        adcode, metric, year, value, source = con.execute(
            "select adcode, metric, period_start, value, source from figures_labeled "
            "where is_annual and origin = 'curated' and adcode <> '640000' and n_differing = 0 "
            "order by adcode, metric limit 1"
        ).fetchone()
        committee = con.execute(
            "select short_zh from committees where adcode = $a", {"a": adcode}
        ).fetchone()[0]
        metric_name = con.execute(
            "select name_zh from metrics where code = $m", {"m": metric}
        ).fetchone()[0]
    opened = rounds.open_round(
        store, user="甲", years=[year], committees=[adcode], metrics=[metric]
    )
    returned = row(committee=committee, metric=metric_name, start=year, value=str(int(value) + 7),
                   source=f"{committee}{year}年数据征集报送")  # fmt: skip
    result, batch = _import(store, "r.csv", csv_bytes([returned]), _scope(store, [adcode]),
                            confirm_curated=True, reason="委员会报送")  # fmt: skip
    assert batch and result.changed[0].kept_beside
    with db.connect(store) as con:
        rows = board.board(con, opened["round_id"])
        found = board.disagreements(con, opened["round_id"])
    assert rows[0]["disagreements"] == 1 and rows[0]["returned_at"] is not None
    assert found[0]["value"] == value + 7 and found[0]["earlier_value"] == value
    assert found[0]["earlier_source"] == source and found[0]["as_of"] and found[0]["earlier_as_of"]
    sheet = load_workbook(io.BytesIO(board.board_xlsx(opened, rows, found)))["与报告不一致"]
    assert [c.value for c in sheet[2]][:3] == [committee, metric_name, year]


def test_the_board_counts_returns_since_the_round_opened_and_not_reverted(store):
    _import(store, "early.csv", csv_bytes([row(committee="固原", start=YEAR)]), user="早")
    opened = _open(store)
    _, batch = _import(store, "late.csv", csv_bytes([row(committee="吴忠", start=YEAR)]), user="丙")
    with db.connect(store) as con:
        rows = {r["adcode"]: r for r in board.board(con, opened["round_id"])}
    assert rows[GUYUAN]["filled"] == 1 and rows[GUYUAN]["status"] == board.MISSING
    assert rows[WUZHONG]["user"] == "丙" and rows[WUZHONG]["status"] == board.PARTIAL
    notice = board.reminder(opened, list(rows.values()))
    assert "26 个委员会尚未报送" in notice and "吴忠市政协（缺" in notice
    pipeline.revert(store, batch, user="丙")
    with db.connect(store) as con:
        rows = {r["adcode"]: r for r in board.board(con, opened["round_id"])}
    assert rows[WUZHONG]["returned_at"] is None and rows[WUZHONG]["filled"] == 0


# the board's query as it was before the read model carried each committee's name and
# place (issue 22, item 8): the plain view joined to the catalogue, sorted there
BOARD_BEFORE = """
select p.adcode, c.short_zh, c.name_zh, p.asked, p.filled, p.returned_at, p.user_name,
    p.n_returns, p.disagreements
from round_progress as p
join committees as c on c.adcode = p.adcode
where p.round_id = $round_id
order by c.sort_order, p.adcode
"""
BOARD_KEYS = ["adcode", "committee", "committee_name", "asked", "filled", "returned_at",
              "user", "returns", "disagreements"]  # fmt: skip


def test_the_board_reads_the_same_from_the_read_model_as_from_the_plain_view(store):
    """The page reads the board from the snapshot's read model; the CLI from the store
    file's plain view: the same rows in the same (catalogue) order, as before."""
    _import(store, "early.csv", csv_bytes([row(committee="固原", start=YEAR)]), user="早")
    every = _open(store)
    # a second round over fewer committees, one of them the region with two reports
    # giving different 2024 numbers, listed out of catalogue order
    few = rounds.open_round(store, user="甲", years=[2024, YEAR],
                            committees=["640303", "640000", GUYUAN, WUZHONG])  # fmt: skip
    for name, committee, user in [("a.csv", "吴忠", "丙"), ("b.csv", "红寺堡区", "丁"),
                                  ("c.csv", "银川", "戊")]:  # fmt: skip
        returned = row(committee=committee, metric="立案（合并交办）提案", start=YEAR, value="40")
        result, batch = _import(store, name, csv_bytes([returned]), user=user)
        assert result.ok and batch, result.problems
    pipeline.revert(store, batch, user="戊")  # 银川's return, undone
    with db.connect(store) as con:
        plain = {n: board.board(con, n) for n in (every["round_id"], few["round_id"])}
        before = {n: con.execute(BOARD_BEFORE, {"round_id": n}).fetchall() for n in plain}
    snapshot = db.snapshot(store)
    try:
        read = {n: board.board(snapshot.cursor(), n) for n in plain}
        order = snapshot.execute(sql.load("round_board"), {"round_id": every["round_id"]})
        places = [r[-1] for r in order.fetchall()]
    finally:
        snapshot.close()
    assert read == plain
    for n, rows in read.items():
        assert [tuple(r[k] for k in BOARD_KEYS) for r in rows] == before[n]
    # the cases the comparison must cover: returned, reverted, partial, a disagreement
    mixed = {r["committee"]: r for r in read[few["round_id"]]}
    assert [r["committee"] for r in read[few["round_id"]]] == ["宁夏", "吴忠", "固原", "红寺堡区"]
    assert mixed["宁夏"]["disagreements"] > 0 and mixed["宁夏"]["returned_at"] is None
    assert mixed["吴忠"]["user"] == "丙" and mixed["固原"]["status"] == board.MISSING
    assert mixed["固原"]["filled"] == 1 and mixed["红寺堡区"]["status"] == board.PARTIAL
    银川 = next(r for r in read[every["round_id"]] if r["committee"] == "银川")
    assert 银川["returned_at"] is None and 银川["returns"] == 0
    # the read model hands the rows over in board order: the query sorts nothing
    assert places == sorted(places) and len(places) == 27


def test_accounts_keep_their_committees(tmp_path):
    users = tmp_path / "users.json"
    accounts.add_user("吴忠录入", "password-1", users, role="录入员", committees=[WUZHONG])
    assert accounts.committees_of("吴忠录入", users) == [WUZHONG]
    accounts.add_user("吴忠录入", "password-2", users)  # a reset keeps the binding
    assert accounts.committees_of("吴忠录入", users) == [WUZHONG]
    accounts.set_access("吴忠录入", "entry", [], users)
    assert accounts.committees_of("吴忠录入", users) == []
    assert accounts.verify("吴忠录入", "password-2", users)
    with pytest.raises(accounts.AccountError, match="管理员"):
        accounts.add_user("王管理", "password-1", users, role="admin", committees=[WUZHONG])
    assert [a["name"] for a in accounts.listing(users)] == ["吴忠录入"]


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"cppcc_committee": "吴忠"}, ["吴忠"]),
        ({"cppcc_committee": ["吴忠", " 固原 "]}, ["吴忠", "固原"]),
        ({}, []),
        ({"groups": ["吴忠"]}, []),
    ],
)
def test_an_identity_provider_claim_binds_committees(claims, expected):
    assert access.oidc_committees(claims, {"committee_claim": "cppcc_committee"}) == expected


def test_the_cli_sequence(store, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CPPCC_USERS", str(tmp_path / "users.json"))
    status, out, _ = cli_main(
        capsys, "round", "open", "--year", YEAR, "--due", "2099-12-31", "--json"
    )
    opened = json.loads(out)
    assert status == 0 and opened["round"] == 1 and opened["committees"] == 27
    status, out, _ = cli_main(capsys, "round", "workbooks", 1, "--out", tmp_path / "books")
    files = sorted((tmp_path / "books").glob("*.xlsx"))
    assert status == 0 and len(files) == 27 and any(f.name.endswith("_吴忠.xlsx") for f in files)
    monkeypatch.setattr("sys.stdin", io.StringIO("password-1\n"))
    status, out, err = cli_main(
        capsys, "add-user", "吴忠录入", "--committee", "吴忠", "--password-stdin"
    )
    assert status == 0, err
    guyuan = next(f for f in files if f.name.endswith("_固原.xlsx"))
    before = state(store)
    status, _, err = cli_main(capsys, "import", guyuan, "--as", "吴忠录入")
    assert status == 1 and "只能上传 吴忠 的数字" in err and state(store) == before
    wuzhong = tmp_path / "吴忠.xlsx"
    wuzhong.write_bytes(_fill(next(f for f in files if f.name.endswith("_吴忠.xlsx")).read_bytes(),
                              {"收到提案": 315}))  # fmt: skip
    status, out, err = cli_main(capsys, "import", wuzhong, "--as", "吴忠录入")
    assert status == 0 and "已写入" in out and "未报告" in out
    status, out, _ = cli_main(capsys, "round", "status", 1, "--format", "json")
    rows = {r["committee"]: r for r in json.loads(out)}
    assert status == 0 and len(rows) == 27
    assert {"committee", "adcode", "asked", "filled", "returned_at", "user"} <= set(rows["吴忠"])
    assert rows["吴忠"]["filled"] == 1 and rows["吴忠"]["user"] == "吴忠录入"
    assert rows["银川"]["returned_at"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["round", "status", 9], "没有编号为 9 的数据征集"),
        (["round", "workbooks", 9, "--out", "x"], "没有编号为 9 的数据征集"),
        (["round", "open", "--year", "2025", "--committee", "吴中"], "找不到委员会"),
        (["import", "x.csv", "--as", "无此人"], "找不到文件"),
    ],
)
def test_cli_mistakes_are_said_in_chinese(store, capsys, args, message):
    status, _, err = cli_main(capsys, *args)
    assert status in (1, 2) and message in err


def _upload_page(users, name):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/upload.py")
    at.run()
    at.text_input(key="signin_name").set_value(name)
    at.text_input(key="signin_pw").set_value("password-1")
    at.button[0].click().run()
    return at


@pytest.fixture
def staff(tmp_path, monkeypatch):
    users = tmp_path / "users.json"
    monkeypatch.setenv("CPPCC_USERS", str(users))
    accounts.add_user("王管理", "password-1", users, role="admin")
    accounts.add_user("吴忠录入", "password-1", users, committees=[WUZHONG])
    return users


def test_a_admin_binds_an_account_on_the_page(store, staff):
    at = _upload_page(staff, "王管理")
    at.segmented_control(key="upload_mode").set_value("accounts").run()
    assert not at.exception
    at.text_input(key="accounts_name").set_value("固原录入")
    at.text_input(key="accounts_pw").set_value("password-2")
    at.multiselect(key="accounts_bound").set_value([GUYUAN])
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception and any("已保存账号" in s.value for s in at.success)
    assert accounts.committees_of("固原录入", staff) == [GUYUAN]
    assert accounts.verify("固原录入", "password-2", staff)
    table = at.dataframe[-1].value
    assert dict(zip(table["用户名"], table["委员会"], strict=True))["固原录入"] == "固原市政协"


def test_a_bound_clerk_sees_only_their_committees_workbook(store, staff):
    opened = _open(store)
    at = _upload_page(staff, "吴忠录入")
    # the 已登录 line is plain HTML text (an e-mail address must not become a link)
    assert any("录入员 · 吴忠" in h.proto.body for h in at.get("html"))
    assert "账号" not in at.segmented_control(key="upload_mode").options
    at.segmented_control(key="upload_mode").set_value("round").run()
    assert not at.exception
    picker = at.selectbox(key=f"round_pick_{opened['round_id']}")
    assert picker.options == ["吴忠市政协"]
    downloads = [d.label for d in at.get("download_button")]
    assert downloads == ["下载吴忠市政协的工作簿"]  # no .zip of all, no board


def test_the_board_on_the_page_flags_a_disagreement_and_names_who_returned(store, staff):
    test_a_figure_disagreeing_with_a_report_is_kept_beside_it_and_flagged(store)
    at = _upload_page(staff, "王管理")
    at.segmented_control(key="upload_mode").set_value("round").run()
    assert not at.exception
    assert any("与已整理的报告不同" in w.value for w in at.warning)
    progress, differing = at.dataframe[-2].value, at.dataframe[-1].value
    assert list(progress["报送人"]) == ["录入员乙"] and list(progress["状态"]) == ["已齐全"]
    assert (
        len(differing) == 1
        and differing.iloc[0]["页面显示的数字"] != differing.iloc[0]["另一份报告的数字"]
    )
    assert at.get("download_button")[-1].label == "导出进度表（.xlsx）"


def test_round_status_reads_a_store_whose_board_view_an_earlier_version_made(store, capsys):
    """A round opened before the board's view carried its order: ``round status`` brings
    the view up to date (views only, rows kept) and shows the board."""
    opened = _open(store)
    with db.connect(store, read_only=False) as con:
        con.execute(
            "create or replace view round_progress as select round_id, adcode, "
            "count(*) as asked, 0 as filled, 0 as disagreements, null::timestamp as "
            "returned_at, null as user_name, 0 as n_returns from round_asks group by all"
        )
    status, out, err = cli_main(capsys, "round", "status", opened["round_id"], "--format", "json")
    assert status == 0, err
    rows = json.loads(out)
    assert len(rows) == 27 and rows[0]["committee"] == "银川" and rows[0]["asked"] > 0
