"""The proposals of focus values after a published year (method/focus.py)."""

from __future__ import annotations

import math

from berakhlak.method.change import Change
from berakhlak.method.details import GroupDetails, ItemFigure
from berakhlak.method.focus import propose_focus
from berakhlak.method.items import default_pool

POOL = default_pool()
CODES = list(POOL.value_codes)  # BP AK KO HA LO AD KL


def details(limiting: list[tuple[str, int]], jumps: list[tuple[str, float]]) -> GroupDetails:
    n = 200
    return GroupDetails(
        n=n,
        votes={},
        top10={},
        behaviours={},
        areas={},
        areas_limiting={},
        limiting=[ItemFigure(POOL.index(c), v, 100 * v / n) for c, v in limiting],
        jumps=[(POOL.index(c), j) for c, j in jumps],
    )


def fell(delta: float, significant: bool | None) -> Change:
    return Change(delta, delta, "turun" if delta < 0 else "naik", significant, 60.0)


def test_the_weakest_values_come_lowest_first_with_ties_in_the_instruments_order():
    scores = [70.0, 55.0, 61.0, 55.0, 80.0, 52.5, 90.0]
    p = propose_focus(CODES, scores, {}, None, POOL)
    assert [(x.code, x.figure) for x in p.weakest] == [("AD", 52.5), ("AK", 55.0), ("HA", 55.0)]
    assert p.limiting == [] and p.jumps == []


def test_only_values_that_fell_bermakna_are_proposed_as_fallen():
    scores = [70.0, 65.0, 61.0, 58.0, 80.0, 52.5, 90.0]
    changes = {
        "BP": fell(-2.4, True),
        "AK": fell(-3.0, False),  # within the margin of error
        "KO": fell(-1.1, None),  # no test exists
        "HA": fell(2.0, True),  # rose
        "LO": fell(-1.5, True),
        "AD": None,
    }
    p = propose_focus(CODES, scores, changes, None, POOL)
    assert [(x.code, x.figure) for x in p.fell] == [("BP", -2.4), ("LO", -1.5)]
    assert p.values[:4] == ["AD", "HA", "KO", "BP"]


def test_limiting_items_by_votes_and_jumps_of_positive_items_with_their_values():
    limiting = [("N03", 80), ("N01", 60), ("N07", 30)]
    behaviour = next(i for i in POOL.items if i.value == "KL")
    jumps = [("N05", 12.0), (behaviour.code, 9.5), ("AK1", 4.0), ("BP1", -3.0)]
    p = propose_focus(CODES, [60.0] * 7, {}, details(limiting, jumps), POOL, limiting=2)
    assert [(x.code, x.figure) for x in p.limiting] == [("N03", 40.0), ("N01", 30.0)]
    # a limiting item's jump is no value to work on; negative jumps are not proposed
    assert [(x.code, x.value) for x in p.jumps] == [(behaviour.code, "KL"), ("AK1", "AK")]


def test_a_hidden_year_proposes_nothing():
    p = propose_focus(CODES, [None] * 7, {"BP": fell(-5, True)}, None, POOL)
    assert (p.weakest, p.fell, p.limiting, p.jumps, p.values) == ([], [], [], [], [])
    q = propose_focus(CODES, [math.nan] * 7, {}, None, POOL)
    assert q.values == []
