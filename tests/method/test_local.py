"""Local value sets (docs/method.md §18): counted in the BerAKHLAK pass, figures like R_v and I1,
the reference vector of the method (§14 of the specification), suppression and change."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from berakhlak.method.compute import compute_results
from berakhlak.method.counts import (
    Layout,
    _count_local,
    count_responses,
    count_responses_with_local,
    pick_sets,
)
from berakhlak.method.items import default_pool
from berakhlak.method.local import (
    MAX_VALUES,
    LocalLayout,
    LocalMasks,
    LocalSet,
    LocalValue,
    local_set_data,
    local_set_from_data,
    set_problems,
)
from berakhlak.method.local_comparisons import local_unit_comparisons
from berakhlak.method.local_results import compare_local, select_local
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.method.results_text import results_json_text
from helpers.reference import correction, mean_interval, wilson

POOL = default_pool()
PARAMS = Params()
FILLER = ["BP1", "BP2", "BP3", "KO1", "KO2", "KO3", "HA1", "HA2", "HA3", "LO1"]


def local_set(code: str = "XY", **values: str) -> LocalSet:
    return LocalSet(
        code,
        f"Set {code}",
        "Perbup 1/2020",
        tuple(
            LocalValue(v, f"Nilai {v}", f"Value {v}", tuple(i.split())) for v, i in values.items()
        ),
    )


def answer(*codes: str) -> list[str]:
    """Ten picks: the codes given, then filler items."""
    return [*codes, *[c for c in FILLER if c not in codes]][:10]


def picks(answers: list[list[str]]) -> np.ndarray:
    return np.array([[POOL.index(c) for c in a] for a in answers], dtype=np.int8)


def count(cc, dc=None, group=None, n_groups=1, sets=(), set_index=None):
    n = len(cc)
    pv = [answer("AD1", "AD3", "KL1", "KL3") for _ in range(n)]  # never a straight-liner
    dc = dc if dc is not None else cc
    g = np.zeros(n, dtype=np.intp) if group is None else np.asarray(group, dtype=np.intp)
    index = np.zeros(n, dtype=np.intp) if set_index is None else np.asarray(set_index)
    return count_responses_with_local(
        g, n_groups, picks(pv), picks(cc), picks(dc), np.full(n, 300.0), POOL, PARAMS,
        index, LocalMasks.of(list(sets), POOL),
    )  # fmt: skip


def test_the_reference_vector_of_the_method():
    # {X: P05; Y: P21, AK1}; cc include (P05), (AK1), (P05, P21), (none).
    xy = local_set(X="P05", Y="P21 AK1")
    cc = [answer("P05"), answer("AK1"), answer("P05", "P21"), answer()]
    counts, local = count(cc, sets=[xy])
    assert local[0, LocalLayout.CURRENT].tolist()[:2] == [2, 2]
    info = InstansiInfo("KAB-1", "Kabupaten", "barat", (UnitInfo("U01", "Unit", 4),))
    year = InstansiYear(info, 2026, counts, local_set=xy, local_counts=local)
    result = compute_results([year], POOL, Params(k=1)).instansi[0]
    stats = result.local.stats
    assert stats.current[0, :2].tolist() == [50.0, 50.0]
    assert stats.index[0] == 50.0
    # Per respondent share of the set reached: 1/2, 1/2, 2/2, 0 -> mean 50 with the interval
    # of a mean; N = n = 4: a census, a point interval.
    assert stats.index_ci[0].tolist() == [50.0, 50.0]


def test_reaches_and_intervals_equal_a_plain_computation_per_respondent():
    rng = np.random.default_rng(11)
    kreatif = local_set(
        "KREATIF", KOM="P05 P14 KL2", REL="P21", AKU="AK1 AK2 AK3 P18 P19", INO="AD2 P15"
    )
    positive = [i.code for i in POOL.items if not i.limiting]
    cc = [list(rng.choice(positive, 10, replace=False)) for _ in range(137)]
    dc = [list(rng.choice(positive, 10, replace=False)) for _ in range(137)]
    counts, local = count(cc, dc, sets=[kreatif])
    for headcount in (500, 137, 60):  # FPC; a census; more respondents than staff (f = 1)
        info = InstansiInfo("KAB-1", "Kab", "barat", (UnitInfo("U01", "Unit", headcount),))
        year = InstansiYear(info, 2026, counts, local_set=kreatif, local_counts=local)
        stats = compute_results([year], POOL, PARAMS).instansi[0].local.stats
        f = correction(137, headcount)
        shares = []
        for v, value in enumerate(kreatif.values):
            for row, answers, ci in (
                (stats.current, cc, stats.current_ci),
                (stats.desired, dc, stats.desired_ci),
            ):
                k = sum(1 for a in answers if set(a) & set(value.items))
                assert row[0, v] == pytest.approx(100 * k / 137)
                assert ci[0, v].tolist() == pytest.approx(wilson(k, 137, f))
        for a in cc:
            reached = sum(1 for value in kreatif.values if set(a) & set(value.items))
            shares.append(100 * reached / len(kreatif.values))
        assert stats.index[0] == pytest.approx(sum(shares) / len(shares))
        assert stats.index_ci[0].tolist() == pytest.approx(mean_interval(shares, f))
        assert np.isnan(stats.current[0, len(kreatif.values) :]).all()


def test_local_counts_add_up_from_units_and_do_not_change_the_berakhlak_counts():
    rng = np.random.default_rng(5)
    xy = local_set(X="P05 P14", Y="P21 AK1", Z="HA3")
    other = local_set("AB", A="P01", B="P02 P03")
    positive = [i.code for i in POOL.items if not i.limiting]
    cc = [list(rng.choice(positive, 10, replace=False)) for _ in range(90)]
    group = rng.integers(0, 3, 90)
    set_index = np.where(group == 2, 1, 0)  # groups 0, 1 use xy; group 2 uses "AB"
    counts, local = count(cc, group=group, n_groups=3, sets=[xy, other], set_index=set_index)
    pv = picks([answer("AD1", "AD3", "KL1", "KL3")] * 90)
    plain = count_responses(group, 3, pv, picks(cc), picks(cc), np.full(90, 300.0), POOL, PARAMS)
    assert (counts == plain).all()
    # Each group alone counts what the whole counted for it.
    for gr in range(3):
        mine = [a for a, g in zip(cc, group, strict=True) if g == gr]
        s = [xy, other][1 if gr == 2 else 0]
        _c, alone = count(mine, sets=[s])
        assert (alone[0] == local[gr]).all()
    # The sorted-picks path (pools beyond 64 items) counts the same as the bitmask path.
    g = np.asarray(group, dtype=np.intp)
    sorted_sets = [np.sort(q, axis=1) for q in (pv, picks(cc), picks(cc))]
    slow = _count_local(
        g, 4, sorted_sets, picks(cc), picks(cc), set_index, LocalMasks.of([xy, other], POOL)
    )
    fast = _count_local(
        g,
        4,
        pick_sets(pv, picks(cc), picks(cc)),
        picks(cc),
        picks(cc),
        set_index,
        LocalMasks.of([xy, other], POOL),
    )
    assert (slow == fast).all()
    assert (slow[:3] == local).all()


def test_responses_without_a_set_count_nothing_local():
    xy = local_set(X="P05")
    cc = [answer("P05")] * 12
    _c, local = count(
        cc, group=[0] * 6 + [1] * 6, n_groups=2, sets=[xy], set_index=[0] * 6 + [-1] * 6
    )
    assert local[0, 0] == 6
    assert (local[1] == 0).all()


def test_every_fault_of_a_set_has_a_code_of_the_file_readers():
    from berakhlak.files.problems import MESSAGES  # noqa: PLC0415 - only to check the codes

    bad = LocalSet(
        "K R",
        " ",
        "",
        (
            LocalValue("A", "Satu", "", ("P05", "N01", "ZZ9", "P05")),
            LocalValue("A", "", "", ()),
            *(LocalValue(f"V{i}", "V", "", ("P01",)) for i in range(MAX_VALUES)),
        ),
    )
    codes = [p.code for p in set_problems(bad, POOL)]
    assert set(codes) == {
        "local_code_unfit",
        "local_set_unnamed",
        "local_too_many_values",
        "local_value_twice",
        "local_value_unnamed",
        "local_no_items",
        "local_unknown_item",
        "local_limiting_item",
        "local_item_twice",
    }
    assert set(codes) <= set(MESSAGES)
    assert set_problems(local_set(X="P05", Y="AK1 AK2"), POOL) == []


def test_a_set_survives_its_plain_data():
    kreatif = local_set("KREATIF", KOM="P05 P14 KL2", REL="P21")
    data = json.loads(json.dumps(local_set_data(kreatif)))
    assert local_set_from_data(data) == kreatif


def _two_years(first: LocalSet, second: LocalSet, sizes=(30, 25, 4)):
    rng = np.random.default_rng(9)
    positive = [i.code for i in POOL.items if not i.limiting]
    units = tuple(UnitInfo(f"U0{j}", f"Unit {j}", 60) for j in range(len(sizes)))
    info = InstansiInfo("KAB-1", "Kabupaten", "barat", units)
    data = []
    for year, s in ((2025, first), (2026, second)):
        group = np.repeat(np.arange(len(sizes)), sizes)
        cc = [list(rng.choice(positive, 10, replace=False)) for _ in range(len(group))]
        counts, local = count(cc, group=group, n_groups=len(sizes), sets=[s])
        data.append(InstansiYear(info, year, counts, local_set=s, local_counts=local))
    return compute_results(data, POOL, PARAMS)


def test_hidden_units_show_no_local_figure_and_the_json_text_is_its_data():
    xy = local_set(X="P05 P14", Y="P21 AK1")
    results = _two_years(xy, xy, sizes=(30, 25, 4, 8))
    for lang in ("id", "en"):
        text = "".join(results_json_text(results, lang))
        assert text == json.dumps(results_json(results, lang), ensure_ascii=False, indent=1) + "\n"
    entry = json.loads(text)["instansi"][1]
    assert entry["local"]["set"] == "XY"
    assert set(entry["local"]["values"]) == {"X", "Y"}
    suppressed = [u["suppressed"] for u in entry["units"]]
    assert suppressed == [False, False, True, True]  # 4 < 10, and 8 with it (4 + 8 < 10)
    assert [u["local"] is None for u in entry["units"]] == suppressed
    shown = entry["units"][0]["local"]
    assert shown["index"]["category"] in "ABCD"
    assert (
        0 <= shown["values"]["X"]["desired"]["ci95"][0] <= shown["values"]["X"]["desired"]["value"]
    )


def test_change_is_given_only_where_the_baseline_year_measured_alike():
    before = local_set(X="P05 P14", Y="P21 AK1")
    same = _two_years(before, before).instansi[1]
    assert same.local_comparison.baseline_year == 2025
    assert same.local_comparison.index is not None
    assert set(same.local_comparison.values) == {"X", "Y"}
    # Y mapped to other items in 2026: Y's change and the index's are not a change of culture.
    after = local_set(X="P05 P14", Y="P21")
    changed = _two_years(before, after).instansi[1]
    assert changed.local_comparison.index is None
    assert changed.local_comparison.values["Y"] is None
    assert changed.local_comparison.values["X"] is not None
    # Another set altogether: no change at all.
    other = _two_years(before, local_set("AB", X="P05 P14", Y="P21 AK1")).instansi[1]
    assert other.local_comparison is None


def test_local_figures_never_enter_the_berakhlak_or_national_figures():
    xy = local_set(X="P05 P14", Y="P21 AK1")
    with_set = _two_years(xy, xy)
    rng_data = []
    for r in with_set.instansi:
        rng_data.append(InstansiYear(r.info, r.year, r.unit_counts))
    without = compute_results(rng_data, POOL, PARAMS)
    a, b = results_json(with_set), results_json(without)
    for ea, eb in zip(a["instansi"], b["instansi"], strict=True):
        assert ea["local"] is not None and eb["local"] is None
        ea.pop("local"), eb.pop("local")
        for ua, ub in zip(ea.pop("units"), eb.pop("units"), strict=True):
            ua.pop("local"), ub.pop("local")
            assert ua == ub
        assert ea == eb
    assert a["national"] == b["national"]
    assert not math.isnan(with_set.instansi[0].local.stats.index[0])
    assert Layout.for_pool(POOL).width == with_set.instansi[0].unit_counts.shape[1]


def test_the_json_text_of_local_objects_is_json_dumps_in_every_shape():
    before = local_set(X="P05 P14", Y="P21 AK1")
    after = local_set(X="P05 P14", Y="P21")
    for first, second in ((before, before), (before, after), (before, local_set("AB", X="P05"))):
        results = _two_years(first, second, sizes=(30, 25, 0, 4, 8, 12, 1))
        for k in (1, 10):
            results = compute_results(
                [
                    InstansiYear(r.info, r.year, r.unit_counts, local_set=r.local.local_set,
                                 local_counts=r.local.unit_counts)
                    for r in results.instansi
                ],
                POOL,
                Params(k=k),
            )  # fmt: skip
            text = "".join(results_json_text(results, "en"))
            expected = json.dumps(results_json(results, "en"), ensure_ascii=False, indent=1)
            assert text == expected + "\n"


def test_the_json_text_is_json_dumps_with_a_set_of_its_own_for_each_instansi():
    """The local objects of every unit are written at once (method/local_text.py): with a
    set per instansi (different codes and numbers of values, one instansi without a set,
    one whose set changed), hidden units, units without responses, and changes."""
    rng = np.random.default_rng(21)
    positive = [i.code for i in POOL.items if not i.limiting]
    eight = {f"V{v}%": " ".join(positive[v : v + 3]) for v in range(8)}
    sets = {
        "KAB-1": (local_set("XY", X="P05 P14", Y="P21 AK1"),) * 2,
        "KAB-2": (local_set("L%8", **eight), local_set("L%8", **eight)),
        "KAB-3": (local_set("ONE", Z="P05"), local_set("ONE", Z="P14")),
        "KAB-4": (None, None),
    }
    sizes = (40, 25, 0, 4, 8, 12, 1, 33)
    data = []
    for code, pair in sets.items():
        units = tuple(UnitInfo(f"U{j}", f"Unit {j}", 60) for j in range(len(sizes)))
        info = InstansiInfo(code, f"Instansi {code}", "barat", units)
        for year, s in zip((2025, 2026), pair, strict=True):
            group = np.repeat(np.arange(len(sizes)), sizes)
            cc = [list(rng.choice(positive, 10, replace=False)) for _ in range(len(group))]
            counts, local = count(cc, group=group, n_groups=len(sizes), sets=[s] if s else [])
            extra = {"local_set": s, "local_counts": local} if s else {}
            data.append(InstansiYear(info, year, counts, **extra))
    for k in (1, 10):
        results = compute_results(data, POOL, Params(k=k))
        for lang in ("id", "en"):
            text = "".join(results_json_text(results, lang))
            expected = json.dumps(results_json(results, lang), ensure_ascii=False, indent=1)
            assert text == expected + "\n"
    entries = json.loads(text)["instansi"]
    with_change = [
        u["local"]["change"]
        for e in entries
        for u in e["units"]
        if u["local"] is not None and u["local"]["change"] is not None
    ]
    assert with_change  # the writer was given changes to write
    assert any(u["local"] is None and not u["suppressed"] for e in entries for u in e["units"])


def test_the_units_local_comparisons_of_all_units_at_once_are_those_unit_by_unit():
    """method/local_comparisons.py against compare_local of each unit, with the sets of
    test_the_json_text_is_json_dumps_with_a_set_of_its_own_for_each_instansi: the same set,
    a value that changed its items, another set code, no set."""
    rng = np.random.default_rng(5)
    positive = [i.code for i in POOL.items if not i.limiting]
    pairs = [
        (local_set("XY", X="P05 P14", Y="P21 AK1"),) * 2,
        (local_set("XY", X="P05 P14", Y="P21 AK1"), local_set("XY", X="P05 P14", Y="P21")),
        (local_set("AB", X="P05"), local_set("XY", X="P05")),
        (None, local_set("XY", X="P05")),
    ]
    sizes = (40, 25, 0, 4, 8, 12, 1, 33)
    data = []
    for n, pair in enumerate(pairs):
        units = tuple(UnitInfo(f"U{j}", f"Unit {j}", 60) for j in range(len(sizes)))
        info = InstansiInfo(f"KAB-{n}", f"Instansi {n}", "barat", units)
        for year, s in zip((2025, 2026), pair, strict=True):
            group = np.repeat(np.arange(len(sizes)), sizes)
            cc = [list(rng.choice(positive, 10, replace=False)) for _ in range(len(group))]
            counts, local = count(cc, group=group, n_groups=len(sizes), sets=[s] if s else [])
            extra = {"local_set": s, "local_counts": local} if s else {}
            data.append(InstansiYear(info, year, counts, **extra))
    seen = 0
    for k in (1, 10):
        for r in compute_results(data, POOL, Params(k=k)).instansi:
            by_year = {h.year: h for h in r.history}
            expected = []
            for j, (year, _unreported) in enumerate(r.unit_baselines):
                before = by_year[year].local if year is not None else None
                if r.local is None or year is None or before is None:
                    expected.append(None)
                    continue
                i = [u.code for u in by_year[year].info.units].index(r.info.units[j].code)
                expected.append(
                    compare_local(
                        r.local.local_set, select_local(r.local.unit_stats, slice(j, j + 1)),
                        before.local_set, select_local(before.unit_stats, slice(i, i + 1)),
                        year, r.params,
                    )
                )  # fmt: skip
            assert local_unit_comparisons(r) == expected
            seen += sum(c is not None for c in expected)
    assert seen
