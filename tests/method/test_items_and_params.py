"""The instrument (docs/method.md §2) and the method parameters."""

from __future__ import annotations

import pytest

from berakhlak.method.items import PoolError, default_pool, parse_pool
from berakhlak.method.params import Params

HEADER = "code,label_id,label_en,value,polarity,area\n"


def test_the_pool_has_60_items_and_three_behaviours_per_value():
    pool = default_pool()
    assert len(pool) == 60
    assert pool.value_codes == ("BP", "AK", "KO", "HA", "LO", "AD", "KL")
    for value in pool.value_codes:
        assert len(pool.behaviours(value)) == 3
    assert pool.codes[:3] == ("BP1", "BP2", "BP3")
    assert pool.index("N15") == 59


def test_limiting_items_sit_only_in_areas_1_to_3_and_express_no_value():
    pool = default_pool()
    limiting = [item for item in pool.items if item.limiting]
    assert len(limiting) == 15
    assert {item.area for item in limiting} == {1, 2, 3}
    assert all(item.value is None for item in limiting)
    assert pool.limiting.sum() == 15
    assert pool.value_of_item[pool.index("AD2")] == 5
    assert pool.value_of_item[pool.index("P01")] == -1
    assert pool.area_of_item[pool.index("BP1")] == 5  # area 6, stored 0-based


def test_unknown_codes_are_not_in_the_pool():
    pool = default_pool()
    assert pool.get("XX9") is None
    with pytest.raises(KeyError):
        pool.index("XX9")


def pool_text(rows: list[str]) -> str:
    values = [f"{v}{i},b,b,{v},positif,1" for v in ("BP", "AK", "KO", "HA", "LO", "AD", "KL")
              for i in (1, 2)]  # fmt: skip
    return HEADER + "\n".join(values + rows) + "\n"


def test_a_valid_custom_pool_can_be_read():
    pool = parse_pool(pool_text(["N1,a,a,,pembatas,2"]), "test/1")
    assert len(pool) == 15
    assert pool.version == "test/1"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("BP1,a,a,BP,positif,1", "not unique"),
        ("X1,a,a,ZZ,positif,1", "unknown value"),
        ("X1,a,a,,netral,1", "polarity"),
        ("X1,a,a,,positif,7", "area must be"),
        ("X1,a,a,,positif,satu", "is not a number"),
        ("X1,a,a,BP,pembatas,1", "cannot express a core value"),
    ],
)
def test_a_broken_pool_is_refused(row, reason):
    with pytest.raises(PoolError, match=reason):
        parse_pool(pool_text([row]), "test/1")


def test_a_pool_needs_every_value_and_its_columns():
    with pytest.raises(PoolError, match="value KL has no behaviour"):
        parse_pool(pool_text([]).replace(",KL,", ",,"), "test/1")
    with pytest.raises(PoolError, match="needs the columns"):
        parse_pool("code,label\nA,b\n", "test/1")


def test_default_parameters_are_those_of_the_method():
    params = Params()
    assert (params.k, params.margin, params.z, params.min_change) == (10, 0.05, 1.96, 1.0)
    assert (params.band_a, params.band_b, params.band_c) == (75.0, 50.0, 25.0)
    assert params.speeder_seconds == 60.0


def test_parameters_round_trip_through_a_dict():
    params = Params(k=5, margin=0.1)
    assert Params.from_dict(params.as_dict()) == params


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"k": 0}, "k must be"),
        ({"margin": 1.0}, "margin"),
        ({"z": 0.0}, "z must be positive"),
        ({"min_change": -1.0}, "min_change"),
        ({"band_b": 80.0}, "category bands"),
        ({"survey_weight": 0.5}, "survey_weight"),
    ],
)
def test_invalid_parameters_are_refused(changes, reason):
    with pytest.raises(ValueError, match=reason):
        Params(**changes)


V1_CYCLE_PARAMS = {  # what a cycle created under berakhlak-terbuka/1 stored, literally
    "k": 10,
    "margin": 0.05,
    "z": 1.96,
    "min_change": 1.0,
    "band_a": 75.0,
    "band_b": 50.0,
    "band_c": 25.0,
    "speeder_seconds": 60.0,
    "survey_weight": 0.8,
    "evidence_weight": 0.2,
    "item_pool": "berakhlak-terbuka/1",
}


def test_the_parameters_stored_by_cycles_of_earlier_versions_are_read():
    assert Params.from_dict(V1_CYCLE_PARAMS) == Params()
    # An older, shorter dict: what is missing takes its default.
    assert Params.from_dict({"k": 15, "margin": 0.05}) == Params(k=15)


def test_unknown_parameters_are_refused():
    with pytest.raises(ValueError, match="unknown method parameters: kk"):
        Params.from_dict({"kk": 3})
