"""The combined index of an instansi-year and of each of its units (docs/method.md §12): the
evidence score E from the evaluation, G where the survey figures are shown, and G's change
against the latest earlier year with a shown G. `InstansiResult.combined`,
`unit_combined` and their kin answer from here.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .combined import Combined, combined, instansi_evidence, with_change
from .indices import IMPLEMENTASI

if TYPE_CHECKING:
    from .results import InstansiResult


def unit_evidence(r: InstansiResult) -> list[float] | None:
    """E_u of each unit; None when the instansi-year has no evidence at all."""
    if r.evaluation is None or r.evaluation.empty:
        return None
    return r.evaluation.unit_scores([u.code for u in r.info.units])


def combined_now(r: InstansiResult) -> Combined | None:
    """E and, where the instansi's figures are shown, G, without its change."""
    scores = r.unit_evidence
    evidence = instansi_evidence(scores) if scores is not None else None
    if evidence is None:
        return None
    if not r.shown:
        return combined(evidence, None, None, math.nan, r.params)
    column = r.stats.indices_ci[0, IMPLEMENTASI]
    lo, hi = float(column[0]), float(column[1])
    se = float(r.stats.indices_se[0, IMPLEMENTASI])
    return combined(evidence, r.implementasi, (lo, hi), se, r.params)


def instansi_combined(r: InstansiResult) -> Combined | None:
    """The instansi's combined index (§12) with its change against the latest earlier
    year in which it had a shown G; None without evidence."""
    now = r.combined_now
    if now is None or now.value is None:
        return now
    for earlier in reversed(r.history):
        before = earlier.combined_now
        if before is not None and before.value is not None:
            return with_change(now, before, earlier.year, r.params)
    return now


def unit_combined_now(r: InstansiResult) -> list[Combined | None]:
    """Each unit's combined index without its change (None: no evidence at all)."""
    scores = r.unit_evidence
    if scores is None:
        return [None] * len(r.info.units)
    s = r.unit_stats
    out: list[Combined | None] = []
    for j, evidence in enumerate(scores):
        if r.unit_hidden[j] or int(s.n[j]) == 0:
            out.append(combined(evidence, None, None, math.nan, r.params))
            continue
        lo, hi = (float(x) for x in s.indices_ci[j, IMPLEMENTASI])
        i1, se = float(s.indices[j, IMPLEMENTASI]), float(s.indices_se[j, IMPLEMENTASI])
        out.append(combined(evidence, i1, (lo, hi), se, r.params))
    return out


def unit_combined(r: InstansiResult) -> list[Combined | None]:
    """Each unit's combined index: E alone for a unit whose survey figures are not shown
    (a hidden unit's G would give its I1 away), G with its change against the latest
    earlier year in which the unit had a shown G; None without evidence."""
    out = []
    for unit, now in zip(r.info.units, r.unit_combined_now, strict=True):
        figure = now
        if now is not None and now.value is not None:
            for earlier in reversed(r.history):
                before = earlier.unit_combined_of(unit.code)
                if before is not None and before.value is not None:
                    figure = with_change(now, before, earlier.year, r.params)
                    break
        out.append(figure)
    return out
