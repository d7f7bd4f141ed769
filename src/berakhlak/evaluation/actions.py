"""What changes an evaluation, each with its audit record in the same transaction."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ..accounts.models import Membership
from ..audit.actions import record
from ..followup.models import Activity, AgentReport
from ..surveys.models import Cycle, CycleUnit
from ..uploads.store import store_upload
from .followup_items import linkable_activities, linkable_reports
from .models import CycleEvaluation, Evidence, Score, UnitEvaluation, UnitStatus


class EvaluationLocked(Exception):
    """The evaluation is finalised: its scores change no more."""


class EvaluationRefused(Exception):
    """The step is not allowed in the unit's state (submitted evidence, returned once...)."""


class OwnUnit(Exception):
    """An evaluator never scores their own unit."""


def _state(cycle_unit: CycleUnit) -> UnitEvaluation:
    state, _ = UnitEvaluation.objects.select_for_update().get_or_create(cycle_unit=cycle_unit)
    return state


def _own_unit(actor: AbstractBaseUser | None, cycle_unit: CycleUnit) -> bool:
    if actor is None:
        return False
    m = Membership.objects.filter(user=actor).first()
    return m is not None and m.unit_id is not None and m.unit_id == cycle_unit.unit_id


def window_closed(cycle: Cycle) -> bool:
    """Past the evaluation window: units add and submit evidence no more. Evaluators still
    score until they finalise (the processing weeks after the window), but return nothing
    for revision, since the unit could not revise it."""
    return _window_closed(cycle)


def _window_closed(cycle: Cycle) -> bool:
    closes = cycle.evaluation_closes_on
    return closes is not None and timezone.localdate() > closes


@transaction.atomic
def do_add_evidence(
    cycle_unit: CycleUnit,
    criterion: str,
    description: str,
    link: str = "",
    *,
    upload: UploadedFile | None = None,
    activity: Activity | None = None,
    report: AgentReport | None = None,
    submission: str = "",
    actor: AbstractBaseUser | None,
) -> Evidence:
    """Add a piece of evidence to a unit's criterion, until the unit submits it (again after
    a return for revision) and until the evaluation window closes. A file is checked,
    stripped and stored by the uploads (`store_upload` raises UploadRefused, rolling
    everything back) only after every other check passed. A follow-up activity or a change
    agent's report is attached only if the unit may attach it (followup_items.py). Sent
    twice, stored once."""
    if submission and (done := Evidence.objects.filter(submission=submission).first()):
        return done
    cycle = cycle_unit.cycle
    if cycle.evaluation_rubric().find(criterion) is None:
        raise ValueError("the criterion is not one of the rubric")
    if link and not link.lower().startswith(("http://", "https://")):
        raise ValueError("a link must be http or https")
    if activity is not None and not linkable_activities(cycle_unit).filter(pk=activity.pk).exists():
        raise ValueError("the activity is not one the unit may attach")
    if report is not None and not linkable_reports(cycle_unit).filter(pk=report.pk).exists():
        raise ValueError("the report is not one the unit may attach")
    if _locked(cycle) or _window_closed(cycle):
        raise EvaluationLocked
    state = _state(cycle_unit)
    if state.status not in (UnitStatus.BELUM, UnitStatus.PERBAIKAN):
        raise EvaluationRefused("the evidence was submitted")
    stored = store_upload(upload, cycle.instansi, actor=actor) if upload is not None else None
    evidence = Evidence.objects.create(
        cycle_unit=cycle_unit,
        criterion=criterion,
        description=description,
        link=link,
        file=stored,
        activity=activity,
        report=report,
        submission=submission or None,
        added_by=actor,
    )
    record(
        actor,
        "evaluation.evidence",
        f"Menambah bukti {cycle_unit.code} {criterion}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        unit=cycle_unit.code,
        criterion=criterion,
        evidence=evidence.pk,
        file=stored.pk if stored else None,
        activity=activity.pk if activity else None,
        report=report.pk if report else None,
    )
    return evidence


@transaction.atomic
def do_submit_unit(cycle_unit: CycleUnit, *, actor: AbstractBaseUser | None) -> UnitEvaluation:
    """The unit hands its evidence to the evaluators."""
    cycle = cycle_unit.cycle
    if _locked(cycle) or _window_closed(cycle):
        raise EvaluationLocked
    state = _state(cycle_unit)
    if state.status not in (UnitStatus.BELUM, UnitStatus.PERBAIKAN):
        raise EvaluationRefused("already submitted")
    state.status = UnitStatus.DIAJUKAN
    state.save(update_fields=["status"])
    record(
        actor,
        "evaluation.submit",
        f"Mengajukan bukti {cycle_unit.code}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        unit=cycle_unit.code,
    )
    return state


@transaction.atomic
def do_return_unit(
    cycle_unit: CycleUnit, note: str, *, actor: AbstractBaseUser | None
) -> UnitEvaluation:
    """Return a unit's submitted evidence for revision: once per unit, inside the window
    (after it the unit could not revise anything)."""
    cycle = cycle_unit.cycle
    if _locked(cycle) or _window_closed(cycle):
        raise EvaluationLocked
    if _own_unit(actor, cycle_unit):
        raise OwnUnit
    state = _state(cycle_unit)
    if state.returned or state.status != UnitStatus.DIAJUKAN:
        raise EvaluationRefused("a unit is returned once, after it submitted")
    state.status, state.returned, state.note = UnitStatus.PERBAIKAN, True, note
    state.save(update_fields=["status", "returned", "note"])
    record(
        actor,
        "evaluation.return",
        f"Mengembalikan bukti {cycle_unit.code} untuk diperbaiki",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        unit=cycle_unit.code,
    )
    return state


def _locked(cycle: Cycle) -> bool:
    state = CycleEvaluation.objects.select_for_update().filter(cycle=cycle).first()
    return state is not None and state.finalised_at is not None


@transaction.atomic
def do_score_unit(
    cycle_unit: CycleUnit,
    criterion: str,
    score: int,
    comment: str = "",
    *,
    actor: AbstractBaseUser | None,
) -> Score:
    """Set one unit's score on one criterion of the cycle's rubric (audited with the score
    before, so every change can be traced)."""
    cycle = cycle_unit.cycle
    rubric = cycle.evaluation_rubric()
    if rubric.find(criterion) is None or not 0 <= score <= rubric.scale_max:
        raise ValueError("the score is not one of the rubric")
    if _locked(cycle):
        raise EvaluationLocked
    if _own_unit(actor, cycle_unit):
        raise OwnUnit
    before = Score.objects.filter(cycle_unit=cycle_unit, criterion=criterion).first()
    row, _ = Score.objects.update_or_create(
        cycle_unit=cycle_unit,
        criterion=criterion,
        defaults={"score": score, "comment": comment, "evaluator": actor},
    )
    state = _state(cycle_unit)
    if state.status != UnitStatus.DINILAI:
        state.status = UnitStatus.DINILAI
        state.save(update_fields=["status"])
    record(
        actor,
        "evaluation.score",
        f"Menilai {cycle_unit.code} {criterion}: {score}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        unit=cycle_unit.code,
        criterion=criterion,
        score=score,
        score_before=before.score if before is not None else None,
    )
    return row


@transaction.atomic
def do_finalise_evaluation(cycle: Cycle, *, actor: AbstractBaseUser | None) -> CycleEvaluation:
    """Lock the scores: the combined index is reported from now on."""
    state, _ = CycleEvaluation.objects.select_for_update().get_or_create(cycle=cycle)
    if state.finalised_at is not None:
        raise EvaluationLocked
    state.finalised_at = timezone.now()
    state.save(update_fields=["finalised_at"])
    record(
        actor,
        "evaluation.finalise",
        f"Memfinalkan evaluasi {cycle.instansi.code} {cycle.year}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
    )
    return state
