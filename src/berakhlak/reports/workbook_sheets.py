"""The sheets the instansi and unit workbooks share or add by feature: reporting groups,
evaluation, local values, behaviours, items, method. Headers are machine names
(reports/columns.py); `reports.dictionary.readable` puts the words in."""

from __future__ import annotations

from typing import Any

from ..common.labels import bilingual
from ..method.items import AREAS, QUESTIONS
from ..results.dashboard import Dashboard, UnitDashboard
from ..results.local_section import LocalSection
from .cells import CHANGE_HEAD, Sheet, W, change_cells


def groups_sheet(d: Dashboard) -> Sheet:
    """The reporting groups (docs/method.md §9): a hidden group shows only its n."""
    value_codes = list(d.pool.value_codes)
    head = [
        "group_code", "nama_kelompok", "unit_anggota", "n", "pegawai", "disembunyikan",
        "indeks_berakhlak", *value_codes, "tahun_pembanding", *CHANGE_HEAD,
    ]  # fmt: skip
    rows = []
    for g in d.groups:
        values = [f.value for f in g.values] if g.values else [None] * len(value_codes)
        rows.append(
            [
                g.code,
                g.name,
                "; ".join(g.units),
                g.n,
                g.headcount,
                W("ya") if g.hidden else W("tidak"),
                g.implementasi,
                *values,
                g.baseline_year,
                *change_cells(g.change),
            ]
        )
    return head, rows


def evaluation_sheet(d: Dashboard) -> Sheet:
    """E and G of the instansi (first row) and of each unit, with each criterion's score; a
    hidden unit has its E and scores but no G (docs/method.md §12)."""
    c = d.combined
    assert c is not None
    codes = [code for code, _ in c.criteria]
    head = [
        "unit_code", "nama_unit", "disembunyikan", "indeks_berakhlak", "skor_bukti",
        "indeks_gabungan", "kategori", "ik95_bawah", "ik95_atas", *CHANGE_HEAD, *codes,
    ]  # fmt: skip
    g = c.figure
    rows: list[list[Any]] = [
        [
            "",
            d.subject.instansi_name,
            W("ya") if d.suppressed else W("tidak"),
            d.implementasi.value,
            c.evidence,
            g.value,
            g.category,
            g.ci95[0] if g.ci95 else None,
            g.ci95[1] if g.ci95 else None,
            *change_cells(g.change),
            *[None] * len(codes),
        ]
    ]
    implementasi = {u.code: u.implementasi for u in d.units}
    for row in c.rows:
        f = row.combined
        rows.append(
            [
                row.code,
                row.name,
                W("ya") if row.hidden else W("tidak"),
                None if row.hidden else implementasi.get(row.code),
                row.evidence,
                f.value,
                f.category,
                f.ci95[0] if f.ci95 else None,
                f.ci95[1] if f.ci95 else None,
                *change_cells(f.change),
                *[light.score for light in row.lights],
            ]
        )
    return head, rows


def local_sheet(local: LocalSection) -> Sheet:
    """The local value set (docs/method.md §18): per group (the instansi, then each shown
    unit), the local index, then each value's current and desired reach and their gap; the
    change is of the index and of each current reach. Hidden units have no row."""
    head = [
        "kelompok", "nama", "n", "set", "kode", "nilai", "jangkauan_saat_ini",
        "kategori", "ik95_bawah", "ik95_atas", "jangkauan_harapan",
        "harapan_ik95_bawah", "harapan_ik95_atas", "kesenjangan", *CHANGE_HEAD,
    ]  # fmt: skip
    rows: list[list[Any]] = []
    for group in [local.instansi, *local.units]:
        first = [group.code, group.name, group.n, local.code]
        ci = group.index_ci or (None, None)
        rows.append(
            [*first, local.code, W("Indeks nilai lokal"), group.index, group.category, *ci,
             None, None, None, None, *change_cells(group.index_change)]
        )  # fmt: skip
        for v in group.values:
            cur, des = v.current.ci or (None, None), v.desired.ci or (None, None)
            rows.append(
                [*first, v.code, v.name, v.current.value, None, *cur, v.desired.value, *des,
                 v.gap, *change_cells(v.change)]
            )  # fmt: skip
    return head, rows


def behaviour_sheet(d: Dashboard | UnitDashboard) -> Sheet:
    assert d.details is not None
    rows = []
    for v in d.pool.values:
        for rank, f in enumerate(d.details.behaviours[v.code], start=1):
            item = d.pool.items[f.index]
            rows.append(
                [v.code, v.name(d.lang), rank, item.code, item.label(d.lang), f.votes, f.share]
            )
    head = ["nilai", "nama_nilai", "urutan", "butir", "perilaku", "suara_cc", "persen_cc"]
    return head, rows


def items_sheet(d: Dashboard | UnitDashboard) -> Sheet:
    assert d.details is not None
    det = d.details
    rows = []
    jumps = dict(det.jumps)
    for i, item in enumerate(d.pool.items):
        row: list[Any] = [
            item.code,
            item.label(d.lang),
            item.value or "",
            item.polarity,
            bilingual(AREAS[item.area - 1], d.lang),
        ]
        for q in QUESTIONS:
            row += [int(det.votes[q][i]), det.share(q, i), "x" if i in det.top10[q] else ""]
        row.append(jumps[i])
        rows.append(row)
    head = ["butir", "label", "nilai", "polaritas", "area"]
    for q in QUESTIONS:
        head += [f"{q}_suara", f"{q}_persen", f"{q}_top10"]
    head.append("lompatan_nilai")
    return head, rows


def method_sheet(d: Dashboard) -> Sheet:
    p = d.params
    rows: list[list[Any]] = [
        [W("metode"), d.method],
        [W("instansi"), d.subject.instansi_name],
        [W("tahun"), d.subject.year],
        [W("versi_butir"), d.subject.item_pool],
        [W("responden_sah"), d.result.n],
        [W("dikecualikan"), int(d.result.stats.n_excluded[0])],
        [W("pegawai"), d.result.info.headcount],
        [W("minimum_responden"), d.result.min_required],
        [W("memenuhi_syarat"), W("ya") if d.result.eligible else W("tidak")],
    ]
    rows.append([W("tahun_pembanding"), d.baseline_year])
    if d.baseline_note:
        rows.append([W("catatan_pembanding"), d.baseline_note])
    rows += [[f"param_{key}", value] for key, value in p.as_dict().items()]
    if d.result.k != p.k:
        rows.append([W("ambang_yang_berlaku"), d.result.k])
    rows.append([W("narasi"), d.narrative])
    rows += [[W("peringatan"), w] for w in d.warnings]
    return ["butir", "nilai"], rows
