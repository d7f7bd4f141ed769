"""The change of an instansi-year's local value set figures (docs/method.md §18): the
instansi's against its comparison's baseline year, each unit's against its own baseline
year, where both years have the same local set. `InstansiResult.local_comparison` and
`local_unit_comparisons` answer from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .local_results import LocalComparison, compare_local, select_local

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
    """Each unit's local figures against its own baseline year (`unit_baselines`)."""
    if r.local is None:
        return [None] * len(r.info.units)
    by_year = {earlier.year: earlier for earlier in r.history}
    out: list[LocalComparison | None] = []
    for j, (year, _unreported) in enumerate(r.unit_baselines):
        before = by_year[year].local if year is not None else None
        if year is None or before is None:
            out.append(None)
            continue
        i = [u.code for u in by_year[year].info.units].index(r.info.units[j].code)
        out.append(
            compare_local(
                r.local.local_set,
                select_local(r.local.unit_stats, slice(j, j + 1)),
                before.local_set,
                select_local(before.unit_stats, slice(i, i + 1)),
                year,
                r.params,
            )
        )
    return out
