"""The national participation table searched by instansi (name, code, region) with a GET
form, like the dashboard's tables (common/tables.py); its sort links (`?urut=`) keep the
search and the search keeps the sort. htmx swaps the table when there is a script."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from ..common.tables import MAX_QUERY, matches
from .national_participation import Line

NAME = "instansi-partisipasi"


@dataclass
class LineSearch:
    """What includes/table_search.html and includes/table_status.html need, and the rows."""

    name: str
    query: str
    rows: list[Line]
    total: int
    hidden_params: list[tuple[str, str]]  # the sort, kept by the search form
    clear_href: str

    @property
    def param(self) -> str:
        return f"{self.name}-cari"

    @property
    def filtered(self) -> bool:
        return bool(self.query)

    @property
    def sort_suffix(self) -> str:
        """What a sort link adds to keep the search ('&instansi-partisipasi-cari=…')."""
        return f"&{urlencode([(self.param, self.query)])}" if self.query else ""


def search_lines(params: Mapping[str, str], lines: list[Line], sort: str) -> LineSearch:
    query = params.get(f"{NAME}-cari", "").strip()[:MAX_QUERY]
    shown = lines
    if query:
        shown = [r for r in lines if matches(f"{r.name} {r.code} {r.region}", query)]
    return LineSearch(
        NAME, query, shown, len(lines), [("urut", sort)], f"?{urlencode([('urut', sort)])}#{NAME}"
    )
