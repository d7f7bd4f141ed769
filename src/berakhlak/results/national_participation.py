"""Participation of every instansi during fieldwork, for the national admin: who is below
its minimum, how many days are left (docs/method.md §5).

Only valid responses are shown, as on an operator's page (`participation.UnitParticipation`
says why). The figures are those of the cached counts (`counts.refresh_counts`): an
operator's page refreshes its own cycle, and `berakhlak manage refresh_counts` (a timer
of the deployment kit) refreshes every open cycle. The page recounts nothing itself: at
national size, recounting 600 cycles under fieldwork would take seconds each time; reading
the cached counts is three queries (bench/RESULTS.md, "The whole nation").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ..method.eligibility import min_required, unit_target
from ..surveys.models import Cycle, CycleUnit, Status
from .models import CountsState, UnitCounts

SORTS = ("capaian", "nama", "sisa", "sah", "unit")
"""How the table can be sorted: attainment (lowest first), name, days left (fewest first),
valid responses (fewest first), units below target (most first)."""


@dataclass
class InstansiParticipation:
    cycle: Cycle
    valid: int
    headcount: int
    min_required: int
    units: int
    units_below: int
    counted_at: datetime.datetime | None  # when the counts were computed; None: not yet

    @property
    def attainment(self) -> float:
        """Valid responses as a percentage of the minimum (100 = minimum met)."""
        return 100.0 * self.valid / self.min_required if self.min_required else 100.0

    @property
    def below(self) -> bool:
        return self.valid < self.min_required

    @property
    def days_left(self) -> int | None:
        """Days until the closing date, the closing day included (0: closed today or past)."""
        if self.cycle.closes_on is None:
            return None
        return max((self.cycle.closes_on - timezone.localdate()).days + 1, 0)


@dataclass
class NationalParticipation:
    year: int | None
    years: list[int]
    rows: list[InstansiParticipation]
    sort: str
    not_open: int  # instansi whose cycle of the year is not open (draft, closed, published)

    @property
    def below(self) -> list[InstansiParticipation]:
        return [r for r in self.rows if r.below]

    @property
    def oldest_count(self) -> datetime.datetime | None:
        times = [r.counted_at for r in self.rows if r.counted_at is not None]
        return min(times) if times else None


def fieldwork_years() -> list[int]:
    """Years with at least one open cycle, latest first."""
    years = Cycle.objects.filter(status=Status.OPEN).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)


def national_participation(year: int | None = None, sort: str = "capaian") -> NationalParticipation:
    years = fieldwork_years()
    if year not in years:
        year = years[0] if years else None
    sort = sort if sort in SORTS else "capaian"
    if year is None:
        return NationalParticipation(None, [], [], sort, 0)
    cycles = list(Cycle.objects.filter(year=year, status=Status.OPEN).select_related("instansi"))
    counted = dict(
        CountsState.objects.filter(cycle__year=year, cycle__status=Status.OPEN).values_list(
            "cycle_id", "computed_at"
        )
    )
    valid = dict(
        UnitCounts.objects.filter(
            cycle__year=year, cycle__status=Status.OPEN, dimension=""
        ).values_list("cycle_unit_id", "valid")
    )
    units: dict[int, list[tuple[int, int]]] = defaultdict(list)  # cycle -> (headcount, valid)
    for cycle_id, pk, headcount in CycleUnit.objects.filter(
        cycle__year=year, cycle__status=Status.OPEN
    ).values_list("cycle_id", "pk", "headcount"):
        units[cycle_id].append((headcount, valid.get(pk, 0)))
    rows = [_row(c, units[c.pk], counted.get(c.pk)) for c in cycles]
    rows.sort(key=_sort_key(sort))
    not_open = Cycle.objects.filter(year=year).exclude(status=Status.OPEN).count()
    return NationalParticipation(year, years, rows, sort, not_open)


def _row(
    cycle: Cycle, units: list[tuple[int, int]], counted_at: datetime.datetime | None
) -> InstansiParticipation:
    headcount = sum(h for h, _ in units)
    need = min_required(headcount, cycle.method_params().margin)
    below = sum(1 for h, v in units if v < unit_target(need, h, headcount))
    return InstansiParticipation(
        cycle=cycle,
        valid=sum(v for _, v in units),
        headcount=headcount,
        min_required=need,
        units=len(units),
        units_below=below,
        counted_at=counted_at,
    )


def _sort_key(sort: str) -> Callable[[InstansiParticipation], Any]:
    if sort == "nama":
        return lambda r: (r.cycle.instansi.name, r.cycle.instansi.code)
    if sort == "sisa":
        return lambda r: (r.days_left is None, r.days_left or 0, r.cycle.instansi.name)
    if sort == "sah":
        return lambda r: (r.valid, r.cycle.instansi.name)
    if sort == "unit":
        return lambda r: (-r.units_below, r.cycle.instansi.name)
    return lambda r: (r.attainment, r.cycle.instansi.name)
