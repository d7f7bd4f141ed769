"""The follow-up beside a year's results: on a published year, the focus proposals or the
plan chosen and how it goes; on the next published year, each focus value's activities next
to the value's shown change (issue 14 items 1, 4 and 5).

One typed object for the dashboard, the PDF and the workbook. Only shown figures: a hidden
instansi-year (`Dashboard.suppressed`) gets no proposal and no change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..followup.models import Activity, Plan
from ..followup.progress import (
    PlanProgress,
    ProposalRows,
    Tally,
    plan_progress,
    proposal_rows,
)
from ..method.change import Change
from ..surveys.models import Cycle, Status
from .dashboard import Dashboard


@dataclass
class FocusChange:
    """A focus value of last year's plan, its activities, and its change shown this year."""

    code: str
    label: str
    change: Change | None  # None when not shown (hidden, no baseline) or not a value
    activities: list[Activity]
    tally: Tally


@dataclass
class PreviousPlan:
    cycle: Cycle  # the year the plan answered
    baseline_year: int | None  # of this year's changes (may be older than the plan's year)
    rows: list[FocusChange]


@dataclass
class Followup:
    plan: Plan | None
    proposals: ProposalRows | None  # while no focus is chosen
    progress: PlanProgress | None
    previous: PreviousPlan | None


def _previous(cycle: Cycle, d: Dashboard, today: datetime.date) -> PreviousPlan | None:
    earlier = (
        Plan.objects.filter(
            cycle__instansi_id=cycle.instansi_id,
            cycle__status=Status.PUBLISHED,
            cycle__year__lt=cycle.year,
        )
        .select_related("cycle")
        .order_by("-cycle__year")
        .first()
    )
    if earlier is None or d.suppressed or not earlier.focus_values:
        return None
    changes = {f.key: f.change for f in d.values}
    progress = plan_progress(earlier, d.pool, d.lang, today)
    rows = [
        FocusChange(r.code, r.label, changes.get(r.code), r.activities, r.tally)
        for r in progress.focus
        if r.is_value and r.code in earlier.focus_values
    ]
    return PreviousPlan(earlier.cycle, d.baseline_year, rows)


def followup_of(cycle: Cycle, d: Dashboard, today: datetime.date) -> Followup | None:
    """What the dashboard of a cycle shows of the follow-up; None for a cycle not published."""
    if cycle.status != Status.PUBLISHED:
        return None
    plan = Plan.objects.filter(cycle=cycle).first()
    chosen = plan is not None and bool(plan.focus_values)
    return Followup(
        plan=plan,
        proposals=None if chosen else proposal_rows(d.focus_proposals, d.pool, d.lang),
        progress=plan_progress(plan, d.pool, d.lang, today) if plan is not None else None,
        previous=_previous(cycle, d, today),
    )
