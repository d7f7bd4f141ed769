"""Who may fetch a file of the evidence evaluation. Here rather than in accounts/access.py
because the evaluation sits above the accounts in the layers (accounts may not import it);
the scope is the one of the evaluation pages (`get_evaluation_unit_for_user`): the admin and
national evaluators every instansi, an operator and an evaluator of an instansi its units, the
head of a unit their own unit. Anyone else gets a 404, whatever the file's id."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..accounts.access import User, evaluation_cycles_for_user, membership_of
from ..accounts.models import Role
from ..followup.models import Evidence as ActivityEvidence
from ..followup.models import ReportFile
from ..surveys.models import CycleUnit
from ..uploads.models import StoredFile
from .models import Evidence


def evidence_units_for_user(user: User) -> QuerySet[CycleUnit]:
    """Units of evaluations in scope whose evidence the user may read."""
    units = CycleUnit.objects.filter(cycle__in=evaluation_cycles_for_user(user))
    m = membership_of(user)
    if m is not None and m.role == Role.LEADER:
        units = units.filter(unit_id=m.unit_id)
    return units


def evidence_files_for_user(user: User) -> QuerySet[StoredFile]:
    """The files of evidence the user may read: those attached to it, and those of the
    follow-up activities and change agents' reports attached to it as evidence."""
    units = evidence_units_for_user(user)
    return StoredFile.objects.filter(
        Q(evaluation_evidence__cycle_unit__in=units)
        | Q(evidence__activity__evaluation_evidence__cycle_unit__in=units)
        | Q(report_file__report__evaluation_evidence__cycle_unit__in=units)
    )


def get_evidence_file_for_user(user: User, pk: int) -> StoredFile:
    return get_object_or_404(evidence_files_for_user(user).distinct(), pk=pk)


def evidence_of(unit: CycleUnit) -> QuerySet[Evidence]:
    """A unit's evidence with what the pages show of it: its file, and the follow-up item
    attached with that item's files (downloaded through `evaluation:file`)."""
    return (
        Evidence.objects.filter(cycle_unit=unit)
        .select_related("file", "activity", "activity__unit", "report", "report__agent")
        .prefetch_related(
            Prefetch(
                "activity__evidence",
                queryset=ActivityEvidence.objects.select_related("file"),
            ),
            Prefetch("report__files", queryset=ReportFile.objects.select_related("file")),
        )
    )
