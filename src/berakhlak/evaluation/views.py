"""The evidence evaluation pages: the evaluations in scope, a cycle's units with their status,
and one unit's evidence and scores per criterion (docs/method.md §12)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..accounts.access import (
    evaluation_cycles_for_user,
    get_evaluation_for_user,
    get_evaluation_unit_for_user,
    is_admin,
    may_score,
    may_submit_evidence,
    member_required,
    membership_of,
)
from ..accounts.models import Role
from ..method.combined import light, unit_evidence
from ..surveys.models import Cycle, CycleUnit
from ..uploads.store import UploadRefused, file_response
from .access import evidence_of, get_evidence_file_for_user
from .actions import (
    EvaluationLocked,
    EvaluationRefused,
    OwnUnit,
    do_add_evidence,
    do_finalise_evaluation,
    do_return_unit,
    do_score_unit,
    do_submit_unit,
    window_closed,
)
from .followup_items import item_choices, resolve_item
from .forms import EvidenceForm, ReturnForm, ScoreForm
from .models import CycleEvaluation, Evidence, Score, UnitEvaluation, UnitStatus

REFUSED = {  # msgids of the catalogue
    EvaluationLocked: "Evaluasi sudah difinalkan atau masa evaluasi sudah berakhir.",
    EvaluationRefused: "Langkah ini tidak dapat dilakukan pada status unit saat ini.",
    OwnUnit: "Evaluator tidak menilai unitnya sendiri.",
}


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _finalised(cycle: Cycle) -> bool:
    return CycleEvaluation.objects.filter(cycle=cycle, finalised_at__isnull=False).exists()


def _may_finalise(request: HttpRequest) -> bool:
    m = membership_of(request.user)
    return m is not None and (m.role == Role.EVALUATOR or is_admin(request.user))


@member_required
def evaluations(request: HttpRequest) -> HttpResponse:
    cycles = evaluation_cycles_for_user(request.user).order_by("instansi__name", "-year")
    context = {"cycles": cycles, "nav": "evaluasi", "this_year": timezone.localdate().year}
    return render(request, "evaluation/list.html", context)


@member_required
def cycle(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_evaluation_for_user(request.user, pk)
    m = membership_of(request.user)
    if m is not None and m.role == Role.LEADER:  # a unit head goes to their own unit
        own = c.units.filter(unit_id=m.unit_id).first()
        if own is None:
            raise Http404
        return redirect("evaluation:unit", pk=c.pk, code=own.code)
    if request.method == "POST":
        if not _may_finalise(request) or request.POST.get("action") != "finalise":
            raise Http404
        try:
            do_finalise_evaluation(c, actor=request.user)
        except EvaluationLocked:
            messages.error(request, _(REFUSED[EvaluationLocked]))
        else:
            messages.success(request, _("Evaluasi difinalkan; nilai tidak dapat diubah lagi."))
        return redirect("evaluation:cycle", pk=c.pk)
    rubric = c.evaluation_rubric()
    units = list(c.units.order_by("code"))
    states = {s.cycle_unit_id: s for s in UnitEvaluation.objects.filter(cycle_unit__in=units)}
    scores: dict[int, dict[str, int]] = {}
    for row in Score.objects.filter(cycle_unit__in=units):
        scores.setdefault(row.cycle_unit_id, {})[row.criterion] = row.score
    counts: dict[int, int] = {}
    for e in Evidence.objects.filter(cycle_unit__in=units).only("cycle_unit_id"):
        counts[e.cycle_unit_id] = counts.get(e.cycle_unit_id, 0) + 1
    rows = []
    for u in units:
        state = states.get(u.pk)
        rows.append(
            {
                "unit": u,
                "status": state.get_status_display() if state else UnitStatus.BELUM.label,
                "evidence": counts.get(u.pk, 0),
                "scored": len(scores.get(u.pk, {})),
                "e": unit_evidence(scores.get(u.pk, {}), rubric),
            }
        )
    return render(
        request,
        "evaluation/cycle.html",
        {
            "cycle": c,
            "rubric": rubric,
            "rows": rows,
            "finalised": _finalised(c),
            "window_closed": window_closed(c),
            "may_finalise": _may_finalise(request),
            "nav": "evaluasi",
        },
    )


def _act(request: HttpRequest, unit: CycleUnit, forms: dict[str, Any]) -> bool:
    """Carry out the posted action; True when done (the page redirects)."""
    action = request.POST.get("action")
    submitter, scorer = may_submit_evidence(request.user, unit), may_score(request.user, unit)
    try:
        if action == "evidence" and submitter:
            form = forms["evidence"]
            if not form.is_valid():
                return False
            d = form.cleaned_data
            activity, report = resolve_item(unit, d.get("item", ""))
            title = activity.title if activity else report.title if report else ""
            try:
                do_add_evidence(
                    unit,
                    d["criterion"],
                    d["description"] or title,
                    d["link"],
                    upload=d["file"],
                    activity=activity,
                    report=report,
                    submission=d["submission"],
                    actor=request.user,
                )
            except UploadRefused as e:
                form.add_error("file", e.message.text(translation, _lang()))
                return False
            messages.success(request, _("Bukti ditambahkan."))
        elif action == "submit" and submitter:
            do_submit_unit(unit, actor=request.user)
            messages.success(request, _("Bukti diajukan kepada tim evaluasi."))
        elif action == "score" and scorer:
            form = forms["score"]
            if not form.is_valid():
                return False
            d = form.cleaned_data
            do_score_unit(unit, d["criterion"], d["score"], d["comment"], actor=request.user)
            messages.success(request, _("Nilai disimpan."))
        elif action == "return" and scorer:
            form = forms["return"]
            if not form.is_valid():
                return False
            do_return_unit(unit, form.cleaned_data["note"], actor=request.user)
            messages.success(request, _("Bukti dikembalikan kepada unit untuk diperbaiki."))
        else:
            raise Http404
    except (EvaluationLocked, EvaluationRefused, OwnUnit) as refused:
        messages.error(request, _(REFUSED[type(refused)]))
    return True


@member_required
def unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    u = get_evaluation_unit_for_user(request.user, pk, code)
    c = u.cycle
    rubric, lang = c.evaluation_rubric(), _lang()
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action") if data else None
    forms: dict[str, Any] = {
        "evidence": EvidenceForm(
            data if action == "evidence" else None,
            request.FILES if action == "evidence" else None,
            rubric=rubric,
            lang=lang,
            items=item_choices(u) if may_submit_evidence(request.user, u) else None,
        ),
        "score": ScoreForm(data if action == "score" else None, rubric=rubric, lang=lang),
        "return": ReturnForm(data if action == "return" else None),
    }
    if data is not None and _act(request, u, forms):
        return redirect("evaluation:unit", pk=c.pk, code=u.code)
    state = UnitEvaluation.objects.filter(cycle_unit=u).first()
    status = state.status if state else UnitStatus.BELUM
    scores = {s.criterion: s for s in Score.objects.filter(cycle_unit=u)}
    evidence: dict[str, list[Evidence]] = {}
    for e in evidence_of(u):
        evidence.setdefault(e.criterion, []).append(e)
    criteria = []
    for cr in rubric.criteria:
        score = scores.get(cr.code)
        criteria.append(
            {
                "code": cr.code,
                "name": cr.name(lang),
                "evidence": evidence.get(cr.code, []),
                "score": score,
                "light": light(score.score, rubric.scale_max) if score else None,
            }
        )
    finalised, closed = _finalised(c), window_closed(c)
    may_add = may_submit_evidence(request.user, u) and not finalised and not closed
    return render(
        request,
        "evaluation/unit.html",
        {
            "cycle": c,
            "unit": u,
            "rubric": rubric,
            "criteria": criteria,
            "status": status,
            "status_label": UnitStatus(status).label,
            "state": state,
            "finalised": finalised,
            "window_closed": closed,
            "may_add": may_add and status in (UnitStatus.BELUM, UnitStatus.PERBAIKAN),
            "may_score": may_score(request.user, u) and not finalised,
            "may_return": may_score(request.user, u)
            and not finalised
            and not closed
            and status == UnitStatus.DIAJUKAN
            and not (state and state.returned),
            "own_unit": membership_of(request.user) is not None
            and membership_of(request.user).role == Role.EVALUATOR  # type: ignore[union-attr]
            and not may_score(request.user, u),
            "e": unit_evidence({k: s.score for k, s in scores.items()}, rubric),
            "nav": "evaluasi",
            **{f"{name}_form": form for name, form in forms.items()},
        },
    )


@member_required
def file(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of a unit's evidence, as a download, to a user who may read that unit's
    evidence (404 for anyone else)."""
    return file_response(get_evidence_file_for_user(request.user, pk))
