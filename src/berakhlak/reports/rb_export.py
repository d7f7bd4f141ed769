"""The workbook for the Reformasi Birokrasi evaluation (issue 15 item 6): the survey index,
E, G and their categories, the units' scores, and every piece of evidence per criterion with
a link to it in the platform. Built from the same dashboard as the other reports, so a
hidden unit shows its evidence score and scores but never G or a survey figure."""

from __future__ import annotations

from typing import Any

from ..evaluation.models import Evidence
from ..results.dashboard import Dashboard
from .cells import Sheet, W
from .dictionary import criteria_columns, readable


def rb_workbook(
    d: Dashboard,
    evidence: list[Evidence],
    unit_url: dict[str, str],
    file_url: dict[int, str] | None = None,
) -> dict[str, Sheet]:
    """`evidence` of the cycle's units; `unit_url`: unit code -> the absolute URL of its
    evaluation page in the platform; `file_url`: evidence id -> the absolute URL of its
    file's download (served only to users who may read that unit's evidence)."""
    file_url = file_url or {}
    c = d.combined
    assert c is not None
    g = c.figure
    i1 = d.implementasi
    summary_head = ["indikator", "nilai", "kategori", "ik95_bawah", "ik95_atas"]
    summary: list[list[Any]] = [
        [
            W("Indeks BerAKHLAK (survei)"),
            i1.value,
            i1.category,
            i1.ci[0] if i1.ci else None,
            i1.ci[1] if i1.ci else None,
        ],
        [W("Skor evaluasi bukti (E)"), c.evidence, None, None, None],
        [
            W("Indeks BerAKHLAK gabungan (G)"),
            g.value,
            g.category,
            g.ci95[0] if g.ci95 else None,
            g.ci95[1] if g.ci95 else None,
        ],
    ]
    codes = [code for code, _ in c.criteria]
    unit_head = ["unit_code", "nama_unit", "disembunyikan", "skor_bukti",
                 "indeks_gabungan", "kategori", *codes, "tautan"]  # fmt: skip
    units = [
        [
            row.code,
            row.name,
            W("ya") if row.hidden else W("tidak"),
            row.evidence,
            row.combined.value,
            row.combined.category,
            *[light.score for light in row.lights],
            unit_url.get(row.code, ""),
        ]
        for row in c.rows
    ]
    names = dict(c.criteria)
    evidence_head = ["unit_code", "nama_unit", "kriteria", "nama_kriteria",
                     "uraian", "tautan_bukti", "berkas", "tautan_berkas", "tautan"]  # fmt: skip
    unit_names = {row.code: row.name for row in c.rows}
    rows = [
        [
            e.cycle_unit.code,
            unit_names.get(e.cycle_unit.code, e.cycle_unit.name),
            e.criterion,
            names.get(e.criterion, ""),
            e.description,
            e.link,
            e.file.name if e.file else "",
            file_url.get(e.pk, ""),
            unit_url.get(e.cycle_unit.code, ""),
        ]
        for e in evidence
    ]
    sheets: dict[str, Sheet] = {
        "Ringkasan": (summary_head, summary),
        "Unit": (unit_head, units),
        "Bukti": (evidence_head, rows),
    }
    return readable(sheets, criteria_columns(c.criteria))
