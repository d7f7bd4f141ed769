"""Report figures of one group beyond the indices (docs/method.md §4.9).

Votes and vote shares of every item in each question; the behaviours most and least voted
within each value; the area distribution of pv, cc and dc votes; the limiting items ranked
by cc votes (faktor penghambat); and the value jumps J_i = 100 (dc - cc) / n.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .counts import Counts, Layout
from .indices import top10_members
from .items import AREAS, PICKS, QUESTIONS, ItemPool

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ItemFigure:
    index: int  # pool position
    votes: int
    share: float  # 100 * votes / n


@dataclass(frozen=True)
class GroupDetails:
    n: int
    votes: dict[str, npt.NDArray[np.int64]]  # question -> (P,)
    top10: dict[str, list[int]]  # question -> pool positions, most voted first
    behaviours: dict[str, list[ItemFigure]]  # value code -> its behaviours, most cc votes first
    areas: dict[str, Floats]  # question -> (6,) share of the question's votes per area, percent
    areas_limiting: dict[str, Floats]  # question -> (6,) share of votes that are limiting
    limiting: list[ItemFigure]  # limiting items with cc votes, most first
    jumps: list[tuple[int, float]]  # (pool position, J_i), largest first

    def share(self, question: str, index: int) -> float:
        return 100.0 * float(self.votes[question][index]) / self.n if self.n else float("nan")

    def top_matches(self, a: str, b: str) -> set[int]:
        return set(self.top10[a]) & set(self.top10[b])


def _top10(votes: npt.NDArray[np.int64]) -> list[int]:
    members = top10_members(votes[None, :])[0]
    order = np.argsort(-votes, kind="stable")
    return [int(i) for i in order if members[i]][:PICKS]


def group_details(counts: Counts, pool: ItemPool) -> GroupDetails:
    """Every report figure of one group from its counts row."""
    layout = Layout.for_pool(pool)
    n = int(counts[layout.N])
    votes = {q: counts[layout.votes(q)].astype(np.int64) for q in QUESTIONS}
    scale = 100.0 / n if n else float("nan")
    cc = votes["cc"]

    behaviours = {}
    for value in pool.value_codes:
        items = pool.behaviours(value)
        figures = [ItemFigure(i, int(cc[i]), cc[i] * scale) for i in items]
        behaviours[value] = sorted(figures, key=lambda f: (-f.votes, f.index))

    n_areas = len(AREAS)
    areas, areas_limiting = {}, {}
    for q in QUESTIONS:
        total = votes[q].sum()
        per_area = np.bincount(pool.area_of_item, weights=votes[q], minlength=n_areas)
        lim = np.bincount(pool.area_of_item, weights=votes[q] * pool.limiting, minlength=n_areas)
        denom = total if total else 1
        areas[q] = 100.0 * per_area / denom
        areas_limiting[q] = 100.0 * lim / denom

    limiting = sorted(
        (
            ItemFigure(int(i), int(cc[i]), cc[i] * scale)
            for i in np.flatnonzero(pool.limiting)
            if cc[i] > 0
        ),
        key=lambda f: (-f.votes, f.index),
    )
    jump = (votes["dc"] - cc) * scale if n else np.zeros(len(pool))
    jumps = sorted(
        ((int(i), float(jump[i])) for i in range(len(pool))), key=lambda p: (-p[1], p[0])
    )
    return GroupDetails(
        n=n,
        votes=votes,
        top10={q: _top10(votes[q]) for q in QUESTIONS},
        behaviours=behaviours,
        areas=areas,
        areas_limiting=areas_limiting,
        limiting=limiting,
        jumps=jumps,
    )
