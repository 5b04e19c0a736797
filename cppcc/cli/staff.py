"""CLI commands for office staff: import, revert, batches, template, accounts, catalogue.

They run the same code as the upload page (``cppcc.upload.pipeline``), against the store
of ``$CPPCC_STORE`` or ``$CPPCC_DB``.
Exit status: 0 done, 1 the input has problems (nothing written), 2 a usage mistake.
"""

import functools
import getpass
import json
import sys
from pathlib import Path

from cppcc.store import db
from cppcc.store.config import store_target
from cppcc.upload import access, accounts, binding, catalogue, pipeline, template
from cppcc.upload.importing import FileProblem, read_file

USAGE = 2


class _Usage(ValueError):
    """A command-line mistake, said in Chinese; exit status 2."""


def _usage_said(command):
    """``command`` with its ``_Usage`` mistakes said on stderr, exit status 2."""

    @functools.wraps(command)
    def run(args) -> int:
        try:
            return command(args)
        except _Usage as error:
            print(f"错误：{error}", file=sys.stderr)
            return USAGE

    return run


def _acting(args, target) -> tuple[str, binding.Scope | None]:
    """Who the write is recorded as, and the committees it may touch: ``--as NAME`` takes
    that account's role and committees; otherwise no check (the server's operator)."""
    if not getattr(args, "as_user", None):
        return args.user or getpass.getuser(), None
    if args.user and args.user != args.as_user:
        raise _Usage("--as 与 --user 只能写一个（--as 同时决定记录的用户名）")
    role = accounts.role_of(args.as_user)
    if role is None:
        raise _Usage(f"没有名为“{args.as_user}”的账号；请先用 add-user 建立，或去掉 --as")
    with db.connect(target) as con:
        committees, _ = pipeline.catalogue(con)
    return args.as_user, binding.scope_for(
        args.as_user, role, accounts.committees_of(args.as_user), committees
    )


def _say_problems(result: pipeline.Preview) -> None:
    for problem in result.problems:
        where = "文件" if problem.row == 0 else f"第{problem.row}行【{problem.column}】"
        print(f"{where}：{problem.message}", file=sys.stderr)


@_usage_said
def cmd_import(args) -> int:
    path = Path(args.file)
    if not path.exists():
        print(f"错误：找不到文件 {path}", file=sys.stderr)
        return USAGE
    target = db.ensure_built(store_target())
    user, scope = _acting(args, target)
    try:
        data = read_file(path)
    except FileProblem as problem:
        result, batch_id = pipeline.Preview(file_name=path.name, sha256=""), None
        result.problems = [pipeline.Problem(0, "文件", str(problem))]
    else:
        result, batch_id = pipeline.import_file(
            target,
            path.name,
            data,
            user=user,
            reason=args.reason,
            dry_run=args.dry_run,
            confirm_curated=args.confirm_curated,
            scope=scope,
        )
    if args.json:
        print(json.dumps({**result.summary(), "batch_id": batch_id}, ensure_ascii=False))
    else:
        _say_problems(result)
        if result.ok and args.dry_run and result.changes_curated:
            print(
                f"注意：会修改 {len(result.changes_curated)} 个整理自报告的数字；"
                '正式导入时需加 --confirm-curated 和 --reason "原因"',
                file=sys.stderr,
            )
        if result.ok:
            action = "预览（未写入）" if args.dry_run else (
                f"已写入，批次 {batch_id}" if batch_id else "没有需要写入的变化")  # fmt: skip
            blank = f"，留空（未报告）{result.not_reported}" if result.round_id else ""
            print(
                f"{action}：新增 {len(result.new)}，修改 {len(result.changed)}，"
                f"不变 {len(result.unchanged)}{blank}"
            )
    return 0 if result.ok else 1


@_usage_said
def cmd_revert(args) -> int:
    target = db.ensure_built(store_target())
    user, scope = _acting(args, target)
    try:
        new_id = pipeline.revert(
            target,
            args.batch_id,
            user=user,
            reason=args.reason,
            role=accounts.role_of(user) if scope else None,
            scope=scope,
        )
    except pipeline.RevertRefused as refused:
        print(f"无法撤销：{refused}", file=sys.stderr)
        return 1
    print(f"已撤销批次 {args.batch_id}（记录为批次 {new_id}）")
    return 0


def cmd_batches(args) -> int:
    with db.connect(store_target()) as con:
        rows = pipeline.batches(con)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, default=str, indent=2))
        return 0
    if not rows:
        print("还没有上传批次。")
    for row in rows:
        state = f"（已被批次 {row['reverted_by']} 撤销）" if row["reverted_by"] else ""
        kind = "撤销" if row["kind"] == "revert" else "上传"
        print(
            f"#{row['batch_id']} {kind} {row['created_at']:%Y-%m-%d %H:%M} {row['user_name']} "
            f"{row['file_name'] or ''} 新增{row['n_new']} 修改{row['n_changed']}{state}"
        )
    return 0


def cmd_template(args) -> int:
    out = Path(args.out)
    with db.connect(db.ensure_built(store_target())) as con:
        committees, metrics = pipeline.catalogue(con)
        if out.suffix.lower() == ".csv":
            data = template.store_csv(con) if args.with_data else template.csv_bytes()
        elif args.with_data:
            data = template.store_xlsx(con, committees, metrics)
        else:
            data = template.xlsx(committees, metrics)
    out.write_bytes(data)
    print(f"已写出 {out}")
    return 0


def cmd_add_user(args) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("密码：")
        if getpass.getpass("再输入一次：") != password:
            print("两次输入的密码不一致，未保存。", file=sys.stderr)
            return 1
    try:
        accounts.add_user(args.name, password, role=args.role, committees=_bound(args))
    except (accounts.AccountError, ValueError) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
    role = access.ROLES[accounts.role_of(args.name)]
    bound = accounts.committees_of(args.name)
    scope = f"，只能处理 {len(bound)} 个委员会的数字" if bound else ""
    print(f"已保存账号 {args.name}（{role}{scope}，{accounts.where()}）")
    return 0


def _bound(args) -> list[str] | None:
    """``--committee`` names → codes (ValueError naming unknown ones); None: unchanged."""
    if args.all_committees:
        return []
    if not args.committee:
        return None
    with db.connect(db.ensure_built(store_target())) as con:
        committees, _ = pipeline.catalogue(con)
    return binding.resolve(args.committee, committees)


def _catalogue_action(action, fields: dict, what: str) -> int:
    try:
        action(db.ensure_built(store_target()), fields)
    except catalogue.CatalogueError as error:
        for problem in error.problems:
            print(f"错误：{problem}", file=sys.stderr)
        return 1
    print(f"已添加{what}")
    return 0


def cmd_add_committee(args) -> int:
    names = ("adcode", "name_zh", "short_zh", "name_en", "level", "parent_adcode", "seat_lat",
             "seat_lon", "seat_source", "jiedao", "zhen", "xiang", "township_year",
             "township_source")  # fmt: skip
    fields = {key: getattr(args, key) for key in names}
    return _catalogue_action(catalogue.add_committee, fields, f"委员会 {args.name_zh}")


def cmd_add_metric(args) -> int:
    fields = {key: getattr(args, key) for key in (
        "code", "name_zh", "name_en", "unit_zh", "category", "note")}  # fmt: skip
    return _catalogue_action(catalogue.add_metric, fields, f"指标 {args.name_zh}")


def cmd_add_term(args) -> int:
    names = ("committee", "term", "start_year", "end_year", "source", "url", "quote", "note")
    fields = {key: getattr(args, key) for key in names}
    return _catalogue_action(
        catalogue.add_term,
        fields,
        f"{args.committee}第{args.term}届（{args.start_year}–{args.end_year}）",
    )


def _register_add_term(commands) -> None:
    term = commands.add_parser("add-term", help="添加或更正委员会的届次（须注明公开来源）")
    term.add_argument("--committee", required=True, help="简称、全称或代码，如 银川")
    term.add_argument("--term", required=True, help="届次，数字，如 12")
    term.add_argument("--start", dest="start_year", required=True, help="开始年份，如 2023")
    term.add_argument("--end", dest="end_year", required=True, help="结束年份，如 2027")
    term.add_argument("--source", required=True, help="公开来源的标题（报告、网页）")
    term.add_argument("--url", help="来源网址")
    term.add_argument("--quote", help="来源中写明届次或年份的原文")
    term.add_argument("--note", help="备注，如“结束年份按每届五年推算”")
    term.set_defaults(run=cmd_add_term)


def register(commands) -> None:
    imp = commands.add_parser(
        "import", help="导入 .xlsx 或 .csv：校验、比对，并写入（除非 --dry-run）"
    )
    imp.add_argument("file", help="要导入的文件")
    imp.add_argument("--dry-run", action="store_true", help="只校验和比对，不写入")
    imp.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    imp.add_argument("--user", help="记录在批次中的用户名（默认为当前系统用户）")
    imp.add_argument("--reason", help="修改原因（修改整理数据时必填）")
    imp.add_argument("--confirm-curated", action="store_true", help="确认要修改整理自报告的数字")
    imp.add_argument(
        "--as",
        dest="as_user",
        metavar="NAME",
        help="以这个账号的身份导入：记为它的批次，并按它绑定的委员会检查（其他委员会的行使整个文件被拒）",
    )
    imp.set_defaults(run=cmd_import)

    rev = commands.add_parser("revert", help="撤销一个上传批次，恢复之前的数字")
    rev.add_argument("batch_id", type=int, help="批次编号（见 batches）")
    rev.add_argument("--user")
    rev.add_argument("--reason")
    rev.add_argument("--as", dest="as_user", metavar="NAME", help="以这个账号的身份和权限撤销")
    rev.set_defaults(run=cmd_revert)

    bat = commands.add_parser("batches", help="列出上传批次")
    bat.add_argument("--json", action="store_true")
    bat.set_defaults(run=cmd_batches)

    tpl = commands.add_parser("template", help="写出上传模板（.xlsx 或 .csv）")
    tpl.add_argument("--out", required=True, help="输出文件，如 模板.xlsx")
    tpl.add_argument("--with-data", action="store_true", help="把数据库中现有的全部数字写入模板")
    tpl.set_defaults(run=cmd_template)

    user = commands.add_parser("add-user", help="添加或重置工作人员账号（密码只保存加盐哈希）")
    user.add_argument("name")
    user.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码")
    user.add_argument(
        "--role",
        help="录入员（entry，默认：上传、预览、写入、撤销自己的批次）或 管理员（admin：另可"
        "修改委员会与指标、查看审计日志、撤销任何批次）；重置密码时不写则保留原角色",
    )
    user.add_argument(
        "--committee",
        action="append",
        help="把录入员绑定到这个委员会（简称、全称或代码，可写多次）：只能上传、写入、撤销这些委员会的数字；"
        "重置密码时不写则保留原绑定",
    )
    user.add_argument(
        "--all-committees", action="store_true", help="解除绑定：可处理所有委员会的数字"
    )
    user.set_defaults(run=cmd_add_user)

    com = commands.add_parser("add-committee", help="添加委员会（如县级政协）")
    com.add_argument("--adcode", required=True)
    com.add_argument("--name-zh", dest="name_zh", required=True)
    com.add_argument("--short-zh", dest="short_zh", required=True)
    com.add_argument("--name-en", dest="name_en", required=True)
    com.add_argument("--level", choices=sorted(catalogue.LEVELS), required=True)
    com.add_argument("--parent", dest="parent_adcode")
    com.add_argument("--lat", dest="seat_lat")
    com.add_argument("--lon", dest="seat_lon")
    com.add_argument("--seat-source", dest="seat_source")
    com.add_argument("--jiedao")
    com.add_argument("--zhen")
    com.add_argument("--xiang")
    com.add_argument("--township-year", dest="township_year", type=int)
    com.add_argument("--township-source", dest="township_source")
    com.set_defaults(run=cmd_add_committee)

    _register_add_term(commands)

    met = commands.add_parser("add-metric", help="添加指标")
    met.add_argument("--code", required=True)
    met.add_argument("--name-zh", dest="name_zh", required=True)
    met.add_argument("--name-en", dest="name_en", required=True)
    met.add_argument("--unit", dest="unit_zh", required=True)
    met.add_argument("--category", required=True)
    met.add_argument("--note")
    met.set_defaults(run=cmd_add_metric)
