"""Properties of the method that hold for any responses (Hypothesis), most of them by
comparison with a plain, slow computation from the raw answers (method_reference.py)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berakhlak.method.compute import compute_results
from berakhlak.method.counts import Counts, count_responses
from berakhlak.method.eligibility import min_required
from berakhlak.method.indices import INDEX_NAMES, GroupStats, group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.rounding import (
    category,
    category_array,
    competition_ranks,
    round1,
    round1_array,
)
from berakhlak.method.suppression import suppress_sibling_groups, suppress_siblings
from helpers import reference as ref

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

    def answers(self, group: int) -> list[ref.Answer]:
        """The raw answers of one group, as item codes, for the reference computation."""
        codes = POOL.codes
        return [
            (
                [codes[i] for i in self.pv[r]],
                [codes[i] for i in self.cc[r]],
                [codes[i] for i in self.dc[r]],
                None if math.isnan(self.duration[r]) else float(self.duration[r]),
            )
            for r in np.flatnonzero(self.group == group)
        ]


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


headcount_lists = st.lists(
    st.one_of(st.just(math.nan), st.integers(1, 40)), min_size=N_GROUPS, max_size=N_GROUPS
)


@settings(max_examples=80, deadline=None)
@given(responses(), headcount_lists)
def test_every_figure_and_interval_is_that_of_a_plain_computation_from_the_raw_answers(
    r, headcounts
):
    """R_v, I1..I6 and the intervals of R_v, I1 and I3, with the headcount unknown, above n,
    equal to n (a census) or below n (out of date: no correction)."""
    stats = group_stats(r.counts(), np.array(headcounts, dtype=np.float64), POOL, PARAMS)
    for g in range(N_GROUPS):
        expected = ref.figures(r.answers(g), headcounts[g], POOL)
        assert (stats.n[g], stats.n_excluded[g]) == (expected.n, expected.excluded)
        if expected.n == 0:
            assert np.isnan(stats.indices[g]).all() and np.isnan(stats.values[g]).all()
            continue
        for j, v in enumerate(POOL.value_codes):
            assert stats.values[g, j] == pytest.approx(expected.values[v], abs=1e-9)
            assert stats.values_ci[g, j].tolist() == pytest.approx(expected.value_cis[v], abs=1e-9)
        for j, name in enumerate(INDEX_NAMES):
            assert stats.indices[g, j] == pytest.approx(expected.indices[name], abs=1e-9)
            ci = expected.index_cis[name]
            if ci is None:
                assert np.isnan(stats.indices_ci[g, j]).all()
            else:
                assert stats.indices_ci[g, j].tolist() == pytest.approx(ci, abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(responses(), headcount_lists)
def test_every_index_value_and_interval_lies_within_0_and_100(r, headcounts):
    counts = r.counts()
    headcount = np.array(headcounts, dtype=np.float64)  # N < n too: an out-of-date headcount
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
sibling_codes = st.lists(
    st.sampled_from(["U1", "U2", "U9", "U10", "U11", "U100", "A", "a", "B", "Z-1", "10", "9"]),
    min_size=12,
    max_size=12,
    unique=True,
)


@settings(max_examples=300, deadline=None)
@given(sibling_sizes, sibling_codes, st.integers(1, 15))
def test_exactly_the_siblings_the_method_names_are_hidden(ns, codes, k):
    """Those under k, then the smallest shown sibling (lower code as text among equal n)
    while the hidden total is under k: not one more, not one fewer."""
    codes = codes[: len(ns)]
    hidden = suppress_siblings(ns, codes, k)
    assert hidden == ref.hidden_siblings(ns, codes, k)
    check_suppression(ns, hidden, k)
    if not any(0 < n < k for n in ns):
        assert not any(hidden)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(sibling_sizes, st.integers(1, 15)), min_size=1, max_size=8))
def test_siblings_of_many_parents_with_their_own_k_are_hidden_as_each_alone(groups):
    ns = np.array([n for sizes, _k in groups for n in sizes], dtype=np.int64)
    codes = [[f"U{j:02d}" for j in range(len(sizes))] for sizes, _k in groups]
    together = suppress_sibling_groups(
        ns, [len(s) for s, _k in groups], codes.__getitem__, [k for _s, k in groups]
    )
    assert together == [
        ref.hidden_siblings(s, c, k) for (s, k), c in zip(groups, codes, strict=True)
    ]


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
    entry = results_json(compute_results([InstansiYear(info, 2025, counts)], POOL, PARAMS))
    shown_units = entry["instansi"][0]["units"]
    assert [u["n"] for u in shown_units] == ns
    check_suppression(ns, [u["suppressed"] for u in shown_units], PARAMS.k)
    for u in shown_units:
        assert ("indices" in u) != u["suppressed"]


@settings(max_examples=200, deadline=None)
@given(st.integers(-100_000, 100_000))
def test_vectorised_rounding_and_categories_agree_with_the_scalar_ones(thousandths):
    x = thousandths / 1000
    assert round1_array(np.array([x]))[0] == round1(x) == ref.round_half_away(x)
    assert category_array(np.array([x])) == [category(x)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 100_000).map(lambda x: x / 1000), max_size=15))
def test_ranks_are_standard_competition_ranks_of_the_rounded_figures(values):
    assert competition_ranks(values) == ref.competition_ranks(values)


# --- The national roll-up -------------------------------------------------------------------

many_answers = st.lists(st.tuples(answers, answers, answers), min_size=1, max_size=40)


def instansi_year(code: str, region: str, picks: list, headcount: int, year: int = 2025):
    pv, cc, dc = (np.array([p[j] for p in picks], dtype=np.int8).reshape(-1, 10) for j in range(3))
    n = len(picks)
    counts = count_responses(
        np.zeros(n, dtype=np.intp), 1, pv, cc, dc, np.full(n, 300.0), POOL, PARAMS
    )
    info = InstansiInfo(code, f"Instansi {code}", region, (UnitInfo("U01", "Unit", headcount),))
    return InstansiYear(info, year, counts)


def shown(picks: list) -> list:
    """Answers that are all kept: no straight-liner (pv is cc's complement's first ten)."""
    out = []
    for pv, cc, dc in picks:
        straight = set(pv) == set(cc) == set(dc)
        out.append(([i for i in range(len(POOL)) if i not in cc][:10] if straight else pv, cc, dc))
    return out


@settings(max_examples=40, deadline=None)
@given(
    st.lists(many_answers, min_size=1, max_size=5),
    st.integers(1, 9),
    many_answers,
    many_answers,
)
def test_changing_the_answers_of_a_hidden_instansi_changes_no_national_figure(
    others, headcount, first, second
):
    """An eligible instansi hidden by k (headcount 9 or less, all of them answered) is in no
    national mean, median, quartile, weighted mean, count or rank of the others."""
    regions = ("barat", "timur")
    data = [
        instansi_year(f"KAB-{i:03d}", regions[i % 2], shown(p) + shown(p), len(p) * 2)
        for i, p in enumerate(others)
        if len(p) * 2 >= PARAMS.k
    ]
    national = []
    for answers_of_hidden in (first, second):
        picks = shown((answers_of_hidden * 9)[:headcount])
        hidden = instansi_year("KAB-999", "barat", picks, headcount)
        results = compute_results([*data, hidden], POOL, PARAMS)
        r = results.find("KAB-999", 2025)
        assert r is not None and r.eligible and r.suppressed and not r.included
        national.append(results.national)
    assert national[0] == national[1]
    alone = compute_results(data, POOL, PARAMS).national if data else []
    if data:
        [with_hidden], [without] = national[0], alone
        assert with_hidden.instansi_total == without.instansi_total + 1
        assert (with_hidden.eligible_instansi, with_hidden.indices, with_hidden.values) == (
            without.eligible_instansi,
            without.indices,
            without.values,
        )
        assert with_hidden.ranking == without.ranking


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(many_answers, st.sampled_from(["barat", "timur"])), max_size=6))
def test_national_figures_are_those_of_a_plain_computation_over_the_included_instansi(rows):
    data, figures = [], {}
    for i, (drawn, region) in enumerate(rows):
        picks = shown(drawn)
        headcount = len(picks) + 3  # eligible when n >= min_required(n + 3); hidden if n < k
        code = f"KAB-{i:03d}"
        data.append(instansi_year(code, region, picks, headcount))
        answers = [([POOL.codes[j] for j in a] for a in p) for p in picks]
        answers = [(*a, 300.0) for a in (tuple(x) for x in answers)]
        if len(picks) >= PARAMS.k and len(picks) >= min_required(headcount):
            figures[code] = (ref.figures(answers, headcount, POOL), region)
    results = compute_results(data, POOL, PARAMS)
    [nat] = results.national if data else [None]
    if nat is None:
        return
    assert nat.eligible_instansi == len(figures)
    if not figures:
        assert nat.indices["implementasi"].value is None and nat.ranking == []
        return
    i1 = {code: f.indices["implementasi"] for code, (f, _region) in figures.items()}
    n = {code: f.n for code, (f, _region) in figures.items()}
    summary = nat.indices["implementasi"]
    assert summary.value == pytest.approx(statistics.fmean(i1.values()), abs=1e-9)
    assert summary.weighted == pytest.approx(
        sum(n[c] * i1[c] for c in i1) / sum(n.values()), abs=1e-9
    )
    quartiles = (
        statistics.quantiles(i1.values(), n=4, method="inclusive")
        if len(i1) > 1
        else [*i1.values()] * 3
    )
    assert [summary.q1, summary.median, summary.q3] == pytest.approx(quartiles, abs=1e-9)
    codes = sorted(i1)
    overall = dict(zip(codes, ref.competition_ranks([i1[c] for c in codes]), strict=True))
    expected = []
    for code in codes:
        region = figures[code][1]
        peers = [c for c in codes if figures[c][1] == region]
        in_region = dict(zip(peers, ref.competition_ranks([i1[c] for c in peers]), strict=True))
        expected.append((code, overall[code], in_region[code]))
    assert sorted(nat.ranking) == expected
