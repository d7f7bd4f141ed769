"""Instansi-years, their units, year-over-year change and the national roll-up
(docs/method.md §4-§11, §14)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from berakhlak.method.change import HIDDEN, NO_RESULTS, PROTECTED, Unreported
from berakhlak.method.compute import _quantiles, compute_results
from berakhlak.method.counts import Counts, Layout, count_responses
from berakhlak.method.indices import ENERGI, IMPLEMENTASI, INDEX_NAMES, GroupStats, group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import METHOD_ID, Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.unit_figures import UnitFigures

POOL = default_pool()
LAYOUT = Layout.for_pool(POOL)
PARAMS = Params()

ALL_SEVEN = "BP1 AK1 KO1 HA1 LO1 AD1 KL1 P01 P05 P09"  # I1 = 100, I3 = 100
FIVE = "BP2 AK2 KO2 HA2 LO2 N01 N02 N06 N10 P01"  # I1 = 500/7, I3 = 60
ONE = "BP1 BP2 BP3 N01 N04 N06 N07 N10 N11 P22"  # I1 = 100/7, I3 = 40
PV = "AK1 P18 P21 P07 LO1 KO1 P03 HA1 P09 P06"
DC = "AD2 AD1 P12 P03 P13 P15 P22 KO1 BP1 BP3"


def picks(answer: str, n: int) -> np.ndarray:
    return np.tile(np.array([POOL.index(c) for c in answer.split()], dtype=np.int8), (n, 1))


def counts_of(*groups: tuple[str, int], rng_seed: int | None = None) -> Counts:
    """One counts row of n respondents per (cc answer, n); or random answers with a seed."""
    cc = np.concatenate([picks(answer, n) for answer, n in groups])
    n = len(cc)
    if rng_seed is not None:
        rng = np.random.default_rng(rng_seed)
        cc = np.array([rng.choice(60, 10, replace=False) for _ in range(n)], dtype=np.int8)
    return count_responses(
        np.zeros(n, dtype=np.intp),
        1,
        picks(PV, n),
        cc,
        picks(DC, n),
        np.full(n, 300.0),
        POOL,
        PARAMS,
    )[0]


def instansi(code: str, headcounts: list[int], region: str = "barat") -> InstansiInfo:
    units = tuple(UnitInfo(f"U{j:02d}", f"Unit {j}", h) for j, h in enumerate(headcounts, 1))
    return InstansiInfo(code, f"Instansi {code}", region, units)


def year_of(info: InstansiInfo, year: int, rows: list[Counts]) -> InstansiYear:
    return InstansiYear(info, year, np.stack(rows))


def test_instansi_figures_are_computed_from_the_sum_of_its_unit_counts():
    info = instansi("KAB-001", [50, 60])
    a, b = counts_of((ALL_SEVEN, 30), rng_seed=1), counts_of((ALL_SEVEN, 45), rng_seed=2)
    results = compute_results([year_of(info, 2025, [a, b])], POOL, PARAMS)
    r = results.instansi[0]
    direct = group_stats(a + b, 110, POOL, PARAMS)
    assert r.n == 75
    assert (r.counts == a + b).all()
    assert np.allclose(r.stats.indices, direct.indices)
    assert np.allclose(r.stats.values_ci, direct.values_ci)
    assert np.allclose(r.stats.indices_ci[0, IMPLEMENTASI], direct.indices_ci[0, IMPLEMENTASI])
    assert r.unit_stats.n.tolist() == [30, 45]


def test_units_are_suppressed_with_complementary_suppression():
    info = instansi("KAB-001", [20, 20, 20, 50])
    rows = [counts_of((ALL_SEVEN, n)) for n in (3, 12, 15, 40)]
    results = compute_results([year_of(info, 2025, rows)], POOL, PARAMS)
    units = results_json(results)["instansi"][0]["units"]
    assert [u["suppressed"] for u in units] == [True, True, False, False]
    hidden_keys = {"code", "name", "n", "headcount", "suppressed", "combined", "local", "group"}
    assert [set(u) for u in units[:2]] == [hidden_keys] * 2
    assert set(units[2]) == hidden_keys | {"indices", "values"}
    assert units[2]["indices"]["implementasi"]["value"] == 100.0


def test_an_instansi_under_k_shows_nothing_but_still_counts_as_an_instansi():
    info = instansi("KAB-001", [20, 20])
    rows = [counts_of((ALL_SEVEN, 4)), counts_of((ONE, 3))]
    results = compute_results([year_of(info, 2025, rows)], POOL, PARAMS)
    r = results.instansi[0]
    assert r.suppressed
    entry = results_json(results)["instansi"][0]
    assert entry["n"] == 7
    assert all(v["value"] is None for v in entry["indices"].values())
    assert all(v["value"] is None for v in entry["values"].values())
    assert entry["change"] is None
    assert "kurang dari 10 responden" in entry["narrative"]
    assert all(u["suppressed"] for u in entry["units"])
    assert results.national[0].instansi_total == 1
    assert results.national[0].eligible_instansi == 0


def test_a_unit_without_responses_is_shown_empty_not_suppressed():
    info = instansi("KAB-001", [20, 20])
    rows = [counts_of((ALL_SEVEN, 30)), np.zeros(LAYOUT.width, dtype=np.int64)]
    entry = results_json(compute_results([year_of(info, 2025, rows)], POOL, PARAMS))["instansi"][0]
    empty = entry["units"][1]
    assert empty["n"] == 0
    assert empty["suppressed"] is False
    assert empty["indices"]["implementasi"] == {"value": None, "category": None, "ci95": None}


def test_eligibility_uses_the_minimum_of_the_instansi_headcount():
    # Headcount 1000 needs 286 valid responses.
    info = instansi("KAB-001", [600, 400])
    short = compute_results(
        [year_of(info, 2025, [counts_of((FIVE, 185)), counts_of((FIVE, 100))])], POOL, PARAMS
    ).instansi[0]
    enough = compute_results(
        [year_of(info, 2025, [counts_of((FIVE, 186)), counts_of((FIVE, 100))])], POOL, PARAMS
    ).instansi[0]
    assert (short.min_required, short.n, short.eligible) == (286, 285, False)
    assert (enough.n, enough.eligible) == (286, True)
    assert "di bawah jumlah minimum 286" in short.narrative()


def national_data() -> list[InstansiYear]:
    # Three eligible instansi (headcount 20, minimum 20) with I1 100, 500/7 and 100/7,
    # and one below its minimum with I1 100/7.
    return [
        year_of(instansi("KAB-001", [20], "barat"), 2025, [counts_of((FIVE, 20))]),
        year_of(instansi("KAB-002", [20], "timur"), 2025, [counts_of((ALL_SEVEN, 20))]),
        year_of(instansi("KOT-001", [20], "barat"), 2025, [counts_of((ONE, 20))]),
        year_of(instansi("KOT-002", [40], "barat"), 2025, [counts_of((ONE, 30))]),
    ]


def test_national_figures_are_unweighted_means_over_eligible_instansi():
    results = compute_results(national_data(), POOL, PARAMS)
    [nat] = results.national
    assert (nat.year, nat.eligible_instansi, nat.instansi_total) == (2025, 3, 4)
    i1 = nat.indices["implementasi"]
    # (100 + 500/7 + 100/7) / 3 = (1300/7) / 3 = 61.904...
    assert i1.value == pytest.approx(1300 / 21)
    assert i1.category == "B"
    assert i1.median == pytest.approx(500 / 7)
    assert i1.q1 == pytest.approx((100 / 7 + 500 / 7) / 2)
    assert i1.q3 == pytest.approx((500 / 7 + 100) / 2)
    assert nat.indices["energi_positif"].value == pytest.approx((60 + 100 + 40) / 3)
    assert nat.values["AD"].value == pytest.approx(100 / 3)


def test_national_ranking_is_by_implementasi_overall_and_within_region():
    [nat] = compute_results(national_data(), POOL, PARAMS).national
    assert nat.ranking == [("KAB-002", 1, 1), ("KAB-001", 2, 1), ("KOT-001", 3, 2)]


def test_instansi_with_the_same_rounded_index_share_a_rank_and_the_next_rank_skips():
    data = [
        *national_data()[:3],
        year_of(instansi("KAB-003", [20], "barat"), 2025, [counts_of((FIVE, 20))]),
        year_of(instansi("KAB-004", [20], "timur"), 2025, [counts_of((FIVE, 20))]),
    ]
    results = compute_results(data, POOL, PARAMS)
    [nat] = results.national
    # I1: KAB-002 100; KAB-001, KAB-003, KAB-004 500/7 = 71.4; KOT-001 100/7.
    assert nat.ranking == [
        ("KAB-002", 1, 1),
        ("KAB-001", 2, 1),
        ("KAB-003", 2, 1),
        ("KAB-004", 2, 2),
        ("KOT-001", 5, 3),
    ]
    entries = {e["code"]: e for e in results_json(results)["instansi"]}
    assert [(entries[c]["rank"], entries[c]["rank_region"]) for c in sorted(entries)] == [
        (2, 1),
        (1, 1),
        (2, 1),
        (2, 2),
        (5, 3),
    ]


def test_the_respondent_weighted_national_mean():
    # I1 100 with 20 respondents and 100/7 with 40: unweighted (100 + 100/7) / 2 = 400/7;
    # weighted (20 * 100 + 40 * 100/7) / 60 = 300/7 = 42.857142...
    data = [
        year_of(instansi("KAB-001", [20]), 2025, [counts_of((ALL_SEVEN, 20))]),
        year_of(instansi("KAB-002", [40]), 2025, [counts_of((ONE, 40))]),
    ]
    [nat] = compute_results(data, POOL, PARAMS).national
    i1 = nat.indices["implementasi"]
    assert i1.value == pytest.approx(57.142857142857)
    assert i1.weighted == pytest.approx(42.857142857143)
    # I3: 100 and 40 -> weighted (2000 + 1600) / 60 = 60.
    assert nat.indices["energi_positif"].weighted == pytest.approx(60.0)
    assert nat.values["BP"].weighted == pytest.approx(100.0)  # both reach BP
    assert nat.values["AK"].weighted == pytest.approx(100 / 3)  # only the 20


def test_an_eligible_instansi_hidden_by_k_is_in_no_national_figure_count_or_rank():
    # Headcount 9: the minimum is 9, so 9 respondents make it eligible, but 9 < k = 10 hides
    # it. Were it counted, 4 x the mean minus the three shown would give its index away.
    small = year_of(instansi("KAB-009", [9], "barat"), 2025, [counts_of((ALL_SEVEN, 9))])
    without = compute_results(national_data(), POOL, PARAMS)
    results = compute_results([*national_data(), small], POOL, PARAMS)
    r = results.find("KAB-009", 2025)
    assert r is not None and r.eligible and r.suppressed and not r.included
    [nat], [before] = results.national, without.national
    assert (nat.eligible_instansi, nat.instansi_total) == (3, 5)
    assert nat.indices == before.indices and nat.values == before.values
    assert nat.ranking == before.ranking
    entry = next(e for e in results_json(results)["instansi"] if e["code"] == "KAB-009")
    assert (entry["eligible"], entry["rank"], entry["rank_region"]) == (True, None, None)


def test_a_threshold_of_its_own_cycle_hides_an_instansi_year_from_the_national_figures():
    data = national_data()
    data[1] = InstansiYear(data[1].instansi, 2025, data[1].unit_counts, k=25)  # n = 20 < 25
    results = compute_results(data, POOL, PARAMS)
    r = results.find("KAB-002", 2025)
    assert r is not None and r.suppressed and r.k == 25
    assert [code for code, _rank, _region in results.national[0].ranking] == ["KAB-001", "KOT-001"]


def test_national_figures_of_a_year_without_eligible_instansi_are_empty():
    info = instansi("KAB-001", [1000])
    [nat] = compute_results([year_of(info, 2025, [counts_of((FIVE, 20))])], POOL, PARAMS).national
    assert nat.eligible_instansi == 0
    assert nat.indices["implementasi"].value is None


def test_change_is_against_the_latest_earlier_year_of_the_same_instansi():
    info = instansi("KAB-001", [40, 40])
    data = [
        year_of(info, 2026, [counts_of((ALL_SEVEN, 20)), counts_of((ALL_SEVEN, 20))]),
        year_of(info, 2023, [counts_of((ONE, 20)), counts_of((ONE, 20))]),
        year_of(info, 2025, [counts_of((FIVE, 20)), counts_of((FIVE, 20))]),
    ]
    results = compute_results(data, POOL, PARAMS)
    assert [(r.year, r.comparison is None) for r in results.instansi] == [
        (2023, True),
        (2025, False),
        (2026, False),
    ]
    latest = results.find("KAB-001", 2026)
    assert latest is not None and latest.comparison is not None
    assert latest.comparison.baseline_year == 2025
    assert latest.comparison.unreported == ()
    i1 = latest.comparison.indices["implementasi"]
    assert i1 is not None
    # 100 - 500/7 = 28.57; every respondent alike in both years: se 0, so bermakna.
    assert i1.delta == pytest.approx(200 / 7)
    assert i1.delta_shown == 28.6  # 100,0 - 71,4
    assert (i1.direction, i1.significant) == ("naik", True)
    assert latest.comparison.values["BP"].direction == "tetap"
    assert len(latest.unit_comparisons) == 2


def test_a_hidden_year_is_never_a_baseline_and_the_narrative_says_why():
    info = instansi("KAB-001", [40])
    data = [
        year_of(info, 2025, [counts_of((FIVE, 5))]),
        year_of(info, 2026, [counts_of((ALL_SEVEN, 20))]),
    ]
    r = compute_results(data, POOL, PARAMS).find("KAB-001", 2026)
    assert r is not None
    assert r.comparison is None
    assert r.unreported == (Unreported(2025, HIDDEN, 10),)
    assert (
        "Belum ada tahun sebelumnya yang dilaporkan sebagai pembanding: tahun 2025 tidak "
        "dilaporkan karena kurang dari 10 responden."
    ) in r.narrative()


def test_the_baseline_is_the_latest_earlier_year_in_which_the_instansi_was_shown():
    info = instansi("KAB-001", [40])
    data = [
        year_of(info, 2022, [counts_of((FIVE, 20))]),
        year_of(info, 2023, [counts_of((ONE, 6))]),  # hidden: 6 < 10
        year_of(info, 2024, [counts_of((ALL_SEVEN, 20))]),
    ]
    results = compute_results(data, POOL, PARAMS)
    r = results.find("KAB-001", 2024)
    assert r is not None and r.comparison is not None
    assert r.comparison.baseline_year == 2022
    assert r.comparison.unreported == (Unreported(2023, HIDDEN, 10),)
    i1 = r.comparison.indices["implementasi"]
    assert i1 is not None and i1.delta_shown == pytest.approx(28.6)  # 100,0 - 71,4
    assert "naik 28,6 poin dari 71,4% pada 2022" in r.narrative()
    assert (
        "Tahun 2023 tidak dilaporkan karena kurang dari 10 responden, sehingga pembandingnya "
        "adalah tahun 2022."
    ) in r.narrative()
    assert results_json(results)["instansi"][2]["change"]["baseline_year"] == 2022


def test_a_year_without_results_between_is_named_not_bridged_silently():
    info = instansi("KAB-001", [40])
    data = [
        year_of(info, 2022, [counts_of((FIVE, 20))]),
        year_of(info, 2024, [counts_of((ALL_SEVEN, 20))]),
    ]
    r = compute_results(data, POOL, PARAMS).find("KAB-001", 2024)
    assert r is not None and r.comparison is not None
    assert (r.comparison.baseline_year, r.comparison.unreported) == (
        2022,
        (Unreported(2023, NO_RESULTS),),
    )
    assert "Tahun 2023 tidak dilaporkan karena tidak ada hasil survei" in r.narrative()


def test_each_unit_is_compared_with_the_latest_earlier_year_in_which_that_unit_was_shown():
    # U01 shown every year. U02 hidden in 2024 (5 < 10) and shown in 2023. U03 hidden in
    # 2024 to protect U02 (complementary suppression: S = 5, so the smallest shown, 12, goes
    # too) and absent from 2023.
    info = instansi("KAB-001", [60, 20, 30])
    old = InstansiInfo(info.code, info.name, info.region, info.units[:2])
    data = [
        year_of(old, 2023, [counts_of((ONE, 40)), counts_of((ONE, 15))]),
        year_of(info, 2024, [counts_of((FIVE, 40)), counts_of((FIVE, 5)), counts_of((FIVE, 12))]),
        year_of(
            info,
            2025,
            [counts_of((ALL_SEVEN, 40)), counts_of((ALL_SEVEN, 15)), counts_of((ALL_SEVEN, 20))],
        ),
    ]
    results = compute_results(data, POOL, PARAMS)
    r = results.find("KAB-001", 2025)
    assert r is not None and r.comparison is not None and r.comparison.baseline_year == 2024
    assert results.find("KAB-001", 2024).unit_hidden == [False, True, True]
    u01, u02, u03 = r.unit_comparisons
    assert u01 is not None and (u01.baseline_year, u01.unreported) == (2024, ())
    assert u02 is not None and (u02.baseline_year, u02.unreported) == (
        2023,
        (Unreported(2024, HIDDEN, 10),),
    )
    i1 = u02.indices["implementasi"]
    assert i1 is not None and i1.baseline == pytest.approx(100 / 7)  # 2023's ONE, not 2024's
    assert u03 is None  # shown only now: hidden to protect U02 in 2024, absent in 2023
    assert r.unit_baselines[2] == (
        None,
        (Unreported(2023, NO_RESULTS), Unreported(2024, PROTECTED, 10)),
    )


def test_results_json_records_the_method_and_its_parameters_and_unrounded_values():
    params = Params(k=5)
    data = national_data()
    results = compute_results(data, POOL, params)
    out = results_json(results)
    assert out["method"] == METHOD_ID
    assert out["params"]["k"] == 5
    assert out["params"] == params.as_dict()
    entry = out["instansi"][0]
    assert entry["code"] == "KAB-001"
    assert entry["indices"]["implementasi"]["value"] == pytest.approx(500 / 7)
    assert entry["indices"]["implementasi"]["value"] != round(500 / 7, 1)
    assert entry["indices"]["energi_positif"]["ci95"] == [60.0, 60.0]  # census: 20 of 20
    assert entry["indices"]["keseimbangan"]["ci95"] is None
    assert list(entry) == [
        "code",
        "name",
        "region",
        "year",
        "n",
        "n_excluded",
        "headcount",
        "min_required",
        "eligible",
        "rank",
        "rank_region",
        "indices",
        "values",
        "change",
        "narrative",
        "warnings",
        "combined",
        "local",
        "units",
        "groups",
    ]
    assert (entry["warnings"], entry["combined"], entry["local"]) == ([], None, None)
    json.dumps(out, allow_nan=False)


def test_more_respondents_than_headcount_drops_the_correction_and_warns():
    # Unit U01 has 20 staff and 25 respondents; U02 30 and 10; the instansi 50 and 35.
    info = instansi("KAB-001", [20, 30])
    rows = [counts_of((FIVE, 20), (ONE, 5)), counts_of((FIVE, 10))]
    results = compute_results([year_of(info, 2025, rows)], POOL, PARAMS)
    r = results.instansi[0]
    assert r.over_headcount == [0]
    unit = r.unit_stats
    assert unit.fpc.tolist() == pytest.approx([1.0, 20 / 29])
    lo, hi = unit.indices_ci[0, IMPLEMENTASI]
    assert hi - lo > 1.0  # not the zero width of a census
    assert r.warnings() == [
        "Jumlah responden sah unit U01 Unit 1 (25) melebihi jumlah pegawainya (20): data "
        "jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung tanpa "
        "koreksi populasi terhingga."
    ]
    entry = results_json(results, "en")["instansi"][0]
    assert entry["warnings"] == [r.warnings("en")[0]]
    assert entry["warnings"][0].startswith("Unit U01 Unit 1 has more valid respondents (25)")
    over = compute_results(
        [year_of(instansi("KAB-002", [20]), 2025, [counts_of((FIVE, 24))])], POOL, PARAMS
    ).instansi[0]
    assert [w.split(" (")[0] for w in over.warnings()] == [
        "Jumlah responden sah Instansi KAB-002",
        "Jumlah responden sah unit U01 Unit 1",
    ]
    assert over.stats.fpc[0] == 1.0


def test_an_instansi_without_valid_responses_has_no_figures():
    info = instansi("KAB-001", [40])
    rows = [np.zeros(LAYOUT.width, dtype=np.int64)]
    rows[0][LAYOUT.SPEEDERS] = 3
    results = compute_results([year_of(info, 2025, rows)], POOL, PARAMS)
    entry = results_json(results)["instansi"][0]
    assert (entry["n"], entry["n_excluded"], entry["eligible"]) == (0, 3, False)
    assert entry["indices"]["total"]["value"] is None
    assert entry["narrative"] == "Belum ada respons yang sah."


def test_compute_results_of_nothing_is_empty():
    results = compute_results([], POOL, PARAMS)
    assert results.instansi == []
    assert results.national == []
    assert results_json(results)["instansi"] == []


def test_every_index_is_reported_for_a_shown_instansi():
    results = compute_results(national_data(), POOL, PARAMS)
    entry = results_json(results)["instansi"][1]
    assert list(entry["indices"]) == list(INDEX_NAMES)
    assert list(entry["values"]) == list(POOL.value_codes)
    r = results.instansi[1]
    assert entry["indices"]["energi_positif"]["value"] == r.stats.indices[0, ENERGI]


def test_the_national_quartiles_are_exactly_numpy_s_linear_percentiles():

    rng = np.random.default_rng(11)
    for n in [*range(1, 12), 37, 600]:
        for x in (rng.normal(60, 10, n), rng.integers(0, 100, n) / 3):
            assert _quantiles(x) == tuple(np.percentile(x, [25, 50, 75]).tolist())
    assert all(np.isnan(_quantiles(np.array([50.0, np.nan]))))


def test_unit_figures_computed_a_few_units_at_a_time_equal_those_of_all_units_at_once(
    monkeypatch: pytest.MonkeyPatch,
):

    data = []
    for i in range(7):  # 1 to 4 units each, 16 in all
        rows = [counts_of((ALL_SEVEN, 3 + j), rng_seed=10 * i + j) for j in range(i % 4 + 1)]
        data.append(year_of(instansi(f"KAB-{i:03d}", [40 + i] * len(rows)), 2025, rows))
    monkeypatch.setattr(UnitFigures, "CHUNK", 3)  # passes of 3 to 6 units, ends mid-way
    results = compute_results(data, POOL, PARAMS)
    fifth = results.instansi[4]  # 1 unit, row 10, in the fourth pass (rows 10-12)
    units = fifth.units
    assert fifth.span == (10, 11) and fifth.unit_stats.n.tolist() == [3]
    assert list(units._done) == [3]  # computed only where asked
    chunked = units.stats
    whole = group_stats(
        np.concatenate([d.unit_counts for d in data]),
        np.array([u.headcount for d in data for u in d.instansi.units], dtype=np.float64),
        POOL,
        PARAMS,
    )
    assert len(chunked) == 16
    np.testing.assert_array_equal(fifth.unit_stats.values, whole.values[10:11])
    for name in GroupStats.__dataclass_fields__:
        np.testing.assert_array_equal(getattr(chunked, name), getattr(whole, name))
