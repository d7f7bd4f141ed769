"""The national workbook of a year: summary, ranking, instansi not included, trend, method."""

from __future__ import annotations

from typing import Any

from ..common.labels import bilingual
from ..method.indices import INDEX_LABELS
from ..method.items import default_pool
from ..method.results import NationalResult, Summary
from ..results.national import NationalView
from .cells import CHANGE_HEAD, Sheet, W, change_cells
from .dictionary import pool_columns, readable
from .national_plans import PLAN_HEAD, plan_cells


def summary_rows(summary: NationalResult, lang: str) -> list[tuple[str, str, Summary]]:
    """(code, label, summary) of each index, then each value, of a national year."""
    pool = default_pool()
    rows = [(n, bilingual(INDEX_LABELS[n], lang), s) for n, s in summary.indices.items()]
    return rows + [(c, pool.value(c).name(lang), s) for c, s in summary.values.items()]


def national_workbook(view: NationalView, lang: str) -> dict[str, Sheet]:
    pool = default_pool()
    summary = view.summary
    assert summary is not None
    head = ["kode", "nama", "rata_rata", "kategori", "median", "q1", "q3", "rata_rata_berbobot"]
    rows = [
        [code, label, s.value, s.category, s.median, s.q1, s.q3, s.weighted]
        for code, label, s in summary_rows(summary, lang)
    ]
    sheets: dict[str, Sheet] = {"Ringkasan": (head, rows)}
    rank_head = [
        "peringkat", "peringkat_wilayah", "kode", "nama", "wilayah", "n", "indeks_berakhlak",
        "ik95_bawah", "ik95_atas", "kategori", *pool.value_codes, "tahun_pembanding",
        *CHANGE_HEAD, *PLAN_HEAD,
    ]  # fmt: skip
    sheets["Peringkat"] = (
        rank_head,
        [
            [
                r.rank,
                r.region_rank,
                r.code,
                r.name,
                r.region,
                r.n,
                r.implementasi,
                r.ci[0] if r.ci else None,
                r.ci[1] if r.ci else None,
                r.category,
                *list(r.values),
                r.baseline_year,
                *change_cells(r.change),
                *plan_cells(r.plan),
            ]
            for r in view.ranked
        ],
    )
    sheets["Tidak diikutkan"] = (
        ["kode", "nama", "wilayah", "n", "minimum", "alasan"],
        [[r.code, r.name, r.region, r.n, r.min_required, r.reason] for r in view.out],
    )
    sheets["Tren"] = (
        ["tahun", "instansi_diikutkan", "indeks_berakhlak", *pool.value_codes],
        [
            [
                y,
                view.summaries[y].eligible_instansi,
                view.summaries[y].indices["implementasi"].value,
                *[view.summaries[y].values[c].value for c in pool.value_codes],
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
    sheets["Metode"] = (["butir", "nilai"], method)
    return readable(sheets, pool_columns(pool, lang))
