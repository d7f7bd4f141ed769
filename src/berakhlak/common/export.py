"""CSV and XLSX downloads with cells that spreadsheet programs cannot run as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text starting with = + - @ (or a tab/CR) gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


Sheets = dict[str, tuple[Sequence[str], Iterable[Sequence[Any]]]]


def xlsx_response(filename: str, sheets: Sheets) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(sheets),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_bytes(sheets: Sheets) -> bytes:
    """One worksheet per entry; numbers are stored as numbers at full precision (shown with
    one decimal), text is neutralised."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1})
    one_decimal = book.add_format({"num_format": "0.0"})
    for name, (header, rows) in sheets.items():
        sheet = book.add_worksheet(name[:31])
        sheet.write_row(0, 0, [safe_cell(h) for h in header], bold)
        widths = [len(str(h)) for h in header]
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, float):
                    sheet.write_number(r, c, value, one_decimal)  # full precision, shown .1
                elif isinstance(value, int) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                else:
                    text = str(safe_cell(value))
                    sheet.write_string(r, c, text)
                    widths[c] = max(widths[c], min(len(text), 60))
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width + 2)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
