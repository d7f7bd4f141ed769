"""A shown unit's workbook: its figures with the instansi's beside them (empty when the
instansi is not shown), its trend over the years, behaviours, items and free texts."""

from __future__ import annotations

from typing import Any

from ..results.comments import texts_sheet
from ..results.dashboard import UnitDashboard
from .cells import FIGURE_HEAD, Sheet, W, figure_rows
from .dictionary import pool_columns, readable
from .workbook_sheets import behaviour_sheet, items_sheet


def unit_workbook(d: UnitDashboard) -> dict[str, Sheet]:
    head = [*FIGURE_HEAD, "nilai_instansi"]
    sheets: dict[str, Sheet] = {}
    for name, pairs in (("Indeks", d.index_pairs), ("Nilai", d.value_pairs)):
        rows = figure_rows([f for f, _ in pairs])
        for row, (_, other) in zip(rows, pairs, strict=True):
            row.append(other.value if other is not None else None)
        sheets[name] = (head, rows)
    if d.details is not None:
        sheets["Perilaku"] = behaviour_sheet(d)
        sheets["Butir"] = items_sheet(d)
    sheets["Tren"] = (
        ["tahun", "indeks_berakhlak", "kategori", "indeks_instansi", "keterangan"],
        [[p.year, p.value, p.category, p.instansi, p.reason or None] for p in d.trend],
    )
    texts = texts_sheet(d.texts, W)
    if texts is not None:
        sheets["Harapan dan saran"] = texts
    method: list[list[Any]] = [
        [W("metode"), d.method],
        [W("instansi"), d.subject.instansi_name],
        [W("unit"), f"{d.code} {d.name}"],
        [W("tahun"), d.subject.year],
        [W("versi_butir"), d.subject.item_pool],
        [W("responden_sah"), d.n],
        [W("pegawai"), d.headcount],
        [W("peringkat"), d.rank],
        [W("ambang_yang_berlaku"), d.k],
        [W("tahun_pembanding"), d.baseline_year],
    ]
    if d.baseline_note:
        method.append([W("catatan_pembanding"), d.baseline_note])
    method += [[W("peringatan"), w] for w in d.warnings]
    sheets["Metode"] = (["butir", "nilai"], method)
    return readable(sheets, pool_columns(d.pool, d.lang))
