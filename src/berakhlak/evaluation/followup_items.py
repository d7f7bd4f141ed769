"""Follow-up items a unit can attach directly as evidence (issue 15 item 2): the activities
of the instansi's action plan owned by the unit or by the whole instansi, on the previous
published cycle or on this one, and the reports of the unit's change agents of the cycle's
year or the year before. Never anything of another instansi or of another unit."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ..followup.models import Activity, AgentReport
from ..surveys.models import Cycle, CycleUnit, Status

ACTIVITY, REPORT = "kegiatan", "laporan"


def _plan_cycles(cycle: Cycle) -> list[int]:
    previous = (
        Cycle.objects.filter(
            instansi_id=cycle.instansi_id, status=Status.PUBLISHED, year__lt=cycle.year
        )
        .order_by("-year")
        .values_list("pk", flat=True)
        .first()
    )
    return [cycle.pk] if previous is None else [cycle.pk, previous]


def linkable_activities(cycle_unit: CycleUnit) -> QuerySet[Activity]:
    cycle = cycle_unit.cycle
    owner = Q(unit__isnull=True)
    if cycle_unit.unit_id is not None:
        owner |= Q(unit_id=cycle_unit.unit_id)
    return (
        Activity.objects.filter(
            owner,
            plan__cycle_id__in=_plan_cycles(cycle),
            plan__cycle__instansi_id=cycle.instansi_id,
        )
        .select_related("unit")
        .order_by("starts_on", "pk")
    )


def linkable_reports(cycle_unit: CycleUnit) -> QuerySet[AgentReport]:
    cycle = cycle_unit.cycle
    if cycle_unit.unit_id is None:
        return AgentReport.objects.none()
    return (
        AgentReport.objects.filter(
            agent__unit_id=cycle_unit.unit_id,
            agent__unit__instansi_id=cycle.instansi_id,
            on__year__gte=cycle.year - 1,
            on__year__lte=cycle.year,
        )
        .select_related("agent")
        .order_by("-on", "-pk")
    )


def item_choices(cycle_unit: CycleUnit) -> list[tuple[str, str]]:
    """The form's choices: "kegiatan:<id>" and "laporan:<id>" with a readable label."""
    activities = [
        (f"{ACTIVITY}:{a.pk}", f"{a.title} ({a.starts_on:%d-%m-%Y} – {a.ends_on:%d-%m-%Y})")
        for a in linkable_activities(cycle_unit)
    ]
    reports = [
        (f"{REPORT}:{r.pk}", f"{r.title} ({r.on:%d-%m-%Y}, {r.agent.name})")
        for r in linkable_reports(cycle_unit)
    ]
    return activities + reports


def resolve_item(cycle_unit: CycleUnit, value: str) -> tuple[Activity | None, AgentReport | None]:
    """The activity or report a choice names, looked up among those the unit may attach
    (a forged id of another instansi or unit is not found: LookupError)."""
    if not value:
        return None, None
    kind, _, pk = value.partition(":")
    if kind == ACTIVITY and pk.isdigit():
        activity = linkable_activities(cycle_unit).filter(pk=int(pk)).first()
        if activity is not None:
            return activity, None
    if kind == REPORT and pk.isdigit():
        report = linkable_reports(cycle_unit).filter(pk=int(pk)).first()
        if report is not None:
            return None, report
    raise LookupError(value)
