"""Excel workbooks: one sheet per table, numbers stored as numbers, suppression respected.

A change is given as readers see it (docs/method.md §7): the shown change, the difference of
the two figures rounded to one decimal, and its direction word; the unrounded difference has
a column of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..common.labels import bilingual
from ..method.change import Change
from ..method.indices import INDEX_LABELS
from ..method.items import AREAS, QUESTIONS, default_pool
from ..method.results import NationalResult, Summary
from ..results.dashboard import Dashboard, Figure
from ..results.national import NationalView

Sheet = tuple[Sequence[str], list[list[Any]]]


def _change_cells(c: Change | None, en: bool) -> list[Any]:
    """The shown change, its direction word, whether it is bermakna, the unrounded change."""
    if c is None:
        return [None, None, None, None]
    direction = {"naik": "up", "turun": "down", "tetap": "unchanged"}[c.direction] if en else None
    significant = (
        None
        if c.significant is None
        else (("yes" if en else "ya") if c.significant else ("no" if en else "tidak"))
    )
    return [c.delta_shown, direction or c.direction, significant, c.delta]


def _figure_rows(figures: list[Figure], en: bool) -> list[list[Any]]:
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
                *_change_cells(f.change, en),
            ]
        )
    return rows


CHANGE_HEAD = (
    ("perubahan", "change"),
    ("arah", "direction"),
    ("bermakna", "significant"),
    ("perubahan_tanpa_pembulatan", "change_unrounded"),
)


def cycle_workbook(d: Dashboard) -> dict[str, Sheet]:
    en = d.lang == "en"
    T = (lambda i, e: e) if en else (lambda i, e: i)
    change_head = [T(i, e) for i, e in CHANGE_HEAD]
    figure_head = [
        "kode",
        T("nama", "name"),
        T("nilai", "value"),
        T("kategori", "category"),
        T("ik95_bawah", "ci95_low"),
        T("ik95_atas", "ci95_high"),
        T("nilai_pembanding", "baseline_value"),
        *change_head,
    ]
    sheets: dict[str, Sheet] = {}
    if not d.suppressed:
        sheets[T("Indeks", "Indices")] = (figure_head, _figure_rows(d.indices, en))
        sheets[T("Nilai", "Values")] = (figure_head, _figure_rows(d.values, en))
    value_codes = list(d.pool.value_codes)
    unit_head = [
        "unit_code",
        T("nama_unit", "unit_name"),
        "n",
        T("pegawai", "headcount"),
        T("disembunyikan", "suppressed"),
        T("peringkat", "rank"),
        "indeks_berakhlak",
        *value_codes,
        T("tahun_pembanding", "baseline_year"),
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
                T("ya", "yes") if u.hidden else T("tidak", "no"),
                u.rank,
                (u.implementasi),
                *values,
                u.baseline_year,
                *_change_cells(u.change, en),
            ]
        )
    sheets[T("Unit", "Units")] = (unit_head, unit_rows)
    if d.details is not None:
        sheets[T("Perilaku", "Behaviours")] = _behaviour_sheet(d, T)
        sheets[T("Butir", "Items")] = _items_sheet(d, T)
    if d.cuts:
        head = [
            T("dimensi", "dimension"),
            T("kelompok", "group"),
            "n",
            T("disembunyikan", "suppressed"),
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
                        T("ya", "yes") if row.hidden else T("tidak", "no"),
                        (row.implementasi),
                        *values,
                    ]
                )
        sheets[T("Demografi", "Demographics")] = (head, rows)
    if d.baseline_year is not None and not d.suppressed:
        head = ["kode", T("nama", "name"), str(d.baseline_year), str(d.subject.year), *change_head]
        rows = [[r[0], r[1], r[6], r[2], *r[7:]] for r in _figure_rows(d.indices + d.values, en)]
        sheets[T("Perubahan", "Change")] = (head, rows)
    if d.texts.get("harapan") or d.texts.get("saran"):
        rows = [[T("harapan", "expectation"), t] for t in d.texts["harapan"]]
        rows += [[T("saran", "suggestion"), t] for t in d.texts["saran"]]
        sheets[T("Harapan dan saran", "Free text")] = (
            [T("jenis", "kind"), T("teks", "text")],
            rows,
        )
    sheets[T("Metode", "Method")] = _method_sheet(d, T)
    return sheets


def _behaviour_sheet(d: Dashboard, T: Any) -> Sheet:
    assert d.details is not None
    rows = []
    for v in d.pool.values:
        for rank, f in enumerate(d.details.behaviours[v.code], start=1):
            item = d.pool.items[f.index]
            rows.append(
                [v.code, v.name(d.lang), rank, item.code, item.label(d.lang), f.votes, (f.share)]
            )
    head = [
        T("nilai", "value"),
        T("nama_nilai", "value_name"),
        T("urutan", "order"),
        T("butir", "item"),
        T("perilaku", "behaviour"),
        T("suara_cc", "cc_votes"),
        T("persen_cc", "cc_percent"),
    ]
    return head, rows


def _items_sheet(d: Dashboard, T: Any) -> Sheet:
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
        T("butir", "item"),
        T("label", "label"),
        T("nilai", "value"),
        T("polaritas", "polarity"),
        "area",
    ]
    for q in QUESTIONS:
        head += [f"{q}_{T('suara', 'votes')}", f"{q}_{T('persen', 'percent')}", f"{q}_top10"]
    head.append(T("lompatan_nilai", "value_jump"))
    return head, rows


def _method_sheet(d: Dashboard, T: Any) -> Sheet:
    p = d.params
    rows: list[list[Any]] = [
        [T("metode", "method"), d.method],
        [T("instansi", "instansi"), d.subject.instansi_name],
        [T("tahun", "year"), d.subject.year],
        [T("versi_butir", "item_pool"), d.subject.item_pool],
        [T("responden_sah", "valid_respondents"), d.result.n],
        [T("dikecualikan", "excluded"), int(d.result.stats.n_excluded[0])],
        [T("pegawai", "headcount"), d.result.info.headcount],
        [T("minimum_responden", "min_required"), d.result.min_required],
        [
            T("memenuhi_syarat", "eligible"),
            T("ya", "yes") if d.result.eligible else T("tidak", "no"),
        ],
    ]
    rows.append([T("tahun_pembanding", "baseline_year"), d.baseline_year])
    if d.baseline_note:
        rows.append([T("catatan_pembanding", "baseline_note"), d.baseline_note])
    rows += [[f"param_{key}", value] for key, value in p.as_dict().items()]
    if d.result.k != p.k:
        rows.append([T("ambang_yang_berlaku", "threshold_applied"), d.result.k])
    rows.append([T("narasi", "narrative"), d.narrative])
    rows += [[T("peringatan", "warning"), w] for w in d.warnings]
    return [T("butir", "item"), T("nilai", "value")], rows


def summary_rows(summary: NationalResult, lang: str) -> list[tuple[str, str, Summary]]:
    """(code, label, summary) of each index, then each value, of a national year."""
    pool = default_pool()
    rows = [(n, bilingual(INDEX_LABELS[n], lang), s) for n, s in summary.indices.items()]
    return rows + [(c, pool.value(c).name(lang), s) for c, s in summary.values.items()]


def national_workbook(view: NationalView, lang: str) -> dict[str, Sheet]:
    en = lang == "en"
    T = (lambda i, e: e) if en else (lambda i, e: i)
    pool = default_pool()
    summary = view.summary
    assert summary is not None
    head = [
        "kode",
        T("nama", "name"),
        T("rata_rata", "mean"),
        T("kategori", "category"),
        "median",
        "q1",
        "q3",
        T("rata_rata_berbobot", "weighted_mean"),
    ]
    rows = [
        [code, label, s.value, s.category, s.median, s.q1, s.q3, s.weighted]
        for code, label, s in summary_rows(summary, lang)
    ]
    sheets: dict[str, Sheet] = {T("Ringkasan", "Summary"): (head, rows)}
    rank_head = [
        T("peringkat", "rank"),
        T("peringkat_wilayah", "region_rank"),
        "kode",
        T("nama", "name"),
        T("wilayah", "region"),
        "n",
        "indeks_berakhlak",
        T("ik95_bawah", "ci95_low"),
        T("ik95_atas", "ci95_high"),
        T("kategori", "category"),
        *pool.value_codes,
        T("tahun_pembanding", "baseline_year"),
        *[T(i, e) for i, e in CHANGE_HEAD],
    ]
    sheets[T("Peringkat", "Ranking")] = (
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
                *_change_cells(r.change, en),
            ]
            for r in view.ranked
        ],
    )
    sheets[T("Tidak diikutkan", "Not included")] = (
        ["kode", T("nama", "name"), T("wilayah", "region"), "n", "minimum", T("alasan", "reason")],
        [[r.code, r.name, r.region, r.n, r.min_required, r.reason] for r in view.out],
    )
    trend_head = [
        T("tahun", "year"),
        T("instansi_diikutkan", "included_instansi"),
        "indeks_berakhlak",
        *pool.value_codes,
    ]
    sheets[T("Tren", "Trend")] = (
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
        [T("metode", "method"), view.method],
        [T("tahun", "year"), view.year],
        [
            T("instansi_diikutkan", "included_instansi"),
            T(
                "memenuhi minimum responden dan hasilnya ditampilkan (n ≥ k); hanya instansi ini "
                "yang masuk angka, jumlah, dan peringkat nasional",
                "eligible and shown (n ≥ k); only these enter the national figures, counts and "
                "ranks",
            ),
        ],
        [
            T("peringkat", "rank"),
            T(
                "menurut Indeks BerAKHLAK yang dibulatkan satu desimal; angka sama berbagi "
                "peringkat (1, 2, 2, 4)",
                "by the BerAKHLAK Index rounded to one decimal; equal figures share a rank "
                "(1, 2, 2, 4)",
            ),
        ],
    ]
    method += [[f"param_{key}", value] for key, value in view.results.params.as_dict().items()]
    sheets[T("Metode", "Method")] = ([T("butir", "item"), T("nilai", "value")], method)
    return sheets
