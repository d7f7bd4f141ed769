"""The same columns as .csv, .xlsx and .parquet give the same results (docs/method.md §14)."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from berakhlak.files.dataset import load_dataset
from berakhlak.files.problems import InputError
from berakhlak.files.responses import years_in
from berakhlak.files.tables import Prefetch, null_mask, write_atomic
from berakhlak.generate.synthetic import GeneratorConfig, Synthetic
from berakhlak.generate.writing import write_files
from berakhlak.method import compute_results, default_pool
from berakhlak.method.params import Params
from berakhlak.method.results_data import results_json
from helpers.texts import english

POOL = default_pool()
PARAMS = Params()
NUMBERS = {"year", "headcount", "duration_s"}


@pytest.fixture(scope="module")
def csv_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    synthetic = Synthetic(GeneratorConfig(seed=3, instansi=2, respondents=700))
    return write_files(synthetic, tmp_path_factory.mktemp("csv"))


def rows_of(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def typed(column: str, text: str) -> object:
    if column in NUMBERS:
        return int(text) if text else None
    return text


def to_xlsx(path: Path, out: Path, blank_rows_at: int | None = None) -> Path:
    """Write like a spreadsheet user would: numbers as numbers, empty cells empty."""
    header, rows = rows_of(path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for i, row in enumerate(rows):
        if i == blank_rows_at:
            sheet.append([])
        sheet.append([typed(c, v) for c, v in zip(header, row, strict=True)])
    book.save(out)
    return out


def to_parquet(path: Path, out: Path) -> Path:
    header, rows = rows_of(path)
    columns = {}
    for j, name in enumerate(header):
        values = [typed(name, row[j]) for row in rows]
        columns[name] = pa.array(values, type=pa.int64() if name in NUMBERS else pa.string())
    pq.write_table(pa.table(columns), out)
    return out


def results_of(org: Path, responses: Path) -> dict:
    dataset = load_dataset(org, responses, POOL, PARAMS)
    return results_json(compute_results(dataset.instansi_years(), POOL, PARAMS))


def test_xlsx_input_gives_the_same_results_as_csv(csv_files, tmp_path):
    org, responses = csv_files
    expected = results_of(org, responses)
    assert sum(entry["n_excluded"] for entry in expected["instansi"]) > 0
    got = results_of(
        to_xlsx(org, tmp_path / "org.xlsx"),
        to_xlsx(responses, tmp_path / "responses.xlsx", blank_rows_at=5),
    )
    assert got == expected


def test_parquet_input_gives_the_same_results_as_csv(csv_files, tmp_path):
    org, responses = csv_files
    expected = results_of(org, responses)
    got = results_of(
        to_parquet(org, tmp_path / "org.parquet"),
        to_parquet(responses, tmp_path / "responses.parquet"),
    )
    assert got == expected


def test_generated_parquet_files_give_the_same_results_as_generated_csv(tmp_path):
    config = GeneratorConfig(seed=5, instansi=2, respondents=400)
    from_csv = results_of(*write_files(Synthetic(config), tmp_path / "csv", "csv"))
    from_parquet = results_of(*write_files(Synthetic(config), tmp_path / "pq", "parquet"))
    assert from_parquet == from_csv


def test_xlsx_problems_name_the_spreadsheet_row(inputs, tmp_path):
    org, responses = inputs.write()
    header, rows = rows_of(responses)
    rows[1][10] = "AK1;P18"  # pv of the R2 row
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([])  # an empty row 2: R1 is on row 3, R2 on row 4
    for row in rows:
        sheet.append(row)
    book.save(tmp_path / "responses.xlsx")
    with pytest.raises(InputError) as info:
        load_dataset(org, tmp_path / "responses.xlsx", POOL, PARAMS)
    [problem] = info.value.problems
    assert (problem.file, problem.row) == ("responses.xlsx", 4)
    assert english(problem) == "pv: has 2 items, expected exactly 10 distinct items"


def test_parquet_problems_name_the_row_as_if_the_header_were_row_1(inputs, tmp_path):
    org, responses = inputs.write()
    header, rows = rows_of(responses)
    rows[2][3] = "U07"
    pq.write_table(
        pa.table({name: [row[j] for row in rows] for j, name in enumerate(header)}),
        tmp_path / "responses.parquet",
    )
    with pytest.raises(InputError) as info:
        load_dataset(org, tmp_path / "responses.parquet", POOL, PARAMS)
    [problem] = info.value.problems
    assert (problem.row, english(problem)) == (
        4,
        "unit 'U07' of instansi KOT-001 is not in the org file",
    )


def test_an_empty_workbook_is_refused(inputs, tmp_path):
    org, _ = inputs.write()
    openpyxl.Workbook().save(tmp_path / "responses.xlsx")
    with pytest.raises(InputError) as info:
        load_dataset(org, tmp_path / "responses.xlsx", POOL, PARAMS)
    assert english(info.value.problems[0]) == "the first sheet is empty"


def test_write_atomic_replaces_the_whole_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def write_parquet(columns: dict[str, list[object]], number: pa.DataType, out: Path) -> Path:
    """The columns in NUMBERS as `number`, the others as text."""
    types = {name: number if name in NUMBERS else pa.string() for name in columns}
    pq.write_table(pa.table({n: pa.array(v, type=types[n]) for n, v in columns.items()}), out)
    return out


def test_parquet_numbers_and_missing_values_are_checked_like_text(inputs, tmp_path):
    """Numeric and dictionary-encoded Parquet columns are read as stored, then held to the
    same rules as text: a whole year in range, a duration of at least 0 seconds or none."""
    org, responses = inputs.write()
    header, rows = rows_of(responses)
    columns: dict[str, list[object]] = {name: [r[j] for r in rows] for j, name in enumerate(header)}
    good = results_of(org, responses)
    columns["year"] = [2025.0, 2025.0, 2025.0]
    columns["duration_s"] = [None, 300.0, 412.5]
    write_parquet(columns, pa.float64(), tmp_path / "ok.parquet")
    assert results_of(org, tmp_path / "ok.parquet") == good

    columns["year"] = [2025, None, 1999]
    columns["duration_s"] = [-5, 300, None]
    columns["gender"] = [columns["gender"][0], None, columns["gender"][2]]
    write_parquet(columns, pa.int32(), tmp_path / "bad.parquet")
    with pytest.raises(InputError) as info:
        load_dataset(org, tmp_path / "bad.parquet", POOL, PARAMS)
    assert [(p.row, english(p)) for p in info.value.problems] == [
        (2, "duration_s '-5' is not a number of seconds"),
        (3, "year '' is not a year between 2000 and 2100"),
        (3, "gender '' is not one of L, P"),
        (4, "year '1999' is not a year between 2000 and 2100"),
    ]
    columns["year"] = [2025.5, 2025, 2025]
    columns["duration_s"] = [300, 300, 300]
    columns["gender"] = [columns["gender"][0], "P", columns["gender"][2]]
    write_parquet(columns, pa.float64(), tmp_path / "half.parquet")
    with pytest.raises(InputError) as info:
        load_dataset(org, tmp_path / "half.parquet", POOL, PARAMS)
    assert [(p.row, english(p)) for p in info.value.problems] == [
        (2, "year '2025.5' is not a year between 2000 and 2100"),
    ]


def test_prefetched_batches_come_in_order_with_an_error_in_its_place():

    def batches():
        for i in range(5):
            yield pa.RecordBatch.from_arrays([pa.array([i], type=pa.int64())], names=["i"])
        raise InputError([])

    prefetch = Prefetch(batches)
    seen = []
    with pytest.raises(InputError):
        for batch in prefetch():
            seen.append(batch.column(0)[0].as_py())
    assert seen == [0, 1, 2, 3, 4]
    again = prefetch()  # a fresh stream, from the start
    assert next(again).column(0)[0].as_py() == 0

    endless_started = threading.Event()

    def endless():
        endless_started.set()
        while True:
            yield pa.RecordBatch.from_arrays([pa.array([1], type=pa.int64())], names=["i"])

    stopped = Prefetch(endless)
    assert endless_started.wait(5)
    stopped.cancel()
    for _ in range(50):
        if not any(t.name == "prefetch" and t.is_alive() for t in threading.enumerate()):
            break
        threading.Event().wait(0.05)
    assert not any(t.name == "prefetch" and t.is_alive() for t in threading.enumerate())


def test_problems_of_the_org_file_come_before_those_of_the_responses(inputs):
    inputs.org[1] = inputs.org[1].replace(",barat", ",utara")
    inputs.responses = [line.rsplit(",", 1)[0] for line in inputs.responses]  # no dc column
    org, responses = inputs.write()
    with pytest.raises(InputError) as info:
        load_dataset(org, responses, POOL, PARAMS)
    assert [p.file for p in info.value.problems] == ["org.csv"]


def test_null_mask_reads_the_validity_bits_of_slices_too():

    values = pa.array([1, None, 3, None, 5, 6, 7, 8, 9, None, 11], type=pa.int32())
    for part in (values, values.slice(1), values.slice(3, 7), values.slice(9), values[:0]):
        assert null_mask(part).tolist() == [v is None for v in part.to_pylist()]


def test_the_years_of_a_batch_are_distinct_and_ascending():
    assert years_in(np.array([2025, 2023, 2025, 2024], dtype=np.int32)) == [2023, 2024, 2025]
    assert years_in(np.array([2026], dtype=np.int64)) == [2026]
    assert years_in(np.array([], dtype=np.int32)) == []
