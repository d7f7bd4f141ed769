"""The figures of an instansi-year's reporting groups (docs/method.md §9): their rows of the
groups' pass, why a group shows nothing in a year, and each group's change against the
latest earlier year in which the same group (same code, same units) was shown.
`InstansiResult.group_stats`, `group_status` and `group_comparisons` answer from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .change import (
    HIDDEN,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    REGROUPED,
    Unreported,
    find_baseline,
)
from .comparison import Comparison, compare
from .counts import Layout
from .indices import GroupStats, group_stats, row

if TYPE_CHECKING:
    from .results import InstansiResult


def reporting_group_stats(r: InstansiResult) -> GroupStats:
    """The figures of each reporting group (G rows), computed from their summed counts."""
    if r.groups is None or not r.info.groups:
        empty = Layout.for_pool(r.pool).empty(0)
        return group_stats(empty, np.zeros(0), r.pool, r.params)
    return r.groups.rows(*r.group_span)


def group_status(r: InstansiResult, code: str, members: frozenset[str]) -> Unreported | None:
    """Why the reporting group `code` with the units `members` shows no figures in r's
    year; None when it shows them. A group of the same code with other units is not the
    same group (REGROUPED): its figures are of other people."""
    found = r.info.group_units(code)
    if found is None:
        return Unreported(r.year, NO_RESULTS)
    if found != members:
        return Unreported(r.year, REGROUPED)
    g = [group.code for group in r.info.groups].index(code)
    assert r.group_counts is not None
    n = int(r.group_counts[g, Layout.N])
    if n == 0:
        return Unreported(r.year, NO_RESPONSES)
    if r.group_hidden[g]:
        return Unreported(r.year, HIDDEN if n < r.k else PROTECTED, r.k)
    return None


def group_comparisons(r: InstansiResult) -> list[Comparison | None]:
    """Each shown reporting group against its baseline year: the latest earlier year in
    which a group of the same code and exactly the same units was shown (docs/method.md
    §9); None for a group without one or not shown now."""
    by_year = {earlier.year: earlier for earlier in r.history}
    out: list[Comparison | None] = []
    stats = r.group_stats
    for g, group in enumerate(r.info.groups):
        if r.group_hidden[g] or stats.n[g] == 0:
            out.append(None)
            continue
        members = r.info.group_units(group.code)
        assert members is not None
        earlier = [(e.year, e.group_status(group.code, members)) for e in reversed(r.history)]
        year, unreported = find_baseline(r.year, earlier)
        if year is None:
            out.append(None)
            continue
        previous = by_year[year]
        i = [other.code for other in previous.info.groups].index(group.code)
        cmp = compare(row(stats, g), row(previous.group_stats, i), year, r.pool, r.params)
        cmp.unreported = unreported
        out.append(cmp)
    return out
