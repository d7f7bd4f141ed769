"""The figures of local value sets (docs/method.md §18) from their counts: each value's current
and desired reach with Wilson intervals, the local index with the interval of a mean, and
the change against the baseline year. Vectorised over groups like indices.py; the figures
never enter I1-I6, the combined index or any national figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .change import Change, change
from .counts import Counts
from .indices import _mean_and_sd, finite_population_correction, wilson_interval
from .local import MAX_VALUES, LocalLayout, LocalSet
from .params import Params

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class LocalStats:
    """Local figures of G groups, percentages on 0..100. NaN where a figure does not exist:
    a group without valid responses, a value slot beyond the group's set, an interval of a
    mean with n < 2."""

    n: npt.NDArray[np.int64]  # (G,)
    n_values: npt.NDArray[np.int64]  # (G,) values of each group's set
    current: Floats  # (G, MAX_VALUES) current reach L_cur
    current_ci: Floats  # (G, MAX_VALUES, 2)
    current_se: Floats  # (G, MAX_VALUES) for the change test, as R_v's
    desired: Floats  # (G, MAX_VALUES) desired reach L_des
    desired_ci: Floats  # (G, MAX_VALUES, 2)
    index: Floats  # (G,) the local index: the mean of the current reaches
    index_ci: Floats  # (G, 2)
    index_se: Floats  # (G,) for the change test, as I1's

    def __len__(self) -> int:
        return len(self.n)


def local_stats(
    counts: Counts,
    n: npt.ArrayLike,
    headcount: npt.ArrayLike,
    n_values: npt.ArrayLike,
    params: Params,
) -> LocalStats:
    """The figures of each row of local counts (LocalLayout), given each group's n (valid
    responses, from its BerAKHLAK counts), headcount N and number of values in its set.

    The reaches are R_v's (§4): Wilson intervals with n_eff = n / f, f the finite population
    correction (f = 1 when N is unknown or below n). The index is the mean over respondents of
    the share of the set's values their cc reaches, with the interval of I1."""
    counts = np.atleast_2d(counts)
    n_int = np.asarray(n, dtype=np.int64).reshape(-1)
    nf = n_int.astype(np.float64)
    big_n = np.broadcast_to(np.asarray(headcount, dtype=np.float64), nf.shape)
    values = np.asarray(n_values, dtype=np.int64).reshape(-1)
    f = finite_population_correction(nf, big_n)
    blank = (nf == 0)[:, None] | (np.arange(MAX_VALUES) >= values[:, None])
    current, current_ci, current_se = _reach(counts[:, LocalLayout.CURRENT], nf, f, blank, params)
    desired, desired_ci, _ = _reach(counts[:, LocalLayout.DESIRED], nf, f, blank, params)
    mean, sd = _mean_and_sd(
        counts[:, LocalLayout.SUM_REACHED].astype(np.float64),
        counts[:, LocalLayout.SUM_REACHED_SQ].astype(np.float64),
        nf,
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(values > 0, 100.0 / values, np.nan)
        index = scale * mean
        index_se = scale * sd * np.sqrt(f) / np.sqrt(nf)
    lo = np.clip(index - params.z * index_se, 0.0, 100.0)
    hi = np.clip(index + params.z * index_se, 0.0, 100.0)
    return LocalStats(
        n=n_int,
        n_values=values,
        current=current,
        current_ci=current_ci,
        current_se=current_se,
        desired=desired,
        desired_ci=desired_ci,
        index=index,
        index_ci=np.stack([lo, hi], axis=-1),
        index_se=index_se,
    )


def _reach(
    reached: Counts, n: Floats, f: Floats, blank: npt.NDArray[np.bool_], params: Params
) -> tuple[Floats, Floats, Floats]:
    """Reach in percent, its Wilson interval and its standard error, NaN where blank."""
    k = reached.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n[:, None]
        se = 100.0 * np.sqrt(p * (1.0 - p) * f[:, None] / n[:, None])
    ci = wilson_interval(k, n[:, None], f[:, None], params.z)
    return (
        np.where(blank, np.nan, 100.0 * p),
        np.where(blank[..., None], np.nan, ci),
        np.where(blank, np.nan, se),
    )


_FIELDS = tuple(LocalStats.__dataclass_fields__)


def select_local(stats: LocalStats, rows: slice | npt.NDArray[np.intp]) -> LocalStats:
    """The figures of some of the groups: a slice of them, or the rows of an index array."""
    return LocalStats(**{name: getattr(stats, name)[rows] for name in _FIELDS})


@dataclass(frozen=True)
class LocalPart:
    """The local counts of one instansi-year, what `local_figures` needs of it."""

    local_set: LocalSet
    unit_counts: Counts  # (U, LocalLayout.WIDTH)
    n: int  # the instansi's valid responses
    unit_n: npt.NDArray[np.int64]  # (U,)
    headcount: float
    unit_headcounts: Floats  # (U,)


@dataclass
class LocalResult:
    """An instansi-year's local set and its figures: the instansi's, and each unit's."""

    local_set: LocalSet
    counts: Counts  # (LocalLayout.WIDTH,) the instansi's: the sum of its units'
    unit_counts: Counts  # (U, LocalLayout.WIDTH)
    stats: LocalStats  # one row
    unit_stats: LocalStats  # U rows


def local_figures(parts: Sequence[LocalPart], params: Params) -> list[LocalResult]:
    """The figures of every instansi-year of `parts` and of its units, in one pass."""
    if not parts:
        return []
    totals = [p.unit_counts.sum(axis=0) for p in parts]
    counts = np.concatenate(
        [np.vstack([t, p.unit_counts]) for t, p in zip(totals, parts, strict=True)]
    )
    n = np.concatenate([[p.n, *p.unit_n.tolist()] for p in parts]).astype(np.int64)
    heads = np.concatenate([[p.headcount, *p.unit_headcounts.tolist()] for p in parts])
    rows = [1 + len(p.unit_n) for p in parts]
    n_values = np.repeat([len(p.local_set.values) for p in parts], rows)
    stats = local_stats(counts, n, heads, n_values, params)
    out = []
    start = 0
    for total, part in zip(totals, parts, strict=True):
        stop = start + 1 + len(part.unit_n)
        out.append(
            LocalResult(
                local_set=part.local_set,
                counts=total,
                unit_counts=part.unit_counts,
                stats=select_local(stats, slice(start, start + 1)),
                unit_stats=select_local(stats, slice(start + 1, stop)),
            )
        )
        start = stop
    return out


@dataclass
class LocalComparison:
    """The change of a group's local figures against its baseline year (§4): of the index
    when the whole set measured alike then, of each value's current reach when that value
    did (None otherwise)."""

    baseline_year: int
    index: Change | None
    values: dict[str, Change | None]


def compare_local(
    current_set: LocalSet,
    current: LocalStats,
    previous_set: LocalSet | None,
    previous: LocalStats | None,
    baseline_year: int,
    params: Params,
) -> LocalComparison | None:
    """Change of the first row of `current` against the first of `previous`; None when the
    baseline year had no set or another one (another code)."""
    if previous is None or previous_set is None or previous_set.code != current_set.code:
        return None
    index = None
    if current_set.measures_alike(previous_set):
        index = change(
            float(current.index[0]),
            float(previous.index[0]),
            float(current.index_se[0]),
            float(previous.index_se[0]),
            params,
        )
    values: dict[str, Change | None] = {}
    for j, value in enumerate(current_set.values):
        values[value.code] = None
        if current_set.measures_alike(previous_set, value.code):
            i = previous_set.value_codes.index(value.code)
            values[value.code] = change(
                float(current.current[0, j]),
                float(previous.current[0, i]),
                float(current.current_se[0, j]),
                float(previous.current_se[0, i]),
                params,
            )
    return LocalComparison(baseline_year, index, values)
