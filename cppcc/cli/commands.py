"""The command line: ``python -m cppcc <command>``; the same store and code as the app."""

import argparse
import json
import os
import re
import sys
from dataclasses import asdict
from pathlib import Path

from cppcc.cli import cluster, collect, export, staff
from cppcc.export import cells
from cppcc.extract import evaluate, extractor
from cppcc.i18n import text
from cppcc.store import curated, db, sql
from cppcc.store.config import CURATED_DIR, ROOT, is_postgres, store_target
from cppcc.upload import accounts, pipeline


def _plain(value):
    """Whole numbers print as integers (415, not 415.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def all_figures(path: Path | str | None = None) -> list[dict]:
    with db.connect(path) as con:
        cursor = con.execute(sql.load("all_figures"))
        names = [column[0] for column in cursor.description]
        return [
            {name: _plain(value) for name, value in zip(names, row, strict=True)}
            for row in cursor.fetchall()
        ]


def _shown(target) -> str:
    """A store for messages: a file's path, or a PostgreSQL address without its password."""
    if not is_postgres(target):
        return str(target)
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", target)


def cmd_build_db(args) -> int:
    target = store_target()
    repaired = db.repair(target)
    if repaired:
        print(repaired)
    if args.if_missing and db.exists(target):
        print(f"数据库已存在：{_shown(target)}")
        return 0
    counts = db.build(target)
    summary = "，".join(f"{origin} {n} 条" for origin, n in counts.items()) or "0 条"
    print(f"已生成数据库 {_shown(target)}：{summary}")
    return 0


def cmd_figures(args) -> int:
    rows = all_figures(store_target())
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        header = list(rows[0]) if rows else ["committee"]
        sys.stdout.write(
            cells.csv_text(
                ([row[name] for name in header] for row in rows), header=header, lineterminator="\n"
            )
        )
    return 0


# where the report texts sit when the project is checked out beside them
SHARED_TEXTS = tuple(ROOT.parent / "shared" / name for name in ("seeds", "reports", "reports2"))


def cmd_verify_quotes(args) -> int:
    if args.texts:
        folders = [Path(folder) for folder in args.texts]
        missing = [folder for folder in folders if not folder.is_dir()]
    else:
        folders = [folder for folder in SHARED_TEXTS if folder.is_dir()]
        missing = [] if folders else list(SHARED_TEXTS)
    if missing:
        print(f"错误：找不到报告文本目录 {'、'.join(map(str, missing))}", file=sys.stderr)
        return 2
    data = curated.load(CURATED_DIR)
    problems = curated.verify_quotes(data, folders)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} 条摘录核对失败（共 {len(data.figures)} 条）", file=sys.stderr)
        return 1
    print(f"全部 {len(data.figures)} 条摘录均在原文中找到，且写明了数值。")
    return 0


def cmd_extract(args) -> int:
    if not args.file:
        print("错误：请指明报告文件（.txt 或 .docx）", file=sys.stderr)
        return 2
    try:
        extraction = extractor.extract_file(args.file, year=args.year, committee=args.committee)
    except extractor.ReportError as error:
        print(f"错误：{error}", file=sys.stderr)
        return error.exit_code
    for level, message in extraction.notes(cli=True):
        print(f"错误：{message}" if level == "error" else message, file=sys.stderr)
    if args.all:
        return _print_numbers(extraction, as_json=args.json)
    if not extraction.candidates and (extraction.no_committee or extraction.someone_else):
        return 1  # nothing to review: the user has to say whose figures they are
    rows = [
        {key: _plain(value) for key, value in c.public().items()} for c in extraction.candidates
    ]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for row in rows:
        period = f"{row['period_start']}–{row['period_end']}"
        print(f"{row['committee']}\t{row['metric']}\t{period}\t{row['value']}", end="")
        print(f"\t{row['qualifier']}\t「{row['quote']}」")
    print(text("extract_count", n=len(rows)), file=sys.stderr)
    return 0


def _print_numbers(extraction, *, as_json: bool) -> int:
    """``extract --all``: every number with a unit, recognised or not, with its place."""
    rows = [{key: _plain(value) for key, value in asdict(n).items()} for n in extraction.numbers]
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    for row in rows:
        where = f"{row['start']}–{row['end']}"
        if row["metric"]:
            period = f"{row['period_start']}–{row['period_end']}"
            said = f"{row['committee']}\t{row['metric']}\t{period}"
        else:
            said = f"（未提出：{row['left']}）"
        print(f"{where}\t{row['value']}{row['unit']}\t{said}\t「{row['quote']}」")
    print(text("extract_all_count", n=len(rows)), file=sys.stderr)
    return 0


def cmd_evaluate_extractor(args) -> int:
    texts = Path(args.texts)
    if not texts.is_dir():
        print(f"错误：找不到报告文本目录 {texts}", file=sys.stderr)
        return 2
    files = [name.strip() for name in args.files.split(",")] if args.files else None
    result = evaluate.evaluate(texts, files=files)
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(evaluate.format_result(result))
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m cppcc",
        description=(
            "宁夏政协履职数据看板的命令行工具。数据库取自环境变量 CPPCC_STORE"
            "（postgresql:// 地址或文件）或 CPPCC_DB（文件）。"
        ),
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="命令")

    build = commands.add_parser(
        "build-db", help="从 data/curated 生成或刷新数据库（保留上传的数据）"
    )
    build.add_argument(
        "--if-missing", action="store_true", help="数据库已存在时什么也不做（make run 使用）"
    )
    build.set_defaults(run=cmd_build_db)

    figures = commands.add_parser("figures", help="输出数据库中的全部数字及来源")
    figures.add_argument("--format", choices=("csv", "json"), default="csv")
    figures.set_defaults(run=cmd_figures)

    verify = commands.add_parser("verify-quotes", help="核对每条整理数据的摘录是否逐字见于原报告")
    verify.add_argument(
        "--texts",
        action="append",
        help="存放报告文本（.txt）的目录，可写多次；"
        "不写时读项目旁的 ../shared/seeds、../shared/reports 和 ../shared/reports2",
    )
    verify.set_defaults(run=cmd_verify_quotes)

    proposer = commands.add_parser("extract", help="从一篇报告中找出候选数字（供人工核对）")
    proposer.add_argument("file", nargs="?", help="报告文件（.txt 或 .docx）")
    proposer.add_argument("--year", help="报告发表年份；不写时取文中出现的最近年份")
    proposer.add_argument("--committee", help="文中未写明时的委员会，如 银川 或 640100")
    proposer.add_argument("--json", action="store_true", help="以 JSON 列表输出")
    proposer.add_argument(
        "--all",
        action="store_true",
        help="列出文中每个带单位的数字（含未提出的及其原因），附在原文中的位置 start/end",
    )
    proposer.set_defaults(run=cmd_extract)

    scoring = commands.add_parser(
        "evaluate-extractor", help="检验自动提取的召回率和误报率（按篇、合计、按类别）"
    )
    scoring.add_argument(
        "--texts",
        required=True,
        help="存放报告文本的目录：有 labels.csv 和 key.json 时按其标注检验，否则按整理数据",
    )
    scoring.add_argument("--files", help="只检验这些文件（文件名，以逗号分隔）")
    scoring.add_argument("--json", action="store_true", help="以一个 JSON 对象输出")
    scoring.set_defaults(run=cmd_evaluate_extractor)

    staff.register(commands)
    collect.register(commands)
    cluster.register(commands)
    export.register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status = args.run(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        # the reader stopped early (``figures | head``): that is not an error to report;
        # point stdout at /dev/null so the interpreter's final flush stays quiet too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (
        db.StoreBusy,
        db.StoreMissing,
        db.StoreCorrupt,
        db.StoreReadOnly,
        accounts.AccountsCorrupt,
        curated.CuratedDataError,
        db.StoreUnavailable,
        pipeline.StoreChanged,
    ) as error:
        print(f"错误：{error}", file=sys.stderr)
        return 1
