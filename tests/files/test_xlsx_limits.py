"""XLSX workbooks that are small on disk and huge when read: refused before they are read.

Two cells, A1 and XFD1048576, made the reader build the whole sheet (17 billion cells): the
process died with SIGABRT. The attacks run in a child process with a memory limit, so that
a reader that falls for them kills the child and not the test run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from berakhlak.files import xlsx
from berakhlak.files.org import read_org
from berakhlak.files.problems import InputError
from helpers.spreadsheets import FAR_CELL, FAR_REFUSAL, workbook
from helpers.texts import english_lines

SHEET = "xl/worksheets/sheet1.xml"
WIDE_ROW = '<row r="3">' + '<c t="n"><v>1</v></c>' * 16_384 + "</row>"
FAR_ROW = '<row r="A1048576"><c t="n"><v>1</v></c></row>'

BOMBS = {
    "two cells far apart": FAR_CELL,
    "cells without a reference, in a row far down": WIDE_ROW + FAR_ROW,
    "a cell with a namespace prefix": FAR_CELL.replace("<c ", "<x:c ").replace("</c>", "</x:c>"),
    "a cell whose reference is not its first attribute": FAR_CELL.replace(
        '<c r="XFD1048576" t="inlineStr">', '<c t="inlineStr"\n  r="XFD1048576">'
    ),
}


def read_in_a_child(path: Path) -> subprocess.CompletedProcess[str]:
    """read_org(path) in a child process allowed 3 GB: prints the refusal, or 'read'."""
    code = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
        from pathlib import Path
        from berakhlak.files.org import read_org
        import gettext
        import berakhlak
        from berakhlak.files.problems import InputError
        english = gettext.translation(
            "django", Path(berakhlak.__file__).parent / "locale", languages=["en"]
        )
        try:
            read_org(Path({str(path)!r}))
        except InputError as error:
            print("\\n".join(error.lines(english, "en")))
        else:
            print("read")
        """
    )
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )


@pytest.mark.parametrize("cells", list(BOMBS.values()), ids=list(BOMBS))
def test_a_small_workbook_spanning_the_whole_sheet_is_refused_before_it_is_read(cells, tmp_path):
    path = workbook(tmp_path / "struktur.xlsx", cells)
    assert path.stat().st_size < 10_000
    child = read_in_a_child(path)
    assert child.returncode == 0, (child.returncode, child.stderr[-2000:])
    assert child.stdout.strip() == f"struktur.xlsx: {FAR_REFUSAL}"


def test_a_declared_dimension_beyond_the_limit_is_refused_with_what_it_declares(tmp_path):
    path = workbook(tmp_path / "org.xlsx", dimension="A1:Z250000")
    with pytest.raises(InputError) as refused:
        read_org(path)
    assert "reaches row 250,000 and column 26 (6,500,000 cells)" in "\n".join(
        english_lines(refused.value)
    )


def test_a_sheet_within_the_limit_is_read_whatever_its_shape(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_CELLS", 6 * 3)
    path = workbook(tmp_path / "org.xlsx", '<row r="3"><c r="F3" s="0"/></row>')
    assert read_org(path).n_units == 1
    over = workbook(tmp_path / "over.xlsx", '<row r="4"><c r="A4" s="0"/></row>')
    with pytest.raises(InputError) as refused:
        read_org(over)
    assert re.search(
        r"reaches row 4 and column 6 \(24 cells\)", "\n".join(english_lines(refused.value))
    )


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNPACKED", 1 << 20)
    padding = b"<sst>" + b" " * (2 << 20) + b"</sst>"
    path = workbook(tmp_path / "org.xlsx", **{"xl/extra.xml": padding})
    with pytest.raises(InputError) as refused:
        read_org(path)
    assert "\n".join(english_lines(refused.value)) == (
        "org.xlsx: the workbook unpacks to 3 MB, more than the 1 MB allowed; save the sheet as CSV"
    )


def test_a_part_that_unpacks_to_far_more_than_it_packs_is_refused(tmp_path):
    bomb = b"<x>" + b"\x20" * (20 << 20) + b"</x>"  # 20 MB of spaces pack to about 20 KB
    path = workbook(tmp_path / "org.xlsx", **{"xl/bomb.xml": bomb})
    with pytest.raises(InputError) as refused:
        read_org(path)
    message = "\n".join(english_lines(refused.value))
    assert message.startswith("org.xlsx: the workbook's part 'xl/bomb.xml' unpacks to ")
    assert message.endswith("times its packed size, more than 100 times: it is not read")


def test_a_member_whose_data_does_not_match_its_checksum_is_refused(tmp_path):
    path = workbook(tmp_path / "org.xlsx")
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(SHEET)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + 5] ^= 0xFF  # one flipped byte of the packed sheet
    path.write_bytes(bytes(raw))
    with pytest.raises(InputError) as refused:
        read_org(path)
    assert re.search("cannot be read as an Excel workbook", "\n".join(english_lines(refused.value)))


def test_rows_of_a_guarded_workbook_keep_their_spreadsheet_numbers(tmp_path):
    cells = '<row r="7"><c r="A7" t="inlineStr"><is><t>KAB-001</t></is></c></row>'
    path = workbook(tmp_path / "org.xlsx", cells)
    with pytest.raises(InputError) as refused:
        read_org(path)
    assert {p.row for p in refused.value.problems} == {7}
