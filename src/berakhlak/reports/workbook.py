"""Excel workbooks: one sheet per table, numbers stored as numbers, suppression respected,
readable headers in the first row and a data dictionary ("Kamus data") as the last sheet
(reports/dictionary.py). This module builds the instansi's workbook; the unit's, the
nation's and the RB export have modules of their own, the shared sheets are in
reports/workbook_sheets.py.

A change is given as readers see it (docs/method.md §7): the shown change, the difference of
the two figures rounded to one decimal, and its direction word; the unrounded difference has
a column of its own.
"""

from __future__ import annotations

from ..results.comments import texts_sheet
from ..results.dashboard import Dashboard
from ..results.followup import Followup, followup_sheet
from .cells import CHANGE_HEAD, FIGURE_HEAD, Sheet, W, change_cells, figure_rows
from .columns import year_column
from .dictionary import Extra, criteria_columns, pool_columns, readable
from .workbook_sheets import (
    behaviour_sheet,
    evaluation_sheet,
    groups_sheet,
    items_sheet,
    local_sheet,
    method_sheet,
)


def _unit_sheet(d: Dashboard) -> Sheet:
    value_codes = list(d.pool.value_codes)
    head = [
        "unit_code", "nama_unit", "n", "pegawai", "disembunyikan", "peringkat",
        "indeks_berakhlak", *value_codes, "tahun_pembanding", *CHANGE_HEAD,
    ]  # fmt: skip
    rows = []
    for u in d.units:
        values = [f.value for f in u.values] if u.values else [None] * len(value_codes)
        rows.append(
            [
                u.code,
                u.name,
                u.n,
                u.headcount,
                W("ya") if u.hidden else W("tidak"),
                u.rank,
                u.implementasi,
                *values,
                u.baseline_year,
                *change_cells(u.change),
            ]
        )
    if d.groups:
        head.append("kelompok_pelaporan")
        for row, u in zip(rows, d.units, strict=True):
            row.append(u.group or None)
    return head, rows


def _demography_sheet(d: Dashboard) -> Sheet:
    value_codes = list(d.pool.value_codes)
    head = ["dimensi", "kelompok", "n", "disembunyikan", "indeks_berakhlak", *value_codes]
    rows = []
    for cut in d.cuts:
        for row in cut.rows:
            values = list(row.values) if row.values else [None] * len(value_codes)
            hidden = W("ya") if row.hidden else W("tidak")
            rows.append([cut.label, row.label, row.n, hidden, row.implementasi, *values])
    return head, rows


def _change_sheet(d: Dashboard, extra: Extra) -> Sheet:
    """The figures of both years side by side; their headers name the years."""
    assert d.baseline_year is not None
    for name, year in (("nilai_pembanding", d.baseline_year), ("nilai", d.subject.year)):
        extra[("Perubahan", name)] = year_column(year)
    head = ["kode", "nama", "nilai_pembanding", "nilai", *CHANGE_HEAD]
    rows = [[r[0], r[1], r[6], r[2], *r[7:]] for r in figure_rows(d.indices + d.values)]
    return head, rows


def cycle_workbook(d: Dashboard, followup: Followup | None = None) -> dict[str, Sheet]:
    sheets: dict[str, Sheet] = {}
    extra = pool_columns(d.pool, d.lang)
    if not d.suppressed:
        sheets["Indeks"] = (FIGURE_HEAD, figure_rows(d.indices))
        sheets["Nilai"] = (FIGURE_HEAD, figure_rows(d.values))
    sheets["Unit"] = _unit_sheet(d)
    if d.groups:
        sheets["Kelompok pelaporan"] = groups_sheet(d)
    if d.details is not None:
        sheets["Perilaku"] = behaviour_sheet(d)
        sheets["Butir"] = items_sheet(d)
    if d.cuts:
        sheets["Demografi"] = _demography_sheet(d)
    if d.baseline_year is not None and not d.suppressed:
        sheets["Perubahan"] = _change_sheet(d, extra)
    if d.local is not None:
        sheets["Nilai lokal"] = local_sheet(d.local)
    texts = texts_sheet(d.texts, W)
    if texts is not None:
        sheets["Harapan dan saran"] = texts
    if followup is not None and followup.in_reports:
        sheets["Tindak lanjut"] = followup_sheet(followup, d, W)
    if d.combined is not None:
        sheets["Evaluasi"] = evaluation_sheet(d)
        extra |= criteria_columns(d.combined.criteria)
    sheets["Metode"] = method_sheet(d)
    return readable(sheets, extra)
