"""Disclosure control: threshold and complementary suppression (docs/method.md §9)."""

from __future__ import annotations

import numpy as np
import pytest

from berakhlak.method.suppression import (
    below_threshold,
    suppress_sibling_groups,
    suppress_siblings,
)


def codes(count: int) -> list[str]:
    return [f"U{i:02d}" for i in range(1, count + 1)]


def test_reference_units_3_12_15_40_hide_the_3_and_the_12():
    # S = 3 < 10, so the smallest visible (12) goes too; then S = 15 >= 10.
    assert suppress_siblings([3, 12, 15, 40], codes(4), k=10) == [True, True, False, False]


def test_threshold_hides_groups_of_one_to_k_minus_one():
    assert [below_threshold(n, 10) for n in (0, 1, 9, 10, 11)] == [False, True, True, False, False]


def test_small_groups_that_together_reach_k_need_no_complementary_suppression():
    assert suppress_siblings([3, 8, 30, 40], codes(4), k=10) == [True, True, False, False]


def test_no_group_under_k_hides_nothing():
    assert suppress_siblings([10, 25, 40], codes(3), k=10) == [False, False, False]


def test_complementary_suppression_goes_on_until_hidden_siblings_reach_k():
    # S = 2 -> hide 3 (S = 5) -> hide 4 (S = 9) -> hide 20 (S = 29).
    assert suppress_siblings([2, 20, 3, 4, 50], codes(5), k=10) == [True, True, True, True, False]


def test_complementary_suppression_ties_go_to_the_lower_code():
    hidden = suppress_siblings([4, 20, 20], ["U03", "U02", "U01"], k=10)
    assert hidden == [True, False, True]


def test_siblings_without_responses_are_never_chosen_to_complete_the_hidden_total():
    assert suppress_siblings([0, 4, 0, 30, 50], codes(5), k=10) == [False, True, False, True, False]


def test_a_small_group_stays_the_only_hidden_one_when_no_sibling_has_responses():
    assert suppress_siblings([4, 0, 0], codes(3), k=10) == [True, False, False]


def test_threshold_k_is_a_parameter():
    assert suppress_siblings([4, 12], codes(2), k=5) == [True, True]
    assert suppress_siblings([4, 12], codes(2), k=1) == [False, False]


def test_siblings_and_codes_must_have_the_same_length():
    with pytest.raises(ValueError, match="same length"):
        suppress_siblings([1, 2], ["U01"], k=10)


def test_groups_of_siblings_at_once_are_suppressed_as_each_group_alone():
    rng = np.random.default_rng(5)
    sizes = [int(x) for x in rng.integers(0, 8, 400)]  # some groups without units
    ns = rng.choice([0, 1, 3, 6, 9, 10, 12, 40, 200], size=sum(sizes))
    codes = [[f"U{j:02d}" for j in rng.permutation(size)] for size in sizes]
    together = suppress_sibling_groups(ns, sizes, codes.__getitem__, 10)
    start, complementary = 0, 0
    for size, group_codes, hidden in zip(sizes, codes, together, strict=True):
        alone = suppress_siblings(ns[start : start + size].tolist(), group_codes, 10)
        assert hidden == alone
        complementary += hidden != [0 < n < 10 for n in ns[start : start + size]]
        start += size
    assert complementary > 10  # the complementary step was taken, not only the threshold
