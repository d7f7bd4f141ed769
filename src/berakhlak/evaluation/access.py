"""Who may fetch a file of the evidence evaluation. Here rather than in accounts/access.py
because the evaluation sits above the accounts in the layers (accounts may not import it);
the scope is the one of the evaluation pages (`get_evaluation_unit_for_user`): the admin and
national evaluators every instansi, an operator and an evaluator of an instansi its units, the
head of a unit their own unit. Anyone else gets a 404, whatever the file's id."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ..accounts.access import User, evaluation_cycles_for_user, membership_of
from ..accounts.models import Role
from ..surveys.models import CycleUnit
from ..uploads.models import StoredFile


def evidence_units_for_user(user: User) -> QuerySet[CycleUnit]:
    """Units of evaluations in scope whose evidence the user may read."""
    units = CycleUnit.objects.filter(cycle__in=evaluation_cycles_for_user(user))
    m = membership_of(user)
    if m is not None and m.role == Role.LEADER:
        units = units.filter(unit_id=m.unit_id)
    return units


def evidence_files_for_user(user: User) -> QuerySet[StoredFile]:
    return StoredFile.objects.filter(
        evaluation_evidence__cycle_unit__in=evidence_units_for_user(user)
    )


def get_evidence_file_for_user(user: User, pk: int) -> StoredFile:
    return get_object_or_404(evidence_files_for_user(user).distinct(), pk=pk)
