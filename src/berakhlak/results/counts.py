"""Counts per cycle x unit (and per demographic category), cached and kept fresh.

Responses are only ever added while a cycle is open, so the cache is fresh when it was
computed from as many responses as the cycle has now. Recomputing a whole cycle is one
vectorised pass (about 50 ms for 10,000 responses), done on demand by whichever page
needs the numbers first.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.db.models import Count

from ..method.counts import Counts, Layout, count_responses, count_responses_with_local
from ..method.eligibility import min_required, unit_target
from ..method.instrument import DEMOGRAPHICS
from ..method.items import QUESTIONS, default_pool
from ..method.local import LocalLayout, LocalMasks
from ..method.picks import PickParser
from ..responses.models import Response
from ..surveys.models import Cycle, CycleUnit
from .models import CountsState, UnitCounts

TOTAL = ""
LOCAL = "local"
"""The dimension of a unit's counts of the cycle's local value set (docs/method.md §18)."""


@dataclass
class CycleCounts:
    """Counts of one cycle: per unit, and per unit x demographic category."""

    cycle: Cycle
    units: list[CycleUnit]  # ordered by code
    totals: Counts  # (U, W)
    rows: np.ndarray  # (U,) stored responses per unit, valid or not
    by_dimension: dict[str, Counts]  # dimension -> (U, categories, W)
    local: Counts | None = None  # (U, LocalLayout.WIDTH) with the cycle's local set, if any

    def unit_index(self, code: str) -> int:
        return [u.code for u in self.units].index(code)


@functools.cache
def _parser() -> PickParser:
    return PickParser(default_pool())  # read-only once made; its table is 16 MiB


def parse_picks(texts: list[str]) -> np.ndarray:
    """(n, 10) pool positions of stored answers ("BP1;AK2;…"), vectorised where possible."""
    return _parser().parse_texts(texts)


def compute_counts(
    cycle: Cycle, units: list[CycleUnit]
) -> tuple[Counts, np.ndarray, dict[str, Counts], Counts | None]:
    """Count every stored response of the cycle (one pass, vectorised), with the counts of
    the cycle's frozen local value set when it has one (None otherwise)."""
    pool = default_pool()
    params = cycle.method_params()
    layout = Layout.for_pool(pool)
    position = {u.pk: i for i, u in enumerate(units)}
    fields = ("cycle_unit_id", *DEMOGRAPHICS, "duration_s", *QUESTIONS)
    rows = list(Response.objects.filter(cycle=cycle).values_list(*fields))
    n_units = len(units)
    local_set = cycle.local_set()
    local = LocalLayout.empty(n_units) if local_set is not None else None
    if not rows:
        empty = {
            d: layout.empty(n_units * len(o)).reshape(n_units, len(o), -1)
            for d, o in DEMOGRAPHICS.items()
        }
        return layout.empty(n_units), np.zeros(n_units, dtype=np.int64), empty, local
    columns = list(zip(*rows, strict=True))
    unit = np.array([position[pk] for pk in columns[0]], dtype=np.intp)
    duration = np.array([np.nan if d is None else d for d in columns[6]], dtype=np.float64)
    pv, cc, dc = (parse_picks(list(columns[7 + j])) for j in range(3))

    def count(groups: np.ndarray, n_groups: int) -> Counts:
        return count_responses(groups, n_groups, pv, cc, dc, duration, pool, params)

    if local_set is None:
        totals = count(unit, n_units)
    else:
        totals, local = count_responses_with_local(
            unit,
            n_units,
            pv,
            cc,
            dc,
            duration,
            pool,
            params,
            np.zeros(len(unit), dtype=np.intp),
            LocalMasks.of([local_set], pool),
        )
    by_dimension = {}
    for j, (name, options) in enumerate(DEMOGRAPHICS.items(), start=1):
        lookup = {code: i for i, code in enumerate(options)}
        category = np.array([lookup[v] for v in columns[j]], dtype=np.intp)
        k = len(options)
        by_dimension[name] = count(unit * k + category, n_units * k).reshape(n_units, k, -1)
    return totals, np.bincount(unit, minlength=n_units).astype(np.int64), by_dimension, local


def refresh_counts(cycle: Cycle) -> bool:
    """Recompute the cached counts when responses were added since they were computed.
    Returns whether they were computed again."""
    stored = Response.objects.filter(cycle=cycle).count()
    state = CountsState.objects.filter(cycle=cycle).first()
    if state is not None and state.responses == stored:
        return False
    with transaction.atomic():
        state, _ = CountsState.objects.select_for_update().get_or_create(cycle=cycle)
        stored = Response.objects.filter(cycle=cycle).count()
        if state.responses == stored and UnitCounts.objects.filter(cycle=cycle).exists():
            return False
        units = list(cycle.units.order_by("code"))
        totals, rows, by_dimension, local = compute_counts(cycle, units)
        UnitCounts.objects.filter(cycle=cycle).delete()
        records = []
        for i, u in enumerate(units):
            records.append(
                UnitCounts(
                    cycle=cycle,
                    cycle_unit=u,
                    dimension=TOTAL,
                    category="",
                    rows=int(rows[i]),
                    data=totals[i].astype("<i8").tobytes(),
                )
            )
            if local is not None:
                records.append(
                    UnitCounts(
                        cycle=cycle,
                        cycle_unit=u,
                        dimension=LOCAL,
                        category="",
                        rows=0,
                        data=local[i].astype("<i8").tobytes(),
                    )
                )
            for name, options in DEMOGRAPHICS.items():
                for j, code in enumerate(options):
                    vector = by_dimension[name][i, j]
                    if vector[Layout.N] or vector[Layout.SPEEDERS] or vector[Layout.STRAIGHT]:
                        records.append(
                            UnitCounts(
                                cycle=cycle,
                                cycle_unit=u,
                                dimension=name,
                                category=code,
                                rows=0,
                                data=vector.astype("<i8").tobytes(),
                            )
                        )
        UnitCounts.objects.bulk_create(records, batch_size=500)
        state.responses = stored
        state.valid, state.units_below = participation_summary(cycle, units, totals)
        state.save()
    return True


def participation_summary(cycle: Cycle, units: list[CycleUnit], totals: Counts) -> tuple[int, int]:
    """(valid responses, units below their target) of the cycle, kept with its counts: the
    national participation page then reads one row per cycle, not one per unit (at national
    size 600 rows instead of 27,000; bench/RESULTS.md, "The whole nation"). Headcounts are
    frozen when a cycle opens, so the summary changes only with the counts."""
    valid = totals[:, Layout.N].astype(np.int64)
    headcount = sum(u.headcount for u in units)
    need = min_required(headcount, cycle.method_params().margin)
    below = sum(
        1
        for u, v in zip(units, valid.tolist(), strict=True)
        if v < unit_target(need, u.headcount, headcount)
    )
    return int(valid.sum()), below


def ensure_closed_counts(cycles: list[Cycle]) -> None:
    """Count those of `cycles` (closed or published) that have no counts yet, in one query
    for all of them. A closed cycle takes no more answers, and closing it deletes the counts
    it had while open (`do_close_cycle`): its counts, once there, are those of every answer
    it will ever have, and need no count of its responses to be trusted."""
    assert all(c.has_results for c in cycles)
    counted = set(
        CountsState.objects.filter(cycle__in=[c.pk for c in cycles]).values_list(
            "cycle_id", flat=True
        )
    )
    for cycle in cycles:
        if cycle.pk not in counted:
            refresh_counts(cycle)


def refresh_all(open_only: bool = True) -> int:
    """Refresh the counts of every open cycle (or of every cycle) that needs it: one query
    finds them (the stored responses per cycle against the counted ones). Returns how many
    were computed again."""
    cycles = Cycle.objects.all()
    if open_only:
        cycles = cycles.filter(status="open")
    stored = dict(
        Response.objects.filter(cycle__in=cycles)
        .values_list("cycle_id")
        .annotate(n=Count("id"))
        .values_list("cycle_id", "n")
    )
    counted = dict(
        CountsState.objects.filter(cycle__in=cycles).values_list("cycle_id", "responses")
    )
    stale = [pk for pk, n in stored.items() if counted.get(pk) != n]
    return sum(refresh_counts(cycle) for cycle in Cycle.objects.filter(pk__in=stale))


def cycle_counts(cycle: Cycle) -> CycleCounts:
    """The cycle's counts, refreshed first when responses were added."""
    refresh_counts(cycle)
    layout = Layout.for_pool(default_pool())
    units = list(cycle.units.order_by("code"))
    index = {u.pk: i for i, u in enumerate(units)}
    totals = layout.empty(len(units))
    rows = np.zeros(len(units), dtype=np.int64)
    by_dimension = {
        name: np.zeros((len(units), len(options), layout.width), dtype=np.int64)
        for name, options in DEMOGRAPHICS.items()
    }
    categories = {name: {c: j for j, c in enumerate(o)} for name, o in DEMOGRAPHICS.items()}
    local = LocalLayout.empty(len(units)) if cycle.local_set() is not None else None
    for record in UnitCounts.objects.filter(cycle=cycle).only(
        "cycle_unit_id", "dimension", "category", "rows", "data"
    ):
        i = index[record.cycle_unit_id]
        if record.dimension == TOTAL:
            totals[i] = record.vector()
            rows[i] = record.rows
        elif record.dimension == LOCAL:
            if local is not None:
                local[i] = record.vector()
        else:
            by_dimension[record.dimension][i, categories[record.dimension][record.category]] = (
                record.vector()
            )
    return CycleCounts(cycle, units, totals, rows, by_dimension, local)
