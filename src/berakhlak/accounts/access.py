"""Access helpers: every view fetches its objects through these. Out of scope is a 404.

Scopes: the national admin sees and manages everything; an operator manages one instansi;
a leader of an instansi reads its results; a leader of a unit reads that unit's results only.
An evaluator (an instansi's Tim Evaluasi, or a national evaluator without an instansi) sees
only the evidence evaluation pages: those of its instansi, or of every instansi.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from ..orgs.models import Instansi
from ..surveys.models import Cycle, CycleUnit, Mode, Status
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
    if m.role == Role.LEADER and m.unit_id is not None:
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
    if m.role == Role.EVALUATOR:
        return CycleUnit.objects.none()
    qs = base.filter(cycle__instansi_id=m.instansi_id, cycle__status__in=["closed", "published"])
    if m.unit_id is not None:
        qs = qs.filter(unit_id=m.unit_id)
    return qs


def get_cycle_unit_for_user(user: User, cycle_pk: int, code: str) -> CycleUnit:
    return get_object_or_404(unit_cycles_for_user(user), cycle_id=cycle_pk, code=code)


# --- the evidence evaluation (docs/method.md §12) ---------------------------------------------


def evaluation_cycles_for_user(user: User) -> QuerySet[Cycle]:
    """Opened cycles that combine survey and evaluation whose evaluation pages the user may
    see: the admin and national evaluators all; an operator, an evaluator of an instansi and
    the head of one of its units those of that instansi."""
    m = membership_of(user)
    qs = Cycle.objects.filter(mode=Mode.COMBINED).exclude(status=Status.DRAFT)
    qs = qs.select_related("instansi")
    if m is None:
        return qs.none()
    if m.role == Role.ADMIN or (m.role == Role.EVALUATOR and m.instansi_id is None):
        return qs
    if m.role in (Role.OPERATOR, Role.EVALUATOR) or m.unit_id is not None:
        return qs.filter(instansi_id=m.instansi_id)
    return qs.none()


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
    if m.role == Role.EVALUATOR:
        return redirect("evaluation:list")
    if m.unit_id is not None:
        return redirect("results:my_unit")
    if m.role == Role.LEADER:
        latest = cycles_for_user(user).order_by("-year").first()
        if latest is not None:
            return redirect("results:dashboard", pk=latest.pk)
    return redirect("orgs:instansi", code=m.instansi.code)  # type: ignore[union-attr]
