"""The follow-up beside a year's results: on a published year, the focus proposals or the
plan chosen and how it goes; on the next published year, each focus value's activities next
to the value's shown change (issue 14 items 1, 4 and 5).

One typed object for the dashboard, the PDF and the workbook. Only shown figures: a hidden
instansi-year (`Dashboard.suppressed`) gets no proposal and no change.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from ..followup.models import Activity, Plan
from ..followup.progress import (
    PlanProgress,
    ProposalRows,
    Tally,
    focus_label,
    plan_progress,
    proposal_rows,
)
from ..method.change import Change
from ..surveys.models import Cycle, Status
from .dashboard import Dashboard

Sheet = tuple[Sequence[str], list[list[Any]]]


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

    @property
    def in_reports(self) -> bool:
        """Whether the PDF and the workbook have a follow-up to show: a plan, or last year's
        (a hidden year without a plan has neither proposals nor changes to show)."""
        return self.plan is not None or self.previous is not None


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


def followup_context(followup: Followup | None, d: Dashboard) -> dict[str, object]:
    """What the PDF's Tindak lanjut section needs beside the object: the focus names."""
    if followup is None or not followup.in_reports:
        return {}
    plan = followup.plan
    names = [focus_label(c, d.pool, d.lang)[0] for c in plan.focus_values] if plan else []
    limiting = [focus_label(c, d.pool, d.lang)[0] for c in plan.focus_limiting] if plan else []
    return {"followup": followup, "followup_focus": names, "followup_limiting": limiting}


def followup_sheet(followup: Followup, d: Dashboard, word: Callable[[str], str]) -> Sheet:
    """The workbook's Tindak lanjut sheet: one row per activity, overdue first, and one per
    focus value of the earlier plan beside its shown change."""
    head = [
        "jenis",
        "kegiatan",
        "menjawab",
        "unit",
        "penanggung_jawab",
        "jabatan",
        "mulai",
        "selesai",
        "indikator_target",
        "status",
        "terlambat",
        "perubahan",
        "arah",
    ]
    rows: list[list[Any]] = []
    if followup.previous is not None:
        for r in followup.previous.rows:
            c = r.change
            rows.append(
                [
                    word("nilai_fokus_tahun_lalu"),
                    None,
                    r.code,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    c.delta_shown if c else None,
                    word(c.direction) if c else None,
                ]
            )
    if followup.progress is not None:
        today = followup.progress.today
        for a in followup.progress.activities:
            rows.append(
                [
                    word("kegiatan"),
                    a.title,
                    ", ".join(a.addresses),
                    a.unit.code if a.unit else None,
                    a.person_name,
                    a.person_position,
                    a.starts_on,
                    a.ends_on,
                    a.target,
                    a.get_status_display(),
                    word("ya") if a.overdue(today) else word("tidak"),
                    None,
                    None,
                ]
            )
    return head, rows


@dataclass(frozen=True)
class PlanStatus:
    """Whether an instansi-year has an action plan, and how much of it is done."""

    exists: bool
    total: int = 0
    share_done: float | None = None


def national_plans(year: int, codes: Sequence[str]) -> dict[str, PlanStatus]:
    """The plan status of the instansi given, for `year`'s published results. The national
    view asks only for the instansi it shows (ranked): nothing is said of a hidden one."""
    plans = {
        p.cycle.instansi.code: p
        for p in Plan.objects.filter(
            cycle__year=year, cycle__status=Status.PUBLISHED, cycle__instansi__code__in=codes
        ).select_related("cycle__instansi")
    }
    out = {}
    for code in codes:
        plan = plans.get(code)
        if plan is None:
            out[code] = PlanStatus(False)
            continue
        tally = Tally()
        today = timezone.localdate()
        for a in plan.activities.all():
            tally.add(a, today)
        out[code] = PlanStatus(True, tally.total, tally.share_done)
    return out
