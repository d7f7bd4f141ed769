"""The six indices, value reach and intervals, checked against hand-computed numbers.

The example group has four respondents with the same pv and dc answers and these cc answers
(areas and polarity from items.csv; N.. items are limiting):

    R1  BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09   values reached 7, limiting 0
    R2  BP2 AK2 KO2 HA2 LO2 N01 N02 N06 N10 P01   values reached 5 (BP AK KO HA LO), limiting 4
    R3  BP1 BP2 BP3 N01 N04 N06 N07 N10 N11 P22   values reached 1 (BP), limiting 6
    R4  AD1 AD2 KL1 P01 P02 P05 P09 P13 P17 P22   values reached 2 (AD KL), limiting 0
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from berakhlak.method.counts import Counts, count_responses
from berakhlak.method.indices import (
    ENERGI,
    HARAPAN,
    IMPLEMENTASI,
    INDEX_NAMES,
    KESEIMBANGAN,
    PRIBADI,
    TOTAL,
    finite_population_correction,
    group_stats,
    index_label,
    top10_members,
    wilson_interval,
)
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params

POOL = default_pool()
PARAMS = Params()

PV = "BP1 BP2 AD1 KL1 P05 N10 AK1 KO1 HA1 P03"
DC = "AD1 AD2 AD3 KL1 KL2 P01 P13 P15 P22 P23"
CC = (
    "BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09",
    "BP2 AK2 KO2 HA2 LO2 N01 N02 N06 N10 P01",
    "BP1 BP2 BP3 N01 N04 N06 N07 N10 N11 P22",
    "AD1 AD2 KL1 P01 P02 P05 P09 P13 P17 P22",
)


def picks(*answers: str) -> np.ndarray:
    return np.array([[POOL.index(code) for code in a.split()] for a in answers], dtype=np.int8)


def count(pv: tuple[str, ...], cc: tuple[str, ...], dc: tuple[str, ...], durations=None) -> Counts:
    n = len(cc)
    duration = np.full(n, 300.0) if durations is None else np.asarray(durations, dtype=float)
    return count_responses(
        np.zeros(n, dtype=np.intp), 1, picks(*pv), picks(*cc), picks(*dc), duration, POOL, PARAMS
    )[0]


def example(times: int = 1) -> Counts:
    return count((PV,) * 4 * times, CC * times, (DC,) * 4 * times)


def test_value_reach_counts_respondents_who_pick_any_behaviour_of_the_value():
    # BP: R1 (BP1), R2 (BP2), R3 (BP1, BP2, BP3 count once) = 3 of 4 = 75 %.
    # AK, KO, HA, LO: R1 and R2 = 50 %; AD, KL: R1 and R4 = 50 %.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.values[0].tolist() == [75.0, 50.0, 50.0, 50.0, 50.0, 50.0, 50.0]


def test_implementasi_is_the_mean_of_the_seven_reaches():
    # (75 + 6 * 50) / 7 = 375 / 7 = 53.5714...; per respondent 100/7 * (7, 5, 1, 2), mean 15/28.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, IMPLEMENTASI] == pytest.approx(375 / 7)


def test_keseimbangan_is_one_minus_the_scaled_distance_from_an_even_spread_of_areas():
    # Positive cc votes per area 1..6: R1 1,2,1,3,1,2; R2 2,2,1,0,0,1; R3 0,1,0,1,0,2;
    # R4 2,1,1,3,2,1 -> totals 5,6,3,7,3,6 of 30. Even share = 5/30.
    # TVD = 1/2 (0 + 1 + 2 + 2 + 2 + 1) / 30 = 4/30; I2 = 100 (1 - (4/30) / (5/6)) = 84.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, KESEIMBANGAN] == pytest.approx(84.0)


def test_energi_positif_is_one_hundred_minus_the_share_of_limiting_cc_picks():
    # Limiting picks 0 + 4 + 6 + 0 = 10 of 40: I3 = 100 (1 - 10/40) = 75.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, ENERGI] == pytest.approx(75.0)


def test_keselarasan_pribadi_counts_shared_items_of_top10_pv_and_top10_cc():
    # cc votes: P01 3; BP1 BP2 AD1 KL1 P05 P09 P22 N01 N06 N10 2 each; the rest 1.
    # Top10(cc) = P01 and the first nine 2-vote items in pool order: BP1 BP2 AD1 KL1 P05 P09
    # P22 N01 N06 (N10 loses the tie). Top10(pv) = the ten pv items (4 votes each).
    # Shared: BP1 BP2 AD1 KL1 P05 = 5 -> I4 = 50 (N10 would make 60 if ties went the other way).
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, PRIBADI] == 50.0


def test_keselarasan_harapan_counts_shared_items_of_top10_cc_and_top10_dc():
    # Top10(dc) = the ten dc items; shared with Top10(cc): AD1 KL1 P01 P22 = 4 -> I5 = 40.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, HARAPAN] == 40.0


def test_total_is_the_mean_of_the_first_five_indices():
    # (375/7 + 84 + 75 + 50 + 40) / 5 = 302.5714... / 5 = 60.5142...
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices[0, TOTAL] == pytest.approx((375 / 7 + 84 + 75 + 50 + 40) / 5)


def test_wilson_interval_of_a_value_reach_without_headcount():
    # BP: p = 3/4, n = 4, f = 1, z^2 = 3.8416. denom = 1 + 3.8416/4 = 1.9604.
    # centre = (0.75 + 3.8416/8) / 1.9604 = 1.2302 / 1.9604 = 0.627525
    # half = 1.96 sqrt(0.75 * 0.25 / 4 + 3.8416/64) / 1.9604 = 1.96 * 0.326956 / 1.9604 = 0.326889
    # -> [30.0636, 95.4414] percent.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.values_ci[0, 0].tolist() == pytest.approx([30.0636, 95.4414], abs=1e-4)


def test_wilson_interval_uses_the_finite_population_correction():
    # Headcount 10: f = (10 - 4) / 9 = 2/3, n_eff = 4 / f = 6. denom = 1 + 3.8416/6 = 1.640267.
    # centre = (0.75 + 3.8416/12) / 1.640267 = 1.070133 / 1.640267 = 0.652415
    # half = 1.96 sqrt(0.75 * 0.25 / 6 + 3.8416/144) / 1.640267 = 1.96 * 0.240682 / 1.640267
    #      = 0.287598 -> [36.4817, 94.0013] percent.
    stats = group_stats(example(), 10, POOL, PARAMS)
    assert stats.fpc[0] == pytest.approx(2 / 3)
    assert stats.values_ci[0, 0].tolist() == pytest.approx([36.4817, 94.0013], abs=2e-4)


def test_a_census_gives_point_intervals_and_no_standard_error():
    # Headcount 4 = n: f = 0.
    stats = group_stats(example(), 4, POOL, PARAMS)
    assert stats.fpc[0] == 0.0
    assert stats.values_ci[0, 0].tolist() == [75.0, 75.0]
    assert stats.indices_ci[0, ENERGI].tolist() == [75.0, 75.0]
    assert stats.values_se[0, 0] == 0.0
    assert stats.indices_se[0, IMPLEMENTASI] == 0.0


def test_energi_positif_interval_is_the_mean_plus_minus_z_standard_errors_clipped_to_100():
    # Scores 100, 60, 40, 100; mean 75; deviations 25, -15, -35, 25; squares sum 2700;
    # sd = sqrt(2700 / 3) = 30; se = 30 / sqrt(4) = 15; 75 -/+ 1.96 * 15 = 45.6, 104.4 -> 100.
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices_se[0, ENERGI] == pytest.approx(15.0)
    assert stats.indices_ci[0, ENERGI].tolist() == pytest.approx([45.6, 100.0])


def test_energi_positif_interval_with_the_finite_population_correction():
    # Headcount 10: se = 15 sqrt(2/3) = 12.247449; 75 -/+ 1.96 * 12.247449 = 75 -/+ 24.004999.
    stats = group_stats(example(), 10, POOL, PARAMS)
    assert stats.indices_ci[0, ENERGI].tolist() == pytest.approx([50.995, 99.005], abs=1e-6)


def test_implementasi_interval_is_the_mean_plus_minus_z_standard_errors():
    # Scores 100/7 * (7, 5, 1, 2); in units of 100/7 mean 3.75, squared deviations
    # 10.5625 + 1.5625 + 7.5625 + 3.0625 = 22.75, sd = sqrt(22.75 / 3) = 2.7537852,
    # i.e. 39.339790 points; se = 19.669895; 53.571429 -/+ 1.96 * 19.669895 = -/+ 38.552994
    # -> [15.018435, 92.124422].
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    assert stats.indices_se[0, IMPLEMENTASI] == pytest.approx(19.669895, abs=1e-6)
    assert stats.indices_ci[0, IMPLEMENTASI].tolist() == pytest.approx(
        [15.018435, 92.124422], abs=1e-6
    )


def test_value_standard_error_for_the_change_test():
    # BP: 100 sqrt(0.75 * 0.25 * f / 4) = 21.650635 (f = 1); 17.677670 with f = 2/3.
    assert group_stats(example(), np.nan, POOL, PARAMS).values_se[0, 0] == pytest.approx(21.650635)
    assert group_stats(example(), 10, POOL, PARAMS).values_se[0, 0] == pytest.approx(17.677670)


def test_indices_without_an_interval_have_none():
    stats = group_stats(example(), np.nan, POOL, PARAMS)
    for j in (KESEIMBANGAN, PRIBADI, HARAPAN, TOTAL):
        assert np.isnan(stats.indices_ci[0, j]).all()
        assert np.isnan(stats.indices_se[0, j])


def test_one_respondent_has_indices_but_no_mean_interval():
    stats = group_stats(count((PV,), CC[:1], (DC,)), np.nan, POOL, PARAMS)
    assert stats.indices[0, IMPLEMENTASI] == 100.0
    assert np.isnan(stats.indices_ci[0, IMPLEMENTASI]).all()
    assert np.isnan(stats.indices_ci[0, ENERGI]).all()
    assert not np.isnan(stats.values_ci[0]).any()


def test_an_empty_group_has_no_figures():
    empty = np.zeros_like(example())
    stats = group_stats(empty, 50, POOL, PARAMS)
    assert stats.n[0] == 0
    assert np.isnan(stats.indices[0]).all()
    assert np.isnan(stats.values[0]).all()
    assert np.isnan(stats.values_ci[0]).all()


def test_keseimbangan_is_zero_without_positive_votes_and_100_for_an_even_spread():
    # Ten limiting items only: no positive votes.
    limiting = "N01 N02 N03 N04 N05 N06 N07 N08 N10 N11"
    stats = group_stats(count((PV,), (limiting,), (DC,)), np.nan, POOL, PARAMS)
    assert stats.indices[0, KESEIMBANGAN] == 0.0
    assert stats.indices[0, ENERGI] == 0.0
    # Six respondents, each area gets exactly 10 of the 60 positive votes -> 100.
    even = (
        "P01 P02 P03 P04 AK2 P05 P06 P07 P08 HA1",
        "P09 P10 P11 P12 KO3 P13 P14 P15 P16 AK1",
        "P17 P18 P19 P20 P21 P22 P23 P24 BP1 KO2",
        "LO3 P01 P02 P03 BP2 HA2 P05 P06 LO2 AD3",
        "BP3 KO1 AD1 AD2 P11 P10 AK3 HA3 KL1 KL3",
        "P04 HA1 P09 P15 P17 KL2 LO1 P23 P24 P22",
    )
    stats = group_stats(count((PV,) * 6, even, (DC,) * 6), np.nan, POOL, PARAMS)
    assert stats.indices[0, KESEIMBANGAN] == pytest.approx(100.0)


def test_all_positive_votes_in_one_area_give_keseimbangan_zero():
    one_area = "P01 P02 P03 P04 AK2 LO3 N01 N02 N03 N04"  # area 1 only
    stats = group_stats(count((PV,), (one_area,), (DC,)), np.nan, POOL, PARAMS)
    assert stats.indices[0, KESEIMBANGAN] == pytest.approx(0.0)


def test_top10_ties_go_to_the_earlier_item_in_pool_order():
    votes = np.zeros((1, 60), dtype=np.int64)
    votes[0, :12] = 1  # twelve items with one vote each
    votes[0, 30] = 5
    members = top10_members(votes)
    assert np.flatnonzero(members[0]).tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 30]


def test_top10_prefers_more_votes_over_pool_order():
    votes = np.zeros((1, 60), dtype=np.int64)
    votes[0, 59] = 3
    votes[0, :10] = 2
    members = top10_members(votes)
    assert members[0, 59]
    assert not members[0, 9]
    assert members.sum() == 10


def test_an_item_with_no_vote_never_enters_the_top10():
    votes = np.zeros((2, 60), dtype=np.int64)
    votes[0, [5, 17, 40]] = [1, 4, 2]
    members = top10_members(votes)
    assert np.flatnonzero(members[0]).tolist() == [5, 17, 40]
    assert not members[1].any()


def test_finite_population_correction_cases():
    # n < N: (N - n)/(N - 1); n = N: a census; n > N: an out-of-date headcount, no
    # correction; N unknown: no correction.
    f = finite_population_correction([4, 10, 12, 4], [10.0, 10.0, 10.0, np.nan])
    assert f.tolist() == pytest.approx([2 / 3, 0.0, 1.0, 1.0])


def test_more_respondents_than_headcount_gives_the_intervals_of_an_unknown_headcount():
    # Headcount 3 < n = 4: not a census with zero-width intervals, but f = 1: the BP
    # interval is Wilson's without correction, [30.0636, 95.4414], as with N unknown.
    over = group_stats(example(), 3, POOL, PARAMS)
    unknown = group_stats(example(), np.nan, POOL, PARAMS)
    assert over.fpc[0] == 1.0
    assert over.values_ci[0, 0].tolist() == pytest.approx([30.0636, 95.4414], abs=1e-4)
    assert over.indices_se[0, ENERGI] == pytest.approx(15.0)
    for name in ("values_ci", "values_se", "indices_ci", "indices_se"):
        np.testing.assert_array_equal(getattr(over, name), getattr(unknown, name))


def test_wilson_interval_of_zero_and_all_successes_stays_within_0_and_100():
    ci = wilson_interval(np.array([0.0, 5.0]), np.array([5.0, 5.0]), np.array([1.0, 1.0]), 1.96)
    assert ci[0, 0] == 0.0
    assert ci[1, 1] == pytest.approx(100.0)
    assert 0.0 < ci[0, 1] < 100.0
    assert 0.0 < ci[1, 0] < 100.0


def test_groups_are_computed_independently_in_one_call():
    both = np.stack([example(), example(25)])
    stats = group_stats(both, [np.nan, np.nan], POOL, PARAMS)
    assert stats.n.tolist() == [4, 100]
    assert stats.indices[0].tolist() == pytest.approx(stats.indices[1].tolist())
    # 25 copies: the I3 sd becomes sqrt(25 * 2700 / 99) = 26.1116, se 2.61116.
    assert stats.indices_se[1, ENERGI] == pytest.approx(math.sqrt(25 * 2700 / 99) / 10)


def test_every_index_has_a_label_in_both_languages():
    for name in INDEX_NAMES:
        assert index_label(name) and index_label(name, "en")
    assert index_label("implementasi") == "Implementasi BerAKHLAK"
