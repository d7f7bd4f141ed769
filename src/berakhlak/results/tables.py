"""The tables readers compare in, sortable and searchable (common/tables.py): the units'
heatmap and ranking of a dashboard, and the national ranking."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from ..common.labels import lang
from ..common.tables import DESCENDING, Column, SortedTable, sort_table
from ..method.items import ItemPool
from .figures import UnitRow
from .national import NationalRow


def _value_of(code: str, name: str, j: int) -> Column[UnitRow]:
    def value(u: UnitRow) -> float | None:
        return u.values[j].value if u.values else None

    return Column(code, code, value, True, DESCENDING, name)


def heatmap(
    params: Mapping[str, str], units: list[UnitRow], pool: ItemPool
) -> SortedTable[UnitRow]:
    columns: list[Column[UnitRow]] = [
        Column("unit", _("Unit"), lambda u: u.name),
        Column("n", "n", lambda u: u.n, True, DESCENDING),
        Column("indeks", _("Indeks"), lambda u: u.implementasi, True, DESCENDING),
    ]
    language = lang()
    columns += [_value_of(v.code, v.name(language), j) for j, v in enumerate(pool.values)]
    if any(u.evidence is not None for u in units):  # a reported evaluation (§12)
        columns += [
            Column("e", "E", lambda u: u.evidence, True, DESCENDING, _("Skor evaluasi bukti (E)")),
            Column("g", "G", lambda u: u.combined, True, DESCENDING, _("Indeks gabungan (G)")),
        ]
    return sort_table("heatmap", params, units, columns, lambda u: f"{u.name} {u.code}")


def ranking(
    params: Mapping[str, str], units: list[UnitRow], baseline_year: int | None = None
) -> SortedTable[UnitRow]:
    change = _("Dibanding %(year)s") % {"year": baseline_year} if baseline_year else _("Perubahan")
    columns: list[Column[UnitRow]] = [
        Column("peringkat", "#", lambda u: u.rank, True),
        Column("unit", _("Unit"), lambda u: u.name),
        Column("n", "n", lambda u: u.n, True, DESCENDING),
        Column("indeks", _("Indeks"), lambda u: u.implementasi, True, DESCENDING),
        Column(
            "perubahan",
            change,
            lambda u: u.change.delta_shown if u.change else None,
            True,
            DESCENDING,
        ),
    ]
    return sort_table("peringkat", params, units, columns, lambda u: f"{u.name} {u.code}")


def national_ranking(
    params: Mapping[str, str], rows: list[NationalRow]
) -> SortedTable[NationalRow]:
    columns: list[Column[NationalRow]] = [
        Column("peringkat", "#", lambda r: r.rank, True),
        Column("instansi", _("Instansi"), lambda r: r.name),
        Column("wilayah", _("Wilayah"), lambda r: r.region),
        Column("peringkat-wilayah", _("# wilayah"), lambda r: r.region_rank, True),
        Column("n", "n", lambda r: r.n, True, DESCENDING),
        Column("indeks", _("Indeks"), lambda r: r.implementasi, True, DESCENDING),
        Column(
            "perubahan",
            _("Perubahan"),
            lambda r: r.change.delta_shown if r.change else None,
            True,
            DESCENDING,
        ),
    ]
    return sort_table("nasional", params, rows, columns, lambda r: f"{r.name} {r.code} {r.region}")
