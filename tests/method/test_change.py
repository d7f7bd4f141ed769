"""Year-over-year change, the shown change and whether it is bermakna (docs/method.md §7)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berakhlak.method.change import (
    HIDDEN,
    NAIK,
    NO_RESPONSES,
    NO_RESULTS,
    TETAP,
    TURUN,
    Unreported,
    change,
    changes,
    direction,
    find_baseline,
    shown_change,
)
from berakhlak.method.comparison import compare
from berakhlak.method.counts import count_responses
from berakhlak.method.indices import ENERGI, group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params

PARAMS = Params()
POOL = default_pool()


def test_a_change_beyond_z_standard_errors_and_the_floor_is_bermakna():
    # se = sqrt(0.3^2 + 0.4^2) = 0.5; z se = 0.98 <= |62.1 - 61.1| = 1.0 and 1.0 >= floor 1.0.
    c = change(61.1, 62.1, 0.3, 0.4, PARAMS)
    assert c is not None
    assert c.delta == pytest.approx(-1.0)
    assert c.direction == TURUN
    assert c.significant is True


def test_a_change_within_z_standard_errors_is_not_bermakna():
    # se = sqrt(0.6^2 + 0.8^2) = 1.0; z se = 1.96 > 1.5.
    c = change(63.0, 61.5, 0.6, 0.8, PARAMS)
    assert c is not None
    assert (c.direction, c.significant) == (NAIK, False)


def test_a_change_under_one_point_is_never_bermakna_however_precise():
    # se = sqrt(0.01^2 + 0.01^2) = 0.0141; z se = 0.028 < 0.8, but 0.8 < 1.0 point.
    c = change(61.9, 61.1, 0.01, 0.01, PARAMS)
    assert c is not None
    assert (c.direction, c.significant) == (NAIK, False)


def test_a_census_change_of_at_least_one_point_is_bermakna():
    c = change(61.1, 62.1, 0.0, 0.0, PARAMS)
    assert c is not None
    assert c.significant is True


def test_the_floor_is_a_parameter():
    c = change(61.9, 61.1, 0.01, 0.01, Params(min_change=0.5))
    assert c is not None
    assert c.significant is True


def test_a_change_that_rounds_to_zero_is_tetap_and_not_bermakna():
    c = change(61.14, 61.1, 0.0, 0.0, PARAMS)
    assert c is not None
    assert (c.delta_shown, c.direction, c.significant) == (0.0, TETAP, False)


@pytest.mark.parametrize(
    ("current", "previous", "shown", "word"),
    [
        (61.02, 61.84, -0.8, TURUN),  # 61,8 -> 61,0: "turun 0,8", though delta = -0.82
        (60.96, 61.84, -0.8, TURUN),  # delta = -0.88 would round to -0.9
        (61.05, 61.04, 0.1, NAIK),  # delta = 0.01, but the published figures 61,0 -> 61,1
        (61.14, 61.05, 0.0, TETAP),  # delta = 0.09, both published as 61,1
        (61.1, 61.15, -0.1, TURUN),  # 61,1 against 61,2 (half away from zero)
        (74.95, 74.94, 0.1, NAIK),  # 74,9 -> 75,0
        (-0.04, 0.04, 0.0, TETAP),  # both 0,0 (never -0,0)
    ],
)
def test_the_shown_change_is_the_difference_of_the_rounded_figures(current, previous, shown, word):
    c = change(current, previous, 0.0, 0.0, PARAMS)
    assert c is not None
    assert (c.delta_shown, c.direction) == (shown, word)
    assert math.copysign(1.0, c.delta_shown) == math.copysign(1.0, shown or 1.0)
    assert shown_change(current, previous) == shown
    assert c.delta == current - previous
    assert c.baseline == previous


@pytest.mark.parametrize(
    ("shown", "word"), [(0.1, NAIK), (0.0, TETAP), (-0.1, TURUN), (-3.2, TURUN)]
)
def test_the_direction_word_is_the_sign_of_the_shown_change(shown, word):
    assert direction(shown) == word


def test_bermakna_is_decided_on_the_unrounded_change():
    # 61.05 (published 61,1) against 60.06 (60,1): shown 1,0, but delta 0.99 < 1.0 point.
    c = change(61.05, 60.06, 0.0, 0.0, PARAMS)
    assert c is not None
    assert (c.delta_shown, c.direction, c.significant) == (1.0, NAIK, False)
    # 61.04 (61,0) against 60.0: shown 1,0 and delta 1.04, so bermakna.
    c = change(61.04, 60.0, 0.0, 0.0, PARAMS)
    assert c is not None
    assert (c.delta_shown, c.significant) == (1.0, True)


def test_a_figure_without_standard_error_has_a_change_but_no_test():
    c = change(70.0, 60.0, math.nan, math.nan, PARAMS)
    assert c is not None
    assert (c.delta, c.delta_shown, c.direction, c.significant) == (10.0, 10.0, NAIK, None)
    assert c.as_dict() == {
        "delta": 10.0,
        "delta_shown": 10.0,
        "direction": NAIK,
        "significant": None,
    }


figures = st.one_of(st.just(math.nan), st.integers(0, 1_000_000).map(lambda x: x / 10_000))
errors = st.one_of(st.just(math.nan), st.floats(0, 20, allow_nan=False))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(figures, figures, errors, errors), min_size=1, max_size=12))
def test_the_changes_of_many_figures_at_once_are_those_of_one_at_a_time(rows):
    current, previous, se_c, se_p = (np.array(column) for column in zip(*rows, strict=True))
    together = changes(current[None], previous[None], se_c[None], se_p[None], PARAMS)[0]
    alone = [change(*row, PARAMS) for row in rows]
    assert together == alone


def test_the_baseline_is_the_latest_earlier_year_that_was_shown():
    hidden = Unreported(2024, HIDDEN, 10)
    # 2025 against 2023: 2024 hidden.
    assert find_baseline(2025, [(2024, hidden), (2023, None), (2022, None)]) == (2023, (hidden,))
    # The year just before: nothing skipped.
    assert find_baseline(2025, [(2024, None), (2023, None)]) == (2024, ())
    # 2025 against 2021: 2024 hidden, 2023 without results, 2022 without a valid response.
    empty = Unreported(2022, NO_RESPONSES)
    assert find_baseline(2025, [(2024, hidden), (2022, empty), (2021, None)]) == (
        2021,
        (empty, Unreported(2023, NO_RESULTS), hidden),
    )
    # No year shown: no baseline, and why.
    assert find_baseline(2025, [(2024, hidden)]) == (None, (hidden,))
    assert find_baseline(2025, []) == (None, ())


def test_no_change_without_both_years():
    assert change(math.nan, 60.0, 1.0, 1.0, PARAMS) is None
    assert change(60.0, math.nan, 1.0, 1.0, PARAMS) is None


def stats_of(cc: list[str], times: int):
    answers = np.array([[POOL.index(c) for c in a.split()] for a in cc] * times, dtype=np.int8)
    pv = np.tile(np.arange(10, dtype=np.int8), (len(answers), 1))
    dc = np.tile(np.arange(20, 30, dtype=np.int8), (len(answers), 1))
    counts = count_responses(
        np.zeros(len(answers), dtype=np.intp),
        1,
        pv,
        answers,
        dc,
        np.full(len(answers), 300.0),
        POOL,
        PARAMS,
    )
    return group_stats(counts, np.nan, POOL, PARAMS)


BEFORE = [  # Energi Positif scores 100, 60, 40, 100: mean 75, sd 30.
    "BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09",
    "BP2 AK2 KO2 HA2 LO2 N01 N02 N06 N10 P01",
    "BP1 BP2 BP3 N01 N04 N06 N07 N10 N11 P22",
    "AD1 AD2 KL1 P01 P02 P05 P09 P13 P17 P22",
]
AFTER = ["BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09"]  # score 100, sd 0


def test_energi_positif_change_of_a_small_group_is_within_the_margin_of_error():
    # Before: n = 4, se = 30 / 2 = 15. After: n = 4, se = 0. Delta = 25 < 1.96 * 15 = 29.4.
    cmp = compare(stats_of(AFTER, 4), stats_of(BEFORE, 1), 2025, POOL, PARAMS)
    c = cmp.indices["energi_positif"]
    assert c is not None
    assert c.delta == pytest.approx(25.0)
    assert c.significant is False
    assert cmp.indices["keseimbangan"] is not None
    assert cmp.indices["keseimbangan"].significant is None


def test_energi_positif_change_of_a_larger_group_is_bermakna():
    # Before: the four answers 25 times, sd = sqrt(25 * 2700 / 99) = 26.1116, se = 2.6112;
    # Delta = 25 >= 1.96 * 2.6112 = 5.118.
    before = stats_of(BEFORE, 25)
    assert before.indices_se[0, ENERGI] == pytest.approx(math.sqrt(25 * 2700 / 99) / 10)
    cmp = compare(stats_of(AFTER, 100), before, 2025, POOL, PARAMS)
    assert cmp.baseline_year == 2025
    c = cmp.indices["energi_positif"]
    assert c is not None
    assert c.significant is True


def test_value_change_uses_the_binomial_standard_errors():
    # AD before: 2 of 4 -> 50 %, se = 100 sqrt(0.25 / 4) = 25; after 100 %, se = 0.
    # Delta = 50 >= 1.96 * 25 = 49 -> bermakna. KL the same; BP 75 -> 100: 25 < 1.96 * 21.65.
    cmp = compare(stats_of(AFTER, 4), stats_of(BEFORE, 1), 2025, POOL, PARAMS)
    assert cmp.values["AD"] is not None
    assert cmp.values["AD"].delta == pytest.approx(50.0)
    assert cmp.values["AD"].significant is True
    assert cmp.values["BP"] is not None
    assert cmp.values["BP"].significant is False
