"""Additive counts: the only thing every result is computed from (docs/method.md §4.10).

A group's counts are one row of int64 numbers. The counts of a union of groups are the
sum of their rows, so units roll up into an instansi and instansi into the nation without
looking at responses again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .items import PICKS, ItemPool
from .local import MAX_VALUES, LocalLayout, LocalMasks
from .params import Params

Counts = npt.NDArray[np.int64]
"""Shape (groups, layout.width) or (layout.width,) for one group."""
Picks = npt.NDArray[np.integer]
"""Shape (respondents, 10): pool positions in rank order."""


@dataclass(frozen=True)
class Layout:
    """Where each count sits in a counts row, for a pool of `n_items` items and `n_values` values.

    Columns: n (valid responses); excluded speeders; excluded straight-liners (not speeders);
    per value, respondents whose cc picks reach it; sum and sum of squares of values reached
    per respondent; sum and sum of squares of limiting cc picks per respondent; votes per
    item in pv, cc and dc.
    """

    n_values: int
    n_items: int

    N = 0
    SPEEDERS = 1
    STRAIGHT = 2
    REACH0 = 3

    @classmethod
    def for_pool(cls, pool: ItemPool) -> Layout:
        return cls(n_values=len(pool.values), n_items=len(pool))

    @property
    def reach(self) -> slice:
        return slice(self.REACH0, self.REACH0 + self.n_values)

    @property
    def sum_reached(self) -> int:
        return self.REACH0 + self.n_values

    @property
    def sum_reached_sq(self) -> int:
        return self.sum_reached + 1

    @property
    def sum_limiting(self) -> int:
        return self.sum_reached + 2

    @property
    def sum_limiting_sq(self) -> int:
        return self.sum_reached + 3

    def votes(self, question: str) -> slice:
        start = self.sum_reached + 4 + ("pv", "cc", "dc").index(question) * self.n_items
        return slice(start, start + self.n_items)

    @property
    def width(self) -> int:
        return self.sum_reached + 4 + 3 * self.n_items

    def empty(self, groups: int | None = None) -> Counts:
        shape = (self.width,) if groups is None else (groups, self.width)
        return np.zeros(shape, dtype=np.int64)


def pick_sets(*questions: Picks) -> list[npt.NDArray[np.integer]]:
    """Per question, per response a row that is equal for two responses iff they picked the
    same items: the bitmask of the picked positions when they are all in 0..63, else the
    sorted picks."""
    if not all(q.size == 0 or (q.min() >= 0 and q.max() < 64) for q in questions):
        return [np.sort(q, axis=1) for q in questions]
    out: list[npt.NDArray[np.integer]] = []
    for q in questions:
        bits = np.zeros(len(q), dtype=np.uint64)
        for column in q.T:
            bits |= np.left_shift(np.uint64(1), column.astype(np.uint64))
        out.append(bits[:, None])
    return out


def distinct_picks(picks: Picks) -> npt.NDArray[np.bool_]:
    """Per response: no position is picked twice."""
    (sets,) = pick_sets(picks)
    if sets.dtype == np.uint64:
        return np.asarray(np.bitwise_count(sets[:, 0]) == picks.shape[1])
    return np.asarray((np.diff(sets, axis=1) != 0).all(axis=1))


def exclusion_flags(
    pv: Picks, cc: Picks, dc: Picks, duration_s: npt.NDArray[np.floating], params: Params
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """(speeder, straight-liner) per response. A missing duration (NaN) is never a speeder."""
    return _flags(pick_sets(pv, cc, dc), duration_s, params)


def _flags(
    sets: list[npt.NDArray[np.integer]], duration_s: npt.NDArray[np.floating], params: Params
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    with np.errstate(invalid="ignore"):
        speeder = duration_s < params.speeder_seconds
    spv, scc, sdc = sets
    straight = (spv == scc).all(axis=1) & (scc == sdc).all(axis=1)
    return speeder, straight


def _bincount(
    group: npt.NDArray[np.intp], n_groups: int, weights: npt.NDArray[np.generic] | None = None
) -> npt.NDArray[np.int64]:
    out = np.bincount(group, weights=weights, minlength=n_groups)
    return np.rint(out).astype(np.int64) if weights is not None else out.astype(np.int64)


def count_responses(
    group: npt.NDArray[np.integer],
    n_groups: int,
    pv: Picks,
    cc: Picks,
    dc: Picks,
    duration_s: npt.NDArray[np.floating],
    pool: ItemPool,
    params: Params,
) -> Counts:
    """Counts per group of already well-formed responses (10 distinct pool positions each).

    `group[i]` in 0..n_groups-1 says which group response i belongs to. Speeders and
    straight-liners are counted as excluded and contribute nothing else.
    """
    counts, _sets, _g = _count(group, n_groups, pv, cc, dc, duration_s, pool, params)
    return counts[:n_groups]


def count_responses_with_local(
    group: npt.NDArray[np.integer],
    n_groups: int,
    pv: Picks,
    cc: Picks,
    dc: Picks,
    duration_s: npt.NDArray[np.floating],
    pool: ItemPool,
    params: Params,
    set_index: npt.NDArray[np.integer],
    masks: LocalMasks,
) -> tuple[Counts, Counts]:
    """`count_responses`, and in the same pass the counts of local value sets (docs/method.md
    §18; rows of LocalLayout): `set_index[i]` is the position in `masks` of the set that
    response i's instansi uses, -1 for none (its group's local counts stay 0)."""
    counts, sets, g = _count(group, n_groups, pv, cc, dc, duration_s, pool, params)
    if g.size == 0:
        return counts[:n_groups], LocalLayout.empty(n_groups)
    local = _count_local(g, n_groups + 1, sets, cc, dc, np.asarray(set_index, np.intp), masks)
    return counts[:n_groups], local[:n_groups]


def _count(
    group: npt.NDArray[np.integer],
    n_groups: int,
    pv: Picks,
    cc: Picks,
    dc: Picks,
    duration_s: npt.NDArray[np.floating],
    pool: ItemPool,
    params: Params,
) -> tuple[Counts, list[npt.NDArray[np.integer]], npt.NDArray[np.intp]]:
    """The counts of n_groups + 1 groups, the last one the excluded responses'; the pick sets
    of `pick_sets`; and each response's group, n_groups for an excluded one."""
    layout = Layout.for_pool(pool)
    g = np.asarray(group, dtype=np.intp)
    if g.size == 0:
        return layout.empty(n_groups + 1), [], g
    # Excluded responses are counted as such, then go to an extra group n_groups that is
    # dropped at the end.
    groups = n_groups + 1
    out = layout.empty(groups)
    sets = pick_sets(pv, cc, dc)
    speeder, straight = _flags(sets, duration_s, params)
    out[:n_groups, layout.SPEEDERS] = _bincount(g[speeder], n_groups)
    out[:n_groups, layout.STRAIGHT] = _bincount(g[straight & ~speeder], n_groups)
    g = np.where(speeder | straight, n_groups, g)
    out[:, layout.N] = _bincount(g, groups)

    # Per respondent: the values their cc picks reach, and how many picks are limiting.
    value = pool.value_of_item
    if sets[1].dtype == np.uint64:  # cc as a bitmask of positions: a few passes in all
        picked = sets[1][:, 0]
        reaches = [(picked & _mask(value == v)) != 0 for v in range(layout.n_values)]
        limiting = np.bitwise_count(picked & _mask(pool.limiting))
    else:
        reaches = [(value[cc] == v).any(axis=1) for v in range(layout.n_values)]
        limiting = pool.limiting[cc].sum(axis=1)
    for v, reached in enumerate(reaches):
        out[:, layout.REACH0 + v] = _bincount(g[reached], groups)
    per_reached = np.stack(reaches).sum(axis=0, dtype=np.float64)
    out[:, layout.sum_reached] = _bincount(g, groups, per_reached)
    out[:, layout.sum_reached_sq] = _bincount(g, groups, per_reached**2)
    per_limiting = limiting.astype(np.float64)
    out[:, layout.sum_limiting] = _bincount(g, groups, per_limiting)
    out[:, layout.sum_limiting_sq] = _bincount(g, groups, per_limiting**2)

    n_items = layout.n_items
    first_vote = (g * n_items)[:, None]
    for name, picks in (("pv", pv), ("cc", cc), ("dc", dc)):
        votes = np.bincount((first_vote + picks).ravel(), minlength=groups * n_items)
        out[:, layout.votes(name)] = votes.reshape(groups, n_items)
    return out, sets, g


def _count_local(
    g: npt.NDArray[np.intp],
    groups: int,
    sets: list[npt.NDArray[np.integer]],
    cc: Picks,
    dc: Picks,
    set_index: npt.NDArray[np.intp],
    masks: LocalMasks,
) -> Counts:
    """Local counts per group (LocalLayout) from the cc and dc pick sets of the main pass.

    Where every response uses the same set (a survey cycle; one set for every instansi of a
    file) each value is one mask for all; otherwise each response's mask is looked up."""
    out = LocalLayout.empty(groups)
    same = int(set_index.min()) == int(set_index.max())
    used = np.asarray(masks.members.any(axis=2))  # (S + 1, MAX_VALUES): filled slots
    per_reached = np.zeros(len(g), dtype=np.float64)
    bits = masks.bits() if sets[1].dtype == np.uint64 else None
    questions = ((LocalLayout.CURRENT.start, 1, cc), (LocalLayout.DESIRED.start, 2, dc))
    for start, q, picks in questions:
        for v in range(MAX_VALUES):
            if not (used[set_index[0], v] if same else used[:, v].any()):
                continue
            if bits is not None:
                mask = bits[set_index[0], v] if same else bits[set_index, v]
                reached = (sets[q][:, 0] & mask) != 0
            elif same:
                reached = masks.members[set_index[0], v][picks].any(axis=1)
            else:
                reached = masks.members[set_index[:, None], v, picks].any(axis=1)
            out[:, start + v] = _bincount(g[reached], groups)
            if q == 1:
                per_reached += reached
    out[:, LocalLayout.SUM_REACHED] = _bincount(g, groups, per_reached)
    out[:, LocalLayout.SUM_REACHED_SQ] = _bincount(g, groups, per_reached**2)
    return out


def _mask(positions: npt.NDArray[np.bool_]) -> np.uint64:
    """The bitmask of the positions where `positions` is true (all below 64)."""
    return np.uint64(sum(1 << int(i) for i in np.flatnonzero(positions)))


def check_picks(picks: Picks, n_items: int) -> npt.NDArray[np.bool_]:
    """Per row: exactly PICKS distinct pool positions in 0..n_items-1."""
    if picks.ndim != 2 or picks.shape[1] != PICKS:
        return np.zeros(len(picks), dtype=bool)
    in_pool = ((picks >= 0) & (picks < n_items)).all(axis=1)
    return np.asarray(in_pool & distinct_picks(picks))
