"""Rounding, categories, ranks and number formatting (docs/method.md §5, §10), on fixed numbers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from berakhlak.method.counts import Layout
from berakhlak.method.indices import IMPLEMENTASI, group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.rounding import (
    category,
    category_array,
    category_label,
    competition_ranks,
    format_count,
    format_decimal,
    format_percent,
    round1,
    round1_array,
)

MINISTRY_2022 = (59.6, 64.1, 58.3, 53.7, 62.7, 43.5, 67.7)
NATIONAL_2022 = (57.9, 74.1, 56.7, 63.8, 65.8, 38.9, 69.4)


def test_the_mean_of_the_ministry_2022_values_rounds_to_58_5():
    # (59.6 + 64.1 + 58.3 + 53.7 + 62.7 + 43.5 + 67.7) / 7 = 409.6 / 7 = 58.5142857...
    assert round1(58.51428571428571) == 58.5


def test_the_mean_of_the_national_2022_values_rounds_to_60_9():
    # (57.9 + 74.1 + 56.7 + 63.8 + 65.8 + 38.9 + 69.4) / 7 = 426.6 / 7 = 60.9428571...
    assert round1(60.94285714285714) == 60.9


@pytest.mark.parametrize(
    ("reaches", "mean", "expected"),
    [(MINISTRY_2022, 58.51428571428571, 58.5), (NATIONAL_2022, 60.94285714285714, 60.9)],
)
def test_implementasi_of_a_group_is_the_plain_mean_of_its_value_reaches(reaches, mean, expected):
    # 1000 respondents, value v reached by 10 x its percentage of them (596, 641, ... people).
    pool = default_pool()
    layout = Layout.for_pool(pool)
    counts = layout.empty()
    reached = [round(r * 10) for r in reaches]
    counts[layout.N] = 1000
    counts[layout.reach] = reached
    counts[layout.sum_reached] = sum(reached)
    stats = group_stats(counts, np.nan, pool, Params())
    assert stats.values[0] == pytest.approx(reaches)
    assert stats.indices[0, IMPLEMENTASI] == pytest.approx(mean, abs=1e-12)
    assert round1(float(stats.indices[0, IMPLEMENTASI])) == expected


@pytest.mark.parametrize(
    ("value", "letter"),
    [
        (24.9, "D"),
        (25.0, "C"),
        (49.95, "B"),
        (74.9, "B"),
        (74.95, "A"),
        (75.0, "A"),
        (38.9, "C"),
    ],
)
def test_reference_categories_of_method_section_11(value, letter):
    assert category(value) == letter
    assert category_array(np.array([value])) == [letter]


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (74.95, 75.0),
        (74.94999, 74.9),
        (49.95, 50.0),
        (24.95, 25.0),
        (0.05, 0.1),
        (0.04999, 0.0),
        (-0.05, -0.1),
        (-0.15, -0.2),
        (-1.25, -1.3),
        (-74.95, -75.0),
        (-0.04999, 0.0),
        (100.0, 100.0),
    ],
)
def test_round1_rounds_half_away_from_zero_also_for_negative_numbers(value, rounded):
    assert round1(value) == rounded
    assert round1_array(np.array([value]))[0] == rounded


@pytest.mark.parametrize(
    ("values", "ranks"),
    [
        ([61.04, 61.0, 60.96, 59.2], [1, 1, 1, 4]),  # all three are published as 61,0
        ([70.0, 65.55, 65.5, 60.0], [1, 2, 3, 4]),  # 65,6 and 65,5
        ([50.0, 71.44, 71.35, 71.4], [4, 1, 1, 1]),  # 71,4 three times, in any order
        ([], []),
    ],
)
def test_ranks_by_the_rounded_figure_share_ties_and_skip(values, ranks):
    assert competition_ranks(values) == ranks


def test_round1_never_returns_negative_zero():
    assert math.copysign(1.0, round1(-0.04)) == 1.0
    assert math.copysign(1.0, round1_array(np.array([-0.04]))[0]) == 1.0


def test_a_computed_boundary_value_with_binary_noise_still_rounds_up():
    # A computation meant to give 74.95 may land one step below it in binary floating point.
    noisy = float(np.nextafter(74.95, 0.0))  # 74.94999999999999
    assert noisy < 74.95
    assert round1(noisy) == 75.0
    assert category(noisy) == "A"
    assert category_array(np.array([noisy])) == ["A"]


def test_category_of_a_missing_value_is_none():
    assert category(None) is None
    assert category(float("nan")) is None
    assert category_array(np.array([np.nan, 80.0])) == [None, "A"]
    assert np.isnan(round1_array(np.array([np.nan]))[0])


def test_categories_follow_the_bands_of_the_parameters():
    params = Params(band_a=80.0, band_b=60.0, band_c=40.0)
    assert category(79.94, params) == "B"
    assert category(79.95, params) == "A"
    assert category(39.9, params) == "D"
    assert category_array(np.array([79.95, 59.9, 40.0]), params) == ["A", "C", "C"]


def test_category_labels_in_indonesian_and_english():
    assert category_label("B") == "Cukup Sehat"
    assert category_label("D") == "Sangat Tidak Sehat"
    assert category_label("A", "en") == "Healthy"


def test_indonesian_text_uses_the_decimal_comma_and_thousands_dot():
    assert format_percent(61.14) == "61,1%"
    assert format_percent(61.15, "en") == "61.2%"
    assert format_decimal(-0.04) == "0,0"
    assert format_decimal(-0.05) == "-0,1"
    assert format_decimal(2.345, "en", digits=2) == "2.35"
    assert format_count(4123) == "4.123"
    assert format_count(1234567, "en") == "1,234,567"
