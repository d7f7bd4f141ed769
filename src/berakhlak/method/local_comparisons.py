"""The change of an instansi-year's local value set figures (docs/method.md §18): the
instansi's against its comparison's baseline year, each unit's against its own baseline
year, where both years have the same local set. `InstansiResult.local_comparison` and
`local_unit_comparisons` answer from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .change import Change, changes
from .local_results import LocalComparison, compare_local

if TYPE_CHECKING:
    from .results import InstansiResult


def local_comparison(r: InstansiResult) -> LocalComparison | None:
    """The local figures against the baseline year of the instansi's comparison, when
    both years have the same local set (None otherwise, or when nothing is shown)."""
    cmp, baseline = r.comparison, r.baseline
    if r.local is None or cmp is None or baseline is None or not r.shown:
        return None
    before = baseline.local
    return compare_local(
        r.local.local_set,
        r.local.stats,
        before.local_set if before else None,
        before.stats if before else None,
        cmp.baseline_year,
        r.params,
    )


def local_unit_comparisons(r: InstansiResult) -> list[LocalComparison | None]:
    """Each unit's local figures against its own baseline year (`unit_baselines`), for all
    units at once: the changes of all units by `change.changes` over arrays, one pass per
    baseline year (the same comparisons as `compare_local` unit by unit, tested)."""
    units = len(r.info.units)
    out: list[LocalComparison | None] = [None] * units
    if r.local is None:
        return out
    current_set, stats = r.local.local_set, r.local.unit_stats
    by_year = {h.year: h for h in r.history}
    rows: dict[int, tuple[list[int], list[int]]] = {}  # baseline year: (units, their rows then)
    for j, (year, _unreported) in enumerate(r.unit_baselines):
        before = by_year[year].local if year is not None else None
        if year is None or before is None or before.local_set.code != current_set.code:
            continue
        codes = [u.code for u in by_year[year].info.units]
        mine, theirs = rows.setdefault(year, ([], []))
        mine.append(j)
        theirs.append(codes.index(r.info.units[j].code))
    for year, (mine, theirs) in rows.items():
        before = by_year[year].local
        assert before is not None
        previous_set, previous = before.local_set, before.unit_stats
        cur, prev = np.array(mine), np.array(theirs)
        index: list[list[Change | None]] = [[None] * len(mine)]
        if current_set.measures_alike(previous_set):
            index = [
                [row[0] for row in changes(
                    stats.index[cur, None], previous.index[prev, None],
                    stats.index_se[cur, None], previous.index_se[prev, None], r.params,
                )]
            ]  # fmt: skip
        alike = [
            (k, value.code, previous_set.value_codes.index(value.code))
            for k, value in enumerate(current_set.values)
            if current_set.measures_alike(previous_set, value.code)
        ]
        columns = [k for k, _, _ in alike]
        then = [p for _, _, p in alike]
        values = (
            changes(
                stats.current[cur][:, columns], previous.current[prev][:, then],
                stats.current_se[cur][:, columns], previous.current_se[prev][:, then], r.params,
            )
            if alike
            else [[] for _ in mine]
        )  # fmt: skip
        for n, unit in enumerate(mine):
            found = dict(zip([code for _, code, _ in alike], values[n], strict=True))
            out[unit] = LocalComparison(
                year, index[0][n], {v.code: found.get(v.code) for v in current_set.values}
            )
    return out
