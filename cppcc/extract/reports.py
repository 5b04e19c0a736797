"""Reading a report: its file, its headings, paragraphs and sentences, and who it is about.

Reports reach us as .txt (UTF-8, with or without BOM, or GB18030) or .docx. Their
text comes with layout damage: sentences broken across lines, spaces inside words,
photo captions (▲…) dropped into the middle of a sentence. ``read_structure`` undoes
that and says where a section about another committee begins.
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from cppcc.extract.committees import (
    most_named,
    named,
    named_at_start,
    self_reference,
    someone_else,
)
from cppcc.extract.normalise import normalise, normalise_text, same_length

SENTENCE_END = re.compile(r"[。！？；!?;][”’」』]*")
PARAGRAPH_END = re.compile(r"[。！？；!?;…][”’」』）)]*$")
HEADING_PUNCTUATION = re.compile(r"[，,。；;！？!?]")
LIST_ITEM = re.compile(r"^[-*•·◆◇●○■□▪►]")
BULLET = re.compile(r"^(?:[-*•·◆◇●○■□▪►]|（[一二三四五六七八九十]+）|\d{1,2}[.、．](?!\d))")
CAPTION = re.compile(r"^[▲△]")
ADDRESS = re.compile(r"^(https?://|www\.)\S*$")  # a copied page's first line: where it was
SECTION_NUMBER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、．]\s*)"
)
DELIVERED = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日在[^，。]{0,40}会议上")
YEARBOOK = re.compile(r"(\d{4})年?年鉴|年鉴[-—·－]?(\d{4})")
# A report to the plenary on the work since the last one, in the text's first lines.
PLENARY_REPORT = re.compile(r"向大会(报告|作)[^。]{0,12}(会议以来|一年来|工作情况)")
# News of the plenary early in the year: the standing committee reports on the year before.
PLENARY_NEWS = re.compile(r"常委会工作报告")
OPENING = 400
TITLE_YEAR = re.compile(r"(\d{4})年[^，。]{0,20}?(综述|回顾|总结|盘点|年报|工作报告)")


class ReportError(ValueError):
    """A report cannot be read as asked; the message says why, in Chinese."""

    exit_code = 2  # the user can fix it: another file, another year


class MissingPackage(ReportError):
    """A package needed for this kind of file is not installed."""

    exit_code = 1


def read_report(path: Path) -> str:
    """The text of a .txt or .docx report."""
    path = Path(path)
    if not path.is_file():
        raise ReportError(f"找不到文件：{path}")
    return read_report_bytes(path.name, path.read_bytes())


def read_report_bytes(name: str, data: bytes) -> str:
    """The text of an uploaded .txt or .docx report (the page has bytes, not a path)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        return _read_docx(data, name)
    if suffix not in (".txt", ".text", ".md", ""):
        raise ReportError(f"不支持的文件类型 {suffix}：请提供 .txt 或 .docx 文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReportError(f"无法识别文件 {name} 的编码：请另存为 UTF-8 或 GB18030 文本")


def _read_docx(data: bytes, name: str) -> str:
    try:
        import docx  # python-docx, needed only for Word files
    except ImportError as error:
        raise MissingPackage(
            "读取 .docx 文件需要安装 python-docx（pip install python-docx），"
            "或把报告另存为 .txt 文本文件后再试"
        ) from error
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise ReportError(f"无法打开 Word 文件 {name}：{error}") from error
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            # a row reads as one sentence: 收到提案 | 286件 → 收到提案286件。
            lines.append("".join(cell.text.strip() for cell in row.cells) + "。")
    return "\n".join(lines)


# --- committees (cppcc.extract.committees) ----------------------------------------------


def _header_committee(line: str, committees: list[dict]) -> tuple[bool, dict | None, str]:
    """Whether the line opens a section on a committee, which (None: one not in the list),
    and the text after a colon when it is a sentence: "吴忠市政协：今年共收到提案286件。"
    """
    written = line
    line = SECTION_NUMBER.sub("", same_length(line).lstrip("#【[▌■●◆ "))
    skipped = len(written) - len(line)  # same_length keeps positions
    line = line.rstrip("】] ")
    opening = named_at_start(line, committees)
    if opening is None:
        return False, None, ""
    name, committee = opening
    rest = line[len(name) :]
    if rest[:1] in (":", "：") and HEADING_PUNCTUATION.search(rest):
        start = skipped + len(name) + 1
        return True, committee, written[start : start + len(rest) - 1]  # as written
    if len(line) <= 40 and (not rest or rest[0] in ":：—-·| \u3000"):
        return not HEADING_PUNCTUATION.search(rest), committee, ""
    return False, None, ""


# --- reading the text -------------------------------------------------------------------


@dataclass
class Sentence:
    text: str  # normalised (cppcc.extract.normalise), spaces left out
    written: str  # the sentence as written, spaces left out
    breaks: tuple[int, ...] = ()  # where in written a caption was cut out: quotes stop there
    origin: tuple[int, ...] = ()  # where each character of text stands in written
    at: tuple[int, ...] = ()  # where each character of written stands in the report

    def __post_init__(self):
        if not self.origin:  # text and written are the same length
            self.origin = tuple(range(len(self.text) + 1))

    def written_at(self, position: int) -> int:
        """Where the character at ``position`` in text stands in written."""
        return self.origin[position]

    def in_report(self, start: int, end: int) -> tuple[int, int]:
        """Where text[start:end] stands in the whole report as given (-1 when unknown)."""
        if not self.at:
            return -1, -1
        first, last = self.written_at(start), self.written_at(end) - 1
        return self.at[first], self.at[max(first, last)] + 1


@dataclass
class Paragraph:
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Heading:
    text: str = ""
    committee: dict | None = None
    names_committee: bool = False


def _squeeze(line: str) -> str:
    return re.sub(r"\s+", "", line)


class _Buffer:
    """Lines of one paragraph, joined without the spaces a layout put in."""

    def __init__(self):
        self.written = ""
        self.at: list[int] = []  # where each character of written stands in the report
        self.breaks: list[int] = []
        self.bullet = False

    def add(self, line: str, at: int = -1) -> None:
        """``line`` as it stands in the report from position ``at``."""
        if not self.written:
            self.bullet = bool(BULLET.match(line))
        self.written += _squeeze(line)
        self.at += [at + i for i, char in enumerate(line) if not char.isspace()]

    def cut(self) -> None:
        if self.written:
            self.breaks.append(len(self.written))

    def ends_paragraph(self) -> bool:
        """A list item, or text that ends a sentence; else the next line continues it."""
        return self.bullet or bool(PARAGRAPH_END.search(self.written))

    def paragraph(self) -> Paragraph | None:
        if not self.written:
            return None
        paragraph, start = Paragraph(), 0
        ends = [match.end() for match in SENTENCE_END.finditer(self.written)]
        for end in [*ends, len(self.written)]:
            if end > start:
                written = self.written[start:end]
                breaks = tuple(b - start for b in self.breaks if start < b < end)
                read = normalise(written)
                at = tuple(self.at[start:end]) if len(self.at) == len(self.written) else ()
                sentence = Sentence(read.text, written, breaks, read.origin, at)
                paragraph.sentences.append(sentence)
            start = end
        self.written, self.at, self.breaks, self.bullet = "", [], [], False
        return paragraph


def _is_heading(line: str, buffer: _Buffer) -> bool:
    """A markdown heading, or a short line without punctuation after a finished paragraph.

    After an unfinished sentence a short line is its continuation, cut off by a photo.
    """
    if line.startswith("#"):
        return True
    short = len(_squeeze(line)) <= 40 and not HEADING_PUNCTUATION.search(line)
    finished = not buffer.written or buffer.ends_paragraph()
    return short and finished and not LIST_ITEM.match(line)


def read_structure(text: str, committees: list[dict]):
    """Headings and paragraphs of a report, in order."""
    buffer = _Buffer()
    offset = 0
    for raw in text.splitlines(keepends=True):
        line_at, offset = offset, offset + len(raw)
        line = raw.strip().lstrip("\ufeff")
        line_at += raw.index(line[0]) if line else 0
        if not line or ADDRESS.match(line):
            continue
        if CAPTION.match(line):
            buffer.cut()
            continue
        is_header, committee, sentence = _header_committee(line, committees)
        is_heading = not is_header and _is_heading(line, buffer)
        starts_anew = is_header or is_heading or BULLET.match(line) or buffer.ends_paragraph()
        if starts_anew and (paragraph := buffer.paragraph()) is not None:
            yield paragraph
        if is_header:
            yield Heading(same_length(line), committee, names_committee=True)
            buffer.add(sentence, line_at + line.rfind(sentence) if sentence else -1)
        elif is_heading:
            yield Heading(same_length(line))
            banner = line.lstrip("#")  # a banner may state a figure: 全年开展协商活动50余次
            buffer.add(banner, line_at + len(line) - len(banner))
            if (paragraph := buffer.paragraph()) is not None:
                yield paragraph
        else:
            buffer.add(line, line_at)
    if (paragraph := buffer.paragraph()) is not None:
        yield paragraph


def title_lines(text: str) -> list[str]:
    """The lines before the first sentence of the body."""
    lines = []
    for raw in text.splitlines():
        line = normalise_text(raw.strip().lstrip("#\ufeff").strip())
        if not line or ADDRESS.match(line):
            continue
        if "。" in line or len(lines) >= 5 or len(line) > 80:
            break
        lines.append(line)
    return lines


def report_year(text: str, published: int | None) -> tuple[int, str] | None:
    """The year undated figures belong to, and why, when it is not the publication year.

    A review titled with its year (2022年……工作综述) is about that year; a yearbook
    (年鉴-2023) and a work report delivered at a session (……工作报告 / 2023年1月10日在
    ……会议上) about the year before, and so is a report to the plenary on the work
    "since the last session" (向大会报告四次会议以来提案工作情况).
    """
    lines = title_lines(text)
    for line in lines:
        if match := TITLE_YEAR.search(line):
            return int(match[1]), f"标题写明 {match[1]} 年"
        if match := YEARBOOK.search(line):
            book = int(match[1] or match[2])
            return book - 1, f"{book} 年的年鉴记的是上一年（{book - 1} 年）的工作"
    if any("工作报告" in line for line in lines):
        for line in lines:
            if match := DELIVERED.search(line):
                delivered = int(match[1])
                return delivered - 1, f"{delivered} 年会议上所作的工作报告，记的是上一年"
    opening = normalise_text(text)[:OPENING]
    if published is not None and PLENARY_REPORT.search(opening):
        return published - 1, f"向全会报告上次会议以来的工作：发表于 {published} 年，记上一年"
    month = publication_month(text)
    if published is not None and PLENARY_NEWS.search(opening) and (month or 1) <= 3:
        return published - 1, f"年初全会的报道（{published} 年），常委会工作报告讲的是上一年"
    return None


# The month a page was published: its address (/202111/01/, 2021-11-01), else the
# first date of its opening lines (10月27日至29日，……会议召开).
ADDRESS_MONTH = re.compile(r"(?<!\d)(?:19|20)\d\d[-/_]?(0[1-9]|1[0-2])(?:[-/_]?[0-3]\d)?(?!\d)")
OPENING_DATE = re.compile(r"(?<!\d)(1[0-2]|[1-9])月[0-3]?\d日")


def publication_month(text: str) -> int | None:
    """The month a report was published or its meeting held, when its opening shows it."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and ADDRESS.match(lines[0]) and (match := ADDRESS_MONTH.search(lines[0])):
        return int(match[1])
    match = OPENING_DATE.search(normalise_text(text)[:OPENING])
    return int(match[1]) if match else None


def guess_publication_year(text: str) -> int | None:
    """The latest four-digit year the text mentions, for when none is given."""
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)年", normalise_text(text))]
    return max(years) if years else None


def report_subject(text: str, committees: list[dict]) -> tuple[dict | None, str | None]:
    """The committee a report is about, and whose work it is when not a committee's
    (national members, a party's branch, the people's congress: see ``someone_else``).

    The committee is the one its title names, else, in a report without committee
    headings, the one it names most often (twice at least, unless it names no other).
    Unknown committees come without a code.
    """
    for line in title_lines(text):
        if hits := named(line, committees, least=1):
            return hits[0][2], None
        if who := someone_else(line):
            return None, who
    if any(
        isinstance(part, Heading) and part.names_committee
        for part in read_structure(text, committees)
    ):
        return None, None  # a report in sections: nothing before the first heading is attributed
    read = normalise_text(text)
    return most_named(read, committees) or self_reference(read), None
