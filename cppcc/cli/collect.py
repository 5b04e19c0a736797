"""``python -m cppcc round …``: open a collection round, write its workbooks, show its
progress. The same code as the upload page's 数据征集 section (``cppcc.collect``).
Exit status: 0 done, 1 the request has problems (nothing written), 2 a usage mistake."""

import getpass
import json
import sys
from pathlib import Path

from cppcc.collect import board, workbook
from cppcc.collect import round as rounds
from cppcc.store import db
from cppcc.store.config import store_target

USAGE = 2


def _plain(round_: dict) -> dict:
    return {
        "round": round_["round_id"],
        "years": [int(y) for y in str(round_["years"]).split("、")],
        "due": round_["due"],
        "opened_by": round_["opened_by"],
        "opened_at": round_["opened_at"].isoformat(timespec="seconds"),
        "committees": round_["n_committees"],
        "metrics": round_["n_metrics"],
        "asked": round_["n_asked"],
    }


def cmd_open(args) -> int:
    try:
        opened = rounds.open_round(
            db.ensure_built(store_target()),
            user=args.user or getpass.getuser(),
            years=args.year,
            metrics=args.metric,
            committees=args.committee,
            due=args.due,
            note=args.note,
        )
    except rounds.RoundError as error:
        for problem in error.problems:
            print(f"错误：{problem}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(_plain(opened), ensure_ascii=False))
    else:
        print(
            f"已开启数据征集第 {opened['round_id']} 轮：{opened['years']} 年，"
            f"{opened['n_committees']} 个委员会 × {opened['n_metrics']} 个指标，"
            f"共 {opened['n_asked']} 项" + (f"，截止 {opened['due']}" if opened["due"] else "")
        )
    return 0


def _round(con, number: int) -> dict | None:
    try:
        return rounds.get(con, number)
    except rounds.RoundError as error:
        print(f"错误：{error}（已有的见 python -m cppcc round list）", file=sys.stderr)
        return None


def cmd_workbooks(args) -> int:
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"错误：{out} 是一个文件，请写一个文件夹", file=sys.stderr)
        return USAGE
    with db.connect(store_target()) as con:
        if _round(con, args.round) is None:
            return 1
        books = workbook.workbooks(con, args.round)
    out.mkdir(parents=True, exist_ok=True)
    for name, data in books:
        (out / name).write_bytes(data)
    print(f"已写出 {len(books)} 个工作簿到 {out}")
    return 0


def cmd_status(args) -> int:
    # ensure_built: a store made by an earlier version is brought up to date first
    with db.connect(db.ensure_built(store_target())) as con:
        round_ = _round(con, args.round)
        if round_ is None:
            return 1
        rows = board.board(con, args.round)
    if args.format == "json":
        for row in rows:
            row["returned_at"] = (
                row["returned_at"].isoformat(timespec="seconds") if row["returned_at"] else None
            )
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"数据征集第 {round_['round_id']} 轮（{round_['years']} 年）")
    for row in board.board_rows(rows):
        committee, _, status, asked, filled, _, when, user, _, differ = row
        returned = f"{when} {user}" if when else "—"
        flag = f"，{differ} 项与报告不一致" if differ else ""
        print(f"{committee}\t{status}\t已有 {filled}/{asked}\t{returned}{flag}")
    notice = board.reminder(round_, rows)
    if notice:
        print("\n" + notice)
    return 0


def cmd_list(args) -> int:
    with db.connect(store_target()) as con:
        found = rounds.rounds(con)
    if args.json:
        print(json.dumps([_plain(r) for r in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("还没有数据征集。用 python -m cppcc round open --year 2025 开启一轮。")
    for r in found:
        due = f"，截止 {r['due']}" if r["due"] else ""
        print(
            f"第 {r['round_id']} 轮：{r['years']} 年，"
            f"{r['n_committees']} 个委员会，{r['n_asked']} 项{due}"
        )
    return 0


def register(commands) -> None:
    top = commands.add_parser("round", help="数据征集：开启一轮、生成各委员会的工作簿、查看进度")
    steps = top.add_subparsers(dest="step", required=True, metavar="步骤")
    opening = steps.add_parser("open", help="开启一轮数据征集")
    opening.add_argument(
        "--year", action="append", required=True, help="征集哪一年的数字，可写多次"
    )
    opening.add_argument(
        "--metric", action="append", help="指标代码或名称，可写多次；不写时为有年度数字的全部指标"
    )
    opening.add_argument(
        "--committee",
        action="append",
        help="委员会简称、全称或代码，可写多次；不写时为自治区以下全部委员会",
    )
    opening.add_argument("--due", help="截止日期，如 2026-03-31")
    opening.add_argument("--note", help="备注（如通知文号）")
    opening.add_argument("--user", help="记录的开启人（默认为当前系统用户）")
    opening.add_argument("--json", action="store_true", help='输出 {"round": N, …}')
    opening.set_defaults(run=cmd_open)
    books = steps.add_parser("workbooks", help="为每个委员会写出一个 .xlsx 工作簿")
    books.add_argument("round", type=int, help="征集轮次编号")
    books.add_argument("--out", required=True, help="输出文件夹")
    books.set_defaults(run=cmd_workbooks)
    status = steps.add_parser("status", help="各委员会的报送进度")
    status.add_argument("round", type=int, help="征集轮次编号")
    status.add_argument("--format", choices=("text", "json"), default="text")
    status.set_defaults(run=cmd_status)
    listing = steps.add_parser("list", help="列出全部数据征集")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(run=cmd_list)
