"""The cells every workbook shares: words in the active language, a change's cells, the rows
of index and value figures."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import pgettext

from ..method.change import Change
from ..results.dashboard import Figure

Sheet = tuple[Sequence[str], list[list[Any]]]

CHANGE_HEAD = ("perubahan", "arah", "bermakna", "perubahan_tanpa_pembulatan")


def W(text: str) -> str:
    """A word of a workbook (a sheet name, a cell's word) in the active language: the
    catalogue's context "workbook" keeps them apart from the same words on pages."""
    return pgettext("workbook", text)


def change_cells(c: Change | None) -> list[Any]:
    """The shown change, its direction word, whether it is bermakna, the unrounded change."""
    if c is None:
        return [None, None, None, None]
    significant = None if c.significant is None else W("ya") if c.significant else W("tidak")
    return [c.delta_shown, W(c.direction), significant, c.delta]


def figure_rows(figures: list[Figure]) -> list[list[Any]]:
    return [
        [
            f.key,
            f.label,
            f.value,
            f.category,
            f.ci[0] if f.ci else None,
            f.ci[1] if f.ci else None,
            f.baseline,
            *change_cells(f.change),
        ]
        for f in figures
    ]


FIGURE_HEAD = (
    "kode", "nama", "nilai", "kategori", "ik95_bawah", "ik95_atas", "nilai_pembanding",
    *CHANGE_HEAD,
)  # fmt: skip
