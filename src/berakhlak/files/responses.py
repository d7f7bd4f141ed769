"""The responses file (METHOD.md §9): validated, parsed batch by batch, vectorised.

Well-formed rows are parsed with NumPy on the raw Arrow buffers; only rows that fail the
fast path are looked at one by one, to accept harmless variations (spaces, lower case) or
to say exactly what is wrong with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..method.items import PICKS, QUESTIONS, ItemPool
from .org import Org
from .problems import ProblemLog
from .tables import Table, open_table

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

DEMOGRAPHICS: dict[str, tuple[str, ...]] = {
    "status": ("PNS", "PPPK", "NON_ASN"),
    "jabatan": ("struktural", "fungsional", "pelaksana"),
    "gender": ("L", "P"),
    "age_band": ("<30", "30-39", "40-49", "50+"),
    "tenure_band": ("<5", "5-14", "15+"),
}
DEMOGRAPHIC_LABELS: dict[str, tuple[str, str]] = {
    "status": ("Status kepegawaian", "Employment status"),
    "jabatan": ("Jenis jabatan", "Job type"),
    "gender": ("Jenis kelamin", "Gender"),
    "age_band": ("Kelompok usia", "Age band"),
    "tenure_band": ("Masa kerja", "Tenure"),
}
CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "PNS": ("PNS", "Civil servant (PNS)"),
    "PPPK": ("PPPK", "Contract civil servant (PPPK)"),
    "NON_ASN": ("Non-ASN", "Non-ASN"),
    "struktural": ("Struktural", "Managerial"),
    "fungsional": ("Fungsional", "Functional"),
    "pelaksana": ("Pelaksana", "Administrative"),
    "L": ("Laki-laki", "Male"),
    "P": ("Perempuan", "Female"),
    "<30": ("< 30 tahun", "Under 30"),
    "30-39": ("30–39 tahun", "30–39"),
    "40-49": ("40–49 tahun", "40–49"),
    "50+": ("50 tahun ke atas", "50 and over"),
    "<5": ("< 5 tahun", "Under 5 years"),
    "5-14": ("5–14 tahun", "5–14 years"),
    "15+": ("15 tahun ke atas", "15 years and over"),
}
MIN_YEAR, MAX_YEAR = 2000, 2100

Int = npt.NDArray[np.int64]


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


_DEMOGRAPHIC_LOOKUP = {
    name: {o.lower().replace(" ", ""): i for i, o in enumerate(options)}
    for name, options in DEMOGRAPHICS.items()
}


class PickParser:
    """Turns 'BP1;AK2;...' into 10 pool positions; vectorised for fixed-width codes."""

    def __init__(self, pool: ItemPool) -> None:
        self.pool = pool
        widths = {len(c.encode()) for c in pool.codes}
        self.width = widths.pop() if len(widths) == 1 else 0
        self.length = PICKS * self.width + PICKS - 1
        keys = np.array([self._key(c.encode()) for c in pool.codes], dtype=np.int64)
        self.order = np.argsort(keys)
        self.sorted_keys = keys[self.order]
        self.lookup = {c.upper(): i for i, c in enumerate(pool.codes)}

    @staticmethod
    def _key(code: bytes) -> int:
        return int.from_bytes(code, "big")

    def parse(self, column: pa.Array) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
        """(picks, ok): rows that are not ok are for `parse_one` to judge."""
        n = len(column)
        picks = np.zeros((n, PICKS), dtype=np.int8)
        ok = np.zeros(n, dtype=bool)
        if self.width == 0 or n == 0:
            return picks, ok
        offsets = np.frombuffer(
            column.buffers()[1], dtype=np.int32, count=n + 1, offset=column.offset * 4
        )
        data_buffer = column.buffers()[2]
        data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer else np.zeros(0, np.uint8)
        lengths = np.diff(offsets)
        right_length = lengths == self.length
        rows = np.flatnonzero(right_length)
        if len(rows) == 0:
            return picks, ok
        if len(rows) == n:
            chars = data[offsets[0] : offsets[-1]].reshape(n, self.length)
        else:
            chars = data[offsets[rows][:, None] + np.arange(self.length)]
        step = self.width + 1
        separators_ok = (chars[:, self.width :: step] == ord(";")).all(axis=1)
        key = np.zeros((len(rows), PICKS), dtype=np.int64)
        for b in range(self.width):
            key = (key << 8) | chars[:, b::step][:, :PICKS]
        pos = np.searchsorted(self.sorted_keys, key).clip(0, len(self.sorted_keys) - 1)
        found = (self.sorted_keys[pos] == key).all(axis=1)
        parsed = self.order[pos].astype(np.int8)
        s = np.sort(parsed, axis=1)
        distinct = (np.diff(s, axis=1) != 0).all(axis=1)
        good = separators_ok & found & distinct
        picks[rows[good]] = parsed[good]
        ok[rows[good]] = True
        return picks, ok

    def parse_one(self, text: str | None) -> tuple[list[int] | None, str | None]:
        """Lenient parse of one answer: (positions, None) or (None, reason)."""
        if not text or not text.strip():
            return None, "is empty"
        codes = [c.strip().upper() for c in text.split(";")]
        if codes and codes[-1] == "":
            codes.pop()
        unknown = [c for c in codes if c not in self.lookup]
        if unknown:
            shown = ", ".join(repr(c) for c in unknown[:3])
            more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
            return None, f"unknown item code{'s' if len(unknown) > 1 else ''} {shown}{more}"
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            return None, f"item {', '.join(repeated)} picked more than once"
        if len(codes) != PICKS:
            return None, f"has {len(codes)} items, expected exactly {PICKS} distinct items"
        return [self.lookup[c] for c in codes], None


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

    def __iter__(self) -> Iterator[ResponseBatch]:
        for batch in self.table.batches():
            start = self.records
            self.records += batch.num_rows
            yield self._read_batch(batch, start)
        if self.records == 0:
            self.log.add(None, "has a header but no responses")
        self._check_duplicate_ids()

    def _read_batch(self, batch: pa.RecordBatch, start: int) -> ResponseBatch:
        n = batch.num_rows
        bad = np.zeros(n, dtype=bool)
        ids = batch.column("response_id")
        self.ids.append(ids)
        empty_id = np.asarray(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(ids)), 0))
        self._report(empty_id, start, bad, lambda i: "response_id is empty")
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
        message: object,
    ) -> None:
        if problem.any():
            rows = np.flatnonzero(problem)
            bad[rows] = True
            self.log.add_many(rows + start, lambda r: message(r - start))  # type: ignore[operator]

    def _dictionary(self, column: pa.Array) -> tuple[list[str], npt.NDArray[np.int32]]:
        encoded = pc.dictionary_encode(column)
        return encoded.dictionary.to_pylist(), np.asarray(encoded.indices, dtype=np.int32)

    def _year(
        self, column: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int32]:
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
            lambda i: f"year {values[idx[i]]!r} is not a year between {MIN_YEAR} and {MAX_YEAR}",
        )
        return years

    def _unit(
        self, inst: pa.Array, unit: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int32]:
        inst_values, inst_idx = self._dictionary(inst)
        unit_values, unit_idx = self._dictionary(unit)
        pair = inst_idx.astype(np.int64) * max(len(unit_values), 1) + unit_idx
        uniques, inverse = np.unique(pair, return_inverse=True)
        ids = np.empty(len(uniques), dtype=np.int32)
        width = max(len(unit_values), 1)
        for j, key in enumerate(uniques.tolist()):
            code = (inst_values[key // width].strip(), unit_values[key % width].strip())
            ids[j] = self.org.unit_ids.get(code, -1)
        units = ids[inverse]

        def message(i: int) -> str:
            code, unit_code = inst_values[inst_idx[i]].strip(), unit_values[unit_idx[i]].strip()
            if not code:
                return "instansi_code is empty"
            if code not in self.org.instansi:
                return f"instansi {code!r} is not in the org file"
            if not unit_code:
                return "unit_code is empty"
            return f"unit {unit_code!r} of instansi {code} is not in the org file"

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
            codes < 0, start, bad, lambda i: f"{name} {values[idx[i]]!r} is not one of {options}"
        )
        return codes

    def _duration(
        self, column: pa.Array, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.float64]:
        trimmed = pc.utf8_trim_whitespace(column)
        nullable = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
        try:
            values = np.asarray(pc.cast(nullable, pa.float64()).fill_null(np.nan))
            wrong = ~(np.isnan(values) | ((values >= 0) & np.isfinite(values)))
        except pa.ArrowInvalid:
            texts = nullable.to_pylist()
            values = np.array([_float_or_bad(t) for t in texts], dtype=np.float64)
            wrong = np.isinf(values) | (values < 0)
        raw = column.to_pylist() if wrong.any() else []
        self._report(
            wrong, start, bad, lambda i: f"duration_s {raw[i]!r} is not a number of seconds"
        )
        return np.where(wrong, np.nan, values)

    def _picks(
        self, column: pa.Array, question: str, start: int, bad: npt.NDArray[np.bool_]
    ) -> npt.NDArray[np.int8]:
        picks, ok = self.parser.parse(column)
        rows = np.flatnonzero(~ok)
        if len(rows) == 0:
            return picks
        texts = column.take(pa.array(rows)).to_pylist()
        failed = np.zeros(len(column), dtype=bool)
        reasons: dict[int, str] = {}
        for row, text in zip(rows.tolist(), texts, strict=True):
            parsed, reason = self.parser.parse_one(text)
            if parsed is None:
                failed[row] = True
                reasons[row] = reason or ""
            else:
                picks[row] = parsed
        self._report(failed, start, bad, lambda i: f"{question}: {reasons[i]}")
        return picks

    def _check_duplicate_ids(self) -> None:
        if not self.ids:
            return
        ids = pa.chunked_array(self.ids, type=pa.string())
        self.ids = []
        trimmed = pc.utf8_trim_whitespace(ids)
        if len(pc.unique(trimmed)) == len(trimmed):
            return
        encoded = pc.dictionary_encode(trimmed).combine_chunks()
        codes = np.asarray(encoded.indices)
        first = np.full(len(encoded.dictionary), -1, dtype=np.int64)
        order = np.arange(len(codes))[::-1]
        first[codes[order]] = order  # the last write wins: the first occurrence
        repeats = np.flatnonzero(first[codes] != np.arange(len(codes)))
        repeats = repeats[np.asarray(pc.utf8_length(trimmed.take(pa.array(repeats)))) > 0]
        names = encoded.dictionary
        shown = repeats[:20].tolist()
        first_rows = dict(
            zip(shown, self.table.row_of([int(first[codes[r]]) for r in shown]), strict=True)
        )
        self.log.add_many(
            repeats,
            lambda r: (
                f"response_id {names[codes[r]].as_py()!r} is used again "
                f"(first on row {first_rows[r]})"
            ),
        )


def _float_or_bad(text: str | None) -> float:
    if text is None:
        return np.nan
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return -1.0
    return value if np.isfinite(value) else -1.0


def open_responses(
    path: Path, org: Org, pool: ItemPool, with_texts: bool = False
) -> ResponseReader:
    table = open_table(path, RESPONSE_COLUMNS, TEXT_COLUMNS if with_texts else ())
    return ResponseReader(table, org, pool, ProblemLog(table.name), with_texts)
