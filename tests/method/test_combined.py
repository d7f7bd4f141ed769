"""The combined index of self-run cycles (docs/method.md §12, vectors of §14)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from berakhlak.method.combined import (
    DEFAULT_RUBRIC,
    Criterion,
    Evaluation,
    Rubric,
    combined,
    combined_index,
    instansi_evidence,
    light,
    rubric_from_dict,
    unit_evidence,
)
from berakhlak.method.compute import compute_results
from berakhlak.method.counts import Counts, Layout, count_responses
from berakhlak.method.indices import IMPLEMENTASI
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.results_text import results_json_text
from berakhlak.method.rounding import round1

POOL = default_pool()
LAYOUT = Layout.for_pool(POOL)
PARAMS = Params()
VECTOR = {"KP": 2, "AG": 2, "RM": 1, "IN": 1, "KM": 0, "PS": 2, "RA": 1, "AP": 0}
FULL = dict.fromkeys(DEFAULT_RUBRIC.codes, 2)


def random_counts(rng: np.random.Generator, n: int) -> Counts:
    if n == 0:
        return LAYOUT.empty()

    def answers() -> np.ndarray:
        return np.argsort(rng.random((n, len(POOL))), axis=1)[:, :10].astype(np.int8)

    return count_responses(
        np.zeros(n, dtype=np.intp), 1, answers(), answers(), answers(), np.full(n, 300.0), POOL,
        PARAMS,
    )[0]  # fmt: skip


def instansi(code: str, headcounts: list[int], region: str = "barat") -> InstansiInfo:
    units = tuple(UnitInfo(f"U{j:02d}", f"Unit {j}", h) for j, h in enumerate(headcounts, 1))
    return InstansiInfo(code, f"Instansi {code}", region, units)


def year_of(
    info: InstansiInfo,
    year: int,
    sizes: list[int],
    scores: dict[str, dict[str, int]] | None,
    seed: int = 1,
) -> InstansiYear:
    rng = np.random.default_rng(seed + year)
    counts = np.stack([random_counts(rng, n) for n in sizes])
    evaluation = None if scores is None else Evaluation(DEFAULT_RUBRIC, scores)
    return InstansiYear(info, year, counts, evaluation=evaluation)


# --- the vectors of §14 and the definitions of §12 ---------------------------------------------


def test_the_default_rubric_has_the_eight_criteria_scored_red_yellow_green_with_weight_one():
    assert DEFAULT_RUBRIC.codes == ("KP", "AG", "RM", "IN", "KM", "PS", "RA", "AP")
    assert DEFAULT_RUBRIC.scale_max == 2
    assert {c.weight for c in DEFAULT_RUBRIC.criteria} == {1.0}
    assert [light(s, 2) for s in (0, 1, 2)] == ["merah", "kuning", "hijau"]


def test_the_reference_unit_scores_9_of_16_points_and_combines_with_61_1_to_60_1_b():
    e = unit_evidence(VECTOR)
    assert e == pytest.approx(56.25)
    g = combined(e, 61.1, None, math.nan, PARAMS)
    assert g.value == pytest.approx(60.13)
    assert round1(g.value or 0) == 60.1 and g.category == "B"


def test_an_instansi_of_three_units_counts_the_unit_without_evidence_as_zero():
    evaluation = Evaluation(DEFAULT_RUBRIC, {"U1": VECTOR, "U2": FULL})
    scores = evaluation.unit_scores(["U1", "U2", "U3"])
    assert scores == pytest.approx([56.25, 100.0, 0.0])
    assert instansi_evidence(scores) == pytest.approx(52.0833333)


def test_a_criterion_without_a_score_scores_zero():
    assert unit_evidence({"KP": 2}) == pytest.approx(12.5)
    assert unit_evidence({}) == 0.0


def test_the_weights_and_the_scale_of_a_rubric_are_its_own():
    rubric = Rubric((Criterion("a", "A", "A", 2.0), Criterion("b", "B", "B", 1.0)), scale_max=4)
    # 100 * (2 * 3 + 1 * 1) / (4 * 3) = 58.33
    assert unit_evidence({"a": 3, "b": 1}, rubric) == pytest.approx(58.3333333)
    assert rubric_from_dict(rubric.as_dict()) == rubric


def test_the_weights_of_the_combined_index_are_parameters_of_the_cycle():
    assert combined_index(61.1, 75.0, PARAMS) == pytest.approx(63.88)
    assert combined_index(60.0, 90.0, Params(survey_weight=0.7, evidence_weight=0.3)) == (
        pytest.approx(69.0)
    )
    with pytest.raises(ValueError):
        Params(survey_weight=0.8, evidence_weight=0.3)


def test_a_rubric_needs_unique_positive_criteria_and_a_scale():
    with pytest.raises(ValueError):
        Rubric(())
    with pytest.raises(ValueError):
        Rubric((Criterion("a", "A", "A"), Criterion("a", "B", "B")))
    with pytest.raises(ValueError):
        Rubric((Criterion("a", "A", "A", 0.0),))
    with pytest.raises(ValueError):
        Rubric((Criterion("a", "A", "A"),), scale_max=0)


def test_the_interval_of_g_is_that_of_i1_scaled_and_shifted_by_the_evidence():
    g = combined(50.0, 60.0, (55.0, 65.0), 2.5, PARAMS)
    assert g.ci95 == pytest.approx((0.8 * 55 + 0.2 * 50, 0.8 * 65 + 0.2 * 50))
    assert g.se == pytest.approx(2.0)
    assert combined(50.0, None, None, math.nan, PARAMS).value is None


# --- in the results ------------------------------------------------------------------------------


def test_the_instansi_and_each_shown_unit_get_g_from_their_own_i1():
    info = instansi("A", [40, 60])
    data = year_of(info, 2025, [30, 45], {"U01": VECTOR, "U02": FULL})
    (r,) = compute_results([data], POOL, PARAMS).instansi
    c = r.combined
    assert c is not None and c.evidence == pytest.approx((56.25 + 100) / 2)
    assert c.value == pytest.approx(0.8 * r.implementasi + 0.2 * c.evidence)
    lo, hi = r.stats.indices_ci[0, IMPLEMENTASI]
    assert c.ci95 == pytest.approx((0.8 * lo + 0.2 * c.evidence, 0.8 * hi + 0.2 * c.evidence))
    for j, e in enumerate((56.25, 100.0)):
        unit = r.unit_combined[j]
        assert unit is not None and unit.evidence == pytest.approx(e)
        i1 = r.unit_stats.indices[j, IMPLEMENTASI]
        assert unit.value == pytest.approx(0.8 * i1 + 0.2 * e)
    entry = results_json(compute_results([data], POOL, PARAMS))["instansi"][0]
    assert set(entry["combined"]) == {"evidence", "value", "category", "ci95", "change"}
    assert entry["combined"]["value"] == pytest.approx(c.value)


def test_an_instansi_without_any_evidence_has_no_combined_index_not_zero():
    info = instansi("A", [40])
    for scores in (None, {}, {"U01": {}}):
        (r,) = compute_results([year_of(info, 2025, [30], scores)], POOL, PARAMS).instansi
        assert r.combined is None and r.unit_combined == [None]
    data = results_json(compute_results([year_of(info, 2025, [30], None)], POOL, PARAMS))
    assert data["instansi"][0]["combined"] is None
    assert "combined" not in data["national"][0]


def test_a_suppressed_unit_shows_its_evidence_score_but_never_g():
    # n = 3, 12, 15, 40: the 3 and (complementary) the 12 are hidden (§11).
    info = instansi("A", [10, 20, 30, 60])
    scores = dict.fromkeys(("U01", "U02", "U03", "U04"), VECTOR)
    data = year_of(info, 2025, [3, 12, 15, 40], scores)
    results = compute_results([data], POOL, PARAMS)
    (r,) = results.instansi
    assert r.unit_hidden == [True, True, False, False]
    entry = results_json(results)["instansi"][0]
    for unit in entry["units"][:2]:
        assert unit["combined"] == {"evidence": pytest.approx(56.25)}
    for unit in entry["units"][2:]:
        assert unit["combined"]["value"] is not None
    text = json.loads("".join(results_json_text(results)))
    assert text["instansi"][0]["units"][0]["combined"] == {"evidence": 56.25}


def test_the_change_of_g_is_against_the_latest_earlier_year_with_a_shown_g():
    info = instansi("A", [80])
    data = [
        year_of(info, 2023, [40], {"U01": FULL}),
        year_of(info, 2024, [40], None),  # no evaluation: no G that year
        year_of(info, 2025, [5], {"U01": FULL}),  # hidden: no G that year
        year_of(info, 2026, [50], {"U01": VECTOR}),
    ]
    results = compute_results(data, POOL, PARAMS)
    first, _, hidden, last = results.instansi
    assert hidden.combined is not None and hidden.combined.value is None
    c, before = last.combined, first.combined
    assert c is not None and before is not None and c.value is not None
    assert before.value is not None
    assert c.baseline_year == 2023 and c.change is not None
    assert c.change.delta == pytest.approx(c.value - before.value)
    assert c.change.delta_shown == pytest.approx(round1(round1(c.value) - round1(before.value)))
    se1 = float(first.stats.indices_se[0, IMPLEMENTASI])
    se2 = float(last.stats.indices_se[0, IMPLEMENTASI])
    se = 0.8 * math.hypot(se1, se2)
    assert c.change.significant == (
        abs(c.change.delta) >= 1.96 * se and abs(c.change.delta) >= 1.0 - 1e-9
    )
    unit = last.unit_combined[0]
    assert unit is not None and unit.baseline_year == 2023
    entry = results_json(results)["instansi"][-1]["combined"]["change"]
    assert entry["baseline_year"] == 2023 and entry["delta"] == pytest.approx(c.change.delta)


def test_the_national_g_is_the_mean_over_included_instansi_that_have_one_with_their_count():
    data = [
        year_of(instansi("A", [40]), 2025, [40], {"U01": VECTOR}),
        year_of(instansi("B", [45]), 2025, [45], {"U01": FULL}, seed=2),
        year_of(instansi("C", [50]), 2025, [50], None, seed=3),  # no evidence: not counted
    ]
    results = compute_results(data, POOL, PARAMS)
    a, b, _ = results.instansi
    assert a.combined and b.combined and a.combined.value and b.combined.value
    national = results_json(results)["national"][0]["combined"]
    assert national["instansi"] == 2
    assert national["value"] == pytest.approx((a.combined.value + b.combined.value) / 2)


def test_the_json_text_of_the_combined_index_is_json_dumps_of_its_data():
    info = instansi("A", [10, 20, 30, 60])
    data = [
        year_of(info, 2024, [3, 12, 15, 40], {"U01": FULL, "U03": {"KP": 1}}),
        year_of(info, 2025, [3, 12, 15, 40], {"U02": VECTOR}),
        year_of(instansi("B", [20]), 2025, [1], {"U01": FULL}),
        year_of(instansi("C", [20]), 2025, [12], None),
    ]
    for params in (Params(), Params(k=1)):
        results = compute_results(data, POOL, params)
        text = "".join(results_json_text(results))
        expected = json.dumps(results_json(results), ensure_ascii=False, allow_nan=False, indent=1)
        assert text == expected + "\n"


# --- anonymity: E and G must not give a hidden survey figure away -------------------------------


def test_attack_g_of_a_hidden_unit_never_appears_in_the_results():
    """G of a hidden unit minus 0.2 * its (shown) E would give its I1 away."""
    info = instansi("A", [10, 20, 30, 60])
    data = year_of(info, 2025, [3, 12, 15, 40], dict.fromkeys(("U01", "U02", "U03", "U04"), FULL))
    results = compute_results([data], POOL, Params())
    (r,) = results.instansi
    for j in (0, 1):
        hidden = r.unit_combined[j]
        assert hidden is not None and hidden.value is None and hidden.ci95 is None
        assert hidden.change is None
    text = "".join(results_json_text(results))
    for unit in json.loads(text)["instansi"][0]["units"][:2]:
        assert set(unit["combined"]) == {"evidence"}


def test_attack_the_instansi_g_holds_nothing_beyond_its_shown_i1_and_the_units_shown_e():
    """Instansi G minus what the visible units show must not isolate a hidden unit: G is
    0.8 * the instansi's published I1 + 0.2 * the mean of every unit's published E."""
    info = instansi("A", [10, 20, 30, 60])
    scores = {"U01": VECTOR, "U02": FULL, "U03": {"KP": 1}}
    results = compute_results([year_of(info, 2025, [3, 12, 15, 40], scores)], POOL, Params())
    entry = results_json(results)["instansi"][0]
    shown_e = [u["combined"]["evidence"] for u in entry["units"]]
    i1 = entry["indices"]["implementasi"]["value"]
    assert entry["combined"]["value"] == pytest.approx(0.8 * i1 + 0.2 * sum(shown_e) / 4)


def test_attack_the_national_g_leaves_out_an_instansi_hidden_by_k():
    """An eligible instansi with fewer than k respondents: its G in the national mean would be
    national mean times count minus the shown instansi."""
    data = [
        year_of(instansi("A", [40]), 2025, [40], {"U01": VECTOR}),
        year_of(instansi("B", [6]), 2025, [6], {"U01": FULL}, seed=2),  # eligible, n < k
    ]
    results = compute_results(data, POOL, PARAMS)
    a, b = results.instansi
    assert b.eligible and not b.shown
    assert b.combined is not None and b.combined.value is None
    national = results_json(results)["national"][0]["combined"]
    assert national["instansi"] == 1
    assert a.combined is not None and national["value"] == pytest.approx(a.combined.value)
