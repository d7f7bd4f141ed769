"""The responses file (docs/method.md §14): validated, parsed batch by batch, vectorised.

Well-formed rows are parsed with NumPy on the raw Arrow buffers; only rows that fail the
fast path are looked at one by one, to accept harmless variations (spaces, lower case) or
to say exactly what is wrong with them.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..method.instrument import DEMOGRAPHICS
from ..method.items import QUESTIONS, ItemPool
from ..method.picks import PickParser, PickProblem
from .org import Org
from .problems import Message, ProblemLog, msg
from .tables import Table, arrow_values, is_number, null_mask, numpy_values, open_table

RESPONSE_COLUMNS = (
    "response_id",
    "year",
    "instansi_code",
    "unit_code",
    "status",
    "jabatan",
    "gender",
    "age_band",
    "tenure_band",
    "duration_s",
    "pv",
    "cc",
    "dc",
)
TEXT_COLUMNS = ("harapan", "saran")

MIN_YEAR, MAX_YEAR = 2000, 2100

Int = npt.NDArray[np.int64]
T = TypeVar("T")


@dataclass
class ResponseBatch:
    """Valid, parsed rows of one batch (rows that failed validation are left out)."""

    year: npt.NDArray[np.int32]
    unit: npt.NDArray[np.int32]  # global unit id in the Org
    demographics: dict[str, npt.NDArray[np.int8]]
    duration_s: npt.NDArray[np.float64]
    picks: dict[str, npt.NDArray[np.int8]]  # (n, 10) per question
    texts: dict[str, list[str]]

    def __len__(self) -> int:
        return len(self.year)

    def take(self, mask: npt.NDArray[np.bool_]) -> ResponseBatch:
        idx = np.flatnonzero(mask)
        return ResponseBatch(
            year=self.year[idx],
            unit=self.unit[idx],
            demographics={k: v[idx] for k, v in self.demographics.items()},
            duration_s=self.duration_s[idx],
            picks={k: v[idx] for k, v in self.picks.items()},
            texts={k: [v[i] for i in idx.tolist()] for k, v in self.texts.items()},
        )


def years_in(year: npt.NDArray[np.integer]) -> list[int]:
    """The distinct years in `year`, ascending. (np.unique would do, but on first use it
    imports numpy.ma: 50 ms of a command's run.)"""
    if len(year) == 0:
        return []
    first = int(year.min())
    return (np.flatnonzero(np.bincount(year - first)) + first).tolist()


_DEMOGRAPHIC_LOOKUP = {
    name: {o.lower().replace(" ", ""): i for i, o in enumerate(options)}
    for name, options in DEMOGRAPHICS.items()
}


@dataclass
class ResponseReader:
    """Reads a responses file against an org and a pool; problems go to `log`."""

    table: Table
    org: Org
    pool: ItemPool
    log: ProblemLog
    with_texts: bool = False

    def __post_init__(self) -> None:
        self.parser = PickParser(self.pool)
        self.ids: list[pa.Array] = []
        self.records = 0
        self._log_lock = threading.Lock()
        self._id_runs: dict[int, tuple[bool, str | None, str | None]] = {}

    def __iter__(self) -> Iterator[ResponseBatch]:
        return self.map(lambda batch: batch)

    def map(self, function: Callable[[ResponseBatch], T], workers: int = 2) -> Iterator[T]:
        """`function` of each batch of valid parsed rows, in file order.

        Batches are checked, parsed and passed to `function` in `workers` threads while the
        next ones are read: nearly all of the work is in NumPy and Arrow, which release the
        GIL. At most `workers` + 1 batches are in memory at once.
        """
        with ThreadPoolExecutor(workers) as pool:
            pending: deque[Future[T]] = deque()
            for batch in self.table.batches():
                self.ids.append(batch.column("response_id"))
                pending.append(pool.submit(self._read_and_apply, function, batch, self.records))
                self.records += batch.num_rows
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        if self.records == 0:
            self.log.add(None, msg("no_responses"))
        self._check_duplicate_ids()

    def _read_and_apply(
        self, function: Callable[[ResponseBatch], T], batch: pa.RecordBatch, start: int
    ) -> T:
        return function(self._read_batch(batch, start))

    def _read_batch(self, batch: pa.RecordBatch, start: int) -> ResponseBatch:
        n = batch.num_rows
        bad = np.zeros(n, dtype=bool)
        ids = pc.utf8_trim_whitespace(batch.column("response_id"))
        self._id_runs[start] = _increasing(ids)
        empty_id = numpy_values(pc.utf8_length(ids)) == 0
        self._report(empty_id, start, bad, lambda i: msg("empty_field", column="response_id"))
        year = self._year(batch.column("year"), start, bad)
        unit = self._unit(batch.column("instansi_code"), batch.column("unit_code"), start, bad)
        demographics = {
            name: self._category(batch.column(name), name, start, bad) for name in DEMOGRAPHICS
        }
        duration = self._duration(batch.column("duration_s"), start, bad)
        picks = {q: self._picks(batch.column(q), q, start, bad) for q in QUESTIONS}
        texts = {}
        if self.with_texts:
            for name in TEXT_COLUMNS:
                if name in batch.schema.names:
                    texts[name] = [t.strip() for t in batch.column(name).to_pylist()]
                else:
                    texts[name] = [""] * n
        parsed = ResponseBatch(year, unit, demographics, duration, picks, texts)
        return parsed.take(~bad) if bad.any() else parsed

    def _report(
        self,
        problem: npt.NDArray[np.bool_],
        start: int,
        bad: npt.NDArray[np.bool_],
        message: Callable[[int], Message],
    ) -> None:
        if problem.any():
            rows = np.flatnonzero(problem)
            bad[rows] = True
            with self._log_lock:
                self.log.add_many(rows + start, lambda r: message(r - start))

    def _dictionary(self, column: pa.Array) -> tuple[list[str], npt.NDArray[np.int32]]:
        """(distinct values, the index of each row's value): no value is met twice."""
        encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
        return encoded.dictionary.to_pylist(), numpy_values(encoded.indices).astype(np.int32)

    def _year(
        self, column: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int32]:
        if is_number(column.type):
            return self._numeric_year(column, start, bad)
        values, idx = self._dictionary(column)
        parsed = []
        for v in values:
            t = v.strip().removesuffix(".0")
            parsed.append(int(t) if t.isdigit() and MIN_YEAR <= int(t) <= MAX_YEAR else -1)
        years = np.array(parsed, dtype=np.int32)[idx]
        self._report(
            years < 0,
            start,
            bad,
            lambda i: bad_year(repr(values[idx[i]])),
        )
        return years

    def _numeric_year(
        self, column: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int32]:
        """Years stored as numbers (Parquet): whole numbers in range; null is no year."""
        values = numpy_values(column).astype(np.float64)
        good = (values >= MIN_YEAR) & (values <= MAX_YEAR) & (values == np.floor(values))
        good &= ~null_mask(column)
        raw = column.to_pylist() if not good.all() else []

        def shown(i: int) -> str:
            v = raw[i]
            return "" if v is None else str(int(v)) if float(v).is_integer() else str(v)

        self._report(
            ~good,
            start,
            bad,
            lambda i: bad_year(repr(shown(i))),
        )
        return np.where(good, values, -1).astype(np.int32)

    def _unit(
        self, inst: pa.Array, unit: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int32]:
        inst_values, inst_idx = self._dictionary(inst)
        unit_values, unit_idx = self._dictionary(unit)
        width = max(len(unit_values), 1)
        pair = inst_idx.astype(np.int64) * width + unit_idx
        encoded = pc.dictionary_encode(arrow_values(pair))  # the pairs found, and where
        inst_codes = [v.strip() for v in inst_values]
        unit_codes = [v.strip() for v in unit_values]
        lookup = self.org.unit_ids.get
        found_inst, found_unit = np.divmod(numpy_values(encoded.dictionary), width)
        ids = [
            lookup((inst_codes[i], unit_codes[u]), -1)
            for i, u in zip(found_inst.tolist(), found_unit.tolist(), strict=True)
        ]
        units = np.array(ids, dtype=np.int32)[numpy_values(encoded.indices)]

        def message(i: int) -> Message:
            code, unit_code = inst_values[inst_idx[i]].strip(), unit_values[unit_idx[i]].strip()
            if not code:
                return msg("empty_field", column="instansi_code")
            if code not in self.org.instansi:
                return msg("instansi_unknown", code=repr(code))
            if not unit_code:
                return msg("empty_field", column="unit_code")
            return msg("unit_unknown", unit=repr(unit_code), code=code)

        self._report(units < 0, start, bad, message)
        return units

    def _category(
        self, column: pa.Array, name: str, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int8]:
        values, idx = self._dictionary(column)
        lookup = _DEMOGRAPHIC_LOOKUP[name]
        codes = np.array(
            [lookup.get(v.strip().lower().replace(" ", ""), -1) for v in values] or [-1],
            dtype=np.int8,
        )[idx]
        options = ", ".join(DEMOGRAPHICS[name])
        self._report(
            codes < 0,
            start,
            bad,
            lambda i: msg("not_one_of", column=name, value=repr(values[idx[i]]), options=options),
        )
        return codes

    def _duration(
        self, column: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.float64]:
        if is_number(column.type):
            values = np.where(null_mask(column), np.nan, numpy_values(column))  # null: none given
            wrong = ~(np.isnan(values) | ((values >= 0) & np.isfinite(values)))
            if wrong.any():
                raw = column.to_pylist()
                self._report(
                    wrong,
                    start,
                    bad,
                    lambda i: msg("duration", value=repr(str(raw[i]))),
                )
            return np.where(wrong, np.nan, values)
        trimmed = pc.utf8_trim_whitespace(column)
        lengths = pc.utf8_length(trimmed)
        given = numpy_values(lengths) > 0
        nullable = pc.if_else(
            pc.cast(lengths, pa.bool_()), trimmed, pa.nulls(len(column), pa.string())
        )
        try:
            values = np.where(given, numpy_values(pc.cast(nullable, pa.float64())), np.nan)
            wrong = ~(np.isnan(values) | ((values >= 0) & np.isfinite(values)))
        except pa.ArrowInvalid:
            texts = nullable.to_pylist()
            values = np.array([_float_or_bad(t) for t in texts], dtype=np.float64)
            wrong = np.isinf(values) | (values < 0)
        raw = column.to_pylist() if wrong.any() else []
        self._report(wrong, start, bad, lambda i: msg("duration", value=repr(raw[i])))
        return np.where(wrong, np.nan, values)

    def _picks(
        self, column: pa.Array, question: str, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int8]:
        picks, ok = parse_column(self.parser, column)
        rows = np.flatnonzero(~ok)
        if len(rows) == 0:
            return picks
        texts = column.take(arrow_values(rows)).to_pylist()
        failed = np.zeros(len(column), dtype=bool)
        reasons: dict[int, PickProblem] = {}
        for row, text in zip(rows.tolist(), texts, strict=True):
            parsed, reason = self.parser.parse_one(text)
            if parsed is None:
                assert reason is not None
                failed[row] = True
                reasons[row] = reason
            else:
                picks[row] = parsed
        self._report(failed, start, bad, lambda i: pick_problem(question, reasons[i]))
        return picks

    def _check_duplicate_ids(self) -> None:
        if not self.ids:
            return
        runs = [run for _, run in sorted(self._id_runs.items()) if run[1] is not None]
        if all(increasing for increasing, _, _ in runs) and all(
            last < first for (_, _, last), (_, first, _) in itertools.pairwise(runs)
        ):
            return  # ids that increase through the file are all different
        ids = pa.chunked_array(self.ids, type=pa.string())
        self.ids = []
        trimmed = pc.utf8_trim_whitespace(ids)
        if len(pc.unique(trimmed)) == len(trimmed):
            return
        encoded = pc.dictionary_encode(trimmed).combine_chunks()
        codes = numpy_values(encoded.indices)
        first = np.full(len(encoded.dictionary), -1, dtype=np.int64)
        order = np.arange(len(codes))[::-1]
        first[codes[order]] = order  # the last write wins: the first occurrence
        repeats = np.flatnonzero(first[codes] != np.arange(len(codes)))
        repeats = repeats[numpy_values(pc.utf8_length(trimmed.take(arrow_values(repeats)))) > 0]
        names = encoded.dictionary
        shown = repeats[:20].tolist()
        first_rows = dict(
            zip(shown, self.table.row_of([int(first[codes[r]]) for r in shown]), strict=True)
        )
        self.log.add_many(
            repeats,
            lambda r: msg("id_again", id=repr(names[codes[r]].as_py()), row=str(first_rows[r])),
        )


def parse_column(
    parser: PickParser, column: pa.Array
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """The method's pick parser on a string column, read straight from Arrow's buffers:
    (picks, ok); rows that are not ok are for `parser.parse_one` to judge."""
    n = len(column)
    if n == 0:
        return parser.parse_buffers(np.zeros(1, dtype=np.int32), np.zeros(0, dtype=np.uint8))
    offsets = np.frombuffer(
        column.buffers()[1], dtype=np.int32, count=n + 1, offset=column.offset * 4
    )
    data_buffer = column.buffers()[2]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
    return parser.parse_buffers(offsets, data)


def bad_year(value: str) -> Message:
    return msg("bad_year", value=value, low=str(MIN_YEAR), high=str(MAX_YEAR))


def pick_problem(question: str, problem: PickProblem) -> Message:
    """What is wrong with a pick answer (method.picks), as a problem of the file."""
    return msg(problem.code, question=question, **problem.args)


def _increasing(ids: pa.Array) -> tuple[bool, str | None, str | None]:
    """Whether `ids` strictly increase, and the first and last of them."""
    if len(ids) == 0:
        return True, None, None
    increasing = len(ids) < 2 or pc.all(pc.less(ids[:-1], ids[1:])).as_py()
    return bool(increasing), ids[0].as_py(), ids[-1].as_py()


def _float_or_bad(text: str | None) -> float:
    if text is None:
        return np.nan
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return -1.0
    return value if np.isfinite(value) else -1.0


def open_response_table(path: Path, with_texts: bool = False) -> Table:
    return open_table(
        path,
        RESPONSE_COLUMNS,
        TEXT_COLUMNS if with_texts else (),
        categorical=("year", "instansi_code", "unit_code", *DEMOGRAPHICS),
        numeric=("year", "duration_s"),
    )


def open_responses(
    path: Path, org: Org, pool: ItemPool, with_texts: bool = False
) -> ResponseReader:
    table = open_response_table(path, with_texts)
    return ResponseReader(table, org, pool, ProblemLog(table.name), with_texts)
