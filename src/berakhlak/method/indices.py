"""The six indices, the value reaches and their intervals, from counts (docs/method.md §4, §6).

Everything here is vectorised over groups: one call computes every unit of every instansi.
Empty groups (n = 0) give NaN everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .counts import Counts, Layout
from .items import AREAS, PICKS, ItemPool
from .params import Params

Floats = npt.NDArray[np.float64]

INDEX_NAMES = (
    "implementasi",
    "keseimbangan",
    "energi_positif",
    "keselarasan_pribadi",
    "keselarasan_harapan",
    "total",
)
INDEX_LABELS = {
    "implementasi": ("Implementasi BerAKHLAK", "BerAKHLAK implementation"),
    "keseimbangan": ("Keseimbangan Budaya", "Cultural balance"),
    "energi_positif": ("Energi Positif", "Positive energy"),
    "keselarasan_pribadi": (
        "Keselarasan Nilai Pribadi–Organisasi",
        "Personal–organisational values alignment",
    ),
    "keselarasan_harapan": (
        "Keselarasan Budaya Saat Ini–Diharapkan",
        "Current–desired culture alignment",
    ),
    "total": ("Total Indeks Kesehatan Budaya Organisasi", "Total cultural health index"),
}
IMPLEMENTASI, KESEIMBANGAN, ENERGI, PRIBADI, HARAPAN, TOTAL = range(6)


def index_label(name: str, lang: str = "id") -> str:
    label_id, label_en = INDEX_LABELS[name]
    return label_en if lang == "en" else label_id


@dataclass(frozen=True)
class GroupStats:
    """Results of G groups. Percentages on 0..100; NaN where a figure does not exist."""

    n: npt.NDArray[np.int64]
    n_excluded: npt.NDArray[np.int64]
    headcount: Floats
    fpc: Floats
    values: Floats  # (G, V) value reach R_v
    values_ci: Floats  # (G, V, 2)
    values_se: Floats  # (G, V) standard error used by the change test
    indices: Floats  # (G, 6) in INDEX_NAMES order
    indices_ci: Floats  # (G, 6, 2); NaN for indices without an interval
    indices_se: Floats  # (G, 6); NaN for indices without a standard error

    def __len__(self) -> int:
        return len(self.n)


def finite_population_correction(n: npt.ArrayLike, headcount: npt.ArrayLike) -> Floats:
    """f = (N - n)/(N - 1); 0 when n = N (a census); 1 when N is unknown (NaN) or N < n.

    More respondents than staff means the headcount is out of date, not a census: no
    correction then, never zero-width intervals (the result carries a warning, §6).
    """
    n_arr = np.asarray(n, dtype=np.float64)
    big_n = np.asarray(headcount, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        f = (big_n - n_arr) / (big_n - 1.0)
    f = np.where(n_arr == big_n, 0.0, f)
    return np.where(np.isnan(big_n) | (n_arr > big_n), 1.0, f)


def wilson_interval(successes: Floats, n: Floats, f: Floats, z: float) -> Floats:
    """Wilson 95% interval (in percent) of successes/n with effective size n/f.

    Shape (..., 2). A census (f = 0) gives the point interval; n = 0 gives NaN. The bounds
    are clipped to [0, 100]: for p = 0 or 1 rounding error would put them just outside.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        p = successes / n
        n_eff = n / f
        z2 = z * z
        denom = 1.0 + z2 / n_eff
        centre = (p + z2 / (2.0 * n_eff)) / denom
        half = z * np.sqrt(p * (1.0 - p) / n_eff + z2 / (4.0 * n_eff**2)) / denom
    census = f == 0
    lo = np.where(census, p, centre - half)
    hi = np.where(census, p, centre + half)
    return np.clip(np.stack([lo, hi], axis=-1) * 100.0, 0.0, 100.0)


def _mean_and_sd(total: Floats, total_sq: Floats, n: Floats) -> tuple[Floats, Floats]:
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / n
        var = (total_sq - total * total / n) / (n - 1.0)
    sd = np.sqrt(np.clip(var, 0.0, None))
    return mean, np.where(n >= 2, sd, np.nan)


def top10_members(votes: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """(G, P) membership of Top10: most votes, ties to the earlier item, never a zero-vote item."""
    n_items = votes.shape[1]
    if n_items <= PICKS:
        return np.asarray(votes > 0)
    # A rank unique within a row: more votes first, then the earlier item (in 32 bits when
    # it fits: partitioning is a quarter faster).
    rank = votes * n_items + np.arange(n_items - 1, -1, -1)
    if votes.size and int(votes.max()) < (2**31 - n_items) // n_items:
        rank = rank.astype(np.int32)
    cut = n_items - PICKS
    tenth = np.partition(rank, cut, axis=1)[:, cut : cut + 1]
    return np.asarray((rank >= tenth) & (votes > 0))


def cultural_balance(cc_votes: npt.NDArray[np.int64], pool: ItemPool) -> Floats:
    """I2 = 100 (1 - TVD / max TVD) of positive cc votes over the areas; 0 without votes."""
    n_areas = len(AREAS)
    onehot = np.zeros((len(pool), n_areas))
    positive = ~pool.limiting
    onehot[np.flatnonzero(positive), pool.area_of_item[positive]] = 1.0
    per_area = cc_votes.astype(np.float64) @ onehot
    total = per_area.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = per_area / total
    tvd = 0.5 * np.abs(share - 1.0 / n_areas).sum(axis=1)
    balance = 100.0 * (1.0 - tvd / (1.0 - 1.0 / n_areas))
    return np.where(total[:, 0] > 0, balance, 0.0)


def group_stats(
    counts: Counts, headcount: npt.ArrayLike, pool: ItemPool, params: Params
) -> GroupStats:
    """All indices, value reaches, intervals and standard errors of each counts row."""
    counts = np.atleast_2d(counts)
    layout = Layout.for_pool(pool)
    n_int = counts[:, layout.N]
    n = n_int.astype(np.float64)
    big_n = np.broadcast_to(np.asarray(headcount, dtype=np.float64), n.shape)
    f = finite_population_correction(n, big_n)
    z = params.z
    empty = n == 0
    n_values = layout.n_values
    n_groups = len(n)

    reach = counts[:, layout.reach].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = reach / n[:, None]
        values_se = 100.0 * np.sqrt(p * (1.0 - p) * f[:, None] / n[:, None])
    values = 100.0 * p
    values_ci = wilson_interval(reach, n[:, None], f[:, None], z)

    indices = np.full((n_groups, 6), np.nan)
    indices_ci = np.full((n_groups, 6, 2), np.nan)
    indices_se = np.full((n_groups, 6), np.nan)

    # I1: per respondent s = 100 * reached / V.
    mean_r, sd_r = _mean_and_sd(
        counts[:, layout.sum_reached].astype(np.float64),
        counts[:, layout.sum_reached_sq].astype(np.float64),
        n,
    )
    scale = 100.0 / n_values
    _fill_mean(indices, indices_ci, indices_se, IMPLEMENTASI, scale * mean_r, scale * sd_r, n, f, z)

    # I3: per respondent e = 100 (1 - limiting / 10).
    mean_l, sd_l = _mean_and_sd(
        counts[:, layout.sum_limiting].astype(np.float64),
        counts[:, layout.sum_limiting_sq].astype(np.float64),
        n,
    )
    energy = 100.0 * (1.0 - mean_l / PICKS)
    _fill_mean(indices, indices_ci, indices_se, ENERGI, energy, sd_l * 100.0 / PICKS, n, f, z)

    cc_votes = counts[:, layout.votes("cc")]
    indices[:, KESEIMBANGAN] = cultural_balance(cc_votes, pool)
    top_pv, top_cc, top_dc = (top10_members(counts[:, layout.votes(q)]) for q in ("pv", "cc", "dc"))
    indices[:, PRIBADI] = 100.0 / PICKS * (top_pv & top_cc).sum(axis=1)
    indices[:, HARAPAN] = 100.0 / PICKS * (top_cc & top_dc).sum(axis=1)
    indices[:, TOTAL] = indices[:, :TOTAL].mean(axis=1)

    indices[empty] = np.nan
    return GroupStats(
        n=n_int.astype(np.int64),
        n_excluded=(counts[:, layout.SPEEDERS] + counts[:, layout.STRAIGHT]).astype(np.int64),
        headcount=np.array(big_n, dtype=np.float64),
        fpc=f,
        values=values,
        values_ci=values_ci,
        values_se=values_se,
        indices=indices,
        indices_ci=indices_ci,
        indices_se=indices_se,
    )


def concatenated(parts: Sequence[GroupStats]) -> GroupStats:
    """The figures of the groups of `parts`, in order, as one GroupStats."""
    return GroupStats(
        **{name: np.concatenate([getattr(p, name) for p in parts]) for name in _FIELDS}
    )


_FIELDS = tuple(GroupStats.__dataclass_fields__)


def select(stats: GroupStats, rows: slice | npt.NDArray[np.intp]) -> GroupStats:
    """The figures of some of the groups: a slice of them, or the rows of an index array."""
    return GroupStats(**{name: getattr(stats, name)[rows] for name in _FIELDS})


def row(stats: GroupStats, i: int) -> GroupStats:
    """Group i of `stats`, as a GroupStats of one row."""
    return select(stats, slice(i, i + 1))


def _fill_mean(
    indices: Floats,
    indices_ci: Floats,
    indices_se: Floats,
    column: int,
    mean: Floats,
    sd: Floats,
    n: Floats,
    f: Floats,
    z: float,
) -> None:
    """Mean of per-respondent scores, its standard error and clipped interval (none if n < 2)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        se = sd * np.sqrt(f) / np.sqrt(n)
    indices[:, column] = mean
    indices_se[:, column] = se
    lo = np.clip(mean - z * se, 0.0, 100.0)
    hi = np.clip(mean + z * se, 0.0, 100.0)
    indices_ci[:, column] = np.stack([lo, hi], axis=-1)
