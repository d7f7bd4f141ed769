"""A generative model of BerAKHLAK survey answers, for demos, tests and benchmarks.

Each unit-year has a probability that a respondent sees each core value in today's culture
(on the logit scale, with a respondent-level latent that makes answers correlated), a
propensity to pick limiting items, and preference weights for personal and desired values.
The parameters are drawn around the 2022 national figures, or set by a named scenario, and
the model's expected value reach, implementation index and positive energy are known in
closed form, so tests can check that computed results recover them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..method.eligibility import min_required
from ..method.items import PICKS, ItemPool

Floats = npt.NDArray[np.float64]

NATIONAL_REACH = (57.9, 74.1, 56.7, 63.8, 65.8, 38.9, 69.4)
"""2022 national value reach (BP, AK, KO, HA, LO, AD, KL) the model is centred on."""
RESPONDENT_SD = 0.8
"""Spread of the respondent-level latent (logit scale): how differently colleagues see one unit."""
JABATAN_SHIFT = (0.3, 0.0, -0.08)
"""Logit shift of value reach for struktural, fungsional, pelaksana."""
DEMOGRAPHIC_SHARES = {
    "status": (0.70, 0.18, 0.12),
    "jabatan": (0.10, 0.45, 0.45),
    "gender": (0.52, 0.48),
    "age_band": (0.15, 0.30, 0.32, 0.23),
    "tenure_band": (0.22, 0.40, 0.38),
}
BEHAVIOUR_SHARES = (0.5, 0.3, 0.2)
"""Which of a value's three behaviours a respondent names, before shuffling per value."""

# Relative weights of positive non-value items (P01..P24) in the current culture, of
# limiting items (N01..N15), and of every item as a personal or desired value.
CC_POSITIVE = dict(
    zip(
        [f"P{i:02d}" for i in range(1, 25)],
        [
            3.0,
            0.8,
            0.7,
            2.6,
            1.5,
            1.6,
            2.4,
            2.2,
            1.2,
            1.0,
            1.6,
            0.6,
            0.5,
            0.7,
            1.2,
            0.5,
            0.9,
            1.1,
            0.9,
            0.6,
            2.0,
            0.8,
            0.9,
            1.2,
        ],
        strict=True,
    )
)
CC_LIMITING = dict(
    zip(
        [f"N{i:02d}" for i in range(1, 16)],
        [1.2, 1.0, 0.8, 2.6, 0.3, 2.0, 1.0, 0.8, 0.7, 2.2, 0.7, 0.8, 1.1, 0.9, 1.4],
        strict=True,
    )
)
PV_HIGH = {
    "AK1": 4.0,
    "P18": 3.5,
    "P21": 3.5,
    "P07": 2.5,
    "LO1": 2.5,
    "KO1": 2.5,
    "P03": 2.2,
    "HA1": 2.0,
    "P09": 2.0,
    "P06": 2.0,
    "BP1": 1.8,
    "KO3": 1.6,
    "P01": 2.6,
    "HA2": 1.5,
    "P08": 2.4,
    "P04": 2.2,
    "P11": 1.8,
}
DC_HIGH = {
    "AD2": 3.0,
    "AD1": 2.6,
    "P12": 3.0,
    "P03": 3.2,
    "P13": 2.4,
    "P15": 2.6,
    "P22": 2.8,
    "KO1": 2.4,
    "BP1": 2.8,
    "BP3": 2.0,
    "P14": 2.0,
    "KL2": 2.6,
    "AD3": 1.8,
    "P17": 1.8,
    "P19": 1.6,
    "KO2": 1.5,
    "P08": 2.4,
    "P01": 1.8,
    "P09": 1.8,
}

_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(48)
_GH_W = _GH_W / np.sqrt(2.0 * np.pi)


def logistic(x: Floats) -> Floats:
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: Floats) -> Floats:
    return np.log(p / (1.0 - p))


def expected_reach(eta: Floats) -> Floats:
    """P(a respondent reaches the value) for logit-scale parameters `eta` (any shape).

    Integrates the respondent latent N(0, RESPONDENT_SD) by Gauss-Hermite quadrature and
    the jabatan mixture by its shares.
    """
    eta = np.asarray(eta, dtype=np.float64)
    out = np.zeros_like(eta)
    for share, shift in zip(DEMOGRAPHIC_SHARES["jabatan"], JABATAN_SHIFT, strict=True):
        z = eta[..., None] + shift + RESPONDENT_SD * _GH_X
        out += share * (logistic(z) * _GH_W).sum(axis=-1)
    return out


def calibrate_shift(base: Floats, weights: Floats, target: Floats) -> Floats:
    """Per value, the shift s with sum_u w_u expected_reach(base_uv + s) / sum w = target_v.

    `base` is (U, V), `weights` (U,), `target` (V,) as probabilities.
    """
    lo = np.full(base.shape[1], -12.0)
    hi = np.full(base.shape[1], 12.0)
    w = weights / weights.sum()
    for _ in range(60):
        mid = (lo + hi) / 2.0
        reach = (w[:, None] * expected_reach(base + mid)).sum(axis=0)
        too_high = reach > target
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    return (lo + hi) / 2.0


@dataclass
class UnitModel:
    """Answer-generating parameters of one unit in one year."""

    eta: Floats  # (V,) logit-scale value reach before respondent latent and jabatan
    limiting: float  # probability that a free slot of a cc answer is a limiting item
    cc_weights: Floats  # (P,) weights of positive fill items
    limiting_weights: Floats  # (P,) weights of limiting items
    pv_weights: Floats  # (P,)
    dc_weights: Floats  # (P,)

    def expected_values(self) -> Floats:
        """Expected value reach in percent, (V,)."""
        return 100.0 * expected_reach(self.eta)

    def expected_energy(self) -> float:
        """Expected Energi Positif: 100 (1 - limiting * E[free slots] / 10)."""
        free = PICKS - expected_reach(self.eta).sum()
        return float(100.0 * (1.0 - self.limiting * free / PICKS))


@dataclass
class Answers:
    pv: npt.NDArray[np.int8]
    cc: npt.NDArray[np.int8]
    dc: npt.NDArray[np.int8]
    demographics: dict[str, npt.NDArray[np.int8]]
    duration_s: Floats


def _weights(pool: ItemPool, table: dict[str, float], default: float) -> Floats:
    return np.array([table.get(code, default) for code in pool.codes], dtype=np.float64)


@dataclass
class Vocabulary:
    """Pool-dependent constants of the model."""

    pool: ItemPool
    behaviours: npt.NDArray[np.intp] = field(init=False)  # (V, 3)
    behaviour_cum: Floats = field(init=False)  # (V, 3) cumulative choice probabilities

    def __post_init__(self) -> None:
        rng = np.random.default_rng(20211)
        rows, cums = [], []
        for v in self.pool.value_codes:
            items = self.pool.behaviours(v)
            shares = np.array(BEHAVIOUR_SHARES[: len(items)], dtype=np.float64)
            shares = rng.permutation(shares / shares.sum())
            rows.append(items[:3] + [items[-1]] * (3 - len(items)))
            cums.append(np.cumsum(np.pad(shares, (0, 3 - len(shares)))))
        self.behaviours = np.array(rows, dtype=np.intp)
        self.behaviour_cum = np.array(cums)
        self.is_value_item = self.pool.value_of_item >= 0
        self.cc_positive = _weights(self.pool, CC_POSITIVE, 0.0)
        self.cc_limiting = _weights(self.pool, CC_LIMITING, 0.0) * self.pool.limiting
        self.pv = np.where(self.pool.limiting, 0.02, _weights(self.pool, PV_HIGH, 0.7))
        self.dc = np.where(self.pool.limiting, 0.01, _weights(self.pool, DC_HIGH, 0.6))


def _top_by_keys(keys: Floats, count: int) -> npt.NDArray[np.intp]:
    """Per row, the positions of the `count` largest keys in descending order."""
    part = np.argpartition(-keys, count - 1, axis=1)[:, :count]
    order = np.argsort(-np.take_along_axis(keys, part, axis=1), axis=1)
    return np.take_along_axis(part, order, axis=1)


def _gumbel(rng: np.random.Generator, shape: tuple[int, int]) -> Floats:
    return -np.log(-np.log(rng.random(shape) + 1e-300) + 1e-300)


def _ranks(keys: Floats) -> npt.NDArray[np.intp]:
    order = np.argsort(-keys, axis=1)
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(keys.shape[1])[None, :], axis=1)
    return ranks


def draw_demographics(rng: np.random.Generator, n: int) -> dict[str, npt.NDArray[np.int8]]:
    out = {
        name: rng.choice(len(shares), size=n, p=shares).astype(np.int8)
        for name, shares in DEMOGRAPHIC_SHARES.items()
    }
    young = out["age_band"] == 0  # under 30: mostly under 5 years of service
    out["tenure_band"][young] = (rng.random(young.sum()) < 0.3).astype(np.int8)
    return out


def draw_answers(
    rng: np.random.Generator,
    unit: UnitModel,
    n: int,
    vocab: Vocabulary,
    speeders: float = 0.025,
    straight_liners: float = 0.01,
    missing_duration: float = 0.08,
) -> Answers:
    """n respondents of one unit-year."""
    demographics = draw_demographics(rng, n)
    cc = _draw_current(rng, unit, demographics["jabatan"], vocab)
    pv = _top_by_keys(np.log(unit.pv_weights) + _gumbel(rng, (n, len(vocab.pool))), PICKS)
    dc = _top_by_keys(np.log(unit.dc_weights) + _gumbel(rng, (n, len(vocab.pool))), PICKS)
    straight = rng.random(n) < straight_liners
    if straight.any():
        k = int(straight.sum())
        pv[straight] = rng.permuted(cc[straight], axis=1)
        dc[straight] = rng.permuted(cc[straight], axis=1)
        assert pv[straight].shape == (k, PICKS)
    duration = np.exp(rng.normal(np.log(420.0), 0.45, n))
    fast = rng.random(n) < speeders
    duration[fast] = rng.uniform(12.0, 59.0, int(fast.sum()))
    duration = np.round(duration)
    duration[rng.random(n) < missing_duration] = np.nan
    return Answers(
        pv.astype(np.int8), cc.astype(np.int8), dc.astype(np.int8), demographics, duration
    )


def _draw_current(
    rng: np.random.Generator, unit: UnitModel, jabatan: npt.NDArray[np.int8], vocab: Vocabulary
) -> npt.NDArray[np.intp]:
    """cc answers: one behaviour per reached value, then limiting and positive fill items."""
    n, n_items = len(jabatan), len(vocab.pool)
    shift = np.asarray(JABATAN_SHIFT)[jabatan]
    latent = rng.normal(0.0, RESPONDENT_SD, n)
    p = logistic(unit.eta[None, :] + shift[:, None] + latent[:, None])
    reached = rng.random(p.shape) < p
    u = rng.random(p.shape)
    which = (u[:, :, None] > vocab.behaviour_cum[None, :, :2]).sum(axis=2)
    chosen = vocab.behaviours[np.arange(len(unit.eta))[None, :], which]  # (n, V)
    picked = np.zeros((n, n_items), dtype=bool)
    rows = np.repeat(np.arange(n), len(unit.eta))
    picked[rows[reached.ravel()], chosen.ravel()[reached.ravel()]] = True

    free = PICKS - reached.sum(axis=1)
    n_limiting = rng.binomial(free, unit.limiting)
    lim_keys = np.where(
        unit.limiting_weights > 0, np.log(np.maximum(unit.limiting_weights, 1e-300)), -np.inf
    )
    lim_rank = _ranks(lim_keys[None, :] + _gumbel(rng, (n, n_items)))
    picked |= lim_rank < n_limiting[:, None]

    value_of_item = vocab.pool.value_of_item.astype(np.intp)
    sibling_ok = np.zeros((n, n_items), dtype=bool)
    sibling_ok[:, vocab.is_value_item] = reached[:, value_of_item[vocab.is_value_item]]
    allowed = ((unit.cc_weights > 0)[None, :] | sibling_ok) & ~picked
    weights = np.where(vocab.is_value_item, 0.6, unit.cc_weights)
    fill_keys = np.where(
        allowed, np.log(np.maximum(weights, 1e-300)) + _gumbel(rng, (n, n_items)), -np.inf
    )
    picked |= _ranks(fill_keys) < (free - n_limiting)[:, None]
    order_keys = np.where(picked, rng.random((n, n_items)), -1.0)
    return _top_by_keys(order_keys, PICKS)


@dataclass
class InstansiModel:
    """Instansi-level targets from which unit models are derived."""

    target: Floats  # (V,) expected value reach as a probability
    limiting: float


def unit_models(
    rng: np.random.Generator,
    instansi: InstansiModel,
    unit_sizes: npt.NDArray[np.int64],
    unit_effects: Floats,
    vocab: Vocabulary,
) -> list[UnitModel]:
    """Unit models whose respondent-weighted expected reach equals the instansi target.

    `unit_effects` (U, V) are logit-scale differences between units, kept across years.
    """
    shift = calibrate_shift(unit_effects, unit_sizes.astype(np.float64) + 1e-9, instansi.target)
    n_items = len(vocab.pool)
    models = []
    for u in range(len(unit_sizes)):
        noise = np.exp(rng.normal(0.0, 0.25, (4, n_items)))
        limiting = float(np.clip(instansi.limiting + rng.normal(0.0, 0.03), 0.02, 0.7))
        models.append(
            UnitModel(
                eta=unit_effects[u] + shift,
                limiting=limiting,
                cc_weights=vocab.cc_positive * noise[0],
                limiting_weights=vocab.cc_limiting * noise[1],
                pv_weights=vocab.pv * noise[2],
                dc_weights=vocab.dc * noise[3],
            )
        )
    return models


def allocate(
    rng: np.random.Generator, total: int, weights: Floats, caps: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Split `total` respondents by weights without exceeding caps (the unit headcounts)."""
    p = weights / weights.sum()
    n = rng.multinomial(total, p).astype(np.int64)
    for _ in range(50):
        over = np.maximum(n - caps, 0)
        excess = int(over.sum())
        if excess == 0:
            break
        n -= over
        room = caps - n
        if room.sum() == 0:
            break
        n += rng.multinomial(excess, room / room.sum())
    return np.minimum(n, caps)


def instansi_sizes(
    rng: np.random.Generator,
    total: int,
    headcounts: npt.NDArray[np.int64],
    below: npt.NDArray[np.bool_],
    margin: float = 0.05,
) -> npt.NDArray[np.int64]:
    """Respondents per instansi in one year: ~total in all, `below` ones under their minimum."""
    need = np.array([min_required(int(h), margin) for h in headcounts], dtype=np.int64)
    caps = (headcounts * 0.92).astype(np.int64)
    weights = headcounts.astype(np.float64) ** 0.8 * np.exp(rng.normal(0.0, 0.3, len(headcounts)))
    n = np.zeros(len(headcounts), dtype=np.int64)
    n[below] = np.floor(need[below] * rng.uniform(0.35, 0.95, int(below.sum()))).astype(np.int64)
    rest = ~below
    budget = max(total - int(n.sum()), 0)
    if rest.any():
        floor = np.minimum(np.ceil(need[rest] * 1.03).astype(np.int64), caps[rest])
        extra = budget - int(floor.sum())
        if extra >= 0:
            n[rest] = floor + allocate(rng, extra, weights[rest], caps[rest] - floor)
        else:  # too few respondents for everyone to reach the minimum
            n[rest] = allocate(rng, budget, weights[rest], caps[rest])
    return n
