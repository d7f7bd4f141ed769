"""Follow-up actions of operators, leaders, unit heads and change agents; each one writes
its audit record in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..audit.actions import record
from ..orgs.models import Unit
from ..surveys.models import Cycle
from ..uploads.store import check_upload, store_all, store_upload
from .models import (
    Activity,
    AgentReport,
    ChangeAgent,
    Evidence,
    Plan,
    ProgressNote,
    ReportFile,
    RoleModel,
    Status,
)

ACTIVITY_FIELDS = (
    "title",
    "description",
    "addresses",
    "unit",
    "person_name",
    "person_position",
    "starts_on",
    "ends_on",
    "target",
    "status",
)


def _plan(cycle: Cycle) -> Plan:
    plan, _ = Plan.objects.get_or_create(cycle=cycle)
    return plan


@transaction.atomic
def do_choose_focus(
    cycle: Cycle, values: Sequence[str], limiting: Sequence[str], *, actor: AbstractBaseUser
) -> Plan:
    """The focus values and limiting factors of the year (codes, in the order given)."""
    plan = _plan(cycle)
    plan.focus_values, plan.focus_limiting = list(values), list(limiting)
    plan.save(update_fields=["focus_values", "focus_limiting", "updated_at"])
    record(
        actor,
        "followup.focus",
        f"Memilih nilai fokus {', '.join(values) or '-'} untuk {cycle}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        values=list(values),
        limiting=list(limiting),
    )
    return plan


@transaction.atomic
def do_add_activity(cycle: Cycle, data: dict[str, Any], *, actor: AbstractBaseUser) -> Activity:
    """A new activity; the same form sent again (its `submission` key) stores nothing more."""
    submission = data.get("submission") or None
    if submission and (done := Activity.objects.filter(submission=submission).first()):
        return done
    plan = _plan(cycle)
    activity = Activity.objects.create(
        plan=plan, submission=submission, **{k: data[k] for k in ACTIVITY_FIELDS}
    )
    record(
        actor,
        "followup.activity.create",
        f"Menambah kegiatan rencana aksi '{activity.title}' ({cycle})",
        instansi_code=cycle.instansi.code,
        activity=activity.pk,
        unit=activity.unit.code if activity.unit else None,
    )
    return activity


@transaction.atomic
def do_edit_activity(
    activity: Activity, data: dict[str, Any], *, actor: AbstractBaseUser
) -> Activity:
    changed = [k for k in ACTIVITY_FIELDS if getattr(activity, k) != data[k]]
    for k in changed:
        setattr(activity, k, data[k])
    activity.save()
    record(
        actor,
        "followup.activity.edit",
        f"Mengubah kegiatan '{activity.title}'",
        instansi_code=activity.plan.cycle.instansi.code,
        activity=activity.pk,
        fields=changed,
    )
    return activity


@transaction.atomic
def do_update_activity(
    activity: Activity,
    status: str,
    on: datetime.date,
    note: str,
    *,
    actor: AbstractBaseUser,
) -> Activity:
    """A unit head's (or a plan editor's) update: the status, and a progress note."""
    before = activity.status
    if status != before:
        activity.status = status
        activity.save(update_fields=["status", "updated_at"])
    if note:
        ProgressNote.objects.create(activity=activity, on=on, text=note, author=actor)
    record(
        actor,
        "followup.activity.update",
        f"Memperbarui kegiatan '{activity.title}': {Status(before).label} → {Status(status).label}",
        instansi_code=activity.plan.cycle.instansi.code,
        activity=activity.pk,
        status_before=before,
        status=status,
        note=bool(note),
    )
    return activity


@transaction.atomic
def do_add_evidence(
    activity: Activity,
    label: str,
    *,
    url: str = "",
    upload: UploadedFile | None = None,
    submission: str = "",
    actor: AbstractBaseUser,
) -> Evidence:
    """A link, or a file checked and stripped by `store_upload` (which raises UploadRefused,
    rolling everything back, for a file it refuses). Sent twice, stored once."""
    if submission and (done := Evidence.objects.filter(submission=submission).first()):
        return done
    instansi = activity.plan.cycle.instansi
    stored = store_upload(upload, instansi, actor=actor) if upload is not None else None
    evidence = Evidence.objects.create(
        activity=activity, label=label, url=url, file=stored, submission=submission or None
    )
    record(
        actor,
        "followup.evidence.add",
        f"Menambah bukti '{label}' pada kegiatan '{activity.title}'",
        instansi_code=instansi.code,
        activity=activity.pk,
        file=stored.pk if stored else None,
        url=url,
    )
    return evidence


@transaction.atomic
def do_add_change_agent(
    unit: Unit, data: dict[str, Any], *, actor: AbstractBaseUser
) -> ChangeAgent:
    """A change agent of the register; sent twice (its `submission` key), stored once."""
    data = dict(data)
    submission = data.pop("submission", "") or None
    if submission and (done := ChangeAgent.objects.filter(submission=submission).first()):
        return done
    agent = ChangeAgent.objects.create(unit=unit, submission=submission, **data)
    record(
        actor,
        "followup.agent.create",
        f"Mencatat agen perubahan {agent.name} ({unit.name})",
        instansi_code=unit.instansi.code,
        unit=unit.code,
        agent=agent.pk,
    )
    return agent


@transaction.atomic
def do_add_role_model(unit: Unit, data: dict[str, Any], *, actor: AbstractBaseUser) -> RoleModel:
    """A role model of the register; sent twice (its `submission` key), stored once."""
    data = dict(data)
    submission = data.pop("submission", "") or None
    if submission and (done := RoleModel.objects.filter(submission=submission).first()):
        return done
    person = RoleModel.objects.create(unit=unit, submission=submission, **data)
    record(
        actor,
        "followup.role_model.create",
        f"Menetapkan role model {person.name} ({unit.name}, {person.year})",
        instansi_code=unit.instansi.code,
        unit=unit.code,
        role_model=person.pk,
    )
    return person


@transaction.atomic
def do_add_report(
    agent: ChangeAgent,
    data: dict[str, Any],
    uploads: Sequence[UploadedFile],
    *,
    actor: AbstractBaseUser,
) -> AgentReport:
    """A change agent's report with its photos or documents; a refused file refuses all
    (every file is checked before anything is stored). Sent twice, stored once."""
    data = dict(data)
    submission = data.pop("submission", "") or None
    if submission and (done := AgentReport.objects.filter(submission=submission).first()):
        return done
    attachments = [check_upload(upload) for upload in uploads]
    instansi = agent.unit.instansi
    stored = store_all(attachments, instansi, actor=actor)
    report = AgentReport.objects.create(
        agent=agent, reported_by=actor, submission=submission, **data
    )
    for file in stored:
        ReportFile.objects.create(report=report, file=file)
    record(
        actor,
        "followup.report.create",
        f"Laporan agen perubahan {agent.name}: '{report.title}'",
        instansi_code=instansi.code,
        unit=agent.unit.code,
        report=report.pk,
        files=len(uploads),
    )
    return report
