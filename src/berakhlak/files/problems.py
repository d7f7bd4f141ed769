"""Problems found in input files, reported one line each with file, row and reason."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

MAX_SHOWN = 20


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # spreadsheet-style row number: the header is row 1
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: row {self.row}" if self.row is not None else self.file
        return f"{where}: {self.message}"


class InputError(Exception):
    """An input file cannot be used; nothing was computed or written."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(self.lines()))

    def lines(self, limit: int = MAX_SHOWN) -> list[str]:
        out = [str(p) for p in self.problems[:limit]]
        rest = self.total - min(limit, len(self.problems))
        if rest > 0:
            out.append(f"... and {rest:,} more problem{'s' if rest != 1 else ''}")
        return out


@dataclass
class ProblemLog:
    """Collects problems of one file; keeps the MAX_SHOWN earliest in the file.

    Problems are found column by column, so a later row can be found before an earlier one;
    the kept ones are those of the earliest records (file-level problems first). Record
    positions (0-based data records) are turned into row numbers only when the problems
    are reported, because that can need a second look at the file.
    """

    file: str
    total: int = 0
    _kept: list[tuple[int | None, str]] = field(default_factory=list)

    def add(self, record: int | None, message: str) -> None:
        self.total += 1
        self._keep([(record, message)])

    def add_many(self, records: Sequence[int], message: Callable[[int], str]) -> None:
        """Problems at many records (ascending); at most MAX_SHOWN messages are built."""
        self._keep([(int(record), message(int(record))) for record in records[:MAX_SHOWN]])
        self.total += len(records)

    def _keep(self, problems: list[tuple[int | None, str]]) -> None:
        self._kept = sorted(self._kept + problems, key=_file_order)[:MAX_SHOWN]

    def __bool__(self) -> bool:
        return self.total > 0

    def error(self, row_of: Callable[[list[int]], list[int]] | None = None) -> InputError:
        records = [r for r, _ in self._kept if r is not None]
        rows = dict(zip(records, row_of(records) if row_of else records, strict=True))
        problems = [
            Problem(self.file, None if r is None else rows[r], message) for r, message in self._kept
        ]
        return InputError(problems, self.total)


def _file_order(problem: tuple[int | None, str]) -> int:
    return -1 if problem[0] is None else problem[0]
