"""The figures of every unit (or reporting group) of every instansi-year, computed in passes
where first asked for (docs/method.md §5-§8): `UnitFigures`.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .counts import Counts, Layout
from .indices import GroupStats, concatenated, group_stats, select
from .items import ItemPool
from .params import Params


class UnitFigures:
    """The figures of every unit of every instansi-year, computed where first asked for.

    Suppression needs only each unit's n; the summary table and the national roll-up need
    no unit figure at all, so a national file of 46,000 units computes them only when a
    report or the results JSON asks, and only for the units it asks about. They are
    computed in passes over consecutive instansi-years of a few thousand units: the
    intermediate arrays then stay in the processor's cache and in memory already mapped,
    three to five times faster than one pass over a copy of all the counts (72 MB).
    """

    CHUNK = 2048  # units per pass

    def __init__(
        self,
        counts: Sequence[Counts],
        headcounts: npt.NDArray[np.float64],
        pool: ItemPool,
        params: Params,
    ) -> None:
        """`counts`: the (U, W) counts of each instansi-year in turn; `headcounts`: (sum U,)."""
        self.counts, self.headcounts, self.pool, self.params = counts, headcounts, pool, params
        # Pass p: unit rows starts[p]..ends[p], those of instansi-years years[p].
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._years: list[range] = []
        row = first = pass_start = 0
        for i, c in enumerate(counts):
            row += len(c)
            if row - pass_start >= self.CHUNK or i == len(counts) - 1:
                self._starts.append(pass_start)
                self._ends.append(row)
                self._years.append(range(first, i + 1))
                first, pass_start = i + 1, row
        self.size = row
        self._done: dict[int, GroupStats] = {}

    @cached_property
    def stats(self) -> GroupStats:
        """The figures of all units."""
        return self.rows(0, self.size)

    def rows(self, start: int, stop: int) -> GroupStats:
        """The figures of unit rows start..stop (those of one instansi-year are in one pass)."""
        parts = []
        for p in range(max(bisect.bisect_right(self._starts, start) - 1, 0), len(self._starts)):
            if self._starts[p] >= stop:
                break
            offset = self._starts[p]
            parts.append(select(self._pass(p), slice(max(start, offset) - offset, stop - offset)))
        if len(parts) == 1:
            return parts[0]
        if not parts:
            empty = Layout.for_pool(self.pool).empty(0)
            return group_stats(empty, self.headcounts[:0], self.pool, self.params)
        return concatenated(parts)

    def _pass(self, p: int) -> GroupStats:
        if p not in self._done:
            chunk = np.concatenate([self.counts[i] for i in self._years[p]])
            headcounts = self.headcounts[self._starts[p] : self._ends[p]]
            self._done[p] = group_stats(chunk, headcounts, self.pool, self.params)
        return self._done[p]
