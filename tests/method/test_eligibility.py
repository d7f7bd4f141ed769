"""Minimum number of respondents and eligibility (docs/method.md §8)."""

from __future__ import annotations

import pytest

from berakhlak.method.eligibility import is_eligible, min_required, unit_target


@pytest.mark.parametrize(("headcount", "required"), [(1000, 286), (8000, 381), (300, 172)])
def test_reference_minimums_of_method_section_11(headcount, required):
    assert min_required(headcount) == required


def test_a_whole_slovin_result_is_not_rounded_up_by_binary_noise():
    # 400 / (1 + 400 * 0.0025) = 400 / 2 = 200 exactly, though 0.05 ** 2 in binary floating
    # point is 0.0025000000000000005.
    assert min_required(400) == 200
    assert min_required(1200, 0.1) == 93  # 1200 / 13 = 92.3


def test_minimum_uses_the_margin_of_the_cycle():
    # 1000 / (1 + 1000 * 0.01) = 1000 / 11 = 90.9
    assert min_required(1000, margin=0.1) == 91


def test_no_headcount_requires_no_one():
    assert min_required(0) == 0
    assert unit_target(10, 5, 0) == 0


def test_an_instansi_is_eligible_from_its_minimum_on():
    assert is_eligible(286, 1000)
    assert not is_eligible(285, 1000)
    assert not is_eligible(0, 0)


def test_unit_target_is_its_share_of_the_minimum_rounded_up():
    # 286 * 250 / 1000 = 71.5 -> 72; 286 * 500 / 1000 = 143 exactly.
    assert unit_target(286, 250, 1000) == 72
    assert unit_target(286, 500, 1000) == 143
