"""Stored answers of a pick question ('BP1;AK2;...') as pool positions, vectorised.

The same parser serves the file readers (a column of a CSV or Parquet file, read straight
from Arrow's buffers) and the web app (answers stored in the database, as Python strings):
it sees only the bytes of the texts and their offsets, so it needs neither Arrow nor Django.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .counts import distinct_picks
from .items import PICKS, ItemPool

Picks = npt.NDArray[np.int8]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PickProblem:
    """Why an answer cannot be read: a code of the file readers' problems
    (files/problems.py) and its arguments (str as shown, int a count)."""

    code: str
    args: dict[str, str | int]

    def __str__(self) -> str:
        return f"{self.code}: {self.args}"


class PickParser:
    """Turns 'BP1;AK2;...' into 10 pool positions; vectorised for fixed-width codes.

    In a well-formed answer every code is followed by ';' (the last one too, once the row
    is padded with one), so each code and its separator are one fixed-width little-endian
    integer, looked up in a table of the pool's codes: a wrong code and a wrong separator
    both miss. Codes of one or three bytes (the pool's are three) index a direct table
    (16 MiB for three); longer ones a perfect hash table.
    """

    def __init__(self, pool: ItemPool) -> None:
        self.pool = pool
        widths = {len(c.encode()) for c in pool.codes}
        width = widths.pop() if len(widths) == 1 else 0
        self.step = width + 1  # a code and its separator
        if not 1 < self.step <= 8:
            self.step = 0  # no fast path
        self.length = PICKS * self.step - 1
        # Keys are read straight from the text where a code and its separator fill a word.
        self.key_type = np.dtype(f"<u{self.step}" if self.step in (2, 4, 8) else np.uint64)
        keys = np.array([self._key(c.encode() + b";") for c in pool.codes], dtype=self.key_type)
        self.direct: npt.NDArray[np.int8] | None = None
        self.table_keys = np.zeros(0, dtype=self.key_type)
        self.table_items = np.zeros(0, dtype=np.int8)
        if self.step in (2, 4) and len(keys):
            # key - ';' in the top byte is the code itself, below `limit`, for a well-formed
            # pair; anything else wraps round or lands above it (then clipped to `limit`).
            bits = 8 * (self.step - 1)
            self.offset = self.key_type.type(ord(";") << bits)
            self.limit = self.key_type.type(1 << bits)
            self.direct = np.full(int(self.limit) + 1, -1, dtype=np.int8)
            self.direct[keys - self.offset] = np.arange(len(keys))
        elif size := next(
            (m for m in range(len(keys), 1 << 16) if len(np.unique(keys % m)) == len(keys)), 0
        ):
            self.table_keys = np.zeros(size, dtype=self.key_type)
            self.table_items = np.zeros(size, dtype=np.int8)
            self.table_keys[keys % size] = keys
            self.table_items[keys % size] = np.arange(len(keys))
        self.size = len(self.direct if self.direct is not None else self.table_keys)
        self.lookup = {c.upper(): i for i, c in enumerate(pool.codes)}

    @staticmethod
    def _key(code: bytes) -> int:
        return int.from_bytes(code, "little")

    def _keys(self, chars: npt.NDArray[np.uint8]) -> npt.NDArray[np.unsignedinteger]:
        """(rows, PICKS) integer keys of the codes with their separators."""
        step = self.step
        padded = np.empty((len(chars), PICKS * step), dtype=np.uint8)
        padded[:, : self.length] = chars
        padded[:, self.length] = ord(";")
        if step in (2, 4, 8):
            return padded.view(self.key_type)
        key = np.zeros((len(chars), PICKS), dtype=np.uint64)
        for b in range(step):
            key |= padded[:, b::step].astype(np.uint64) << np.uint64(8 * b)
        return key

    def parse_buffers(
        self, offsets: npt.NDArray[np.int32], data: npt.NDArray[np.uint8]
    ) -> tuple[Picks, Mask]:
        """(picks, ok) of n texts given as UTF-8 `data` and n + 1 `offsets` into it (Arrow's
        layout of a string column); rows that are not ok are for `parse_one` to judge."""
        n = len(offsets) - 1
        picks = np.zeros((n, PICKS), dtype=np.int8)
        ok = np.zeros(n, dtype=bool)
        if self.step == 0 or self.size == 0 or n <= 0:
            return picks, ok
        lengths = np.diff(offsets)
        rows = np.flatnonzero(lengths == self.length)
        if len(rows) == 0:
            return picks, ok
        if len(rows) == n:
            chars = data[offsets[0] : offsets[-1]].reshape(n, self.length)
        else:
            chars = data[offsets[rows][:, None] + np.arange(self.length)]
        parsed, missed = self._lookup(self._keys(chars))
        good = distinct_picks(parsed)
        if missed.any():
            good[np.flatnonzero(missed) // PICKS] = False
        if good.all() and len(rows) == n:
            return parsed, good
        picks[rows[good]] = parsed[good]
        ok[rows[good]] = True
        return picks, ok

    def _lookup(self, key: npt.NDArray[np.unsignedinteger]) -> tuple[Picks, Mask]:
        """(pool positions, missed) of the keys; a missed key's position is any valid one."""
        if self.direct is not None:
            index = key - self.offset
            np.minimum(index, self.limit, out=index)
            parsed = np.take(self.direct, index)
            missed = parsed < 0
            if missed.any():
                parsed[missed] = 0
            return parsed, missed
        slot = key % self.key_type.type(self.size)
        return np.take(self.table_items, slot), np.take(self.table_keys, slot) != key

    def parse_one(self, text: str | None) -> tuple[list[int] | None, PickProblem | None]:
        """Lenient parse of one answer: (positions, None) or (None, why not)."""
        if not text or not text.strip():
            return None, PickProblem("picks_empty", {})
        codes = [c.strip().upper() for c in text.split(";")]
        if codes and codes[-1] == "":
            codes.pop()
        unknown = [c for c in codes if c not in self.lookup]
        if unknown:
            shown = ", ".join(repr(c) for c in unknown[:3])
            if len(unknown) > 3:
                return None, PickProblem(
                    "unknown_codes_more", {"codes": shown, "more": len(unknown) - 3}
                )
            code = "unknown_codes" if len(unknown) > 1 else "unknown_code"
            return None, PickProblem(code, {"codes": shown})
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            return None, PickProblem("picked_twice", {"items": ", ".join(repeated)})
        if len(codes) != PICKS:
            return None, PickProblem("item_count", {"n": str(len(codes)), "picks": str(PICKS)})
        return [self.lookup[c] for c in codes], None

    def parse_texts(self, texts: Sequence[str]) -> Picks:
        """(n, 10) pool positions of stored answers; ValueError when one cannot be read."""
        encoded = [t.encode() for t in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        picks, ok = self.parse_buffers(offsets, data)
        for row in np.flatnonzero(~ok).tolist():
            parsed, reason = self.parse_one(texts[row])
            if parsed is None:
                raise ValueError(f"stored response has invalid picks ({reason})")
            picks[row] = parsed
        return picks
