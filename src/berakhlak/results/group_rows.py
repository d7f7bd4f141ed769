"""The rows of an instansi-year's reporting groups (docs/method.md §9) on its dashboard: each
group's figures from its units' summed counts and its change against its own baseline
year; a group hidden by the first step of §9 shows nothing but its n.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..method.items import ItemPool
from ..method.params import Params
from ..method.results import InstansiResult
from .figures import UnitRow, fill_figures


@dataclass
class GroupRow(UnitRow):
    """A reporting group (docs/method.md §9): its units reported as one. Never ranked."""

    units: list[str] = field(default_factory=list)  # the names of its units


def group_rows(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> list[GroupRow]:
    """The reporting groups with their figures, from their units' summed counts; a group
    hidden by the first step of docs/method.md §9 shows nothing but its n."""
    s = r.group_stats
    rows = []
    comparisons = r.group_comparisons
    for g, group in enumerate(r.info.groups):
        members = r.info.group_members[g]
        row = GroupRow(
            group.code,
            group.name,
            int(s.n[g]),
            sum(r.info.units[j].headcount for j in members),
            r.group_hidden[g],
            units=[r.info.units[j].name for j in members],
        )
        fill_figures(row, s, g, comparisons[g], pool, params, lang)
        rows.append(row)
    return rows
