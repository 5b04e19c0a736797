"""Staff accounts (no password ever stored) and catalogue additions (a county committee,
a new metric): checked field by field in Chinese, then usable in uploads at once."""

import io
import json
import os
import stat
import subprocess
import sys

import pytest

from cppcc.store import db, sql
from cppcc.upload import accounts, catalogue, pipeline
from tests.conftest import ROOT
from tests.upload_corpus import cli_main, csv_bytes, figure, row

PASSWORD = "宁夏-政协-2024"


# --- accounts --------------------------------------------------------------------------


@pytest.fixture
def users(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    monkeypatch.setenv("CPPCC_USERS", str(path))
    return path


def test_an_account_file_holds_no_password(users):
    assert not accounts.has_accounts()
    accounts.add_user("张三", PASSWORD)
    text = users.read_text(encoding="utf-8")
    assert "张三" in text
    for form in (PASSWORD, PASSWORD.encode().hex(), PASSWORD.encode().decode("latin-1")):
        assert form not in text
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    assert accounts.has_accounts()
    assert not users.with_suffix(".tmp").exists()


def test_verify_accepts_only_the_right_password(users):
    accounts.add_user("张三", PASSWORD)
    accounts.add_user("li.si", "another-password")
    assert accounts.verify("张三", PASSWORD)
    assert not accounts.verify("张三", PASSWORD + " ")
    assert not accounts.verify("张三", "another-password")
    assert not accounts.verify("王五", PASSWORD)
    assert accounts.verify("li.si", "another-password")


def test_adding_a_user_again_resets_the_password(users):
    accounts.add_user("张三", PASSWORD)
    accounts.add_user("张三", "a-new-password")
    assert accounts.verify("张三", "a-new-password")
    assert not accounts.verify("张三", PASSWORD)


def test_the_same_password_is_stored_differently_for_two_users(users):
    accounts.add_user("张三", PASSWORD)
    accounts.add_user("李四", PASSWORD)
    stored = json.loads(users.read_text(encoding="utf-8"))
    assert stored["张三"]["hash"] != stored["李四"]["hash"]


@pytest.mark.parametrize("password", ["", "1234567", "短密码"])
def test_a_short_password_is_refused(users, password):
    with pytest.raises(accounts.AccountError, match="密码至少 8 个字符"):
        accounts.add_user("张三", password)
    assert not users.exists()


@pytest.mark.parametrize("name", ["", "a", "张 三", "x" * 33, "bob!", "../etc", "张三\n"])
def test_a_bad_name_is_refused(users, name):
    with pytest.raises(accounts.AccountError) as refused:
        accounts.add_user(name, PASSWORD)
    assert "用户名须为 2–32 个字符" in str(refused.value) and "不含空格" in str(refused.value)
    assert not users.exists()


def test_cli_add_user_reads_the_password_from_stdin(users):
    result = subprocess.run(
        [sys.executable, "-m", "cppcc", "add-user", "王五", "--password-stdin"],
        cwd=ROOT,
        env={**os.environ, "CPPCC_USERS": str(users)},
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"已保存账号 王五（{users}）"
    assert PASSWORD not in result.stdout + result.stderr
    assert accounts.verify("王五", PASSWORD)
    assert PASSWORD not in users.read_text(encoding="utf-8")


def test_cli_add_user_refuses_a_short_password(users, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    status, out, err = cli_main(capsys, "add-user", "王五", "--password-stdin")
    assert (status, out) == (1, "")
    assert err.strip() == "错误：密码至少 8 个字符"
    assert not users.exists()


# --- committees ------------------------------------------------------------------------

XIJI = {
    "adcode": "640499",
    "name_zh": "示例县政协",
    "short_zh": "示例",
    "name_en": "Shili",
    "level": "county",
    "parent_adcode": "640400",
    "seat_lat": 35.96,
    "seat_lon": 105.73,
}


def _committees(path) -> list[dict]:
    """What ``queries/committees.sql`` gives the pages: selectors, charts and the map."""
    with db.connect(path) as con:
        cursor = con.execute(sql.load("committees"))
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def test_a_county_committee_appears_and_can_be_uploaded_to(store):
    catalogue.add_committee(store, dict(XIJI))
    shili = next(c for c in _committees(store) if c["adcode"] == "640499")
    assert (shili["committee"], shili["name_zh"], shili["level"], shili["parent_adcode"]) == (
        "示例",
        "示例县政协",
        "county",
        "640400",
    )
    assert (shili["seat_lat"], shili["seat_lon"]) == (35.96, 105.73)
    assert _committees(store)[-1]["adcode"] == "640499"  # listed after the existing ones

    rows = [row(committee=name, start=year, source="示例县政协2024年工作报告")
            for name, year in (("示例", 2024), ("示例县", 2023), ("640499", 2022))]  # fmt: skip
    result, batch = pipeline.import_file(store, "shili.csv", csv_bytes(rows), user="tester")
    assert result.ok, result.problems
    assert batch == 1 and len(result.new) == 3
    assert figure(store, "示例", "proposals_received", 2024)["value"] == 415


def test_a_committee_with_township_counts(store):
    catalogue.add_committee(
        store,
        {**XIJI, "jiedao": "0", "zhen": "4", "xiang": "15", "township_year": 2022,
         "township_source": "统计用区划代码"},
    )  # fmt: skip
    shili = next(c for c in _committees(store) if c["adcode"] == "640499")
    assert (shili["townships"], shili["township_year"]) == (19, 2022)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"adcode": "123456"}, "64 开头的 6 位数字"),
        ({"adcode": "64042"}, "64 开头的 6 位数字"),
        ({"adcode": "640100"}, "代码 640100 已存在"),
        ({"name_zh": "银川市政协"}, "全称“银川市政协”已被使用"),
        ({"short_zh": "固原"}, "简称“固原”已被使用"),
        ({"name_zh": "示例县"}, "全称应以“政协”结尾"),
        ({"short_zh": ""}, "请填写简称"),
        ({"name_en": " "}, "请填写英文名"),
        ({"parent_adcode": "640900"}, "上级委员会代码“640900”不存在"),
        ({"parent_adcode": None}, "请选择上级委员会"),
        ({"seat_lat": 40.5}, "驻地纬度 40.5 不在宁夏范围内"),
        ({"seat_lon": "120"}, "驻地经度 120.0 不在宁夏范围内"),
        ({"seat_lat": "三十五度"}, "驻地纬度“三十五度”不是数字"),
        ({"seat_lat": None, "seat_lon": None}, "县级委员会需要驻地经纬度"),
        ({"zhen": "-1"}, "镇数“-1”应为不小于 0 的整数"),
    ],
)
def test_a_bad_committee_entry_lists_its_problem(store, change, problem):
    before = _committees(store)
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.add_committee(store, {**XIJI, **change})
    assert any(problem in listed for listed in refused.value.problems), refused.value.problems
    assert _committees(store) == before


def test_every_problem_of_a_committee_entry_is_listed_at_once(store):
    wrong = {**XIJI, "adcode": "650422", "parent_adcode": "640900", "seat_lat": 30.0}
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.add_committee(store, wrong)
    assert len(refused.value.problems) == 3
    assert str(refused.value) == "；".join(refused.value.problems)


def test_cli_add_committee(store, capsys):
    args = ["add-committee", "--adcode", "640499", "--name-zh", "示例县政协", "--short-zh", "示例",
            "--name-en", "Shili", "--level", "county", "--parent", "640400", "--lat", "35.96",
            "--lon", "105.73"]  # fmt: skip
    status, out, _ = cli_main(capsys, *args)
    assert (status, out.strip()) == (0, "已添加委员会 示例县政协")
    assert any(c["committee"] == "示例" for c in _committees(store))

    status, out, err = cli_main(capsys, *args)  # the same again
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "错误：代码 640499 已存在",
        "错误：全称“示例县政协”已被使用",
        "错误：简称“示例”已被使用",
    ]


def test_cli_add_committee_refuses_an_unknown_level(store, capsys):
    with pytest.raises(SystemExit) as usage:
        cli_main(capsys, "add-committee", "--adcode", "640499", "--name-zh", "示例县政协",
                 "--short-zh", "示例", "--name-en", "Shili", "--level", "县")  # fmt: skip
    assert usage.value.code == 2


# --- metrics ---------------------------------------------------------------------------

MERGED = {
    "code": "proposals_merged",
    "name_zh": "合并提案",
    "name_en": "Merged proposals",
    "unit_zh": "件",
    "category": "提案",
}


def _metrics(path) -> list[dict]:
    with db.connect(path) as con:
        return pipeline.catalogue(con)[1]


def test_a_new_metric_can_be_uploaded_by_its_chinese_name(store):
    catalogue.add_metric(store, {**MERGED, "note": "合并后的提案件数"})
    assert _metrics(store)[-1] == {**MERGED}
    result, batch = pipeline.import_file(
        store, "m.csv", csv_bytes([row(metric="合并提案", value="120件")]), user="tester"
    )
    assert result.ok and batch == 1
    assert figure(store, "银川", "proposals_merged", 2024)["value"] == 120


def test_a_new_percentage_metric_is_checked_like_the_others(store):
    catalogue.add_metric(
        store,
        {"code": "proposals_adoption_rate", "name_zh": "提案采纳率", "name_en": "Adoption rate",
         "unit_zh": "%", "category": "提案"},
    )  # fmt: skip
    result, batch = pipeline.import_file(
        store, "m.csv", csv_bytes([row(metric="提案采纳率", value="120%")]), user="tester"
    )
    assert batch is None
    assert [(p.row, p.column) for p in result.problems] == [(2, "数值")]
    assert "超过 100%" in result.problems[0].message


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": "Proposals-Merged"}, "小写英文字母、数字和下划线"),
        ({"code": "pm"}, "小写英文字母、数字和下划线"),
        ({"code": "合并提案"}, "小写英文字母、数字和下划线"),
        ({"code": "proposals_received"}, "代码 proposals_received 已存在"),
        ({"name_zh": "收到提案"}, "中文名称“收到提案”已被使用"),
        ({"name_zh": ""}, "请填写中文名称"),
        ({"name_en": ""}, "请填写英文名称"),
        ({"unit_zh": " "}, "请填写单位"),
        ({"category": None}, "请填写类别"),
    ],
)
def test_a_bad_metric_entry_lists_its_problem(store, change, problem):
    before = _metrics(store)
    with pytest.raises(catalogue.CatalogueError) as refused:
        catalogue.add_metric(store, {**MERGED, **change})
    assert any(problem in listed for listed in refused.value.problems), refused.value.problems
    assert _metrics(store) == before


def test_a_metric_name_differing_only_in_bracket_width_is_refused(store):
    with pytest.raises(catalogue.CatalogueError):
        catalogue.add_metric(store, {**MERGED, "name_zh": "立案(合并交办)提案"})


def test_cli_add_metric(store, capsys):
    args = ["add-metric", "--code", "proposals_merged", "--name-zh", "合并提案", "--name-en",
            "Merged proposals", "--unit", "件", "--category", "提案"]  # fmt: skip
    status, out, _ = cli_main(capsys, *args)
    assert (status, out.strip()) == (0, "已添加指标 合并提案")
    assert any(m["code"] == "proposals_merged" for m in _metrics(store))
    status, _, err = cli_main(capsys, *args)
    assert status == 1
    assert err.splitlines() == [
        "错误：代码 proposals_merged 已存在",
        "错误：中文名称“合并提案”已被使用",
        "错误：英文名称“Merged proposals”已被使用",
    ]
