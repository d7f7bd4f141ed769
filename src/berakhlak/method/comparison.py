"""The change of a group's indices and values against its baseline year (docs/method.md §7).

A baseline year is the latest earlier year in which the group was shown (`change.find_baseline`);
the changes of many groups are computed at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .change import Change, Unreported, changes
from .indices import INDEX_NAMES, GroupStats
from .items import ItemPool
from .params import Params


@dataclass
class Comparison:
    baseline_year: int
    indices: dict[str, Change | None]
    values: dict[str, Change | None]
    unreported: tuple[Unreported, ...] = ()
    """The years between the baseline year and this one, none of them reported, and why."""


def compare(
    current: GroupStats, previous: GroupStats, baseline_year: int, pool: ItemPool, params: Params
) -> Comparison:
    """Change of every index and value of a one-row group against its baseline."""
    return comparisons(current, previous, [baseline_year], pool, params)[0]


def comparisons(
    current: GroupStats,
    previous: GroupStats,
    baseline_years: Sequence[int],
    pool: ItemPool,
    params: Params,
) -> list[Comparison]:
    """Comparison of each row of `current` with the same row of `previous`, all at once."""
    indices = changes(
        current.indices, previous.indices, current.indices_se, previous.indices_se, params
    )
    values = changes(current.values, previous.values, current.values_se, previous.values_se, params)
    return [
        Comparison(
            year,
            dict(zip(INDEX_NAMES, idx, strict=True)),
            dict(zip(pool.value_codes, val, strict=True)),
        )
        for year, idx, val in zip(baseline_years, indices, values, strict=True)
    ]
