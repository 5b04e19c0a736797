"""The bounds every upload is read within, and the error a whole file is refused with.

Every reader checks these as it goes, before it allocates anything by what a file
claims (a cell's coordinates, a sheet's size, a field's length), so a small file cannot
make the server hold gigabytes or a CPU core for minutes."""

MAX_BYTES = 5 * 1024 * 1024
# data rows below the header: a real yearly collection is 27 committees × ~60 metrics
# (~1,600 rows; a province of 150 committees ~9,000). The page's server holds ~260 MB
# before an upload; the preview, the apply and the new snapshot after it took it to
# ~360 MB for 20,000 full rows, ~400 MB for 30,000 and ~630 MB for 100,000 (bench/README.md)
MAX_ROWS = 20_000
# bytes of text (UTF-8, as the store keeps it) in the cells a file's rows hold, and in an
# .xlsx's shared texts: what a .csv at MAX_BYTES can hold. A compressed .xlsx carried
# 70 MB of distinct titles, quotes and notes in 1.1 MB, and its upload took the page's
# server to ~800 MB; a GBK .csv holds 7 MB in 5. At this bound the worst file (20,000
# rows of long distinct texts) peaks at ~380 MB on the page (bench upload_page)
MAX_TEXT = 5 * 1024 * 1024
# what an .xlsx may unpack to: 100,000 template rows written by openpyxl are about 70 MB
MAX_EXPANDED = 100 * 1024 * 1024
# columns a row may use: the template has 9; a cell with content further right (up to
# XFD, column 16,384) refuses the file instead of making a reader fill every row out to it
MAX_COLUMNS = 64
# distinct texts an .xlsx may share between its cells (its sharedStrings part): a full
# file of 100,000 rows has at most 300,000 texts of its own (来源, 原文摘录, 备注; the
# other columns repeat a few names); each costs parsing time before any row is read
MAX_SHARED_STRINGS = 400_000
# the workbook's small parts (workbook.xml, its relations, styles.xml) are read whole
MAX_PART = 10 * 1024 * 1024
# characters one CSV field may hold: the longest column (原文摘录) allows 500; a field
# this long is almost always a quote that was opened and never closed
MAX_FIELD = 10_000
MB = 1024 * 1024


class FileProblem(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def column_letters(number: int) -> str:
    """3 → "C", 64 → "BL", 16384 → "XFD"."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def too_many_rows(row: int | None = None) -> FileProblem:
    found = f"第{row:,}行还有内容，" if row else ""
    return FileProblem(
        f"文件{found}超过上限 {MAX_ROWS:,} 行（表头之外；第{MAX_ROWS + 2:,}行起超出）。"
        "请分成几个文件上传，或删去表格下方多余的内容后再上传。"
    )


def too_much_text(row: int | None = None) -> FileProblem:
    where = f"到第{row:,}行为止，" if row else ""
    return FileProblem(
        f"文件里的文字{where}合计超过上限 {MAX_TEXT // MB} MB（按 UTF-8 计算，与 CSV 文件的"
        "大小上限相同；压缩过的 Excel 文件或 GBK 编码的文件可以装下更多文字）。"
        "请分成几个文件上传。"
    )


def too_far_right(row: int, column: int) -> FileProblem:
    return FileProblem(
        f"第{row:,}行第{column:,}列（{column_letters(column)}{row}）有内容，"
        f"超出了读取范围：每行最多 {MAX_COLUMNS} 列（A–{column_letters(MAX_COLUMNS)}）。"
        "模板只有 9 列；请删去右边多余的内容后再上传。"
    )
