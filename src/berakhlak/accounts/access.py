"""Access helpers: every view fetches its objects through these. Out of scope is a 404.

Scopes: the national admin sees and manages everything; an operator manages one instansi;
a leader of an instansi reads its results; a leader of a unit reads that unit's results only.
The follow-up (issue 14): the operator and the leader of an instansi edit its action plan; a
unit's leader updates the activities their unit owns; a change agent (agen perubahan)
reports for their own unit and sees nothing else.
An evaluator (an instansi's Tim Evaluasi, or a national evaluator without an instansi) sees
only the evidence evaluation pages: those of its instansi, or of every instansi.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from ..followup.models import Activity, AgentReport, ChangeAgent, Evidence, Plan, RoleModel
from ..orgs.models import Instansi, Unit
from ..surveys.models import Cycle, CycleUnit, Mode, Status
from ..uploads.models import StoredFile
from .models import Membership, Role

User = AbstractBaseUser | AnonymousUser


def membership_of(user: User) -> Membership | None:
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_membership_cache", None)
    if cached is None:
        cached = Membership.objects.select_related("instansi", "unit").filter(user=user).first()
        user._membership_cache = cached  # type: ignore[union-attr]
    return cached


def is_admin(user: User) -> bool:
    m = membership_of(user)
    return m is not None and m.role == Role.ADMIN


def member_required(view: Any) -> Any:
    """Signed in with a membership; otherwise to the login page (or 404 without a role)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if membership_of(request.user) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def admin_required(view: Any) -> Any:
    @wraps(view)
    @member_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_admin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def instansi_for_user(user: User, *, manage: bool = False) -> QuerySet[Instansi]:
    """Instansi the user may see at instansi level (or manage, with manage=True)."""
    m = membership_of(user)
    if m is None:
        return Instansi.objects.none()
    if m.role == Role.ADMIN:
        return Instansi.objects.all()
    if m.role == Role.EVALUATOR:
        return Instansi.objects.none()
    if manage and m.role != Role.OPERATOR:
        return Instansi.objects.none()
    if m.role == Role.CHANGE_AGENT or (m.role == Role.LEADER and m.unit_id is not None):
        return Instansi.objects.none()
    return Instansi.objects.filter(pk=m.instansi_id)


def get_instansi_for_user(user: User, code: str, *, manage: bool = False) -> Instansi:
    return get_object_or_404(instansi_for_user(user, manage=manage), code=code)


def cycles_for_user(user: User, *, manage: bool = False) -> QuerySet[Cycle]:
    """Cycles whose instansi-level pages the user may see (leaders: only with results)."""
    qs = Cycle.objects.filter(instansi__in=instansi_for_user(user, manage=manage))
    m = membership_of(user)
    if m is not None and m.role == Role.LEADER:
        qs = qs.filter(status__in=["closed", "published"])
    return qs.select_related("instansi")


def get_cycle_for_user(user: User, pk: int, *, manage: bool = False) -> Cycle:
    return get_object_or_404(cycles_for_user(user, manage=manage), pk=pk)


def unit_cycles_for_user(user: User) -> QuerySet[CycleUnit]:
    """Cycle units whose unit page the user may see."""
    m = membership_of(user)
    if m is None:
        return CycleUnit.objects.none()
    base = CycleUnit.objects.select_related("cycle", "cycle__instansi")
    if m.role == Role.ADMIN:
        return base.all()
    if m.role == Role.OPERATOR:
        return base.filter(cycle__instansi_id=m.instansi_id)
    if m.role in (Role.CHANGE_AGENT, Role.EVALUATOR):
        return CycleUnit.objects.none()
    qs = base.filter(cycle__instansi_id=m.instansi_id, cycle__status__in=["closed", "published"])
    if m.unit_id is not None:
        qs = qs.filter(unit_id=m.unit_id)
    return qs


def get_cycle_unit_for_user(user: User, cycle_pk: int, code: str) -> CycleUnit:
    return get_object_or_404(unit_cycles_for_user(user), cycle_id=cycle_pk, code=code)


def unit_years_for_user(user: User, cycle_unit: CycleUnit) -> list[CycleUnit]:
    """The same unit (by code, as its trend matches it) in every cycle of its instansi with
    results that the user may see, oldest first: the unit page's switch between years."""
    return list(
        unit_cycles_for_user(user)
        .filter(
            cycle__instansi_id=cycle_unit.cycle.instansi_id,
            code=cycle_unit.code,
            cycle__status__in=["closed", "published"],
        )
        .order_by("cycle__year")
    )


# --- the evidence evaluation (docs/method.md §12) ---------------------------------------------


def evaluation_cycles_for_user(user: User) -> QuerySet[Cycle]:
    """Opened cycles that combine survey and evaluation whose evaluation pages the user may
    see: the admin and national evaluators all; an operator, an evaluator of an instansi and
    the head of one of its units those of that instansi (never a change agent, though they
    belong to a unit)."""
    m = membership_of(user)
    qs = Cycle.objects.filter(mode=Mode.COMBINED).exclude(status=Status.DRAFT)
    qs = qs.select_related("instansi")
    if m is None:
        return qs.none()
    if m.role == Role.ADMIN or (m.role == Role.EVALUATOR and m.instansi_id is None):
        return qs
    if m.role in (Role.OPERATOR, Role.EVALUATOR) or (
        m.role == Role.LEADER and m.unit_id is not None
    ):
        return qs.filter(instansi_id=m.instansi_id)
    return qs.none()  # a change agent, the leader of a whole instansi


def get_evaluation_for_user(user: User, pk: int) -> Cycle:
    return get_object_or_404(evaluation_cycles_for_user(user), pk=pk)


def get_evaluation_unit_for_user(user: User, pk: int, code: str) -> CycleUnit:
    """A unit of an evaluation in scope; the head of a unit reaches only their own."""
    cycle = get_evaluation_for_user(user, pk)
    unit = get_object_or_404(CycleUnit.objects.select_related("cycle"), cycle=cycle, code=code)
    m = membership_of(user)
    if m is not None and m.role == Role.LEADER and unit.unit_id != m.unit_id:
        raise Http404
    return unit


def may_score(user: User, unit: CycleUnit) -> bool:
    """Evaluators score, never their own unit."""
    m = membership_of(user)
    return (
        m is not None
        and m.role == Role.EVALUATOR
        and not (m.unit_id is not None and m.unit_id == unit.unit_id)
    )


def may_submit_evidence(user: User, unit: CycleUnit) -> bool:
    """The operator of the instansi (and the admin) or the head of the unit."""
    m = membership_of(user)
    if m is None:
        return False
    if m.role in (Role.ADMIN, Role.OPERATOR):
        return True
    return m.role == Role.LEADER and m.unit_id is not None and m.unit_id == unit.unit_id


def home_for(user: User) -> HttpResponse:
    """Where a signed-in user starts."""
    m = membership_of(user)
    if m is None:
        raise Http404
    if m.role == Role.ADMIN:
        return redirect("results:national")
    if m.role == Role.CHANGE_AGENT:
        return redirect(
            "followup:reports",
            code=m.instansi.code,  # type: ignore[union-attr]
            unit=m.unit.code,  # type: ignore[union-attr]
        )
    if m.role == Role.EVALUATOR:
        return redirect("evaluation:list")
    if m.unit_id is not None:
        return redirect("results:my_unit")
    if m.role == Role.LEADER:
        latest = cycles_for_user(user).order_by("-year").first()
        if latest is not None:
            return redirect("results:dashboard", pk=latest.pk)
    return redirect("orgs:instansi", code=m.instansi.code)  # type: ignore[union-attr]


# --- the follow-up: action plans, change agents, reports, their files ------------------------


def _plan_editor(m: Membership | None) -> bool:
    """The admin, an operator, or the leader of a whole instansi."""
    return m is not None and (
        m.role in (Role.ADMIN, Role.OPERATOR) or (m.role == Role.LEADER and m.unit_id is None)
    )


def plan_cycles_for_user(user: User, *, edit: bool = False) -> QuerySet[Cycle]:
    """Published cycles whose action plan the user may read (with edit=True: edit). A unit's
    leader reads the plan (the activities of their unit only, see `activities_for_user`)."""
    m = membership_of(user)
    if m is None or m.role == Role.CHANGE_AGENT or (edit and not _plan_editor(m)):
        return Cycle.objects.none()
    qs = Cycle.objects.filter(status=Status.PUBLISHED).select_related("instansi")
    if m.role == Role.ADMIN:
        return qs
    return qs.filter(instansi_id=m.instansi_id)


def get_plan_cycle_for_user(user: User, pk: int, *, edit: bool = False) -> Cycle:
    return get_object_or_404(plan_cycles_for_user(user, edit=edit), pk=pk)


def activities_for_user(user: User, *, edit_all: bool = False) -> QuerySet[Activity]:
    """Activities the user may read and update (status, notes, evidence): a plan editor all of
    the instansi's, a unit's leader those their unit owns. With edit_all: only plan editors
    (who change what an activity is, not just how it goes)."""
    m = membership_of(user)
    qs = Activity.objects.select_related("plan", "plan__cycle", "plan__cycle__instansi", "unit")
    qs = qs.filter(plan__cycle__status=Status.PUBLISHED)
    if m is None or m.role == Role.CHANGE_AGENT:
        return qs.none()
    if m.role == Role.ADMIN:
        return qs
    qs = qs.filter(plan__cycle__instansi_id=m.instansi_id)
    if _plan_editor(m):
        return qs
    if edit_all or m.unit_id is None:
        return qs.none()
    return qs.filter(unit_id=m.unit_id)


def get_activity_for_user(user: User, pk: int, *, edit_all: bool = False) -> Activity:
    return get_object_or_404(activities_for_user(user, edit_all=edit_all), pk=pk)


def can_edit_plan(user: User) -> bool:
    return _plan_editor(membership_of(user))


def units_for_reports(user: User) -> QuerySet[Unit]:
    """Units whose change agents' reports the user may read and add: a change agent's and a
    unit leader's own unit; every unit of the instansi for its operator and leader."""
    m = membership_of(user)
    if m is None:
        return Unit.objects.none()
    qs = Unit.objects.select_related("instansi")
    if m.role == Role.ADMIN:
        return qs
    qs = qs.filter(instansi_id=m.instansi_id)
    if m.unit_id is not None:  # a change agent or a unit's leader
        return qs.filter(pk=m.unit_id)
    return qs


def get_unit_for_reports(user: User, code: str, unit: str) -> Unit:
    return get_object_or_404(units_for_reports(user), instansi__code=code, code=unit)


def register_instansi_for_user(user: User) -> QuerySet[Instansi]:
    """Instansi whose register of change agents and role models the user may read: the same
    as its plan (the admin, its operator and leader)."""
    m = membership_of(user)
    if not _plan_editor(m):
        return Instansi.objects.none()
    return instansi_for_user(user)


def files_for_user(user: User) -> QuerySet[StoredFile]:
    """Uploaded files the user may download: those of an activity the user may read, or of a
    report of a unit whose reports the user may read. Nothing else, whatever its id."""
    activities = activities_for_user(user)
    reports = AgentReport.objects.filter(agent__unit__in=units_for_reports(user))
    return StoredFile.objects.filter(
        models.Q(evidence__activity__in=activities) | models.Q(report_file__report__in=reports)
    )


def get_file_for_user(user: User, pk: int) -> StoredFile:
    return get_object_or_404(files_for_user(user).distinct(), pk=pk)


def agents_for_reporting(user: User, unit: Unit) -> QuerySet[ChangeAgent]:
    return ChangeAgent.objects.filter(unit__in=units_for_reports(user)).filter(unit=unit)


def get_agent_to_manage(user: User, pk: int) -> ChangeAgent:
    """A change agent of the register, for who adds them (the admin, the operator)."""
    managed = instansi_for_user(user, manage=True)
    qs = ChangeAgent.objects.select_related("unit", "unit__instansi")
    return get_object_or_404(qs.filter(unit__instansi__in=managed), pk=pk)


def get_role_model_to_manage(user: User, pk: int) -> RoleModel:
    managed = instansi_for_user(user, manage=True)
    qs = RoleModel.objects.select_related("unit", "unit__instansi")
    return get_object_or_404(qs.filter(unit__instansi__in=managed), pk=pk)


def get_report_to_change(user: User, pk: int) -> AgentReport:
    """A change agent's report, for whoever may report for its unit."""
    qs = AgentReport.objects.select_related("agent", "agent__unit", "agent__unit__instansi")
    return get_object_or_404(qs.filter(agent__unit__in=units_for_reports(user)), pk=pk)


def get_evidence_to_change(user: User, pk: int) -> Evidence:
    """An activity's evidence, for whoever may update the activity."""
    qs = Evidence.objects.select_related("activity", "file")
    return get_object_or_404(qs.filter(activity__in=activities_for_user(user)), pk=pk)


def plan_of(cycle: Cycle) -> Plan | None:
    return Plan.objects.filter(cycle=cycle).first()
