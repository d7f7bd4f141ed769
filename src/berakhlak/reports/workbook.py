"""Excel workbooks: one sheet per table, numbers stored as numbers, suppression respected.

A change is given as readers see it (docs/method.md §7): the shown change, the difference of
the two figures rounded to one decimal, and its direction word; the unrounded difference has
a column of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import pgettext

from ..common.labels import bilingual
from ..method.change import Change
from ..method.indices import INDEX_LABELS
from ..method.items import AREAS, QUESTIONS, default_pool
from ..method.results import NationalResult, Summary
from ..results.comments import texts_sheet
from ..results.dashboard import Dashboard, Figure, UnitDashboard
from ..results.followup import Followup, followup_sheet
from ..results.local_section import LocalSection
from ..results.national import NationalView
from .national_plans import plan_cells, plan_head

Sheet = tuple[Sequence[str], list[list[Any]]]


def W(text: str) -> str:
    """A word of a workbook (a column or sheet name, a cell's word) in the active language:
    the catalogue's context "workbook" keeps them apart from the same words on pages."""
    return pgettext("workbook", text)


def _change_cells(c: Change | None) -> list[Any]:
    """The shown change, its direction word, whether it is bermakna, the unrounded change."""
    if c is None:
        return [None, None, None, None]
    significant = None if c.significant is None else W("ya") if c.significant else W("tidak")
    return [c.delta_shown, W(c.direction), significant, c.delta]


def _figure_rows(figures: list[Figure]) -> list[list[Any]]:
    rows = []
    for f in figures:
        rows.append(
            [
                f.key,
                f.label,
                (f.value),
                f.category,
                (f.ci[0]) if f.ci else None,
                (f.ci[1]) if f.ci else None,
                (f.baseline),
                *_change_cells(f.change),
            ]
        )
    return rows


CHANGE_HEAD = ("perubahan", "arah", "bermakna", "perubahan_tanpa_pembulatan")


def cycle_workbook(d: Dashboard, followup: Followup | None = None) -> dict[str, Sheet]:
    change_head = [W(name) for name in CHANGE_HEAD]
    figure_head = [
        "kode",
        W("nama"),
        W("nilai"),
        W("kategori"),
        W("ik95_bawah"),
        W("ik95_atas"),
        W("nilai_pembanding"),
        *change_head,
    ]
    sheets: dict[str, Sheet] = {}
    if not d.suppressed:
        sheets[W("Indeks")] = (figure_head, _figure_rows(d.indices))
        sheets[W("Nilai")] = (figure_head, _figure_rows(d.values))
    value_codes = list(d.pool.value_codes)
    unit_head = [
        "unit_code",
        W("nama_unit"),
        "n",
        W("pegawai"),
        W("disembunyikan"),
        W("peringkat"),
        "indeks_berakhlak",
        *value_codes,
        W("tahun_pembanding"),
        *change_head,
    ]
    unit_rows = []
    for u in d.units:
        values = [(f.value) for f in u.values] if u.values else [None] * len(value_codes)
        unit_rows.append(
            [
                u.code,
                u.name,
                u.n,
                u.headcount,
                W("ya") if u.hidden else W("tidak"),
                u.rank,
                (u.implementasi),
                *values,
                u.baseline_year,
                *_change_cells(u.change),
            ]
        )
    if d.groups:
        unit_head.append(W("kelompok_pelaporan"))
        for row, u in zip(unit_rows, d.units, strict=True):
            row.append(u.group or None)
    sheets[W("Unit")] = (unit_head, unit_rows)
    if d.groups:
        sheets[W("Kelompok pelaporan")] = _groups_sheet(d, change_head)
    if d.details is not None:
        sheets[W("Perilaku")] = _behaviour_sheet(d)
        sheets[W("Butir")] = _items_sheet(d)
    if d.cuts:
        head = [
            W("dimensi"),
            W("kelompok"),
            "n",
            W("disembunyikan"),
            "indeks_berakhlak",
            *value_codes,
        ]
        rows = []
        for cut in d.cuts:
            for row in cut.rows:
                values = list(row.values) if row.values else [None] * len(value_codes)
                rows.append(
                    [
                        cut.label,
                        row.label,
                        row.n,
                        W("ya") if row.hidden else W("tidak"),
                        (row.implementasi),
                        *values,
                    ]
                )
        sheets[W("Demografi")] = (head, rows)
    if d.baseline_year is not None and not d.suppressed:
        head = ["kode", W("nama"), str(d.baseline_year), str(d.subject.year), *change_head]
        rows = [[r[0], r[1], r[6], r[2], *r[7:]] for r in _figure_rows(d.indices + d.values)]
        sheets[W("Perubahan")] = (head, rows)
    if d.local is not None:
        sheets[W("Nilai lokal")] = _local_sheet(d.local, change_head)
    if (texts := texts_sheet(d.texts, W)) is not None:
        sheets[W("Harapan dan saran")] = texts
    if followup is not None and followup.in_reports:
        sheets[W("Tindak lanjut")] = followup_sheet(followup, d, W)
    if d.combined is not None:
        sheets[W("Evaluasi")] = _evaluation_sheet(d)
    sheets[W("Metode")] = _method_sheet(d)
    return sheets


def _groups_sheet(d: Dashboard, change_head: list[str]) -> Sheet:
    """The reporting groups (docs/method.md §9): a hidden group shows only its n."""
    value_codes = list(d.pool.value_codes)
    head = [
        "group_code",
        W("nama_kelompok"),
        W("unit_anggota"),
        "n",
        W("pegawai"),
        W("disembunyikan"),
        "indeks_berakhlak",
        *value_codes,
        W("tahun_pembanding"),
        *change_head,
    ]
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
                *_change_cells(g.change),
            ]
        )
    return head, rows


def _evaluation_sheet(d: Dashboard) -> Sheet:
    """E and G of the instansi (first row) and of each unit, with each criterion's score; a
    hidden unit has its E and scores but no G (docs/method.md §12)."""
    c = d.combined
    assert c is not None
    codes = [code for code, _ in c.criteria]
    head = [
        "unit_code",
        W("nama_unit"),
        W("disembunyikan"),
        "indeks_berakhlak",
        W("skor_bukti"),
        W("indeks_gabungan"),
        W("kategori"),
        W("ik95_bawah"),
        W("ik95_atas"),
        *change_head_words(),
        *codes,
    ]
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
            *_change_cells(g.change),
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
                *_change_cells(f.change),
                *[light.score for light in row.lights],
            ]
        )
    return head, rows


def _local_sheet(local: LocalSection, change_head: list[str]) -> Sheet:
    """The local value set (docs/method.md §18): per group (the instansi, then each shown
    unit), the local index, then each value's current and desired reach and their gap; the
    change is of the index and of each current reach. Hidden units have no row."""
    head = [
        W("kelompok"), W("nama"), "n", "set", "kode", W("nilai"), W("jangkauan_saat_ini"),
        W("kategori"), W("ik95_bawah"), W("ik95_atas"), W("jangkauan_harapan"),
        W("harapan_ik95_bawah"), W("harapan_ik95_atas"), W("kesenjangan"), *change_head,
    ]  # fmt: skip
    rows: list[list[Any]] = []
    for group in [local.instansi, *local.units]:
        first = [group.code, group.name, group.n, local.code]
        ci = group.index_ci or (None, None)
        rows.append(
            [*first, local.code, W("Indeks nilai lokal"), group.index, group.category, *ci,
             None, None, None, None, *_change_cells(group.index_change)]
        )  # fmt: skip
        for v in group.values:
            cur, des = v.current.ci or (None, None), v.desired.ci or (None, None)
            rows.append(
                [*first, v.code, v.name, v.current.value, None, *cur, v.desired.value, *des,
                 v.gap, *_change_cells(v.change)]
            )  # fmt: skip
    return head, rows


def unit_workbook(d: UnitDashboard) -> dict[str, Sheet]:
    """A shown unit's workbook: its figures with the instansi's beside them (empty when the
    instansi is not shown), its trend over the years, behaviours, items and free texts."""
    change_head = [W(name) for name in CHANGE_HEAD]
    figure_head = [
        "kode",
        W("nama"),
        W("nilai"),
        W("kategori"),
        W("ik95_bawah"),
        W("ik95_atas"),
        W("nilai_pembanding"),
        *change_head,
        W("nilai_instansi"),
    ]
    sheets: dict[str, Sheet] = {}
    for name, pairs in ((W("Indeks"), d.index_pairs), (W("Nilai"), d.value_pairs)):
        rows = _figure_rows([f for f, _ in pairs])
        for row, (_, other) in zip(rows, pairs, strict=True):
            row.append(other.value if other is not None else None)
        sheets[name] = (figure_head, rows)
    if d.details is not None:
        sheets[W("Perilaku")] = _behaviour_sheet(d)
        sheets[W("Butir")] = _items_sheet(d)
    sheets[W("Tren")] = (
        [W("tahun"), "indeks_berakhlak", W("kategori"), W("indeks_instansi"), W("keterangan")],
        [[p.year, p.value, p.category, p.instansi, p.reason or None] for p in d.trend],
    )
    if (texts := texts_sheet(d.texts, W)) is not None:
        sheets[W("Harapan dan saran")] = texts
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
    sheets[W("Metode")] = ([W("butir"), W("nilai")], method)
    return sheets


def change_head_words() -> list[str]:
    return [W(name) for name in CHANGE_HEAD]


def _behaviour_sheet(d: Dashboard | UnitDashboard) -> Sheet:
    assert d.details is not None
    rows = []
    for v in d.pool.values:
        for rank, f in enumerate(d.details.behaviours[v.code], start=1):
            item = d.pool.items[f.index]
            rows.append(
                [v.code, v.name(d.lang), rank, item.code, item.label(d.lang), f.votes, (f.share)]
            )
    head = [
        W("nilai"),
        W("nama_nilai"),
        W("urutan"),
        W("butir"),
        W("perilaku"),
        W("suara_cc"),
        W("persen_cc"),
    ]
    return head, rows


def _items_sheet(d: Dashboard | UnitDashboard) -> Sheet:
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
            row += [int(det.votes[q][i]), (det.share(q, i)), "x" if i in det.top10[q] else ""]
        row.append(jumps[i])
        rows.append(row)
    head = [
        W("butir"),
        W("label"),
        W("nilai"),
        W("polaritas"),
        "area",
    ]
    for q in QUESTIONS:
        head += [f"{q}_{W('suara')}", f"{q}_{W('persen')}", f"{q}_top10"]
    head.append(W("lompatan_nilai"))
    return head, rows


def _method_sheet(d: Dashboard) -> Sheet:
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
        [
            W("memenuhi_syarat"),
            W("ya") if d.result.eligible else W("tidak"),
        ],
    ]
    rows.append([W("tahun_pembanding"), d.baseline_year])
    if d.baseline_note:
        rows.append([W("catatan_pembanding"), d.baseline_note])
    rows += [[f"param_{key}", value] for key, value in p.as_dict().items()]
    if d.result.k != p.k:
        rows.append([W("ambang_yang_berlaku"), d.result.k])
    rows.append([W("narasi"), d.narrative])
    rows += [[W("peringatan"), w] for w in d.warnings]
    return [W("butir"), W("nilai")], rows


def summary_rows(summary: NationalResult, lang: str) -> list[tuple[str, str, Summary]]:
    """(code, label, summary) of each index, then each value, of a national year."""
    pool = default_pool()
    rows = [(n, bilingual(INDEX_LABELS[n], lang), s) for n, s in summary.indices.items()]
    return rows + [(c, pool.value(c).name(lang), s) for c, s in summary.values.items()]


def national_workbook(view: NationalView, lang: str) -> dict[str, Sheet]:
    pool = default_pool()
    summary = view.summary
    assert summary is not None
    head = [
        "kode",
        W("nama"),
        W("rata_rata"),
        W("kategori"),
        "median",
        "q1",
        "q3",
        W("rata_rata_berbobot"),
    ]
    rows = [
        [code, label, s.value, s.category, s.median, s.q1, s.q3, s.weighted]
        for code, label, s in summary_rows(summary, lang)
    ]
    sheets: dict[str, Sheet] = {W("Ringkasan"): (head, rows)}
    rank_head = [
        W("peringkat"),
        W("peringkat_wilayah"),
        "kode",
        W("nama"),
        W("wilayah"),
        "n",
        "indeks_berakhlak",
        W("ik95_bawah"),
        W("ik95_atas"),
        W("kategori"),
        *pool.value_codes,
        W("tahun_pembanding"),
        *[W(name) for name in CHANGE_HEAD],
        *plan_head(),
    ]
    sheets[W("Peringkat")] = (
        rank_head,
        [
            [
                r.rank,
                r.region_rank,
                r.code,
                r.name,
                r.region,
                r.n,
                (r.implementasi),
                (r.ci[0]) if r.ci else None,
                (r.ci[1]) if r.ci else None,
                r.category,
                *list(r.values),
                r.baseline_year,
                *_change_cells(r.change),
                *plan_cells(r.plan),
            ]
            for r in view.ranked
        ],
    )
    sheets[W("Tidak diikutkan")] = (
        ["kode", W("nama"), W("wilayah"), "n", "minimum", W("alasan")],
        [[r.code, r.name, r.region, r.n, r.min_required, r.reason] for r in view.out],
    )
    trend_head = [
        W("tahun"),
        W("instansi_diikutkan"),
        "indeks_berakhlak",
        *pool.value_codes,
    ]
    sheets[W("Tren")] = (
        trend_head,
        [
            [
                y,
                view.summaries[y].eligible_instansi,
                (view.summaries[y].indices["implementasi"].value),
                *[(view.summaries[y].values[c].value) for c in pool.value_codes],
            ]
            for y in view.years
        ],
    )
    assert view.results is not None
    method: list[list[Any]] = [
        [W("metode"), view.method],
        [W("tahun"), view.year],
        [
            W("instansi_diikutkan"),
            W(
                "memenuhi minimum responden dan hasilnya ditampilkan (n ≥ k); hanya instansi ini "
                "yang masuk angka, jumlah, dan peringkat nasional"
            ),
        ],
        [
            W("peringkat"),
            W(
                "menurut Indeks BerAKHLAK yang dibulatkan satu desimal; angka sama berbagi "
                "peringkat (1, 2, 2, 4)"
            ),
        ],
    ]
    method += [[f"param_{key}", value] for key, value in view.results.params.as_dict().items()]
    sheets[W("Metode")] = ([W("butir"), W("nilai")], method)
    return sheets
