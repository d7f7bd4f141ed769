"""Tables a reader can sort and search, on the server: the page works without script.

A column's header is a link that sorts by it (again: the other way round), a search form
above the table keeps only the rows whose text holds the words typed; both are GET
parameters, so the page can be bookmarked and reloaded. With script, htmx asks for the
same URL and swaps in the table alone (includes/sort_header.html, includes/table_search.html).
Rows without a figure (hidden, no responses) stay at the end whichever way a column sorts.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

Row = TypeVar("Row")
ASCENDING, DESCENDING = "naik", "turun"
MAX_QUERY = 100


@dataclass(frozen=True)
class Column(Generic[Row]):
    key: str  # its name in the URL
    label: str
    value: Callable[[Row], Any]  # None: no figure, always last
    numeric: bool = False
    first: str = ASCENDING  # the direction of a first click (figures: highest first)
    title: str = ""  # what a short label stands for (a value code's name)


@dataclass(frozen=True)
class Header:
    key: str
    label: str
    href: str
    numeric: bool
    sort: str  # aria-sort: "ascending", "descending" or "" when not sorted by it
    link_id: str
    title: str = ""


@dataclass
class SortedTable(Generic[Row]):
    """The rows in the order and selection the reader asked for, and the headers' links."""

    name: str  # the table's id on the page, and the prefix of its parameters
    rows: list[Row]
    headers: dict[str, Header]
    query: str
    total: int
    hidden_params: list[tuple[str, str]]  # what the search form keeps (the sort)
    clear_href: str

    @property
    def param(self) -> str:
        return f"{self.name}-cari"

    @property
    def filtered(self) -> bool:
        return bool(self.query)

    @property
    def header_list(self) -> list[Header]:
        return list(self.headers.values())


def fold(text: str) -> str:
    """Text as searches compare it: without accents, case or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def matches(text: str, query: str) -> bool:
    """Whether every word of the query is in the text (both folded)."""
    haystack = fold(text)
    return all(word in haystack for word in fold(query).split())


def _sorted(rows: Sequence[Row], column: Column[Row], direction: str) -> list[Row]:
    present = [r for r in rows if column.value(r) is not None]
    missing = [r for r in rows if column.value(r) is None]

    def key(r: Row) -> Any:
        v = column.value(r)
        return fold(v) if isinstance(v, str) else v

    present.sort(key=key, reverse=direction == DESCENDING)  # stable: ties keep their order
    return present + missing


def sort_table(
    name: str,
    params: Mapping[str, str],
    rows: Sequence[Row],
    columns: Sequence[Column[Row]],
    text: Callable[[Row], str],
) -> SortedTable[Row]:
    """`rows` sorted and searched as the GET `params` ask (`<name>-urut`, `<name>-arah`,
    `<name>-cari`); unknown values are ignored. Other parameters of the page are kept in
    the links, so that two tables of one page keep each other's order."""
    by_key = {c.key: c for c in columns}
    sort_key = params.get(f"{name}-urut", "")
    column = by_key.get(sort_key)
    direction = params.get(f"{name}-arah", "")
    if column is not None and direction not in (ASCENDING, DESCENDING):
        direction = column.first
    query = params.get(f"{name}-cari", "").strip()[:MAX_QUERY]
    total = len(rows)
    shown = [r for r in rows if matches(text(r), query)] if query else list(rows)
    if column is not None:
        shown = _sorted(shown, column, direction)
    own = (f"{name}-urut", f"{name}-arah")
    # Only the other tables' own parameters are carried along: a page never echoes a
    # parameter it does not know (tests/web/results/test_security_anonymity.py).
    others = ("-urut", "-arah", "-cari")
    kept = [
        (k, v[:MAX_QUERY])
        for k, v in params.items()
        if k.endswith(others) and k not in own and k != f"{name}-cari"
    ]
    headers = {}
    for c in columns:
        current = column is not None and c.key == column.key
        if current:
            next_direction = ASCENDING if direction == DESCENDING else DESCENDING
        else:
            next_direction = c.first
        link = [*kept, (f"{name}-urut", c.key), (f"{name}-arah", next_direction)]
        if query:
            link.append((f"{name}-cari", query))
        sort = ""
        if current:
            sort = "ascending" if direction == ASCENDING else "descending"
        headers[c.key] = Header(
            c.key,
            c.label,
            f"?{urlencode(link)}#{name}",
            c.numeric,
            sort,
            f"{name}-by-{c.key}",
            c.title,
        )
    sort_params = [(k, v) for k, v in params.items() if k in own and column is not None]
    clear = [*kept, *sort_params]
    return SortedTable(
        name,
        shown,
        headers,
        query,
        total,
        sort_params + [(k, v) for k, v in kept],
        f"?{urlencode(clear)}#{name}" if clear else f"?#{name}",
    )
