"""The public figures of a national year and the description of every column.

They are exactly those of the national page (`results.national.national_view`): the
national summary over the included instansi (eligible and shown, docs/method.md §10), and
the rank, respondents, index with its interval, category and values of each included
instansi. Nothing of an instansi that is not included enters them: not its name, not its
count, not a total of instansi "with results" that would count it (docs/SECURITY.md, open
data). No figure of another year either: no change against a baseline year, which may be a
year in which the instansi was hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ..method.indices import INDEX_LABELS
from ..method.items import default_pool
from ..results.national import national_view


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema: integer, number, string
    id: str  # description in Indonesian
    en: str  # description in English


NATIONAL_COLUMNS = (
    Column("kode", "string", "Kode indeks atau nilai", "Code of the index or value"),
    Column("nama", "string", "Nama indeks atau nilai", "Name of the index or value (Indonesian)"),
    Column("name_en", "string", "Nama dalam bahasa Inggris", "Name of the index or value"),
    Column(
        "rata_rata",
        "number",
        "Rata-rata tanpa bobot dari instansi yang diikutkan (0–100)",
        "Unweighted mean over the included instansi (0–100)",
    ),
    Column(
        "kategori",
        "string",
        "Kategori rata-rata (A–E, docs/method.md)",
        "Category of the mean (A–E, docs/method.md)",
    ),
    Column("median", "number", "Median antarinstansi", "Median across instansi"),
    Column("q1", "number", "Kuartil pertama antarinstansi", "First quartile across instansi"),
    Column("q3", "number", "Kuartil ketiga antarinstansi", "Third quartile across instansi"),
    Column(
        "rata_rata_berbobot",
        "number",
        "Rata-rata berbobot jumlah responden instansi yang diikutkan",
        "Mean weighted by the respondents of the included instansi",
    ),
)


def instansi_columns() -> tuple[Column, ...]:
    pool = default_pool()
    return (
        Column("peringkat", "integer", "Peringkat nasional", "National rank"),
        Column("peringkat_wilayah", "integer", "Peringkat di wilayah", "Rank in the region"),
        Column("kode", "string", "Kode instansi", "Code of the instansi"),
        Column("nama", "string", "Nama instansi", "Name of the instansi"),
        Column("wilayah", "string", "Wilayah", "Region"),
        Column("n", "integer", "Responden sah", "Valid respondents"),
        Column(
            "indeks_berakhlak",
            "number",
            "Indeks BerAKHLAK (implementasi, 0–100)",
            "BerAKHLAK index (implementation, 0–100)",
        ),
        Column(
            "ik95_bawah",
            "number",
            "Batas bawah interval kepercayaan 95%",
            "Lower bound of the 95% confidence interval",
        ),
        Column(
            "ik95_atas",
            "number",
            "Batas atas interval kepercayaan 95%",
            "Upper bound of the 95% confidence interval",
        ),
        Column("kategori", "string", "Kategori indeks (A–E)", "Category of the index (A–E)"),
        *(
            Column(
                code,
                "number",
                f"Nilai {v.name('id')} (0–100)",
                f"Value {v.name('en')} (0–100)",
            )
            for code, v in ((c, pool.value(c)) for c in pool.value_codes)
        ),
    )


def _number(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else float(value)


def open_figures(year: int) -> dict[str, Any] | None:
    """The figures of `year` as published, or None when the year has no national results.
    JSON-ready (no NaN: a figure that does not exist is None)."""
    view = national_view(year)
    if view.year != year or view.summary is None:
        return None
    summary = view.summary
    pool = default_pool()
    national = [
        [
            code,
            label[0],
            label[1],
            _number(s.value),
            s.category,
            _number(s.median),
            _number(s.q1),
            _number(s.q3),
            _number(s.weighted),
        ]
        for code, label, s in [
            *((n, INDEX_LABELS[n], s) for n, s in summary.indices.items()),
            *(
                (c, (pool.value(c).name("id"), pool.value(c).name("en")), s)
                for c, s in summary.values.items()
            ),
        ]
    ]
    instansi = [
        [
            r.rank,
            r.region_rank,
            r.code,
            r.name,
            r.region,
            r.n,
            _number(r.implementasi),
            _number(r.ci[0]) if r.ci else None,
            _number(r.ci[1]) if r.ci else None,
            r.category,
            *(_number(v) for v in r.values),
        ]
        for r in view.ranked
    ]
    return {
        "year": year,
        "method": view.method,
        "included": summary.eligible_instansi,
        "nasional": national,
        "instansi": instansi,
    }
