"""How a round's workbook says what it is, and what its blank cells mean.

A workbook generated for a round carries two custom document properties (Excel, WPS and
LibreOffice keep them when the file is saved again): the round's number and the
committee's code. An upload that carries them is a round return: a row whose 数值 is
left empty is a figure the committee does not report (未报告) and is set aside, never
read as 0 and never an error. Any other file keeps the template's rule that every row
needs a value.
"""

import io
import re
import zipfile

from openpyxl.packaging.custom import StringProperty

from cppcc.upload.importing import RawRow
from cppcc.upload.parsing import normalise

ROUND, COMMITTEE = "cppcc_round", "cppcc_committee"
_PROPERTY = re.compile(
    rb'<(?:\w+:)?property\b[^>]*\bname="(cppcc_round|cppcc_committee)"[^>]*>\s*'
    rb"<(?:\w+:)?lpwstr\b[^>]*>([^<]{0,40})</(?:\w+:)?lpwstr>"
)


def mark(book, round_id: int, adcode: str) -> None:
    """Label an openpyxl workbook as round ``round_id``'s workbook for ``adcode``."""
    book.custom_doc_props.append(StringProperty(name=ROUND, value=str(round_id)))
    book.custom_doc_props.append(StringProperty(name=COMMITTEE, value=adcode))


def read(file_name: str, data: bytes) -> dict | None:
    """``{"round": N, "adcode": "640300"}`` for a round's workbook, else None. Reads only
    the small properties part of the archive; a damaged file is left to the importer."""
    if not file_name.lower().endswith(".xlsx"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("docProps/custom.xml")
            if info.file_size > 64 * 1024:
                return None
            xml = archive.read(info)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError):
        return None
    found = {
        name.decode(): value.decode("utf-8", "replace") for name, value in _PROPERTY.findall(xml)
    }
    if not found.get(ROUND, "").isdigit():
        return None
    return {"round": int(found[ROUND]), "adcode": found.get(COMMITTEE)}


def set_aside_blank(rows: list[RawRow]) -> tuple[list[RawRow], list[RawRow]]:
    """A round return's rows with a value, and those whose 数值 is empty (未报告)."""
    kept, blank = [], []
    for row in rows:
        (blank if normalise(row.cells.get("数值")) == "" else kept).append(row)
    return kept, blank
