"""Readable workbooks: the first row of every sheet in words (Indonesian, or English when
the report is in English) and a "Kamus data" sheet listing, per sheet and column, the
header, the machine name (stable, the same in both languages: the name to read the column
by with pandas), the unit, a description and the section of docs/method.md."""

from __future__ import annotations

from typing import Any

from ..method.items import QUESTIONS, ItemPool
from .cells import Sheet, W
from .columns import Column, column, criterion_columns, question_columns, value_columns

DICTIONARY = "Kamus data"
DICTIONARY_HEAD = ("lembar", "judul_kolom", "nama_mesin", "satuan", "keterangan", "metode")

Extra = dict[tuple[str, str], Column]
"""Columns a workbook names itself (value codes, criteria, questions): keyed by (sheet, machine
name), with the sheet "" for every sheet."""


def _find(sheet: str, name: str, extra: Extra) -> Column:
    found = extra.get((sheet, name)) or column(sheet, name) or extra.get(("", name))
    if found is None:
        raise KeyError(f"column {name!r} of sheet {sheet!r} has no dictionary entry")
    return found


def _dictionary_header() -> list[str]:
    return [
        W("Lembar"),
        W("Judul kolom"),
        W("Nama mesin"),
        W("Satuan"),
        W("Keterangan"),
        W("Metode (docs/method.md)"),
    ]


def readable(sheets: dict[str, Sheet], extra: Extra | None = None) -> dict[str, Sheet]:
    """`sheets` keyed by their untranslated names, with machine names as headers: the same
    sheets under their names in the active language, headed by readable headers, and the data
    dictionary as the last sheet. A column without a dictionary entry is an error."""
    extra = extra or {}
    out: dict[str, Sheet] = {}
    dictionary: list[list[Any]] = []
    for sheet, (head, rows) in sheets.items():
        title = W(sheet)
        headers = []
        for name in head:
            c = _find(sheet, name, extra)
            headers.append(c.header)
            dictionary.append([title, c.header, name, c.unit, c.description, c.section or None])
        out[title] = (headers, rows)
    out[W(DICTIONARY)] = (_dictionary_header(), dictionary)
    return out


def machine_names(book_sheets: dict[str, Sheet]) -> dict[str, list[str]]:
    """Sheet title -> its machine names, read back from a readable workbook's dictionary."""
    _, rows = book_sheets[W(DICTIONARY)]
    names: dict[str, list[str]] = {}
    for row in rows:
        names.setdefault(row[0], []).append(row[2])
    return names


def pool_columns(pool: ItemPool, lang: str) -> Extra:
    """The columns named by the item pool: each value's reach, each question's votes."""
    columns = value_columns([(v.code, v.name(lang)) for v in pool.values])
    columns |= question_columns(QUESTIONS)
    return {("", name): c for name, c in columns.items()}


def criteria_columns(criteria: list[tuple[str, str]]) -> Extra:
    return {("", name): c for name, c in criterion_columns(criteria).items()}
