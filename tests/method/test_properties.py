"""Properties of the method that hold for any responses (Hypothesis)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from berakhlak.method.counts import Counts, count_responses
from berakhlak.method.indices import GroupStats, group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo, compute_results
from berakhlak.method.rounding import category, category_array, round1, round1_array
from berakhlak.method.suppression import suppress_siblings

POOL = default_pool()
PARAMS = Params()
N_GROUPS = 3

answers = st.lists(st.integers(0, len(POOL) - 1), min_size=10, max_size=10, unique=True)
durations = st.one_of(st.just(math.nan), st.floats(0, 3000, allow_nan=False))


@dataclass
class Responses:
    group: np.ndarray
    pv: np.ndarray
    cc: np.ndarray
    dc: np.ndarray
    duration: np.ndarray

    def __len__(self) -> int:
        return len(self.group)

    def take(self, index: np.ndarray) -> Responses:
        return Responses(
            self.group[index], self.pv[index], self.cc[index], self.dc[index], self.duration[index]
        )

    def counts(self, n_groups: int = N_GROUPS) -> Counts:
        return count_responses(
            self.group, n_groups, self.pv, self.cc, self.dc, self.duration, POOL, PARAMS
        )


@st.composite
def responses(draw: st.DrawFn, max_size: int = 25) -> Responses:
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, N_GROUPS - 1), answers, answers, answers, durations,
                      st.booleans()),
            max_size=max_size,
        )
    )  # fmt: skip
    pv, cc, dc = [], [], []
    for _, p, c, d, _, straight in rows:
        pv.append(c if straight else p)  # some straight-liners: pv = cc = dc
        cc.append(c)
        dc.append(list(reversed(c)) if straight else d)
    return Responses(
        np.array([r[0] for r in rows], dtype=np.intp),
        np.array(pv, dtype=np.int8).reshape(-1, 10),
        np.array(cc, dtype=np.int8).reshape(-1, 10),
        np.array(dc, dtype=np.int8).reshape(-1, 10),
        np.array([r[4] for r in rows], dtype=np.float64),
    )


def concat(a: Responses, b: Responses) -> Responses:
    return Responses(
        *(np.concatenate([x, y]) for x, y in zip(vars(a).values(), vars(b).values(), strict=True))
    )


def same_stats(a: GroupStats, b: GroupStats) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name), equal_nan=True)
        for name in a.__dataclass_fields__
    )


@settings(max_examples=60, deadline=None)
@given(responses(), responses())
def test_counts_of_a_union_are_the_sum_of_the_counts(a, b):
    assert (concat(a, b).counts() == a.counts() + b.counts()).all()


@settings(max_examples=60, deadline=None)
@given(responses(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_responses(r, random):
    order = np.arange(len(r))
    random.shuffle(order)
    shuffled = r.take(order)
    assert (shuffled.counts() == r.counts()).all()
    headcount = np.array([np.nan, 30.0, 12.0])
    assert same_stats(
        group_stats(shuffled.counts(), headcount, POOL, PARAMS),
        group_stats(r.counts(), headcount, POOL, PARAMS),
    )


@settings(max_examples=60, deadline=None)
@given(responses(), st.lists(st.one_of(st.just(math.nan), st.integers(1, 40)), min_size=3,
                             max_size=3))  # fmt: skip
def test_every_index_value_and_interval_lies_within_0_and_100(r, headcounts):
    counts = r.counts()
    headcount = np.array(headcounts, dtype=np.float64)
    headcount = np.where(headcount < counts[:, 0], counts[:, 0], headcount)  # N >= n
    stats = group_stats(counts, headcount, POOL, PARAMS)
    shown = stats.n > 0
    for figures, cis in ((stats.indices, stats.indices_ci), (stats.values, stats.values_ci)):
        values = figures[shown]
        assert not np.isnan(values).any()
        assert ((values >= 0) & (values <= 100)).all()
        lo, hi = cis[shown][..., 0], cis[shown][..., 1]
        has_ci = ~np.isnan(lo)
        assert ((lo[has_ci] >= 0) & (hi[has_ci] <= 100)).all()
        assert (lo[has_ci] <= values[has_ci] + 1e-9).all()
        assert (values[has_ci] <= hi[has_ci] + 1e-9).all()
    assert np.isnan(stats.indices[~shown]).all()


def check_suppression(ns: list[int], hidden: list[bool], k: int) -> None:
    assert not any(0 < n < k and not h for n, h in zip(ns, hidden, strict=True))
    total_hidden = sum(n for n, h in zip(ns, hidden, strict=True) if h)
    every_one_hidden = all(h for n, h in zip(ns, hidden, strict=True) if n > 0)
    assert total_hidden == 0 or total_hidden >= k or every_one_hidden


sibling_sizes = st.lists(st.one_of(st.integers(0, 12), st.integers(0, 200)), min_size=1,
                         max_size=12)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(sibling_sizes, st.integers(1, 15))
def test_no_visible_group_under_k_and_hidden_siblings_are_none_or_at_least_k(ns, k):
    hidden = suppress_siblings(ns, [f"U{i:02d}" for i in range(len(ns))], k)
    check_suppression(ns, hidden, k)
    # Suppression hides no more than needed: every hidden group is small, or was the
    # smallest visible one when the hidden total was still under k.
    if not any(0 < n < k for n in ns):
        assert not any(hidden)


@settings(max_examples=40, deadline=None)
@given(sibling_sizes)
def test_results_json_never_shows_a_unit_that_would_reveal_a_small_group(ns):
    codes = ("BP1", "AK1", "KO1", "HA1", "LO1", "AD1", "KL1", "P01", "P05", "P09")
    pattern = np.array([POOL.index(c) for c in codes])
    total = sum(ns)
    picks = np.tile(pattern.astype(np.int8), (total, 1))
    group = np.repeat(np.arange(len(ns)), ns)
    counts = count_responses(
        group, len(ns), picks, picks[:, ::-1], (59 - picks).astype(np.int8),
        np.full(total, 300.0), POOL, PARAMS,
    )  # fmt: skip
    units = tuple(UnitInfo(f"U{i:02d}", f"Unit {i}", 500) for i in range(len(ns)))
    info = InstansiInfo("KAB-001", "Kabupaten Contoh", "barat", units)
    entry = compute_results([InstansiYear(info, 2025, counts)], POOL, PARAMS).to_json()
    shown_units = entry["instansi"][0]["units"]
    assert [u["n"] for u in shown_units] == ns
    check_suppression(ns, [u["suppressed"] for u in shown_units], PARAMS.k)
    for u in shown_units:
        assert ("indices" in u) != u["suppressed"]


@settings(max_examples=200, deadline=None)
@given(st.integers(-100_000, 100_000))
def test_vectorised_rounding_and_categories_agree_with_the_scalar_ones(thousandths):
    x = thousandths / 1000
    assert round1_array(np.array([x]))[0] == round1(x)
    assert category_array(np.array([x])) == [category(x)]
