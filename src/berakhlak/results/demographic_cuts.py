"""The demographic cuts of an instansi-year (or one of its units): the Indeks BerAKHLAK and
the values per category of each demographic, categories suppressed as siblings with the
threshold that applies (docs/method.md §9).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..common.labels import bilingual
from ..method.counts import Counts
from ..method.indices import group_stats
from ..method.instrument import CATEGORY_LABELS, DEMOGRAPHIC_LABELS, DEMOGRAPHICS
from ..method.items import ItemPool
from ..method.params import Params
from ..method.suppression import suppress_siblings


@dataclass
class CutRow:
    code: str
    label: str
    n: int
    hidden: bool
    implementasi: float | None = None
    values: list[float | None] = field(default_factory=list)


@dataclass
class Cut:
    dimension: str
    label: str
    rows: list[CutRow]


def demographic_cuts(
    by_dimension: dict[str, Counts],
    pool: ItemPool,
    params: Params,
    lang: str,
    unit_index: int | None = None,
    k: int | None = None,
) -> list[Cut]:
    """Each demographic of the instansi (or of one unit), categories suppressed as siblings
    with the threshold k that applies to the instansi-year (default: the parameters')."""
    cuts = []
    for name, options in DEMOGRAPHICS.items():
        block = by_dimension[name]
        per_category = block.sum(axis=0) if unit_index is None else block[unit_index]
        stats = group_stats(per_category, np.nan, pool, params)
        ns = [int(n) for n in stats.n]
        hidden = suppress_siblings(ns, list(options), k or params.k)
        rows = []
        for j, code in enumerate(options):
            row = CutRow(code, bilingual(CATEGORY_LABELS[code], lang), ns[j], hidden[j])
            if not hidden[j] and ns[j] > 0:
                row.implementasi = float(stats.indices[j, 0])
                row.values = [float(v) for v in stats.values[j]]
            rows.append(row)
        cuts.append(Cut(name, bilingual(DEMOGRAPHIC_LABELS[name], lang), rows))
    return cuts
