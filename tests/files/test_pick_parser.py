"""The vectorised reading of pick answers ('BP1;AK2;…'): a direct table for codes of one or
three bytes, a hash table for other widths; whatever the table misses is left to the
lenient one-row parser, which names the problem."""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa
import pytest

from berakhlak.files.responses import parse_column
from berakhlak.method.items import ItemPool, default_pool
from berakhlak.method.picks import PickParser, PickProblem


def pool_with_codes(codes: list[str]) -> ItemPool:
    base = default_pool()
    items = tuple(
        dataclasses.replace(item, code=code) for item, code in zip(base.items, codes, strict=False)
    )
    return ItemPool(version="uji", items=items)


POOLS = {
    "three bytes (the pool's)": default_pool(),
    "one byte": pool_with_codes([chr(ord("A") + i) for i in range(26)] + list("0123456789")),
    "five bytes": pool_with_codes([f"N{i:04d}" for i in range(36)]),
}


@pytest.mark.parametrize("name", POOLS)
def test_well_formed_answers_are_read_in_rank_order(name):
    pool = POOLS[name]
    rng = np.random.default_rng(7)
    picks = np.array([rng.choice(len(pool.codes), 10, replace=False) for _ in range(200)])
    texts = [";".join(pool.codes[i] for i in row) for row in picks]
    parsed, ok = parse_column(PickParser(pool), pa.array(texts))
    assert ok.all() and (parsed == picks).all()
    assert (PickParser(pool).parse_texts(texts) == picks).all()  # the same without Arrow


@pytest.mark.parametrize("name", POOLS)
def test_a_wrong_separator_an_unknown_code_or_a_repeat_is_left_to_the_one_row_parser(name):
    pool = POOLS[name]
    codes = list(pool.codes[:10])
    good = ";".join(codes)
    cut = len(codes[0])
    bad = [
        good[:cut] + ":" + good[cut + 1 :],  # the byte before ';'
        good[:cut] + "<" + good[cut + 1 :],  # and after it
        good[:cut] + "\x00" + good[cut + 1 :],
        ";".join([*codes[:9], "?" * cut]),
        ";".join([*codes[:9], codes[0]]),
        good.lower(),
    ]
    parser = PickParser(pool)
    parsed, ok = parse_column(parser, pa.array([good, *bad]))
    assert ok.tolist() == [True] + [False] * len(bad)
    assert parsed[0].tolist() == list(range(10))
    assert parser.parse_one(bad[-1]) == (list(range(10)), None)  # lenient: case
    assert parser.parse_one(bad[-2])[1] == PickProblem("picked_twice", {"items": codes[0]})


def test_the_direct_table_is_used_for_the_pool_s_codes_and_the_hash_for_others():
    assert PickParser(default_pool()).direct is not None
    assert PickParser(POOLS["one byte"]).direct is not None
    assert PickParser(POOLS["five bytes"]).direct is None


def test_a_sliced_column_is_read_from_its_own_rows():
    pool = default_pool()
    good = ";".join(pool.codes[:10])
    other = ";".join(pool.codes[10:20])
    parsed, ok = parse_column(PickParser(pool), pa.array([good, other, good])[1:])
    assert ok.all() and parsed[0].tolist() == list(range(10, 20))


def test_the_web_reads_stored_answers_without_arrow_and_refuses_a_broken_one():
    parser = PickParser(default_pool())
    assert parser.parse_texts([]).shape == (0, 10)
    codes = ["BP1", "AK1", "KO1", "HA1", "LO1", "AD1", "KL1", "P01", "P05", "P09"]
    stored = " " + ";".join(codes).lower() + " "  # read leniently, as a file row is
    assert parser.parse_texts([stored])[0].tolist() == [default_pool().index(c) for c in codes]
    with pytest.raises(ValueError, match="item_count"):
        parser.parse_texts(["BP1;AK1;KO1;HA1;LO1;AD1;KL1;P01;P05"])
