"""Tabular input (CSV, XLSX, Parquet) as streams of Arrow batches of strings.

Each reader checks the header first (missing columns, wrong separator, encoding) and then
yields batches whose columns are strings, so one validation serves every format. Two
exceptions save work where a Parquet file allows it: the columns a caller names
`categorical` come dictionary-encoded (string values, no nulls), and those it names `numeric`
come as the file stores them when that is an integer or floating-point type. Problems
in the file's structure (a row with the wrong number of fields, bytes that are not UTF-8)
are found by a second, exact scan of the file that names each bad row.
"""

from __future__ import annotations

import csv
import os
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from queue import Full, Queue
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook

from .problems import CSV_HINT, InputError, Message, Problem, msg
from .xlsx import check_xlsx

FORMATS = (".csv", ".xlsx", ".parquet")
CSV_BLOCK = 8 << 20
# Files are decoded with Arrow's threads only where cores are left over: the batches are
# already decoded in a thread of their own while two others check them (ResponseReader.map),
# and on two cores Arrow's extra threads only took turns with those. Without them, 1M rows:
# Parquet 0.89 -> 0.79 s, CSV 0.94 -> 0.86 s.
DECODE_THREADS = (os.cpu_count() or 1) > 3
CATEGORY = pa.dictionary(pa.int32(), pa.string())


@dataclass
class Table:
    """An opened input file: its columns and a stream of string batches."""

    path: Path
    columns: list[str]
    batches: Callable[[], Iterator[pa.RecordBatch]]
    row_of: Callable[[list[int]], list[int]]
    """Spreadsheet row numbers (header = 1) of 0-based data records."""
    size: int = 0
    progress: list[int] = field(default_factory=lambda: [0])
    """Bytes read so far (CSV) or records read (other formats), for a progress display."""
    rows_read: list[int] = field(default_factory=lambda: [0])

    def processed(self, rows: int) -> int:
        """How far `rows` processed records are into the file, in the unit of `size`.

        Reading runs ahead of processing, so the position of the reader alone would show the
        end of the file long before the work is done."""
        read = self.rows_read[0]
        return min(self.size, rows * self.progress[0] // read) if read else 0

    @property
    def name(self) -> str:
        return self.path.name


def fail(path: Path, message: Message, row: int | None = None) -> InputError:
    return InputError([Problem(path.name, row, message)])


def open_table(
    path: Path,
    required: Sequence[str],
    optional: Sequence[str] = (),
    *,
    categorical: Sequence[str] = (),
    numeric: Sequence[str] = (),
) -> Table:
    """Open `path`; raise InputError when it cannot be read or lacks a required column.

    `categorical` columns (few distinct values) may come dictionary-encoded and `numeric`
    ones as numbers (see the module's docstring); callers must accept both forms."""
    if not path.exists():
        raise fail(path, msg("file_not_found"))
    if path.is_dir():
        raise fail(path, msg("is_directory"))
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise fail(path, msg("unknown_type", suffix=suffix) if suffix else msg("no_type"))
    if path.stat().st_size == 0:
        raise fail(path, msg("file_empty"))
    if suffix == ".parquet":
        table = _open_parquet(path, categorical, numeric)
    else:
        table = _open_csv(path, categorical) if suffix == ".csv" else _open_xlsx(path)
    _check_columns(table, required)
    wanted = [c for c in table.columns if c in set(required) | set(optional)]
    table.columns = wanted
    return table


def _check_columns(table: Table, required: Sequence[str]) -> None:
    seen = set()
    problems = []
    for column in table.columns:
        if column in seen:
            problems.append(Problem(table.name, 1, msg("column_twice", column=repr(column))))
        seen.add(column)
    missing = [c for c in required if c not in seen]
    if missing:
        columns = ", ".join(missing)
        problems.append(
            Problem(table.name, 1, msg("missing_columns", columns=columns, n=len(missing)))
        )
    if problems:
        raise InputError(problems)


# --- CSV ---------------------------------------------------------------------------------------


def _read_header(path: Path) -> list[str]:
    with path.open("rb") as f:
        first = f.readline(1 << 20)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise fail(path, msg("header_not_utf8", hint=CSV_HINT), 1) from None
    if not text.strip():
        raise fail(path, msg("header_empty"), 1)
    try:
        header = next(csv.reader([text]))
    except csv.Error:  # e.g. a bare carriage return: lines that end the old Mac way
        raise fail(path, msg("not_csv"), 1) from None
    if len(header) == 1 and ";" in header[0]:
        raise fail(path, msg("semicolons", hint=CSV_HINT), 1)
    return [h.strip() for h in header]


def _open_csv(path: Path, categorical: Sequence[str] = ()) -> Table:
    header = _read_header(path)
    table = Table(path, header, lambda: iter(()), lambda records: _csv_rows(path, records))
    table.size = path.stat().st_size

    def batches() -> Iterator[pa.RecordBatch]:
        # A native file, not a Python one: Arrow's read-ahead thread must never need the
        # interpreter (it could still be running when a bad row ends the read).
        source = pa.OSFile(str(path), "rb")
        failed = False
        try:
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(
                    block_size=CSV_BLOCK,
                    column_names=header,
                    skip_rows=1,
                    use_threads=DECODE_THREADS,
                ),
                convert_options=pacsv.ConvertOptions(
                    # Categorical columns as dictionaries, made while the text is parsed:
                    # encoding the strings afterwards took longer (1M rows: 0.12 s of CPU).
                    column_types={
                        name: CATEGORY if name in categorical else pa.string() for name in header
                    },
                    include_columns=table.columns,
                    strings_can_be_null=False,
                ),
            )
            for batch in reader:
                table.progress[0] = source.tell()
                table.rows_read[0] += batch.num_rows
                yield batch
        except pa.ArrowInvalid:  # a row with the wrong number of fields, or not UTF-8
            failed = True
        finally:
            source.close()
        if failed:
            raise _structure_error(path, len(header))

    table.batches = batches
    return table


def _scan_csv(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(start line, fields) of each non-empty record, the way the fast reader sees them."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        reader = csv.reader(f)
        next(reader, None)
        line = reader.line_num
        for fields in reader:
            start = line + 1
            line = reader.line_num
            if fields:
                yield start, fields


def _csv_rows(path: Path, records: list[int]) -> list[int]:
    wanted = set(records)
    found: dict[int, int] = {}
    if wanted:
        last = max(wanted)
        for i, (start, _) in enumerate(_scan_csv(path)):
            if i in wanted:
                found[i] = start
            if i >= last:
                break
    return [found.get(r, r + 2) for r in records]


def _structure_error(path: Path, width: int) -> InputError:
    problems = []
    total = 0
    for start, fields in _scan_csv(path):
        message: Message | None = None
        if any("\udc80" <= ch <= "\udcff" for value in fields for ch in value):
            message = msg("not_utf8", hint=CSV_HINT)
        elif len(fields) != width:
            message = msg("field_count", fields=str(len(fields)), header=str(width))
        if message:
            total += 1
            if len(problems) < 20:
                problems.append(Problem(path.name, start, message))
    if not problems:
        problems.append(Problem(path.name, None, msg("not_csv")))
        total = 1
    return InputError(problems, total)


# --- XLSX --------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return str(value).upper()
    return str(value).strip() if isinstance(value, str) else str(value)


def _open_xlsx(path: Path) -> Table:
    """The first sheet, read row by row after its size was checked (files/xlsx.py): no
    sheet is ever read whole, and none that spans more than the limit is read at all."""
    check_xlsx(path)
    try:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
        header: list[str] = []
        data: list[list[str]] = []
        row_numbers: list[int] = []
        for number, row in enumerate(rows, start=1):  # from row 1, as the sheet numbers them
            if not header:
                header = [_cell_text(c) for c in row]
                while header and not header[-1]:
                    header.pop()
                continue
            cells = [_cell_text(c) for c in row[: len(header)]]
            if any(cells):
                data.append(cells + [""] * (len(header) - len(cells)))
                row_numbers.append(number)
    except Exception as exc:  # calamine raises its own error types for broken files
        raise fail(path, msg("not_xlsx", detail=str(exc))) from None
    if not header:
        raise fail(path, msg("first_sheet_empty"))
    table = Table(path, header, lambda: iter(()), lambda recs: [row_numbers[r] for r in recs])
    table.size = len(data)

    def batches() -> Iterator[pa.RecordBatch]:
        columns = {
            name: pa.array([row[j] for row in data], type=pa.string())
            for j, name in enumerate(header)
            if name in table.columns
        }
        table.progress[0] = table.rows_read[0] = len(data)
        yield pa.RecordBatch.from_pydict(columns)

    table.batches = batches
    return table


# --- Parquet -----------------------------------------------------------------------------------


def _as_strings(column: pa.Array) -> pa.Array:
    """Any Parquet column as strings, nulls as ''; Arrow writes whole floats without a
    fraction (2024)."""
    strings = column if pa.types.is_string(column.type) else column.cast(pa.string())
    return pc.coalesce(strings, empty_strings(len(strings))) if strings.null_count else strings


def is_number(type_: pa.DataType) -> bool:
    """An integer or floating-point Arrow type."""
    return bool(pa.types.is_integer(type_) or pa.types.is_floating(type_))


def _open_parquet(path: Path, categorical: Sequence[str], numeric: Sequence[str]) -> Table:
    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise fail(path, msg("not_parquet", detail=str(exc))) from None
    schema = pf.schema_arrow
    header = list(schema.names)
    table = Table(path, header, lambda: iter(()), lambda recs: [r + 2 for r in recs])
    table.size = pf.metadata.num_rows
    # Columns of few distinct values are stored as dictionaries; reading them as such skips
    # making a million small strings that would only be counted again.
    as_dictionary = [c for c in categorical if c in header and schema.field(c).type == pa.string()]
    as_number = {c for c in numeric if c in header and is_number(schema.field(c).type)}
    if as_dictionary:  # the footer already read serves again
        pf = pq.ParquetFile(path, metadata=pf.metadata, read_dictionary=as_dictionary)

    def column(name: str, values: pa.Array) -> pa.Array:
        if name in as_number:
            return values
        if pa.types.is_dictionary(values.type) and not values.null_count:
            return values
        return _as_strings(values)

    def batches() -> Iterator[pa.RecordBatch]:
        batches = pf.iter_batches(
            batch_size=128_000, columns=table.columns, use_threads=DECODE_THREADS
        )
        for batch in batches:
            table.progress[0] += batch.num_rows
            table.rows_read[0] += batch.num_rows
            names = batch.schema.names
            arrays = [column(name, batch.column(i)) for i, name in enumerate(names)]
            yield pa.RecordBatch.from_arrays(arrays, names=names)

    table.batches = batches
    return table


class Prefetch:
    """A stream of batches started at once in a background thread that stays `ahead`
    batches in front of its reader. The first call gets the started stream (errors
    included, in their place), later calls a new one. Closing the stream, or `cancel`,
    stops the thread."""

    def __init__(self, batches: Callable[[], Iterator[pa.RecordBatch]], ahead: int = 2) -> None:
        self.batches = batches
        self.queue: Queue[tuple[pa.RecordBatch | None, BaseException | None]] = Queue(ahead)
        self.stop = threading.Event()
        self.started = False
        threading.Thread(target=self._run, name="prefetch", daemon=True).start()

    def _put(self, item: tuple[pa.RecordBatch | None, BaseException | None]) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for batch in self.batches():
                if not self._put((batch, None)):
                    return
        except BaseException as error:  # handed to the reader, raised there
            self._put((None, error))
            return
        self._put((None, None))

    def cancel(self) -> None:
        self.stop.set()

    def __call__(self) -> Iterator[pa.RecordBatch]:
        if self.started:
            return self.batches()
        self.started = True
        return self._stream()

    def _stream(self) -> Generator[pa.RecordBatch, None, None]:
        try:
            while True:
                batch, error = self.queue.get()
                if error is not None:
                    raise error
                if batch is None:
                    return
                yield batch
        finally:
            self.stop.set()


# --- Arrow and NumPy without pandas -----------------------------------------------------------
#
# Where pandas is installed, pyarrow imports it the first time a value crosses between Arrow
# and NumPy or Python (np.asarray, pa.array, pa.scalar, fill_null with a Python value), and
# that import takes longer than reading a file of a million responses. These go through the
# buffers instead.


def numpy_values(array: pa.Array | pa.ChunkedArray) -> npt.NDArray[Any]:
    """The values of a numeric Arrow array as a read-only NumPy view (undefined where null)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    dtype = np.dtype(array.type.to_pandas_dtype())
    if len(array) == 0:
        return np.zeros(0, dtype=dtype)
    return np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * dtype.itemsize
    )


def null_mask(array: pa.Array) -> npt.NDArray[np.bool_]:
    """Where `array` is null, read from its validity bitmap."""
    validity = array.buffers()[0]
    if not array.null_count or validity is None:
        return np.zeros(len(array), dtype=bool)
    bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
    return bits[array.offset : array.offset + len(array)] == 0


def arrow_values(values: npt.NDArray[Any]) -> pa.Array:
    """A numeric NumPy array as an Arrow array."""
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(
        pa.from_numpy_dtype(values.dtype), len(values), [None, pa.py_buffer(values)]
    )


def empty_strings(n: int) -> pa.Array:
    offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int32))
    return pa.Array.from_buffers(pa.string(), n, [None, offsets, pa.py_buffer(b"")])


def write_atomic(path: Path | str, data: bytes | Iterable[bytes]) -> None:
    """Write a whole file or nothing: a temporary file renamed over the target.

    `data` may come in pieces, so that a large file need not be held in memory at once.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as f:
            if isinstance(data, bytes):
                f.write(data)
            else:
                f.writelines(data)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
