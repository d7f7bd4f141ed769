"""Guarding the XLSX reader: a workbook's size is checked before calamine reads it.

An .xlsx file is a zip archive of XML, and its size on disk says little about what it
holds. Two cells, A1 and XFD1048576, take 1.5 KB; calamine, which builds a sheet as one
rectangle from its first to its last cell, would then allocate 17 billion cells (the
process dies with SIGABRT). An archive can also unpack to gigabytes (a zip bomb). So
before a workbook is read:

* the archive's members are listed: together they may unpack to MAX_UNPACKED bytes, and
  no member over a megabyte may unpack to more than MAX_RATIO times its packed size;
* every member is scanned as it unpacks (tags only, nothing kept), whatever its name,
  since the workbook names its own sheets' parts: a worksheet's declared dimension and
  the cells it holds, placed as calamine places them (by their `r` attribute, or after
  the previous cell or row where it is missing; empty cells too, which calamine skips),
  must stay within MAX_CELLS counted from A1.

A refusal is an InputError naming what was found and the limit.
"""

from __future__ import annotations

import lzma
import math
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .problems import InputError, Message, Problem, msg

MAX_CELLS = 5_000_000
"""Rows x columns of a sheet, counted from A1 (for instance 200,000 responses of 25
columns). Larger tables belong in CSV or Parquet files."""
MAX_UNPACKED = 256 << 20
MAX_RATIO = 100
RATIO_FROM = 1 << 20  # smaller members may pack as well as they like
CHUNK = 1 << 20
MAX_TAG = 4 << 20
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    NotImplementedError,
    OSError,
    EOFError,
    ValueError,
    zlib.error,
    lzma.LZMAError,
)

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ATTRIBUTES = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
_TAG = re.compile(_PREFIX + rb"(row|c|dimension)(?=[\s/>])" + _ATTRIBUTES)
_DIMENSION_TAG = re.compile(_PREFIX + rb"dimension(?=[\s/>])" + _ATTRIBUTES)
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_FAST_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})[0-9]{1,7}"')
_FAST_ROW = re.compile(rb'<c r="[A-Z]{1,3}([0-9]{1,7})"')
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"\$?([A-Za-z]+)\$?(\d+)")
_ROW = re.compile(rb"\$?[A-Za-z]*\$?(\d+)")
HUGE = 10**12  # any number of more digits: a reference far beyond every limit
_DIMENSION = re.compile(rb"""(?:^|\s)ref\s*=\s*["']([^"']*)["']""")


def _fail(path: Path, message: Message) -> InputError:
    return InputError([Problem(path.name, None, message)])


def _column(letters: bytes) -> int:
    if len(letters) > 8:
        return HUGE
    n = 0
    for letter in letters.upper():
        n = n * 26 + letter - 64
    return n


def _number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 12 else HUGE


@dataclass
class Extent:
    """How far a sheet reaches from A1: its last row and column (1-based)."""

    rows: int = 0
    columns: int = 0

    def reach(self, row: int, column: int) -> None:
        self.rows = max(self.rows, row)
        self.columns = max(self.columns, column)

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def check_xlsx(path: Path) -> None:
    """Raise InputError unless the workbook at `path` is safe to hand to calamine."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check_sizes(path, members)
            for member in members:
                extent = _scan_fast(archive, member) or _scan(archive, member)
                _check_extent(path, extent)
    except UNREADABLE as exc:  # a broken archive, or a packing it cannot unpack
        raise _fail(path, msg("not_xlsx", detail=str(exc or "truncated"))) from None


def _check_sizes(path: Path, members: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        size = math.ceil(unpacked / 2**20)
        raise _fail(path, msg("xlsx_unpacked", size=size, limit=MAX_UNPACKED >> 20))
    for m in members:
        if m.file_size > RATIO_FROM and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            ratio = m.file_size // max(m.compress_size, 1)
            part = m.filename[:80]
            raise _fail(path, msg("xlsx_ratio", part=part, ratio=ratio, limit=str(MAX_RATIO)))


def _check_extent(path: Path, extent: Extent) -> None:
    if extent.cells > MAX_CELLS:
        reach = {"rows": extent.rows, "columns": extent.columns, "cells": extent.cells}
        raise _fail(path, msg("xlsx_cells", **reach, limit=MAX_CELLS))


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's content in pieces that end before a tag (a tag may go on in the next
    read). Unpacking stops at the member's declared size and checks its checksum."""
    rest = b""
    with archive.open(member) as stream:
        while chunk := stream.read(CHUNK):
            text = rest + chunk
            end = text.rfind(b"<")
            text, rest = (text[:end], text[end:]) if end >= 0 else (text, b"")
            if len(rest) > MAX_TAG:  # no spreadsheet holds a tag, or a text, that long
                raise ValueError(f"{member.filename[:80]} holds over 4 MB without a tag")
            yield text
    yield rest


def _scan_fast(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Extent | None:
    """The extent of a member whose cells all start `<c r="A1"` (as Excel, LibreOffice
    and most libraries write them), found without Python work per cell; None when some
    cell is written another way."""
    extent = Extent()
    for text in _chunks(archive, member):
        if b":c" in text and _PREFIXED_CELL.search(text):
            return None
        columns, rows = _FAST_COLUMN.findall(text), _FAST_ROW.findall(text)
        cells = text.count(b"<c")  # every tag whose name starts with c
        if cells != len(columns):  # not only cells: count the cells alone
            cells = sum(text.count(b"<c" + end) for end in (b" ", b"\t", b"\n", b"\r", b"/", b">"))
        if not len(columns) == len(rows) == cells:
            return None
        if cells:
            widest = max(map(len, columns))
            column = max(c for c in columns if len(c) == widest) if widest > 1 else max(columns)
            extent.reach(max(map(int, rows)), _column(column))
        for attributes in _DIMENSION_TAG.findall(text) if b"dimension" in text else ():
            _declared(attributes, extent)
    return extent


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Extent:
    """The extent of the cells of a member, each placed as calamine places it, and of
    its declared dimension."""
    extent = Extent()
    row = column = 0
    for text in _chunks(archive, member):
        for name, attributes in _TAG.findall(text):
            if name == b"c":
                column += 1
                ref = _R.search(attributes)
                found = _REF.fullmatch(ref.group(1).strip()) if ref else None
                if found:
                    column, cell_row = _column(found.group(1)), _number(found.group(2))
                    extent.reach(cell_row, column)
                else:
                    extent.reach(max(row, 1), column)
            elif name == b"row":
                ref = _R.search(attributes)
                found = _ROW.fullmatch(ref.group(1).strip()) if ref else None
                row = _number(found.group(1)) if found else row + 1
                column = 0
            else:
                _declared(attributes, extent)
    return extent


def _declared(attributes: bytes, extent: Extent) -> None:
    """A sheet's <dimension ref="A1:XFD1048576"/>: what the writer says it spans."""
    ref = _DIMENSION.search(attributes)
    for corner in _REF.finditer(ref.group(1)) if ref else ():
        extent.reach(_number(corner.group(2)), _column(corner.group(1)))
