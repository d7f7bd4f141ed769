"""Fuzzing the file readers (org files, responses files) with Hypothesis.

Whatever the bytes or rows, a reader either returns everything the file holds or raises
InputError naming the problems: never another exception, never a partial result.
"""

from __future__ import annotations

import csv
import io
import string
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from berakhlak.files.dataset import load_dataset
from berakhlak.files.org import read_org
from berakhlak.files.problems import InputError
from berakhlak.method.instrument import DEMOGRAPHICS
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params

POOL = default_pool()
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ORG_HEADER = ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
ORG = [
    ["KAB-001", "Kabupaten Contoh", "U01", "Sekretariat Daerah", "40", "barat"],
    ["KAB-001", "Kabupaten Contoh", "U02", "Dinas Pendidikan", "30", "barat"],
    ["KOT-001", "Kota Contoh", "U01", "Sekretariat Daerah", "25", "timur"],
]
RESPONSE_HEADER = [
    "response_id", "year", "instansi_code", "unit_code", *DEMOGRAPHICS, "duration_s",
    "pv", "cc", "dc",
]  # fmt: skip

odd_cell = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
    st.sampled_from(["", " ", "\x00", '"', "a,b", "a\nb", ";", "1e309", "-1", "٣", "NaN"]),
)


def write(directory: str, name: str, content: bytes | list[list[str]]) -> Path:
    path = Path(directory) / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif path.suffix == ".xlsx":
        book = Workbook()
        for row in content:
            book.active.append([ILLEGAL_CHARACTERS_RE.sub("", str(cell)) for cell in row])
        book.save(path)
    else:
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(content)
        path.write_bytes(text.getvalue().encode())
    return path


def outcome(read: Callable[[], Any]) -> Any:
    """The result, or None for an InputError; any other exception fails the test."""
    try:
        return read()
    except InputError as error:
        assert error.problems and all(str(p) for p in error.problems)
        return None


def spoil(row: list[str], changes: list[tuple[int, str]]) -> list[str]:
    row = list(row)
    for column, cell in changes:
        row[column % len(row)] = cell
    return row


changes = st.lists(st.tuples(st.integers(0, 20), odd_cell), min_size=1, max_size=3)


# --- org files ---------------------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_any_bytes_as_an_org_file_are_read_or_refused_with_an_input_error(content, suffix):
    with tempfile.TemporaryDirectory() as directory:
        outcome(lambda: read_org(write(directory, f"org{suffix}", content)))


org_row = st.one_of(st.sampled_from(ORG), st.builds(spoil, st.sampled_from(ORG), changes))


@FUZZ
@given(rows=st.lists(org_row, min_size=1, max_size=8), suffix=st.sampled_from([".csv", ".xlsx"]))
def test_org_rows_are_read_whole_or_refused_whole(rows, suffix):
    with tempfile.TemporaryDirectory() as directory:
        org = outcome(lambda: read_org(write(directory, f"org{suffix}", [ORG_HEADER, *rows])))
    keys = [(r[0].strip(), r[2].strip()) for r in rows]
    if len(set(keys)) != len(keys):
        assert org is None  # a unit twice
    if any(r not in ORG for r in rows) and any(
        cell.strip() == "" for r in rows if r not in ORG for cell in r
    ):
        assert org is None  # an empty cell
    if org is not None:
        assert org.n_units == len(rows)  # every row, or nothing


# --- responses files ---------------------------------------------------------------------------


def response_row(i: int, unit: int, picks: list[list[str]], categories: list[str]) -> list[str]:
    instansi, _name, code, *_ = ORG[unit]
    return [f"R{i}", "2025", instansi, code, *categories, "420", *(";".join(p) for p in picks)]


picks = st.lists(st.sampled_from(POOL.codes), min_size=10, max_size=10, unique=True)
good_response = st.builds(
    response_row,
    st.integers(0, 10**6),
    st.integers(0, len(ORG) - 1),
    st.lists(picks, min_size=3, max_size=3),
    st.tuples(*(st.sampled_from(options) for options in DEMOGRAPHICS.values())).map(list),
)
DEFINITELY_BAD = {  # column -> a value no reader may take
    1: "dua ribu",
    2: "KAB-999",
    3: "U99",
    4: "HONORER",
    6: "X",
    10: "AK1;AK1;AK1;AK1;AK1;AK1;AK1;AK1;AK1;AK1",
    11: "AK1;P18",
    12: "XX9;AK1;P18;P21;P07;LO1;KO1;P03;HA1;P09",
}


bad_response = st.builds(
    lambda row, column: [*spoil(row, [(column, DEFINITELY_BAD[column])]), "BAD"],
    good_response,
    st.sampled_from(sorted(DEFINITELY_BAD)),
)  # marked with an extra cell, taken off before writing
any_response = st.one_of(good_response, st.builds(spoil, good_response, changes), bad_response)


@FUZZ
@given(
    rows=st.lists(any_response, min_size=1, max_size=12),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_response_rows_are_counted_whole_or_refused_whole(rows, suffix):
    bad = any(len(r) > len(RESPONSE_HEADER) for r in rows)  # marked: definitely bad
    rows = [r[: len(RESPONSE_HEADER)] for r in rows]
    for i, row in enumerate(rows):
        if row[0].startswith("R"):
            row[0] = f"R{i}"  # unique ids, except where a spoilt cell replaced one
    with tempfile.TemporaryDirectory() as directory:
        org = write(directory, "org.csv", [ORG_HEADER, *ORG])
        responses = write(directory, f"responses{suffix}", [RESPONSE_HEADER, *rows])
        dataset = outcome(lambda: load_dataset(org, responses, POOL, Params()))
    if bad:
        assert dataset is None
    if dataset is not None:
        assert sum(int(n.sum()) for n in dataset.rows.values()) == len(rows)


@FUZZ
@given(content=st.binary(max_size=800), suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_any_bytes_as_a_responses_file_are_refused_with_an_input_error(content, suffix):
    with tempfile.TemporaryDirectory() as directory:
        org = write(directory, "org.csv", [ORG_HEADER, *ORG])
        responses = write(directory, f"responses{suffix}", content)
        dataset = outcome(lambda: load_dataset(org, responses, POOL, Params()))
    assert dataset is None  # no header, no responses


column = st.one_of(st.sampled_from(RESPONSE_HEADER), st.text(string.ascii_letters, max_size=8))


@FUZZ
@given(
    header=st.lists(column, max_size=15),
    rows=st.lists(st.lists(odd_cell, max_size=15), max_size=4),
)
def test_a_responses_file_with_any_header_and_cells_raises_only_input_errors(header, rows):
    with tempfile.TemporaryDirectory() as directory:
        org = write(directory, "org.csv", [ORG_HEADER, *ORG])
        responses = write(directory, "responses.csv", [header, *rows])
        outcome(lambda: load_dataset(org, responses, POOL, Params()))


def test_a_file_with_old_mac_line_ends_is_an_input_error_not_a_crash(tmp_path):
    """Lines ending in a bare carriage return (Excel's 'CSV (Macintosh)'): once a csv.Error
    from the header check, a server error on the import page."""
    lines = [ORG_HEADER, *ORG]
    org = tmp_path / "org.csv"
    org.write_bytes("\r".join(",".join(row) for row in lines).encode())
    good_org = write(str(tmp_path), "good.csv", lines)
    responses = tmp_path / "responses.csv"
    responses.write_bytes("\r".join(",".join(RESPONSE_HEADER) for _ in range(2)).encode())
    assert outcome(lambda: read_org(org)) is None
    assert outcome(lambda: load_dataset(good_org, responses, POOL, Params())) is None
