"""Roles for writes, sign-in throttling and the audit log.

录入员 upload, apply and revert their own batches; 管理员 also change the catalogue,
read the audit log and revert anyone's batch. Repeated wrong passwords for a name slow
that name down; sign-ins, applies and reverts are recorded with user and time.
"""

import re
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from cppcc.store import db
from cppcc.upload import access, accounts, catalogue, pipeline
from cppcc.web import signin
from tests.conftest import ROOT
from tests.upload_corpus import csv_bytes, row

PASSWORD = "correct-horse-9"


@pytest.fixture
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    monkeypatch.setenv("CPPCC_USERS", str(path))
    accounts.add_user("录入甲", PASSWORD, path)
    accounts.add_user("管理乙", PASSWORD, path, role="管理员")
    return path


def _entries(store) -> list[tuple]:
    return [(e["event"], e["user_name"], e["detail"]) for e in access.entries(store)][::-1]


def test_roles_are_set_with_add_user(users):
    assert accounts.role_of("录入甲") == access.ENTRY
    assert accounts.role_of("管理乙") == access.ADMIN
    accounts.add_user("管理乙", "a-new-password-1", users)  # a reset keeps the role
    assert accounts.role_of("管理乙") == access.ADMIN
    with pytest.raises(ValueError, match="角色“老板”无法识别"):
        accounts.add_user("丙丙", PASSWORD, users, role="老板")
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "add-user", "丁丁", "--password-stdin", "--role", "admin"],
        cwd=ROOT, input=PASSWORD + "\n", capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0 and "（管理员，" in result.stdout
    assert accounts.role_of("丁丁", users) == access.ADMIN


def test_an_account_from_before_roles_is_a_data_entry_clerk(users):
    text = users.read_text(encoding="utf-8")
    users.write_text(re.sub(r'"role": "\w+",', "", text), encoding="utf-8")
    assert accounts.role_of("管理乙") == access.ENTRY


def test_what_each_role_may_do():
    for action in ("upload", "extract", "history", "revert_own"):
        assert access.can(access.ENTRY, action) and access.can(access.ADMIN, action)
    for action in ("catalogue", "audit", "revert_any", "accounts"):
        assert not access.can(access.ENTRY, action) and access.can(access.ADMIN, action)
    assert not access.can(None, "upload")


def test_identity_provider_users_are_admins_by_name_or_claim():
    assert access.oidc_role({"email": "Wang@nx.gov.cn"}, {"admins": ["wang@nx.gov.cn"]}) == "admin"
    assert access.oidc_role({"email": "li@nx.gov.cn"}, {"admins": ["wang@nx.gov.cn"]}) == "entry"
    claim = {"admin_claim": "groups", "admin_value": "cppcc-admin"}
    assert access.oidc_role({"groups": ["staff", "cppcc-admin"]}, claim) == "admin"
    assert access.oidc_role({"groups": "cppcc-admin"}, claim) == "admin"
    assert access.oidc_role({"groups": ["staff"]}, claim) == "entry"
    assert access.oidc_role({"email": "x@y"}, {}) == "entry"


def test_a_clerk_reverts_only_their_own_batches(store):
    data = csv_bytes([row(start=1990, metric="协商活动", value="3")])
    _, mine = pipeline.import_file(store, "甲.csv", data, user="录入甲")
    other = csv_bytes([row(start=1991, metric="协商活动", value="4")])
    _, theirs = pipeline.import_file(store, "乙.csv", other, user="管理乙")
    with pytest.raises(pipeline.RevertRefused, match=r"管理乙 上传的.*找管理员"):
        pipeline.revert(store, theirs, user="录入甲", role=access.ENTRY)
    pipeline.revert(store, mine, user="录入甲", role=access.ENTRY)
    pipeline.revert(store, theirs, user="管理乙", role=access.ADMIN)
    events = _entries(store)
    assert [e[:2] for e in events] == [
        ("apply", "录入甲"), ("apply", "管理乙"), ("revert", "录入甲"), ("revert", "管理乙"),
    ]  # fmt: skip
    assert "甲.csv" in events[0][2] and f"撤销批次 {theirs}" in events[3][2]


def test_wrong_passwords_slow_that_name_down(store):
    for _ in range(access.FREE_FAILURES):
        assert access.signin_wait(store, "录入甲") == 0
        access.record_signin(store, "录入甲", False)
    # the waits count from the failure, so a slow machine sees a little less of them
    first = access.signin_wait(store, "录入甲")
    assert 0 < first <= 2  # the next try must wait
    assert access.signin_wait(store, "别人") == 0  # per name
    access.record_signin(store, "录入甲", False)
    assert access.signin_wait(store, "录入甲") > first  # and the wait grows
    access.record_signin(store, "录入甲", True)
    assert access.signin_wait(store, "录入甲") == 0  # a success clears it
    assert [e[:2] for e in _entries(store)][-2:] == [
        ("signin_failed", "录入甲"),
        ("signin", "录入甲"),
    ]


def _app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="signin_name").set_value(name)
    at.text_input(key="signin_pw").set_value(password)
    at.button[0].click().run()
    return at


def _open_upload(at: AppTest) -> AppTest:
    at.run()
    at.switch_page("pages/upload.py")
    at.run()
    return at


def _signed_in_line(at: AppTest) -> str:
    """The page's 已登录 line, drawn as plain HTML (not markdown)."""
    return next((h.proto.body for h in at.get("html") if "已登录" in h.proto.body), "")


def test_the_page_shows_the_role_and_only_its_sections(store, users):
    at = _sign_in(_open_upload(_app()), "录入甲", PASSWORD)
    assert not at.exception
    assert "录入甲（录入员）" in _signed_in_line(at)
    assert at.segmented_control(key="upload_mode").options == ["上传文件", "数据征集",
                                                               "从报告文本提取", "历史与撤销"]  # fmt: skip

    at = _sign_in(_open_upload(_app()), "管理乙", PASSWORD)
    assert "管理乙（管理员）" in _signed_in_line(at)
    assert "审计日志" in at.segmented_control(key="upload_mode").options
    at.segmented_control(key="upload_mode").set_value("audit").run()
    assert not at.exception
    log = at.dataframe[0].value
    assert list(log["事件"])[:2] == ["登录", "登录"]
    assert list(log["用户"])[:2] == ["管理乙", "录入甲"]


def test_the_page_throttles_repeated_failures(store, users):
    at = _open_upload(_app())
    for _ in range(access.FREE_FAILURES):
        _sign_in(at, "录入甲", "wrong-password")
        assert "用户名或密码不正确" in at.error[0].value
    _sign_in(at, "录入甲", PASSWORD)  # even the right password waits now
    said = at.error[0].value
    # counting is per name and address (plus a total per name): the message says so
    assert "次数过多" in said and "从这个地址用这个用户名" in said and "各地址" in said
    assert not _signed_in_line(at) and not any("已登录" in c.value for c in at.caption)
    # every attempt is audited, the throttled one too (its password was not checked)
    entries = _entries(store)
    assert [e[0] for e in entries] == ["signin_failed"] * (access.FREE_FAILURES + 1)
    assert "未核对密码" in entries[-1][2]


def test_an_e_mail_address_in_the_signed_in_line_is_plain_text(store, users, monkeypatch):
    """An identity provider's user is often named by an e-mail address: markdown (even
    escaped) would make it a mailto: link, so the line is plain HTML text."""
    monkeypatch.setattr(signin, "current_user", lambda: "wang@nx.gov.cn")
    monkeypatch.setattr(signin, "current_role", lambda: "entry")
    monkeypatch.setattr(signin, "keep_signed_in", lambda: None)
    at = _open_upload(_app())
    assert not at.exception
    line = _signed_in_line(at)
    assert "已登录：wang@nx.gov.cn（录入员）" in line
    assert "<a" not in line and "mailto" not in line
    assert not any("wang@" in e.value for e in [*at.caption, *at.markdown])


@pytest.mark.parametrize(
    "fault, said",
    [
        (db.StoreBusy("busy"), "正被另一个程序写入"),
        (db.StoreUnavailable("down"), "暂时无法连接数据库服务器"),
        (db.StoreReadOnly("数据文件夹只读，没有写入任何数据。"), "数据文件夹只读"),
    ],
)
def test_a_store_that_cannot_take_a_write_is_said_on_the_page(
    store, users, monkeypatch, fault, said
):
    """An admin adds a metric while the store is busy, unreachable or read-only: the page
    says which, in Chinese, claims no success, and the catalogue is as it was."""

    def refuse(*args, **kwargs):
        raise fault

    monkeypatch.setattr(catalogue, "add_metric", refuse)
    at = _sign_in(_open_upload(_app()), "管理乙", PASSWORD)
    at.segmented_control(key="upload_mode").set_value("catalogue").run()
    form = next(i for i, f in enumerate(at.text_input) if f.label == "代码")
    at.text_input[form].set_value("proposals_merged")
    next(
        b for b in at.button if b.label == "添加" and b.proto.form_id == "upload_add_metric"
    ).click()
    at.run()
    assert not at.exception
    assert any(said in e.value for e in at.error)
    assert not at.success


# the audit log as a store made before a round's opening was audited has it
AUDIT_LOG_BEFORE_ROUNDS = """
create table audit_log (
    entry_id integer primary key default nextval('audit_seq'),
    happened_at timestamp not null default current_timestamp,
    event varchar not null check (event in (
        'signin', 'signin_failed', 'apply', 'revert', 'catalogue', 'role_refused'
    )),
    user_name varchar not null,
    detail varchar
)
"""


@pytest.mark.parametrize("way", ["the opening itself", "build-db", "a snapshot"])
def test_opening_a_round_is_audited_on_a_store_made_before_it_was(store, way):
    """A store whose audit log refuses the event is brought up to date by build-db or by
    the round's own write, entries kept; an app server's snapshot of it reads as usual."""
    from cppcc.collect import round as rounds
    from cppcc.web.upload_views import audit_table
    from tests.conftest import build_fixture_store

    with db.connect(store, read_only=False) as con:
        con.execute("drop table audit_log")
        con.execute(AUDIT_LOG_BEFORE_ROUNDS)
        con.execute("insert into audit_log (event, user_name, detail) values "
                    "('signin', '管理乙', '本地账号'), ('apply', '录入甲', '批次 1')")  # fmt: skip
        kept = con.execute("select entry_id, happened_at from audit_log").fetchall()
    if way == "build-db":
        build_fixture_store(store)
    elif way == "a snapshot":
        db.snapshot(store).close()  # an app server's copy: the file itself is not changed
    opened = rounds.open_round(store, user="管理乙", years=[2024], committees=["吴忠", "固原"])
    assert opened["round_id"] == 1
    assert _entries(store) == [
        ("signin", "管理乙", "本地账号"),
        ("apply", "录入甲", "批次 1"),
        (
            "round_open",
            "管理乙",
            f"开启数据征集第 1 轮：2024 年，2 个委员会 × "
            f"{opened['n_metrics']} 个指标，共 {opened['n_metrics'] * 2} 项",
        ),
    ]
    with db.connect(store) as con:
        numbered = con.execute("select entry_id, happened_at from audit_log order by 1").fetchall()
    assert numbered[:2] == kept and numbered[2][0] == 3
    # the audit section names the event in the page's language
    assert audit_table(access.entries(store), "zh")["事件"].iloc[0] == "开启数据征集"
    assert audit_table(access.entries(store), "en")["Event"].iloc[0] == "Opened a collection round"


def test_a_stranger_cannot_lock_a_real_user_out(store, users, monkeypatch):
    # someone at another address fails the password of a real name again and again:
    # they are slowed down, the owner at their own address is not
    stranger, owner = "10.0.0.66", "10.0.0.7"
    # no wait runs out during the test, however slow the machine (after three failures
    # the wait is 2 s, which a loaded machine can spend between two attempts)
    counted = access._wait
    monkeypatch.setattr(
        access, "_wait", lambda failures, _since, *rest: counted(failures, 0.0, *rest)
    )
    outcomes = [
        access.attempt_signin(store, "录入甲", lambda: False, known=True, client=stranger)[0]
        for _ in range(access.FREE_FAILURES + 5)
    ]
    assert outcomes.count("failed") == access.FREE_FAILURES
    assert set(outcomes[access.FREE_FAILURES :]) == {"throttled"}
    assert access.signin_wait(store, "录入甲", owner) == 0
    assert access.attempt_signin(store, "录入甲", lambda: True, known=True, client=owner) == (
        "ok",
        0.0,
    )
    # the owner's sign-in does not clear the stranger's count (their wait counts from
    # their last failure, so on a slow machine it may be over: the count is checked)
    with db.connect(store) as con:
        query = "select failures from signin_failures where user_name = $key"
        key = access.counts("录入甲", stranger)[1]
        assert con.execute(query, {"key": key}).fetchall() == [(access.FREE_FAILURES,)]
    details = [e[2] for e in _entries(store)]
    assert f"来自 {stranger}" in details[0] and f"来自 {owner}" in details[-1]


def test_guessing_one_name_from_many_addresses_is_slowed_too(store, users):
    # each address stays under its own free failures; together they pass the name's
    # (by enough that the name's wait is at its cap, however slow this machine is)
    addresses = [f"10.1.0.{i}" for i in range(access.NAME_FREE_FAILURES // 2)]
    for address in addresses:
        for _ in range(2):
            assert access.attempt_signin(
                store, "录入甲", lambda: False, known=True, client=address
            ) == ("failed", 0.0)
    for address in addresses[:3]:  # failures counted earlier, the name's wait now at its cap
        for _ in range(2):
            access.record_signin(store, "录入甲", False, client=address)
    # a new address, and the owner's, wait: at most the name's cap, not 15 minutes
    for address in ("10.2.0.1", "10.0.0.7"):
        outcome, wait = access.attempt_signin(
            store, "录入甲", lambda: True, known=True, client=address
        )
        assert outcome == "throttled" and 0 < wait <= access.NAME_MAX_WAIT_S


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("192.0.2.10", None, "192.0.2.10"),  # straight from the browser
        ("192.0.2.10", "198.51.100.1", "192.0.2.10"),  # a browser's own header is ignored
        (None, "198.51.100.1, 192.0.2.10", "192.0.2.10"),  # nginx appended what it saw
        ("127.0.0.1", "192.0.2.10", "192.0.2.10"),
        (None, "not-an-address", None),
        (None, None, None),
        (object(), None, None),  # not an address at all
    ],
)
def test_the_client_address_is_the_one_nginx_saw(peer, forwarded, client):
    assert access.client_of(peer, forwarded) == client


def test_an_address_is_read_from_x_forwarded_for_only_through_the_proxy():
    """With a proxy token set, another program on the server machine cannot pose as
    other addresses (to spread guesses over the per-address throttle)."""
    token = "a-long-random-token-123"
    forged = "10.9.9.9"
    through_nginx = access.came_through_proxy(token, token)
    direct = access.came_through_proxy(None, token)
    wrong = access.came_through_proxy("a-long-random-token-124", token)
    assert through_nginx and not direct and not wrong
    assert access.client_of(None, f"1.2.3.4, {forged}", through_nginx) == forged
    assert access.client_of(None, forged, direct) == "127.0.0.1"
    assert access.client_of("127.0.0.1", forged, wrong) == "127.0.0.1"
    # a connection from another machine is its own address either way
    assert access.client_of("10.0.0.5", forged, direct) == "10.0.0.5"
    # no token set (a single server behind a local nginx): as before
    assert access.came_through_proxy(None, None)
    assert access.client_of(None, forged, access.came_through_proxy(None, None)) == forged
