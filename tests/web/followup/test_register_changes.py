"""The register of change agents and role models, and what was reported, after it was first
stored: a form sent twice stores one row; editing and removing (issue 14, the follow-up)."""

from __future__ import annotations

import datetime

from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from berakhlak.audit.models import Event
from berakhlak.followup.actions import (
    do_add_change_agent,
    do_add_evidence,
    do_add_report,
    do_add_role_model,
)
from berakhlak.followup.models import (
    Activity,
    AgentReport,
    ChangeAgent,
    Evidence,
    ReportFile,
    RoleModel,
)
from berakhlak.uploads.models import StoredFile
from berakhlak.uploads.store import quota_used
from helpers.uploads import photo, upload
from helpers.web import login


def assert_not_found(response) -> None:
    assert response.status_code == 404


def _key(page: str, prefix: str) -> str:
    return page.split(f'name="{prefix}-submission" value="')[1][:32]


def test_a_register_form_sent_twice_stores_one_change_agent_and_one_role_model(world):
    url = reverse("followup:register", kwargs={"code": "KAB-T01"})
    u02 = world.instansi.units.get(code="U02")
    operator = login(Client(), world.operator)
    page = operator.get(url).content.decode()
    agent = {
        "form": "agent",
        "agent-submission": _key(page, "agent"),
        "agent-unit": u02.pk,
        "agent-name": "Dua Kali",
        "agent-position": "Analis",
        "agent-decree_number": "800/1/2025",
        "agent-decree_date": "2025-01-10",
        "agent-period_start": "2025-01-10",
        "agent-period_end": "2026-01-09",
    }
    role_model = {
        "form": "role_model",
        "model-submission": _key(page, "model"),
        "model-unit": u02.pk,
        "model-name": "Teladan Ganda",
        "model-position": "Kepala Bidang",
        "model-year": "2025",
    }
    for data in (agent, agent, role_model, role_model):
        assert operator.post(url, data).status_code == 302
    assert ChangeAgent.objects.filter(name="Dua Kali").count() == 1
    assert RoleModel.objects.filter(name="Teladan Ganda").count() == 1
    assert (
        Event.objects.filter(action="followup.agent.create", summary__contains="Dua").count() == 1
    )
    assert (
        Event.objects.filter(action="followup.role_model.create", summary__contains="Ganda").count()
        == 1
    )
    # a new page carries new keys: a second, different agent is stored
    again = operator.get(url).content.decode()
    assert _key(again, "agent") != agent["agent-submission"]
    operator.post(url, {**agent, "agent-submission": _key(again, "agent"), "agent-name": "Lain"})
    assert ChangeAgent.objects.filter(name="Lain").count() == 1


def _agent_with_a_report(world) -> tuple[ChangeAgent, AgentReport]:
    unit = world.instansi.units.get(code="U03")
    agent = do_add_change_agent(
        unit,
        {
            "name": "Agen Sementara",
            "position": "Analis",
            "nip": "",
            "decree_number": "SK-X/2025",
            "decree_date": datetime.date(2025, 1, 2),
            "period_start": datetime.date(2025, 1, 2),
            "period_end": datetime.date(2025, 12, 31),
        },
        actor=world.operator,
    )
    report = do_add_report(
        agent,
        {
            "on": datetime.date(2025, 2, 10),
            "title": "Lokakarya nilai",
            "description": "x",
            "participants": 12,
        },
        [upload(photo(), "satu.jpg"), upload(photo("PNG"), "dua.png")],
        actor=world.change_agent,
    )
    return agent, report


def test_the_operator_edits_and_removes_a_change_agent_with_the_reports_and_their_files(
    world, django_capture_on_commit_callbacks
):
    agent, report = _agent_with_a_report(world)
    names = list(report.files.values_list("file__storage_name", flat=True))
    assert all(default_storage.exists(n) for n in names)
    used = quota_used(world.instansi)
    url = reverse("followup:agent", kwargs={"pk": agent.pk})
    assert_not_found(login(Client(), world.leader).post(url, {"action": "hapus"}))
    operator = login(Client(), world.operator)
    page = operator.get(url).content.decode()
    assert "juga menghapus 1 laporannya dan 2 berkasnya" in page
    edited = operator.post(
        url,
        {
            "agent-unit": agent.unit_id,
            "agent-name": "Agen Tetap",
            "agent-position": "Analis Utama",
            "agent-nip": "",
            "agent-decree_number": "SK-X/2025",
            "agent-decree_date": "2025-01-02",
            "agent-period_start": "2025-01-02",
            "agent-period_end": "2024-12-31",
        },
    )
    assert "Masa tugas tidak boleh selesai sebelum mulai" in edited.content.decode()
    ok = operator.post(
        url,
        {
            "agent-unit": agent.unit_id,
            "agent-name": "Agen Tetap",
            "agent-position": "Analis Utama",
            "agent-decree_number": "SK-X/2025",
            "agent-decree_date": "2025-01-02",
            "agent-period_start": "2025-01-02",
            "agent-period_end": "2025-12-31",
        },
    )
    assert ok.status_code == 302
    agent.refresh_from_db()
    assert (agent.name, agent.position) == ("Agen Tetap", "Analis Utama")
    event = Event.objects.get(action="followup.agent.edit", details__agent=agent.pk)
    assert set(event.details["fields"]) == {"name", "position"}
    with django_capture_on_commit_callbacks(execute=True):
        assert operator.post(url, {"action": "hapus"}).status_code == 302
    assert not ChangeAgent.objects.filter(pk=agent.pk).exists()
    assert not AgentReport.objects.filter(pk=report.pk).exists()
    assert not any(default_storage.exists(n) for n in names)
    assert quota_used(world.instansi) < used
    removed = Event.objects.get(action="followup.agent.remove", details__agent=agent.pk)
    assert removed.details["reports"] == 1 and len(removed.details["files"]) == 2


def test_a_role_model_is_edited_and_removed_by_the_operator_and_no_one_else(world):
    unit = world.instansi.units.get(code="U02")
    person = do_add_role_model(
        unit, {"name": "Teladan", "position": "Kabid", "nip": "", "year": 2025}, actor=None
    )
    url = reverse("followup:role_model", kwargs={"pk": person.pk})
    for outsider in (world.leader, world.other_operator, world.unit_leader, world.change_agent):
        assert_not_found(login(Client(), outsider).post(url, {"action": "hapus"}))
    operator = login(Client(), world.operator)
    data = {"model-unit": unit.pk, "model-name": "Teladan", "model-position": "Kabid"}
    assert operator.post(url, {**data, "model-year": "2026"}).status_code == 302
    person.refresh_from_db()
    assert person.year == 2026
    assert operator.post(url, {"action": "hapus"}).status_code == 302
    assert not RoleModel.objects.filter(pk=person.pk).exists()
    assert Event.objects.filter(action="followup.role_model.edit").count() == 1
    assert Event.objects.filter(action="followup.role_model.remove").count() == 1


def test_a_change_agent_edits_their_report_and_takes_one_file_off_it_which_frees_the_quota(
    world, django_capture_on_commit_callbacks
):
    agent, report = _agent_with_a_report(world)
    first, second = (f.file for f in report.files.select_related("file"))
    used = quota_used(world.instansi)
    url = reverse("followup:report", kwargs={"pk": report.pk})
    for outsider in (world.other_operator, world.other_leader, world.other_unit_leader):
        assert_not_found(login(Client(), outsider).get(url))
    client = login(Client(), world.change_agent)
    assert "satu.jpg" in client.get(url).content.decode()
    data = {
        "agent": agent.pk,
        "on": "2025-02-11",
        "title": "Lokakarya nilai Adaptif",
        "description": "x",
        "participants": 14,
    }
    # a file of another report is not among the choices: refused, nothing changes
    other = ReportFile.objects.exclude(report=report).first().file_id
    refused = client.post(url, {**data, "remove_files": [other]})
    assert refused.status_code == 200 and "Laporan disimpan" not in refused.content.decode()
    assert StoredFile.objects.filter(pk=other).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, "remove_files": [first.pk]}).status_code == 302
    report.refresh_from_db()
    assert (report.title, report.participants) == ("Lokakarya nilai Adaptif", 14)
    assert list(report.files.values_list("file_id", flat=True)) == [second.pk]
    assert not default_storage.exists(first.storage_name)
    assert default_storage.exists(second.storage_name)
    assert quota_used(world.instansi) == used - first.size
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "hapus"}).status_code == 302
    assert not AgentReport.objects.filter(pk=report.pk).exists()
    assert not default_storage.exists(second.storage_name)
    assert quota_used(world.instansi) == used - first.size - second.size
    assert Event.objects.filter(action="followup.report.edit", details__report=report.pk).exists()
    assert Event.objects.filter(action="followup.report.remove", details__report=report.pk).exists()


def test_a_unit_head_edits_and_removes_their_activitys_evidence_and_not_another_units(
    world, django_capture_on_commit_callbacks
):
    activity = Activity.objects.get(plan__cycle=world.published, unit__code="U03")
    evidence = do_add_evidence(
        activity, "Foto apel", upload=upload(photo(), "apel.jpg"), actor=world.unit_leader
    )
    link = do_add_evidence(activity, "Notula", url="https://contoh.go.id/n", actor=None)
    stored = evidence.file
    url = reverse("followup:evidence", kwargs={"pk": evidence.pk})
    for outsider in (world.other_unit_leader, world.change_agent, world.other_operator):
        assert_not_found(login(Client(), outsider).post(url, {"action": "hapus"}))
    client = login(Client(), world.unit_leader)
    link_url = reverse("followup:evidence", kwargs={"pk": link.pk})
    bad = client.post(link_url, {"label": "Notula", "url": "javascript:alert(1)"})
    assert bad.status_code == 200
    assert client.post(link_url, {"label": "Notula rapat", "url": "https://contoh.go.id/m"})[
        "Location"
    ] == reverse("followup:activity", kwargs={"pk": activity.pk})
    link.refresh_from_db()
    assert (link.label, link.url) == ("Notula rapat", "https://contoh.go.id/m")
    # a file's evidence changes its label only; a posted url is not taken
    client.post(url, {"label": "Foto apel pagi", "url": "https://jahat.example/"})
    evidence.refresh_from_db()
    assert (evidence.label, evidence.url, evidence.file_id) == ("Foto apel pagi", "", stored.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"action": "hapus"}).status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert not StoredFile.objects.filter(pk=stored.pk).exists()
    assert not default_storage.exists(stored.storage_name)
    assert Event.objects.filter(action="followup.evidence.remove", details__file=stored.pk).exists()


def test_a_failed_removal_keeps_the_files_in_the_storage(world, monkeypatch):
    """The bytes leave the storage only when the database has committed the removal."""
    _agent, report = _agent_with_a_report(world)
    names = list(report.files.values_list("file__storage_name", flat=True))

    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("berakhlak.followup.changes.record", fail)
    client = login(Client(), world.change_agent)
    client.raise_request_exception = False
    response = client.post(
        reverse("followup:report", kwargs={"pk": report.pk}), {"action": "hapus"}
    )
    assert response.status_code == 500
    assert AgentReport.objects.filter(pk=report.pk).exists()
    assert all(default_storage.exists(n) for n in names)
