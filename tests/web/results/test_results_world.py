"""The results world (tests/helpers/results_world.py): what it holds and what it rendered."""

from __future__ import annotations

import pytest

from berakhlak.method import default_pool
from helpers.results_world import BASELINE_YEAR, FORMULA, MAIN, SMALL

pytestmark = pytest.mark.django_db

# --- the world itself -----------------------------------------------------------------------


def test_the_world_has_the_methods_suppression_vector_and_excluded_responses(rendered):
    r = rendered.result(MAIN)
    assert [int(n) for n in r.unit_stats.n] == [3, 12, 15, 40, 0]
    assert r.unit_hidden == [True, True, False, False, False]
    assert (r.n, int(r.stats.n_excluded[0]), r.eligible) == (70, 3, True)
    assert r.comparison is not None and r.comparison.baseline_year == BASELINE_YEAR
    assert rendered.result(SMALL).suppressed
    assert rendered.result(FORMULA).eligible


def test_the_expected_value_reach_agrees_with_counting_the_picks_by_hand(rendered):
    """The core's R_v and I1 of the main instansi, recounted from the cc answers in Python."""
    pool = default_pool()
    r = rendered.result(MAIN)
    picks = rendered.cc_picks
    assert len(picks) == r.n
    reach = []
    for v in pool.value_codes:
        behaviours = {pool.items[i].code for i in pool.behaviours(v)}
        reach.append(100 * sum(1 for p in picks if behaviours & set(p)) / len(picks))
    assert r.stats.values[0].tolist() == pytest.approx(reach, abs=1e-9)
    assert r.implementasi == pytest.approx(sum(reach) / 7, abs=1e-9)
