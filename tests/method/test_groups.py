"""Reporting groups (docs/method.md §9): units gathered to be reported as one, suppression in
two steps, the figures of a group from its units' summed counts, its change against the
latest earlier year in which the same group (same code, same units) was shown."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berakhlak.method.change import GROUP_HIDDEN, HIDDEN, PROTECTED, REGROUPED, Unreported
from berakhlak.method.compute import compute_results
from berakhlak.method.counts import Counts, Layout, count_responses
from berakhlak.method.indices import group_stats
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import GroupInfo, InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.results_text import results_json_text
from berakhlak.method.suppression import suppress_with_groups
from helpers import reference as ref

POOL = default_pool()
LAYOUT = Layout.for_pool(POOL)
PARAMS = Params()


def random_counts(rng: np.random.Generator, n: int) -> Counts:
    if n == 0:
        return LAYOUT.empty()

    def answers() -> np.ndarray:
        return np.argsort(rng.random((n, len(POOL))), axis=1)[:, :10].astype(np.int8)

    return count_responses(
        np.zeros(n, dtype=np.intp), 1, answers(), answers(), answers(), np.full(n, 300.0),
        POOL, PARAMS,
    )[0]  # fmt: skip


def grouped(
    units: list[tuple[str, int, str | None]], groups: dict[str, str], code: str = "KAB-001"
) -> InstansiInfo:
    """An instansi of (unit code, headcount, group code or None) and {group code: name}."""
    return InstansiInfo(
        code,
        f"Kabupaten {code}",
        "barat",
        tuple(UnitInfo(c, f"Unit {c}", h, g) for c, h, g in units),
        tuple(GroupInfo(g, name) for g, name in groups.items()),
    )


def split(
    ns: list[int], codes: list[str], groups: list[str | None]
) -> tuple[list[int], list[str], list[int], list[str]]:
    names = sorted({g for g in groups if g is not None})
    return ns, codes, [-1 if g is None else names.index(g) for g in groups], names


def hide(ns: list[int], codes: list[str], groups: list[str | None], k: int = 10):
    return suppress_with_groups(*split(ns, codes, groups), k)


# --- The two steps, exactly ------------------------------------------------------------------


def test_a_group_of_small_units_is_shown_while_each_of_its_units_stays_hidden():
    # Among the instansi's siblings: G1 (3 + 4 + 5 = 12), U1 (40), U2 (15): none under 10.
    # Inside G1: all three under 10, S = 12: nothing more to hide.
    units, groups = hide(
        [3, 4, 5, 40, 15], ["K1", "K2", "K3", "U1", "U2"], ["G1", "G1", "G1", None, None]
    )
    assert groups == [False]
    assert units == [True, True, True, False, False]


def test_a_group_under_k_is_hidden_with_all_its_units_and_protected_by_the_smallest_sibling():
    # G1 = 3 + 4 = 7 < 10 is hidden; S = 7, so the smallest shown sibling (U1, 12) goes too.
    units, groups = hide([3, 4, 12, 40], ["K1", "K2", "U1", "U2"], ["G1", "G1", None, None])
    assert groups == [True]
    assert units == [True, True, True, False]


def test_a_unit_of_k_or_more_in_a_hidden_group_is_hidden():
    # G1 = 2 + 11 = 13, U1 = 4 < 10: S = 4, the smallest shown sibling is G1 (13 < 50).
    units, groups = hide([2, 11, 4, 50], ["K1", "K2", "U1", "U2"], ["G1", "G1", None, None])
    assert groups == [True]
    assert units == [True, True, True, False]


def test_inside_a_shown_group_the_rule_runs_again_among_its_units():
    # G1 = 3 + 30 + 40 = 73 is shown; inside it 3 is hidden and S = 3, so 30 goes too.
    units, groups = hide(
        [3, 30, 40, 20], ["K1", "K2", "K3", "U1"], ["G1", "G1", "G1", None]
    )  # fmt: skip
    assert groups == [False]
    assert units == [True, True, False, False]


def test_a_group_and_a_unit_of_equal_n_are_told_apart_by_code_as_text():
    # S = 4 (U9); G1 and U1 both have 12: "G1" < "U1" as text, so the group goes.
    units, groups = hide(
        [6, 6, 12, 4, 50], ["K1", "K2", "U1", "U9", "U5"], ["G1", "G1", None, None, None]
    )
    assert groups == [True]
    assert units == [True, True, False, True, False]
    units, groups = hide(
        [6, 6, 12, 4, 50], ["K1", "K2", "U1", "U9", "U5"], ["Z1", "Z1", None, None, None]
    )
    assert groups == [False]
    assert units == [True, True, True, True, False]  # U1 goes; inside Z1 6 + 6: both hidden


def test_units_and_codes_must_have_the_same_length():
    with pytest.raises(ValueError, match="same length"):
        suppress_with_groups([1, 2], ["U1"], [0, -1], ["G1"], 10)


def test_an_instansi_names_its_groups_once_and_every_group_its_units_name():
    with pytest.raises(ValueError, match="unknown reporting group"):
        grouped([("U1", 10, "G9")], {"G1": "Kecil"})
    with pytest.raises(ValueError, match="code of a unit"):
        grouped([("U1", 10, None), ("U2", 5, "U1")], {"U1": "Kecil"})
    with pytest.raises(ValueError, match="appears twice"):
        InstansiInfo(
            "KAB-001", "K", "barat", (UnitInfo("U1", "U", 1, "G1"),),
            (GroupInfo("G1", "a"), GroupInfo("G1", "b")),
        )  # fmt: skip


# --- Properties -------------------------------------------------------------------------------

unit_ns = st.lists(st.one_of(st.integers(0, 12), st.integers(0, 120)), min_size=1, max_size=12)
unit_groups = st.lists(st.sampled_from([None, None, "G1", "G2", "KEC"]), min_size=12, max_size=12)


@settings(max_examples=400, deadline=None)
@given(unit_ns, unit_groups, st.integers(1, 15))
def test_exactly_the_units_and_groups_the_method_names_are_hidden(ns, groups, k):
    groups = groups[: len(ns)]
    codes = [f"U{j}" for j in range(len(ns))]
    units, hidden_groups = hide(ns, codes, groups, k)
    expected_units, expected_groups = ref.hidden_with_groups(ns, codes, groups, k)
    assert units == expected_units
    assert dict(zip(split(ns, codes, groups)[3], hidden_groups, strict=True)) == expected_groups


@settings(max_examples=400, deadline=None)
@given(unit_ns, unit_groups, st.integers(1, 15))
def test_no_hidden_unit_or_group_can_be_recovered_by_subtraction(ns, groups, k):
    """An attacker subtracts what is shown from what is shown: the instansi minus its
    visible groups and ungrouped units, each visible group minus its visible units, the
    instansi minus every visible unit. What is left is nobody, at least k respondents, or
    the whole instansi (then under k and itself hidden)."""
    groups = groups[: len(ns)]
    codes = [f"U{j}" for j in range(len(ns))]
    units, hidden_groups = hide(ns, codes, groups, k)
    names = split(ns, codes, groups)[3]
    group_n = {g: sum(n for n, gg in zip(ns, groups, strict=True) if gg == g) for g in names}
    total = sum(ns)

    def safe(left: int, whole: int) -> bool:
        return left == 0 or left >= k or left == whole

    shown_groups = [g for g, h in zip(names, hidden_groups, strict=True) if not h]
    assert all(group_n[g] == 0 or group_n[g] >= k for g in shown_groups)
    visible_units = [j for j, h in enumerate(units) if not h]
    assert all(ns[j] == 0 or ns[j] >= k for j in visible_units)
    siblings_left = total - sum(group_n[g] for g in shown_groups)
    siblings_left -= sum(ns[j] for j in visible_units if groups[j] is None)
    assert safe(siblings_left, total)
    assert safe(total - sum(ns[j] for j in visible_units), total)
    for g in shown_groups:
        left = group_n[g] - sum(ns[j] for j in visible_units if groups[j] == g)
        assert left == 0 or left >= k  # a shown group has k or more: never "the whole" < k
    for j, g in enumerate(groups):
        if g is not None and hidden_groups[names.index(g)]:
            assert units[j]  # a hidden group hides all its units


# --- Figures, the results JSON, change ------------------------------------------------------


def small_units_world(rng: np.random.Generator, year: int, kec: list[int], **kw):
    """Four kecamatan offices (headcounts 4 each) gathered in KEC, two large units."""
    info = grouped(
        [(f"K{j}", 4, "KEC") for j in range(1, len(kec) + 1)]
        + [("U1", 60, None), ("U2", 80, None)],
        {"KEC": "Kecamatan"},
        **kw,
    )
    ns = [*kec, 30, 45]
    return InstansiYear(info, year, np.stack([random_counts(rng, n) for n in ns]))


def test_a_group_s_figures_are_those_of_its_units_summed_counts_and_its_units_stay_hidden():
    rng = np.random.default_rng(11)
    d = small_units_world(rng, 2025, [3, 4, 2, 4])
    r = compute_results([d], POOL, PARAMS).instansi[0]
    direct = group_stats(d.unit_counts[:4].sum(axis=0, keepdims=True), 16.0, POOL, PARAMS)
    assert r.group_hidden == [False]
    assert r.unit_hidden == [True, True, True, True, False, False]
    assert np.allclose(r.group_stats.indices, direct.indices, equal_nan=True)
    assert np.allclose(r.group_stats.values_ci, direct.values_ci, equal_nan=True)
    entry = results_json(compute_results([d], POOL, PARAMS))["instansi"][0]
    assert [u["group"] for u in entry["units"]] == ["KEC"] * 4 + [None, None]
    assert all("indices" not in u for u in entry["units"][:4])
    (group,) = entry["groups"]
    assert {k: group[k] for k in ("code", "name", "units", "n", "headcount", "suppressed")} == {
        "code": "KEC",
        "name": "Kecamatan",
        "units": ["K1", "K2", "K3", "K4"],
        "n": 13,
        "headcount": 16,
        "suppressed": False,
    }
    assert group["indices"]["implementasi"]["value"] == pytest.approx(direct.indices[0, 0])


def test_a_hidden_group_shows_no_figure_and_its_units_say_why():
    rng = np.random.default_rng(12)
    d = small_units_world(rng, 2025, [3, 4])  # KEC = 7 < 10; then U1 (30) protects it
    r = compute_results([d], POOL, PARAMS).instansi[0]
    assert r.group_hidden == [True]
    assert r.unit_hidden == [True, True, True, False]
    assert r.unit_status("K1") == Unreported(2025, HIDDEN, 10)
    assert r.unit_status("U1") == Unreported(2025, PROTECTED, 10)
    (group,) = results_json(compute_results([d], POOL, PARAMS))["instansi"][0]["groups"]
    assert group["suppressed"] is True
    assert "indices" not in group and "values" not in group


def test_a_large_unit_hidden_with_its_group_is_reported_as_hidden_with_its_group():
    rng = np.random.default_rng(13)
    info = grouped(
        [("K1", 4, "KEC"), ("K2", 20, "KEC"), ("U1", 20, None), ("U2", 80, None)],
        {"KEC": "Kecamatan"},
    )
    d = InstansiYear(info, 2025, np.stack([random_counts(rng, n) for n in (2, 11, 4, 50)]))
    r = compute_results([d], POOL, PARAMS).instansi[0]
    assert r.unit_status("K2") == Unreported(2025, GROUP_HIDDEN, 10)


def test_a_group_is_compared_with_the_latest_year_it_was_shown_with_the_same_units():
    rng = np.random.default_rng(14)
    data = [
        small_units_world(rng, 2023, [5, 5, 5, 5]),
        small_units_world(rng, 2024, [2, 2, 2, 2]),  # 8 < 10: hidden
        small_units_world(rng, 2025, [4, 4, 4, 4]),
    ]
    r = compute_results(data, POOL, PARAMS).instansi[-1]
    (cmp,) = r.group_comparisons
    assert cmp is not None and cmp.baseline_year == 2023
    assert cmp.unreported == (Unreported(2024, HIDDEN, 10),)
    earlier = compute_results(data, POOL, PARAMS).instansi[0]
    i1 = cmp.indices["implementasi"]
    assert i1 is not None
    assert i1.baseline == pytest.approx(float(earlier.group_stats.indices[0, 0]))


def test_a_group_whose_units_changed_is_not_compared_with_its_other_membership():
    rng = np.random.default_rng(15)
    data = [
        small_units_world(rng, 2024, [5, 5, 5]),  # K1..K3
        small_units_world(rng, 2025, [4, 4, 4, 4]),  # K1..K4: other people
    ]
    results = compute_results(data, POOL, PARAMS)
    r = results.instansi[-1]
    assert results.instansi[0].group_hidden == [False]
    assert r.group_comparisons == [None]
    members = r.info.group_units("KEC")
    assert members is not None
    assert results.instansi[0].group_status("KEC", members) == Unreported(2024, REGROUPED)


def test_an_instansi_without_groups_has_an_empty_groups_list_and_units_without_group():
    rng = np.random.default_rng(16)
    info = InstansiInfo("KAB-002", "K", "barat", (UnitInfo("U1", "U", 30),))
    d = InstansiYear(info, 2025, np.stack([random_counts(rng, 20)]))
    entry = results_json(compute_results([d], POOL, PARAMS))["instansi"][0]
    assert entry["groups"] == []
    assert entry["units"][0]["group"] is None


def test_the_json_text_with_groups_is_json_dumps_of_the_data():
    rng = np.random.default_rng(17)
    data = [small_units_world(rng, year, [3, 4, 5, 6]) for year in (2024, 2025)]
    data.append(small_units_world(rng, 2025, [3, 4], code="KAB-002"))  # a hidden group
    for params in (Params(), Params(k=1), Params(k=50)):
        results = compute_results(data, POOL, params)
        for lang in ("id", "en"):
            text = "".join(results_json_text(results, lang))
            expected = results_json(results, lang)
            assert text == json.dumps(expected, ensure_ascii=False, allow_nan=False, indent=1) + (
                "\n"
            )
