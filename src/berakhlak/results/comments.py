"""The free texts of a cycle's dashboards, grouped (method/comments.py), kept per cycle and
searched.

Texts are shown only for closed or published cycles, which take no more answers: the groups
of the instansi and of each shown unit are made once, on the first page that needs them,
and kept with the cycle's other cached results (`CommentGroups`, like the counts), so a
dashboard reads a few hundred groups instead of every answer (bench/RESULTS.md, "Grouped
comments"). They are made again if the cycle's stored responses change in number.

A search keeps the groups whose shown text holds every word typed (common/tables.py, the
tables' pattern: a GET form, htmx swapping the list when there is a script). It looks only
at the texts the page shows, never at the forms grouped under them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import IntegrityError, transaction

from ..common.tables import MAX_QUERY, matches
from ..method.comments import CommentGroup, GroupedTexts, group_all
from ..surveys.models import Cycle
from .models import CommentGroups, CountsState

QUESTIONS = ("harapan", "saran")
SHOWN = 50  # groups per question on a page before a search


def _stored(cycle: Cycle) -> int:
    """The responses the cycle's counts were made from (refreshed by `cycle_counts`)."""
    return CountsState.objects.filter(cycle=cycle).values_list("responses", flat=True).first() or 0


def prepared_texts(
    cycle: Cycle,
    cycle_unit_id: int | None,
    key: str,
    read: Callable[[], dict[str, list[str]]],
) -> GroupedTexts:
    """The grouped free texts of the cycle (or of one unit): kept ones when they were made
    from the responses the cycle has, otherwise `read`, grouped with `key` and kept. The
    caller decides whether the group may show texts at all (n >= k, not hidden)."""
    responses = _stored(cycle)
    kept = CommentGroups.objects.filter(cycle=cycle, cycle_unit_id=cycle_unit_id).first()
    if kept is not None and kept.responses == responses:
        return {
            name: [CommentGroup(text, count) for text, count in kept.data.get(name, [])]
            for name in QUESTIONS
        }
    grouped = group_all(read(), key)
    data = {name: [[g.text, g.count] for g in grouped.get(name, [])] for name in QUESTIONS}
    try:
        with transaction.atomic():
            CommentGroups.objects.update_or_create(
                cycle=cycle,
                cycle_unit_id=cycle_unit_id,
                defaults={"responses": responses, "data": data},
            )
    except IntegrityError:  # another request kept the same groups first
        pass
    return {name: grouped.get(name, []) for name in QUESTIONS}


@dataclass
class CommentsView:
    """The groups a page lists: all, or those matching the search, with the search form's
    fields (includes/table_search.html)."""

    name: str  # the list's id on the page, and the prefix of its parameter
    query: str
    groups: dict[str, list[CommentGroup]]
    totals: dict[str, int]  # groups per question before the search
    answers: dict[str, int]  # answers per question before the search
    clear_href: str
    hidden_params: list[tuple[str, str]]  # the other tables' parameters, kept by the search

    @property
    def param(self) -> str:
        return f"{self.name}-cari"

    @property
    def filtered(self) -> bool:
        return bool(self.query)

    @property
    def harapan(self) -> list[CommentGroup]:
        return self.groups["harapan"][:SHOWN]

    @property
    def saran(self) -> list[CommentGroup]:
        return self.groups["saran"][:SHOWN]

    @property
    def more(self) -> dict[str, int]:
        """How many groups of each question are not listed (beyond the first SHOWN)."""
        return {q: max(0, len(self.groups[q]) - SHOWN) for q in QUESTIONS}

    @property
    def found(self) -> int:
        return sum(len(self.groups[q]) for q in QUESTIONS)

    @property
    def total(self) -> int:
        return sum(self.totals.values())


def comments_view(params: Mapping[str, str], texts: GroupedTexts) -> CommentsView:
    """The page's groups as the GET `params` ask (`komentar-cari`); the other tables' own
    parameters are kept in the link that clears the search, nothing else is echoed."""
    name = "komentar"
    query = params.get(f"{name}-cari", "").strip()[:MAX_QUERY]
    full = {q: texts.get(q, []) for q in QUESTIONS}
    groups = (
        {q: [g for g in full[q] if matches(g.text, query)] for q in QUESTIONS} if query else full
    )
    others = ("-urut", "-arah", "-cari")
    kept = [
        (k, v[:MAX_QUERY]) for k, v in params.items() if k.endswith(others) and k != f"{name}-cari"
    ]
    clear = f"?{urlencode(kept)}#{name}" if kept else f"?#{name}"
    return CommentsView(
        name,
        query,
        groups,
        {q: len(full[q]) for q in QUESTIONS},
        {q: sum(g.count for g in full[q]) for q in QUESTIONS},
        clear,
        kept,
    )


def texts_sheet(
    texts: GroupedTexts, w: Callable[[str], str]
) -> tuple[list[str], list[list[object]]] | None:
    """The workbook's sheet of free texts: one row per group, with its count; None when
    there is none. The columns carry machine names; the workbook's dictionary
    (`reports.dictionary.readable`) gives them their readable headers."""
    rows: list[list[object]] = [
        [w(q), g.text, g.count] for q in QUESTIONS for g in texts.get(q, [])
    ]
    if not rows:
        return None
    return ["jenis", "teks", "jumlah"], rows
