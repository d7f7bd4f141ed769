"""The results of a survey cycle from the database: its counts with those of its earlier
cycles, computed by the method core, and its free texts, for the dashboards, the reports
and the API."""

from __future__ import annotations

import numpy as np

from ..evaluation.models import reported_evaluation
from ..method.comments import GroupedTexts
from ..method.compute import compute_results
from ..method.counts import exclusion_flags
from ..method.items import QUESTIONS, default_pool
from ..method.params import Params
from ..method.results import InstansiYear, Results
from ..responses.models import Response
from ..surveys.models import Cycle, Status
from .comments import prepared_texts
from .counts import CycleCounts, cycle_counts, parse_picks
from .dashboard import (
    Dashboard,
    ReportSubject,
    UnitDashboard,
    assemble_dashboard,
    assemble_unit_dashboard,
)
from .frozen import instansi_info

TextRow = tuple[str, str, int | None, str, str, str]
"""harapan, saran, duration_s, pv, cc, dc of a stored response."""


def subject_of(cycle: Cycle, cycle_unit_id: int | None = None) -> ReportSubject:
    """The subject of a cycle's dashboard, or of one of its units' (`cycle_unit_id`)."""
    return ReportSubject(
        instansi_code=cycle.instansi.code,
        instansi_name=cycle.instansi.name,
        year=cycle.year,
        item_pool=cycle.item_pool,
        texts_key=f"texts:{cycle.pk}:{cycle_unit_id}",
        cycle_pk=cycle.pk,
    )


def instansi_year(cycle: Cycle, counts: CycleCounts) -> InstansiYear:
    """A cycle's counts for the method core, with its own anonymity threshold: results of
    several cycles are computed with one set of parameters, and no year may show more than
    its own cycle shows."""
    info = instansi_info(cycle.instansi, counts.units)
    local_set = cycle.local_set() if counts.local is not None else None
    return InstansiYear(
        info,
        cycle.year,
        counts.totals,
        k=cycle.method_params().k,
        local_set=local_set,
        local_counts=counts.local if local_set is not None else None,
        evaluation=reported_evaluation(cycle),
    )


def earlier_cycles(cycle: Cycle) -> list[Cycle]:
    """The earlier cycles of the same instansi that have results: where the instansi's and
    each unit's baseline year are looked for (the latest earlier year each was shown)."""
    return list(
        Cycle.objects.filter(
            instansi=cycle.instansi,
            year__lt=cycle.year,
            status__in=[Status.CLOSED, Status.PUBLISHED],
        ).order_by("year")
    )


def cycle_results(cycle: Cycle) -> tuple[Results, CycleCounts]:
    """The results of a cycle computed with its parameters, with every earlier year that
    has results (recomputed, under the current method)."""
    counts = cycle_counts(cycle)
    data = [instansi_year(cycle, counts)]
    data += [instansi_year(c, cycle_counts(c)) for c in earlier_cycles(cycle)]
    return compute_results(data, default_pool(), cycle.method_params()), counts


def free_texts(
    cycle: Cycle, n: int, k: int, cycle_unit_id: int | None = None
) -> dict[str, list[str]]:
    """Non-empty free texts of the valid responses of a group of n >= k valid respondents
    (the whole cycle, or one unit), in no particular order."""
    if n < k:
        return {"harapan": [], "saran": []}
    qs = Response.objects.filter(cycle=cycle).exclude(harapan="", saran="")
    if cycle_unit_id is not None:
        qs = qs.filter(cycle_unit_id=cycle_unit_id)
    rows: list[TextRow] = list(qs.values_list("harapan", "saran", "duration_s", *QUESTIONS))
    valid = _valid(rows, cycle.method_params())
    return {
        name: [row[i] for row, ok in zip(rows, valid, strict=True) if ok and row[i]]
        for i, name in enumerate(("harapan", "saran"))
    }


def _valid(rows: list[TextRow], params: Params) -> list[bool]:
    """Which rows are valid responses: the texts of speeders and straight-liners are
    excluded like the rest of their answers."""
    if not rows:
        return []
    duration = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=np.float64)
    pv, cc, dc = (parse_picks([r[3 + j] for r in rows]) for j in range(3))
    speeder, straight = exclusion_flags(pv, cc, dc, duration, params)
    valid: list[bool] = (~(speeder | straight)).tolist()
    return valid


def build_dashboard(cycle: Cycle, lang: str = "id") -> Dashboard:
    """The dashboard of a cycle from the database."""
    results, counts = cycle_results(cycle)
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    subject = subject_of(cycle)
    texts: GroupedTexts = {}
    if r.shown and r.n >= r.k:
        texts = prepared_texts(cycle, None, subject.texts_key, lambda: free_texts(cycle, r.n, r.k))
    return assemble_dashboard(subject, results, counts.by_dimension, texts, lang)


def build_unit_dashboard(cycle: Cycle, code: str, lang: str = "id") -> UnitDashboard:
    """One unit's results from the database, or nothing but its n when it is hidden."""
    results, counts = cycle_results(cycle)
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    j = counts.unit_index(code)
    unit_pk = counts.units[j].pk
    hidden = r.unit_hidden[j]  # shows no text at all, whatever its n
    n = int(r.unit_stats.n[j])
    subject = subject_of(cycle, unit_pk)
    texts: GroupedTexts = {}
    if not hidden and n >= r.k:
        texts = prepared_texts(
            cycle, unit_pk, subject.texts_key, lambda: free_texts(cycle, n, r.k, unit_pk)
        )
    return assemble_unit_dashboard(subject, results, code, texts, lang)
