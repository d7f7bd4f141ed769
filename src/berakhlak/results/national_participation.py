"""Participation of every instansi during fieldwork, for the national admin: who is below
its minimum, how many days are left (docs/method.md §5).

Only valid responses are shown, as on an operator's page (`participation.UnitParticipation`
says why). The figures are those of the cached counts (`counts.refresh_counts`): an
operator's page refreshes its own cycle, and `berakhlak manage refresh_counts` (a timer
of the deployment kit) refreshes every open cycle. The page recounts nothing itself: at
national size, recounting 600 cycles under fieldwork would take seconds each time; reading
the cached summaries is a few queries of one row per cycle (bench/RESULTS.md, "The whole
nation").
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from ..common.labels import lang
from ..method.eligibility import min_required
from ..method.rounding import format_count, format_percent
from ..surveys.models import Cycle, CycleUnit, Status
from .models import CountsState

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
    today: datetime.date

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
        return max((self.cycle.closes_on - self.today).days + 1, 0)


@dataclass(frozen=True)
class Line:
    """A row of the page, its figures already written out: the template of 600 rows then
    writes text, not 600 times a dozen filters and a URL lookup (half its time, bench/
    RESULTS.md, "The whole nation")."""

    code: str
    name: str
    url: str
    region: str
    below: bool
    valid: str
    minimum: str
    attainment: int  # for the meter, 0..100+
    attainment_text: str
    units: str
    closes_on: str
    days_left: str


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

    def lines(self) -> list[Line]:
        language = lang()
        url = reverse("surveys:participation", kwargs={"pk": 999999999})
        count = functools.partial(format_count, lang=language)
        return [
            Line(
                code=r.cycle.instansi.code,
                name=r.cycle.instansi.name,
                url=url.replace("999999999", str(r.cycle.pk)),
                region=r.cycle.instansi.get_region_display(),
                below=r.below,
                valid=count(r.valid),
                minimum=count(r.min_required),
                attainment=round(r.attainment),
                attainment_text=format_percent(r.attainment, language),
                units=f"{count(r.units_below)} / {count(r.units)}",
                closes_on=date_format(r.cycle.closes_on, "j M Y") if r.cycle.closes_on else "–",
                days_left="–" if r.days_left is None else count(r.days_left),
            )
            for r in self.rows
        ]

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
    open_cycles = Cycle.objects.filter(year=year, status=Status.OPEN)
    cycles = list(open_cycles.select_related("instansi"))
    # One row per cycle, from the summary kept with its counts (`counts.participation_summary`).
    counted = {
        s.cycle_id: s
        for s in CountsState.objects.filter(cycle__in=open_cycles).only(
            "cycle_id", "computed_at", "valid", "units_below"
        )
    }
    sizes = {
        row["cycle_id"]: (row["headcount"], row["units"])
        for row in CycleUnit.objects.filter(cycle__in=open_cycles)
        .values("cycle_id")
        .annotate(headcount=Sum("headcount"), units=Count("id"))
    }
    today = timezone.localdate()
    rows = [_row(c, *sizes.get(c.pk, (0, 0)), counted.get(c.pk), today) for c in cycles]
    rows.sort(key=_sort_key(sort))
    not_open = Cycle.objects.filter(year=year).exclude(status=Status.OPEN).count()
    return NationalParticipation(year, years, rows, sort, not_open)


def _row(
    cycle: Cycle, headcount: int, units: int, state: CountsState | None, today: datetime.date
) -> InstansiParticipation:
    need = min_required(headcount, cycle.method_params().margin)
    if state is None:  # not counted yet: no valid response, every unit with a target below
        valid, below, counted_at = 0, units if need else 0, None
    else:
        valid, below, counted_at = state.valid, state.units_below, state.computed_at
    return InstansiParticipation(
        cycle=cycle,
        valid=valid,
        headcount=headcount,
        min_required=need,
        units=units,
        units_below=below,
        counted_at=counted_at,
        today=today,
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
