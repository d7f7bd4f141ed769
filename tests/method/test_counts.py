"""Additive counts and the exclusion of speeders and straight-liners (docs/method.md §3, §4.10)."""

from __future__ import annotations

import numpy as np

from berakhlak.method.counts import Layout, check_picks, count_responses, exclusion_flags
from berakhlak.method.items import Item, ItemPool, default_pool
from berakhlak.method.params import Params

POOL = default_pool()
LAYOUT = Layout.for_pool(POOL)
PARAMS = Params()

A = "BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09"
B = "BP2 AK2 KO2 HA2 LO2 N01 N02 N06 N10 P01"
C = "BP1 BP2 BP3 N01 N04 N06 N07 N10 N11 P22"


def picks(*answers: str) -> np.ndarray:
    return np.array([[POOL.index(code) for code in a.split()] for a in answers], dtype=np.int8)


def shuffled(answer: str, seed: int = 0) -> str:
    codes = answer.split()
    np.random.default_rng(seed).shuffle(codes)
    return " ".join(codes)


def count(pv, cc, dc, durations=None, group=None, n_groups=1, params=PARAMS):
    n = len(cc)
    duration = np.full(n, 300.0) if durations is None else np.asarray(durations, dtype=float)
    g = np.zeros(n, dtype=np.intp) if group is None else np.asarray(group)
    return count_responses(g, n_groups, picks(*pv), picks(*cc), picks(*dc), duration, POOL, params)


def test_layout_has_one_column_per_count():
    # n, 2 exclusions, 7 reaches, 4 sums, 3 x 60 votes.
    assert LAYOUT.width == 3 + 7 + 4 + 180
    assert LAYOUT.votes("dc").stop == LAYOUT.width


def test_counts_of_one_group():
    counts = count((A, A, C), (A, B, C), (B, B, B))[0]
    assert counts[LAYOUT.N] == 3
    # BP reached by all three (BP1, BP2, BP1..3); AD and KL only by A.
    assert counts[LAYOUT.reach].tolist() == [3, 2, 2, 2, 2, 1, 1]
    assert counts[LAYOUT.sum_reached] == 7 + 5 + 1
    assert counts[LAYOUT.sum_reached_sq] == 49 + 25 + 1
    assert counts[LAYOUT.sum_limiting] == 0 + 4 + 6
    assert counts[LAYOUT.sum_limiting_sq] == 0 + 16 + 36
    for question in ("pv", "cc", "dc"):
        assert counts[LAYOUT.votes(question)].sum() == 30
    cc_votes = counts[LAYOUT.votes("cc")]
    assert cc_votes[POOL.index("P01")] == 2
    assert cc_votes[POOL.index("N10")] == 2
    assert cc_votes[POOL.index("P22")] == 1
    assert counts[LAYOUT.votes("dc")][POOL.index("N01")] == 3


def test_rank_order_of_the_picks_does_not_change_the_counts():
    first = count((A,), (B,), (C,))
    second = count((shuffled(A, 1),), (shuffled(B, 2),), (shuffled(C, 3),))
    assert (first == second).all()


def test_each_response_counts_in_its_own_group():
    counts = count((A, A, C), (A, B, C), (B, B, B), group=[2, 0, 2], n_groups=4)
    assert counts[:, LAYOUT.N].tolist() == [1, 0, 2, 0]
    assert (counts[1] == 0).all()
    assert (counts.sum(axis=0) == count((A, A, C), (A, B, C), (B, B, B))[0]).all()


def test_a_speeder_is_excluded_and_counted():
    counts = count((A, A, A), (B, B, B), (C, C, C), durations=[59.0, 60.0, np.nan])[0]
    assert counts[LAYOUT.N] == 2
    assert counts[LAYOUT.SPEEDERS] == 1
    assert counts[LAYOUT.STRAIGHT] == 0
    assert counts[LAYOUT.votes("cc")].sum() == 20


def test_the_speeder_threshold_is_a_parameter():
    counts = count((A,), (B,), (C,), durations=[90.0], params=Params(speeder_seconds=120.0))[0]
    assert counts[LAYOUT.N] == 0
    assert counts[LAYOUT.SPEEDERS] == 1


def test_a_straight_liner_picks_the_same_set_in_all_three_questions_in_any_order():
    counts = count(
        (A, shuffled(A, 5), A),
        (shuffled(A, 1), shuffled(A, 6), A),
        (shuffled(A, 2), B, A),
    )[0]
    assert counts[LAYOUT.STRAIGHT] == 2  # rows 1 and 3; row 2 differs in dc
    assert counts[LAYOUT.N] == 1
    assert counts[LAYOUT.reach].tolist() == [1] * 7


def test_two_questions_alike_is_not_straight_lining():
    speeder, straight = exclusion_flags(
        picks(A, A), picks(A, B), picks(B, B), np.array([300.0, 300.0]), PARAMS
    )
    assert not straight.any()
    assert not speeder.any()


def test_a_fast_straight_liner_is_excluded_once():
    counts = count((A,), (A,), (A,), durations=[10.0])[0]
    assert counts[LAYOUT.N] == 0
    assert counts[LAYOUT.SPEEDERS] + counts[LAYOUT.STRAIGHT] == 1


def test_no_responses_give_zero_counts():
    empty = np.zeros((0, 10), dtype=np.int8)
    counts = count_responses(
        np.zeros(0, dtype=np.intp), 3, empty, empty, empty, np.zeros(0), POOL, PARAMS
    )
    assert counts.shape == (3, LAYOUT.width)
    assert not counts.any()


def test_check_picks_accepts_only_ten_distinct_positions_of_the_pool():
    good = picks(A)[0]
    dup = good.copy()
    dup[3] = dup[0]
    out_of_pool = good.copy()
    out_of_pool[9] = 60
    negative = good.copy()
    negative[0] = -1
    rows = np.stack([good, dup, out_of_pool, negative])
    assert check_picks(rows, 60).tolist() == [True, False, False, False]
    assert not check_picks(np.zeros((2, 9), dtype=np.int8), 60).any()


def test_a_pool_of_more_than_64_items_counts_as_the_bitmask_path_does():
    """Positions 0..63 are counted as bitmasks; a pool with more items takes another path."""

    extra = tuple(Item(f"X{i}", f"Butir {i}", f"Item {i}", None, "positif", 1) for i in range(10))
    big = ItemPool(version="uji", items=POOL.items + extra)
    a_with_x65 = A.replace("P09", "X5")  # still every value, no limiting item
    assert big.index("X5") == 65

    def counts_in(pool, cc):
        rows = [[pool.index(code) for code in answer.split()] for answer in cc]
        p = np.array(rows, dtype=np.int8)
        group, durations = np.zeros(2, np.intp), np.full(2, 300.0)
        return count_responses(group, 1, p[::-1], p, p[::-1], durations, pool, PARAMS)[0]

    layout = Layout.for_pool(big)
    slow, fast = counts_in(big, (a_with_x65, B)), counts_in(POOL, (A, B))
    assert slow[layout.reach].tolist() == fast[LAYOUT.reach].tolist() == [2, 2, 2, 2, 2, 1, 1]
    for column in ("sum_reached", "sum_reached_sq", "sum_limiting", "sum_limiting_sq"):
        assert slow[getattr(layout, column)] == fast[getattr(LAYOUT, column)]
    assert slow[layout.sum_limiting] == 4
    assert slow[layout.votes("cc")][big.index("X5")] == 1
