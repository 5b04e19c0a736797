"""The progress board of a round: per committee asked, filled, returned when and by
whom, and disagreements with reports; the list of committees still to answer; the
board as a workbook.

``filled`` counts the asked cells the store now has a figure for, whoever gave it (a
report curated earlier, or a return). A return is an upload batch written since the
round opened, not reverted, that wrote one of the committee's asked cells; the board
names the latest. A disagreement is an asked cell where two reports give different
numbers: both are kept, the pages show the later one, and the board lists both.
"""

import io
from operator import itemgetter

from openpyxl import Workbook
from openpyxl.styles import Font

from cppcc.collect.round import records
from cppcc.export import cells
from cppcc.formatting import value_text
from cppcc.store import sql
from cppcc.upload.pipeline import catalogue

MISSING, PARTIAL, COMPLETE = "missing", "partial", "complete"


def _status(returned_at, asked: int, filled: int) -> str:
    if returned_at is None:
        return MISSING
    return COMPLETE if filled >= asked else PARTIAL


def board(con, round_id: int, committees: list[dict] | None = None) -> list[dict]:
    """One dict per committee asked, in catalogue order: ``committee``,
    ``committee_name``, ``adcode``, ``asked``, ``filled``, ``missing``, ``returned_at``,
    ``user``, ``returns``, ``disagreements`` and ``status`` (missing / partial /
    complete). ``committees`` is the catalogue (``pipeline.catalogue``) when the caller
    holds it already, as the page does; else it is read."""
    cursor = con.execute(sql.load("round_board"), {"round_id": round_id})
    # the read model hands the rows over in board order already (one pass to check);
    # the plain view of a store file, in any order (board_order is the last column)
    rows = sorted(cursor.fetchall(), key=itemgetter(-1))
    named = {c["adcode"]: c for c in (catalogue(con)[0] if committees is None else committees)}
    return [
        {
            "committee": named[adcode]["short_zh"],
            "committee_name": named[adcode]["name_zh"],
            "adcode": adcode,
            "asked": int(asked),
            "filled": int(filled),
            "missing": int(asked - filled),
            "returned_at": returned_at,
            "user": user,
            "returns": int(returns),
            "disagreements": int(differ),
            "status": _status(returned_at, asked, filled),
        }
        for adcode, asked, filled, returned_at, user, returns, differ, _ in rows
    ]


def disagreements(con, round_id: int) -> list[dict]:
    return records(con.execute(sql.load("round_disagreements"), {"round_id": round_id}))


def reminder(round_: dict, rows: list[dict]) -> str:
    """A notice ready to send to the committees that have not returned (or only in
    part); empty when every committee has answered in full."""
    missing = [r for r in rows if r["status"] == MISSING]
    partial = [r for r in rows if r["status"] == PARTIAL]
    if not missing and not partial:
        return ""
    due = f"，截止日期 {round_['due']}" if round_["due"] else ""
    lines = [f"关于{round_['years']}年履职数据征集（第 {round_['round_id']} 轮{due}）的提醒："]
    if missing:
        names = "、".join(r["committee_name"] for r in missing)
        lines.append(f"以下 {len(missing)} 个委员会尚未报送：{names}。")
    if partial:
        names = "、".join(f"{r['committee_name']}（缺 {r['missing']} 项）" for r in partial)
        lines.append(f"以下 {len(partial)} 个委员会已报送部分数字，可补报：{names}。")
    lines.append(
        "请本委员会的录入员登录宁夏政协履职数据看板“数据上传”页，上传本委员会的征集工作簿；"
        "没有的数字请留空，不要填 0。"
    )
    return "\n".join(lines)


STATUS_NAMES = {MISSING: "未报送", PARTIAL: "部分报送", COMPLETE: "已齐全"}
BOARD_COLUMNS = [
    "委员会",
    "代码",
    "状态",
    "征集项",
    "已有数字",
    "尚缺",
    "最近报送时间",
    "报送人",
    "报送次数",
    "与报告不一致",
]
DISAGREEMENT_COLUMNS = [
    "委员会",
    "指标",
    "年份",
    "页面显示的数字",
    "来源",
    "日期",
    "另一份报告的数字",
    "其来源",
    "其日期",
]


def board_rows(rows: list[dict]) -> list[list]:
    """The board as the table a person reads (Chinese headers: ``BOARD_COLUMNS``)."""
    return [
        [
            r["committee"],
            r["adcode"],
            STATUS_NAMES[r["status"]],
            r["asked"],
            r["filled"],
            r["missing"],
            f"{r['returned_at']:%Y-%m-%d %H:%M}" if r["returned_at"] else "",
            r["user"] or "",
            r["returns"],
            r["disagreements"],
        ]
        for r in rows
    ]


def disagreement_rows(found: list[dict]) -> list[list]:
    return [
        [
            d["committee"],
            d["metric_name"],
            int(d["year"]),
            value_text(d["value"], d["qualifier"], d["unit"], "zh"),
            d["source"],
            d["as_of"],
            value_text(d["earlier_value"], d["earlier_qualifier"], d["unit"], "zh"),
            d["earlier_source"],
            d["earlier_as_of"],
        ]
        for d in found
    ]


def board_xlsx(round_: dict, rows: list[dict], found: list[dict]) -> bytes:
    """The board, the disagreements and the reminder as one workbook."""
    book = Workbook()
    sheets = [
        (book.active, "进度", BOARD_COLUMNS, board_rows(rows)),
        (book.create_sheet(), "与报告不一致", DISAGREEMENT_COLUMNS, disagreement_rows(found)),
    ]
    for sheet, title, header, body in sheets:
        sheet.title = title
        cells.write_row(sheet, 1, header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for number, values in enumerate(body, start=2):
            cells.write_row(sheet, number, values)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 16
        sheet.freeze_panes = "A2"
    notice = book.create_sheet("催报通知")
    for number, line in enumerate(
        (reminder(round_, rows) or "全部委员会均已报送齐全。").split("\n"), 1
    ):
        cells.set_cell(notice.cell(row=number, column=1), line)
    notice.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
