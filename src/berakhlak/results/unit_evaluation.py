"""E and G in the units' heatmap (docs/method.md §12): when a cycle's evaluation is reported,
each unit row gets its evidence score E_u, and its combined index G_u only when the unit is
shown. A hidden unit shows E_u, never G_u: G_u − w_e·E_u would give its survey index away.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..method.results import InstansiResult

if TYPE_CHECKING:  # the rows are made by figures.py; the dashboard calls this
    from .figures import UnitRow


def with_unit_evaluation(rows: list[UnitRow], r: InstansiResult) -> list[UnitRow]:
    """`rows` (one per unit of `r.info.units`, any order) with E_u and G_u set in place."""
    if r.combined is None or r.evaluation is None:
        return rows
    figures = {
        unit.code: (figure, hidden)
        for unit, figure, hidden in zip(r.info.units, r.unit_combined, r.unit_hidden, strict=True)
    }
    for row in rows:
        figure, hidden = figures.get(row.code, (None, True))
        if figure is None:
            continue
        row.evidence = figure.evidence
        row.combined = None if hidden or row.hidden else figure.value
    return rows
