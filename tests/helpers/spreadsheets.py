"""Org files as .xlsx workbooks with raw XML added to their sheet: the shapes of workbook
that are small on disk and huge when read (tests/files/test_xlsx_limits.py and the web
and command-line tests of the same guard)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

HEADER = ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
ROW = ["KAB-001", "Kabupaten Contoh", "U01", "Sekretariat Daerah", "40", "barat"]
SHEET = "xl/worksheets/sheet1.xml"
FAR_CELL = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
"""A1 to XFD1048576: the whole sheet, 17,179,869,184 cells."""
FAR_REFUSAL = (
    "a sheet reaches row 1,048,576 and column 16,384 (17,179,869,184 cells), more than the "
    "5,000,000 cells an .xlsx file may hold; delete what lies outside the table or save it "
    "as CSV"
)


def workbook_bytes(
    cells: str = "", dimension: str = "", rows: list[list[str]] | None = None, **members: bytes
) -> bytes:
    """An org file as Excel writes it, with `cells` (raw XML) added to its sheet, another
    declared `dimension`, and `members` added to or replacing parts of the archive."""
    book = Workbook()
    for row in [HEADER, *(rows if rows is not None else [ROW])]:
        book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            data = members.pop(info.filename, None) or source.read(info.filename)
            if info.filename == SHEET:
                data = data.replace(b"</sheetData>", cells.encode() + b"</sheetData>")
                if dimension:
                    data = data.replace(
                        b'<dimension ref="', f'<dimension ref="{dimension}" old="'.encode()
                    )
            zf.writestr(info, data)
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def workbook(path: Path, cells: str = "", dimension: str = "", **members: bytes) -> Path:
    path.write_bytes(workbook_bytes(cells, dimension, **members))
    return path
