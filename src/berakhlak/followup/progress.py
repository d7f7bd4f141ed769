"""How an action plan goes: activities per focus value and per unit, overdue ones first.

One typed object for the follow-up page, the instansi PDF, the Excel sheet and the next
year's dashboard. The share done counts the activities not cancelled: selesai / (all − batal).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..method.focus import FocusProposals, Proposal
from ..method.items import ItemPool
from .models import Activity, Plan, Status


@dataclass
class Tally:
    total: int = 0
    planned: int = 0
    running: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0

    def add(self, activity: Activity, today: datetime.date) -> None:
        self.total += 1
        key = {
            Status.PLANNED: "planned",
            Status.RUNNING: "running",
            Status.DONE: "done",
            Status.CANCELLED: "cancelled",
        }[Status(activity.status)]
        setattr(self, key, getattr(self, key) + 1)
        self.overdue += activity.overdue(today)

    @property
    def share_done(self) -> float | None:
        """Percent of the activities not cancelled that are done; None without any."""
        live = self.total - self.cancelled
        return 100.0 * self.done / live if live else None


@dataclass
class FocusRow:
    code: str
    label: str
    is_value: bool
    tally: Tally
    activities: list[Activity]


@dataclass
class UnitTally:
    code: str  # "" for the whole instansi
    name: str
    tally: Tally


@dataclass
class PlanProgress:
    plan: Plan
    today: datetime.date
    focus: list[FocusRow]
    units: list[UnitTally]
    activities: list[Activity]  # overdue first, then by end date
    tally: Tally = field(default_factory=Tally)

    @property
    def overdue(self) -> list[Activity]:
        return [a for a in self.activities if a.overdue(self.today)]


def focus_label(code: str, pool: ItemPool, lang: str) -> tuple[str, bool]:
    """(name, is a value) of a focus code: a value's name or a limiting item's label."""
    if code in pool.value_codes:
        return pool.value(code).name(lang), True
    item = pool.get(code)
    return (f"{code} {item.label(lang)}" if item else code), False


def plan_progress(
    plan: Plan, pool: ItemPool, lang: str, today: datetime.date, unit_id: int | None = None
) -> PlanProgress:
    """The plan's progress (only one unit's activities with unit_id, for its leader)."""
    qs = plan.activities.select_related("unit").prefetch_related("notes", "evidence")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    activities = sorted(qs, key=lambda a: (not a.overdue(today), a.ends_on, a.pk))
    for a in activities:
        a.is_overdue = a.overdue(today)  # type: ignore[attr-defined]  # for the templates
    tally = Tally()
    for a in activities:
        tally.add(a, today)
    codes = list(plan.focus_values) + list(plan.focus_limiting)
    codes += sorted({c for a in activities for c in a.addresses} - set(codes))
    focus = []
    for code in codes:
        label, is_value = focus_label(code, pool, lang)
        mine = [a for a in activities if code in a.addresses]
        row = FocusRow(code, label, is_value, Tally(), mine)
        for a in mine:
            row.tally.add(a, today)
        focus.append(row)
    units: dict[str, UnitTally] = {}
    for a in activities:
        key = a.unit.code if a.unit else ""
        if key not in units:
            units[key] = UnitTally(key, a.unit.name if a.unit else "", Tally())
        units[key].tally.add(a, today)
    return PlanProgress(
        plan, today, focus, sorted(units.values(), key=lambda u: u.code), activities, tally
    )


@dataclass
class ProposalRows:
    """The focus proposals with their names, for the pages: (name, proposal) pairs."""

    weakest: list[tuple[str, Proposal]]
    fell: list[tuple[str, Proposal]]
    limiting: list[tuple[str, Proposal]]
    jumps: list[tuple[str, Proposal]]


def proposal_rows(proposals: FocusProposals, pool: ItemPool, lang: str) -> ProposalRows:
    def named(code: str) -> str:
        return focus_label(code, pool, lang)[0]

    def jump(p: Proposal) -> str:
        item = pool.items[pool.index(p.code)]
        value = f" – {pool.value(p.value).name(lang)}" if p.value else ""
        return f"{item.code} {item.label(lang)}{value}"

    return ProposalRows(
        [(named(p.code), p) for p in proposals.weakest],
        [(named(p.code), p) for p in proposals.fell],
        [(named(p.code), p) for p in proposals.limiting],
        [(jump(p), p) for p in proposals.jumps],
    )
