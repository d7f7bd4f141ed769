"""Editing and removing what the follow-up stored: change agents and role models (by the
instansi's operator), change agents' reports (by whoever may report for the unit) and an
activity's evidence (by whoever may update the activity). Each action writes its audit
record in the same transaction; a removed file leaves the storage once the transaction
commits and no longer counts against the instansi's quota.

The follow-up has no closed state of its own (a plan stays open to its editors, and an
activity's status can move back from selesai), so nothing here is frozen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..audit.actions import record
from ..uploads.models import StoredFile
from ..uploads.store import remove_stored
from .models import AgentReport, ChangeAgent, Evidence, RoleModel

AGENT_FIELDS = ("unit", "name", "position", "nip", "decree_number", "decree_date")
AGENT_FIELDS += ("period_start", "period_end")
ROLE_MODEL_FIELDS = ("unit", "name", "position", "nip", "year")
REPORT_FIELDS = ("agent", "activity", "on", "title", "description", "participants")


def _apply(row: Any, data: dict[str, Any], fields: Sequence[str]) -> list[str]:
    """Set the fields that changed; their names."""
    changed = [k for k in fields if k in data and getattr(row, k) != data[k]]
    for k in changed:
        setattr(row, k, data[k])
    row.save()
    return changed


@transaction.atomic
def do_edit_change_agent(
    agent: ChangeAgent, data: dict[str, Any], *, actor: AbstractBaseUser
) -> ChangeAgent:
    changed = _apply(agent, data, AGENT_FIELDS)
    record(
        actor,
        "followup.agent.edit",
        f"Mengubah data agen perubahan {agent.name} ({agent.unit.name})",
        instansi_code=agent.unit.instansi.code,
        unit=agent.unit.code,
        agent=agent.pk,
        fields=changed,
    )
    return agent


@transaction.atomic
def do_remove_change_agent(agent: ChangeAgent, *, actor: AbstractBaseUser) -> int:
    """The agent, their reports and the reports' files; the bytes freed."""
    files = list(StoredFile.objects.filter(report_file__report__agent=agent))
    n_reports = agent.reports.count()
    freed = remove_stored(files)
    record(
        actor,
        "followup.agent.remove",
        f"Menghapus agen perubahan {agent.name} ({agent.unit.name}) dengan {n_reports} laporan",
        instansi_code=agent.unit.instansi.code,
        unit=agent.unit.code,
        agent=agent.pk,
        reports=n_reports,
        files=[f.pk for f in files],
        bytes=freed,
    )
    agent.delete()
    return freed


@transaction.atomic
def do_edit_role_model(
    person: RoleModel, data: dict[str, Any], *, actor: AbstractBaseUser
) -> RoleModel:
    changed = _apply(person, data, ROLE_MODEL_FIELDS)
    record(
        actor,
        "followup.role_model.edit",
        f"Mengubah data role model {person.name} ({person.unit.name}, {person.year})",
        instansi_code=person.unit.instansi.code,
        unit=person.unit.code,
        role_model=person.pk,
        fields=changed,
    )
    return person


@transaction.atomic
def do_remove_role_model(person: RoleModel, *, actor: AbstractBaseUser) -> None:
    record(
        actor,
        "followup.role_model.remove",
        f"Menghapus role model {person.name} ({person.unit.name}, {person.year})",
        instansi_code=person.unit.instansi.code,
        unit=person.unit.code,
        role_model=person.pk,
    )
    person.delete()


@transaction.atomic
def do_edit_report(
    report: AgentReport,
    data: dict[str, Any],
    remove_files: Sequence[int],
    *,
    actor: AbstractBaseUser,
) -> AgentReport:
    """A report's text and figures, and the files (ids) taken off it: only its own."""
    changed = _apply(report, data, REPORT_FIELDS)
    own = list(StoredFile.objects.filter(report_file__report=report, pk__in=remove_files))
    freed = remove_stored(own)
    record(
        actor,
        "followup.report.edit",
        f"Mengubah laporan agen perubahan '{report.title}'",
        instansi_code=report.agent.unit.instansi.code,
        unit=report.agent.unit.code,
        report=report.pk,
        fields=changed,
        removed_files=[f.pk for f in own],
        bytes=freed,
    )
    return report


@transaction.atomic
def do_remove_report(report: AgentReport, *, actor: AbstractBaseUser) -> int:
    files = list(StoredFile.objects.filter(report_file__report=report))
    freed = remove_stored(files)
    record(
        actor,
        "followup.report.remove",
        f"Menghapus laporan agen perubahan '{report.title}'",
        instansi_code=report.agent.unit.instansi.code,
        unit=report.agent.unit.code,
        report=report.pk,
        files=[f.pk for f in files],
        bytes=freed,
    )
    report.delete()
    return freed


@transaction.atomic
def do_edit_evidence(
    evidence: Evidence, label: str, url: str, *, actor: AbstractBaseUser
) -> Evidence:
    """A piece of evidence's label, and its link (a file stays the file it is)."""
    fields = ("label",) if evidence.file_id else ("label", "url")
    changed = _apply(evidence, {"label": label, "url": url}, fields)
    activity = evidence.activity
    record(
        actor,
        "followup.evidence.edit",
        f"Mengubah bukti '{evidence.label}' pada kegiatan '{activity.title}'",
        instansi_code=activity.plan.cycle.instansi.code,
        activity=activity.pk,
        evidence=evidence.pk,
        fields=changed,
    )
    return evidence


@transaction.atomic
def do_remove_evidence(evidence: Evidence, *, actor: AbstractBaseUser) -> int:
    activity = evidence.activity
    file = evidence.file
    record(
        actor,
        "followup.evidence.remove",
        f"Menghapus bukti '{evidence.label}' dari kegiatan '{activity.title}'",
        instansi_code=activity.plan.cycle.instansi.code,
        activity=activity.pk,
        evidence=evidence.pk,
        file=file.pk if file else None,
        bytes=file.size if file else 0,
    )
    evidence.delete()
    return remove_stored([file]) if file else 0
