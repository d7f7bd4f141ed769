"""A figure as the reports display it (an index or value of a group, with its interval and
change), and the rows of an instansi-year's units, ranked by their rounded index: the
parts the dashboard, the unit page, the reporting groups and the tables share.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..method.change import Change
from ..method.comparison import Comparison
from ..method.indices import GroupStats
from ..method.items import ItemPool
from ..method.narrative import baseline_note
from ..method.params import Params
from ..method.results import InstansiResult
from ..method.rounding import category_array, competition_ranks

Floats = npt.NDArray[np.float64]


@dataclass
class Figure:
    """One index or value of a group, as displayed."""

    key: str
    label: str
    value: float | None
    category: str | None
    ci: tuple[float, float] | None
    change: Change | None = None
    baseline: float | None = None  # the baseline year's figure, unrounded


@dataclass
class UnitRow:
    code: str
    name: str
    n: int
    headcount: int
    hidden: bool
    implementasi: float | None = None
    values: list[Figure] = field(default_factory=list)
    change: Change | None = None
    rank: int | None = None
    baseline_year: int | None = None  # the unit's own (the latest year it was shown)
    baseline_note: str = ""  # why that is not the year before
    group: str = ""  # the name of its reporting group (docs/method.md §9), if any
    evidence: float | None = None  # E_u of a reported evaluation (unit_evaluation.py)
    combined: float | None = None  # G_u; never for a hidden unit


def figures(
    keys: list[str],
    labels: list[str],
    values: Floats,
    cis: Floats,
    changes: dict[str, Change | None] | None,
    params: Params,
) -> list[Figure]:
    categories = category_array(values, params)
    out = []
    for j, key in enumerate(keys):
        value = float(values[j])
        lo, hi = (float(v) for v in cis[j])
        change = changes.get(key) if changes else None
        out.append(
            Figure(
                key=key,
                label=labels[j],
                value=None if math.isnan(value) else value,
                category=categories[j],
                ci=None if math.isnan(lo) else (lo, hi),
                change=change,
                baseline=change.baseline if change is not None else None,
            )
        )
    return out


def fill_figures(
    row: UnitRow,
    stats: GroupStats,
    i: int,
    cmp: Comparison | None,
    pool: ItemPool,
    params: Params,
    lang: str,
) -> None:
    """Give a shown row (a unit or a reporting group, row `i` of `stats`) its index, its
    values and its change against its own baseline year; a hidden or empty row keeps none."""
    if row.hidden or row.n <= 0:
        return
    row.implementasi = float(stats.indices[i, 0])
    row.values = figures(
        list(pool.value_codes),
        [v.name(lang) for v in pool.values],
        stats.values[i],
        stats.values_ci[i],
        cmp.values if cmp else None,
        params,
    )
    if cmp is not None:
        row.change = cmp.indices["implementasi"]
        row.baseline_year = cmp.baseline_year
        row.baseline_note = baseline_note(cmp.baseline_year, cmp.unreported, lang)


def unit_rows(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> list[UnitRow]:
    s = r.unit_stats
    rows = []
    group_names = {g.code: g.name for g in r.info.groups}
    for j, unit in enumerate(r.info.units):
        row = UnitRow(unit.code, unit.name, int(s.n[j]), unit.headcount, r.unit_hidden[j])
        row.group = group_names.get(unit.group or "", "")
        fill_figures(row, s, j, r.unit_comparisons[j], pool, params, lang)
        rows.append(row)
    # Only the shown units are ranked, by the rounded index; ties share a rank (1, 2, 2, 4).
    shown = [u for u in rows if u.implementasi is not None]
    for u, rank in zip(shown, competition_ranks([u.implementasi for u in shown]), strict=True):
        u.rank = rank
    return rows
