"""Live participation: responses per unit against its headcount and target (docs/method.md
§8), and the warning of a headcount below the number of valid responses (§6)."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from ..common.labels import lang
from ..method.counts import Layout
from ..method.eligibility import min_required, unit_target
from ..method.narrative import headcount_warning
from ..responses.models import Response
from ..surveys.models import Cycle, CycleUnit
from .counts import cycle_counts


@dataclass
class UnitParticipation:
    """A unit's valid responses only: beside the responses received, they would tell a
    watcher of the live page whether the latest submission was excluded (how it was
    answered). Excluded responses are counted for the whole instansi."""

    unit: CycleUnit
    valid: int  # after excluding speeders and straight-liners
    target: int

    @property
    def attainment(self) -> float:
        """Valid responses as a percentage of the target (100 = target met)."""
        return 100.0 * self.valid / self.target if self.target else 100.0

    @property
    def response_rate(self) -> float:
        return 100.0 * self.valid / self.unit.headcount if self.unit.headcount else 0.0

    @property
    def below(self) -> bool:
        return self.valid < self.target

    @property
    def over_headcount(self) -> bool:
        return self.valid > self.unit.headcount


@dataclass
class Burst:
    """A day that has ended on which a unit received suspiciously many submissions. Its
    count is not shown: it includes excluded responses (see UnitParticipation), and a day
    is reported once it is over, so that nothing about it changes while anyone watches."""

    unit: CycleUnit
    day: datetime.date


def burst_threshold(headcount: int) -> int:
    """Half of a unit's staff or more (and at least 20) on one day. Only dates are stored
    with responses, so this is the finest grain that keeps no time of day anywhere."""
    return max(20, math.ceil(headcount / 2))


@dataclass(frozen=True)
class BelowK:
    """A unit in no reporting group, or a reporting group, with fewer than k valid responses
    so far: hidden unless it reaches k (docs/method.md §9; complementary suppression may
    hide more when the cycle closes)."""

    name: str
    valid: int
    headcount: int
    group: bool  # a reporting group (its units' sums)


@dataclass
class Participation:
    cycle: Cycle
    units: list[UnitParticipation]
    headcount: int
    min_required: int
    bursts: list[Burst]
    stored: int  # responses received by the whole instansi, valid or not

    @property
    def excluded(self) -> int:
        return self.stored - self.valid

    @property
    def valid(self) -> int:
        return sum(u.valid for u in self.units)

    @property
    def eligible(self) -> bool:
        return self.headcount > 0 and self.valid >= self.min_required

    @property
    def attainment(self) -> float:
        return 100.0 * self.valid / self.min_required if self.min_required else 100.0

    @property
    def below(self) -> list[UnitParticipation]:
        return [u for u in self.units if u.below]

    @property
    def k(self) -> int:
        return self.cycle.method_params().k

    @property
    def below_k(self) -> list[BelowK]:
        """What will be hidden unless it reaches k: each reporting group by its units'
        sums, each unit in no group by its own (a unit inside a group is shown on its own
        only if it reaches k too, and its group is shown)."""
        k = self.k
        out = []
        groups: dict[str, list[UnitParticipation]] = {}
        for u in self.units:
            if u.unit.group_code:
                groups.setdefault(u.unit.group_code, []).append(u)
            elif u.valid < k:
                out.append(BelowK(u.unit.name, u.valid, u.unit.headcount, False))
        for members in groups.values():
            valid = sum(u.valid for u in members)
            if valid < k:
                name = members[0].unit.group_name or members[0].unit.group_code
                out.append(BelowK(name, valid, sum(u.unit.headcount for u in members), True))
        return out

    @property
    def headcount_warnings(self) -> list[str]:
        """`warnings` in the active language, for the page."""
        return self.warnings(lang())

    def warnings(self, language: str = "id") -> list[str]:
        """More valid responses than staff, for the instansi and each unit: the headcount is
        out of date (the results will be computed without finite population correction)."""
        out = []
        if self.valid > self.headcount:
            name = self.cycle.instansi.name
            out.append(headcount_warning(name, self.valid, self.headcount, language))
        for u in self.units:
            if u.valid > u.unit.headcount:
                name = f"{u.unit.code} {u.unit.name}"
                warning = headcount_warning(name, u.valid, u.unit.headcount, language, unit=True)
                out.append(warning)
        return out


def participation(cycle: Cycle) -> Participation:
    counts = cycle_counts(cycle)
    headcount = sum(u.headcount for u in counts.units)
    need = min_required(headcount, cycle.method_params().margin)
    units = [
        UnitParticipation(
            unit=u,
            valid=int(counts.totals[i, Layout.N]),
            target=unit_target(need, u.headcount, headcount),
        )
        for i, u in enumerate(counts.units)
    ]
    by_pk = {u.pk: u for u in counts.units}
    per_day = (
        Response.objects.filter(cycle=cycle, submitted_on__lt=timezone.localdate())
        .values("cycle_unit_id", "submitted_on")
        .annotate(n=Count("id"))
        .order_by("-submitted_on")
    )
    bursts = [
        Burst(by_pk[row["cycle_unit_id"]], row["submitted_on"])
        for row in per_day
        if row["n"] >= burst_threshold(by_pk[row["cycle_unit_id"]].headcount)
    ]
    return Participation(cycle, units, headcount, need, bursts, int(counts.rows.sum()))
