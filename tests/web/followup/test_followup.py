"""The action plan, its activities and who may change them; the register of change agents
and role models; the change agent's account (issue 14 items 2, 3 and 7)."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Membership, Role
from berakhlak.audit.models import Event
from berakhlak.followup.models import Activity, ChangeAgent, ProgressNote, RoleModel
from helpers.uploads import photo, upload
from helpers.web import World, login


def activity(world: World, unit: str) -> Activity:
    return Activity.objects.get(plan__cycle=world.published, unit__code=unit)


def test_an_operator_creates_a_change_agent_account_for_one_of_their_units(world):
    client = login(Client(), world.operator)
    url = reverse("accounts:users")
    u02 = world.instansi.units.get(code="U02")
    without_unit = client.post(url, {"username": "agen.baru", "role": "agen"})
    assert "Agen perubahan melapor untuk satu unit" in without_unit.content.decode()
    created = client.post(
        url,
        {"username": "agen.baru", "role": "agen", "instansi": world.instansi.pk, "unit": u02.pk},
    )
    assert "Kata sandi sementara" in created.content.decode()
    m = Membership.objects.get(user__username="agen.baru")
    assert (m.role, m.instansi_id, m.unit_id) == (Role.CHANGE_AGENT, world.instansi.pk, u02.pk)
    assert Event.objects.filter(action="user.create", details__role="agen").exists()


def test_the_database_refuses_a_change_agent_without_a_unit(world):
    m = Membership.objects.get(user=world.change_agent)
    m.unit = None
    with pytest.raises(IntegrityError), transaction.atomic():
        m.save()


def test_a_change_agent_lands_on_their_units_reports_and_reads_no_result_nor_plan(world):
    client = login(Client(), world.change_agent)
    home = client.get(reverse("home"), follow=True)
    assert home.redirect_chain[-1][0] == reverse(
        "followup:reports", kwargs={"code": "KAB-T01", "unit": "U03"}
    )
    assert "Sosialisasi U03" in home.content.decode()
    for url in (
        reverse("results:dashboard", kwargs={"pk": world.published.pk}),
        reverse("results:unit", kwargs={"pk": world.published.pk, "code": "U03"}),
        reverse("results:my_unit"),
        reverse("reports:cycle_pdf", kwargs={"pk": world.published.pk}),
        reverse("orgs:instansi", kwargs={"code": "KAB-T01"}),
        reverse("followup:plan", kwargs={"pk": world.published.pk}),
        reverse("followup:activity", kwargs={"pk": activity(world, "U03").pk}),
        reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": "U01"}),
        reverse("api_cycle", kwargs={"pk": world.published.pk}),
    ):
        assert client.get(url).status_code in (404, 401), url


def test_a_unit_head_updates_their_units_activity_and_the_change_is_audited(world):
    client = login(Client(), world.unit_leader)
    own = activity(world, "U03")
    url = reverse("followup:activity", kwargs={"pk": own.pk})
    response = client.post(
        url, {"status": "selesai", "on": "2025-03-20", "note": "Tiga sesi terlaksana"}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == "selesai"
    note = ProgressNote.objects.get(activity=own)
    assert (note.on, note.text, note.author_id) == (
        datetime.date(2025, 3, 20),
        "Tiga sesi terlaksana",
        world.unit_leader.pk,
    )
    event = Event.objects.get(action="followup.activity.update", details__activity=own.pk)
    assert event.details["status_before"] == "berjalan" and event.instansi_code == "KAB-T01"
    page = client.get(url).content.decode()
    assert "Tiga sesi terlaksana" in page


def test_a_unit_head_cannot_touch_another_units_activity_nor_edit_the_plan(world):
    client = login(Client(), world.unit_leader)
    other = activity(world, "U01")
    post = {"status": "batal", "on": "2025-03-20", "note": "x"}
    assert (
        client.post(reverse("followup:activity", kwargs={"pk": other.pk}), post).status_code == 404
    )
    own = activity(world, "U03")
    assert client.get(reverse("followup:activity_edit", kwargs={"pk": own.pk})).status_code == 404
    add = reverse("followup:activity_add", kwargs={"pk": world.published.pk})
    assert client.get(add).status_code == 404
    other.refresh_from_db()
    assert other.status == "rencana"


def test_a_unit_head_reads_the_plan_with_only_their_units_activities(world):
    page = login(Client(), world.unit_leader).get(
        reverse("followup:plan", kwargs={"pk": world.published.pk})
    )
    text = page.content.decode()
    assert "Klinik layanan" in text and "Apel nilai" not in text
    assert "Tambah kegiatan" not in text


def test_an_update_without_a_change_or_a_note_is_refused_and_stores_nothing(world):
    client = login(Client(), world.unit_leader)
    own = activity(world, "U03")
    response = client.post(
        reverse("followup:activity", kwargs={"pk": own.pk}),
        {"status": "berjalan", "on": "2025-03-20", "note": ""},
    )
    assert "Ubah statusnya atau tulis catatan kemajuan" in response.content.decode()
    assert not ProgressNote.objects.filter(activity=own).exists()


def test_the_leader_adds_an_activity_for_a_focus_value_and_it_is_audited(world):
    client = login(Client(), world.leader)
    u02 = world.instansi.units.get(code="U02")
    data = {
        "title": "Coaching clinic Kolaboratif",
        "description": "Dua kali sebulan",
        "addresses": ["KL"],
        "unit": u02.pk,
        "person_name": "Rina Wulandari",
        "person_position": "Sekretaris Dinas",
        "starts_on": "2025-02-01",
        "ends_on": "2025-06-30",
        "target": "80% pegawai ikut",
        "status": "rencana",
    }
    url = reverse("followup:activity_add", kwargs={"pk": world.published.pk})
    bad = client.post(url, {**data, "addresses": ["BP"], "ends_on": "2025-01-01"})
    text = bad.content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai" in text
    assert "BP bukan salah satu dari pilihan yang tersedia" in text
    response = client.post(url, data)
    assert response.status_code == 302
    made = Activity.objects.get(title="Coaching clinic Kolaboratif")
    assert (made.unit_id, made.addresses, made.person_name) == (u02.pk, ["KL"], "Rina Wulandari")
    assert Event.objects.filter(
        action="followup.activity.create", actor_name="pimpinan.t", details__activity=made.pk
    ).exists()


def test_the_operator_registers_change_agents_and_role_models_and_the_leader_only_reads(world):
    url = reverse("followup:register", kwargs={"code": "KAB-T01"})
    u02 = world.instansi.units.get(code="U02")
    agent = {
        "form": "agent",
        "agent-unit": u02.pk,
        "agent-name": "Dewi Lestari",
        "agent-position": "Pranata Komputer",
        "agent-nip": "198701012010012001",
        "agent-decree_number": "800/12/2025",
        "agent-decree_date": "2025-01-10",
        "agent-period_start": "2025-01-10",
        "agent-period_end": "2026-01-09",
    }
    role_model = {
        "form": "role_model",
        "model-unit": u02.pk,
        "model-name": "Ahmad Fauzi",
        "model-position": "Kepala Dinas",
        "model-nip": "",
        "model-year": "2025",
    }
    leader = login(Client(), world.leader)
    assert leader.post(url, agent).status_code == 404
    assert "Dewi Lestari" not in leader.get(url).content.decode()
    operator = login(Client(), world.operator)
    bad = operator.post(url, {**agent, "agent-nip": "12345"})
    assert "NIP terdiri atas 18 angka" in bad.content.decode()
    assert operator.post(url, agent).status_code == 302
    assert operator.post(url, role_model).status_code == 302
    assert ChangeAgent.objects.get(name="Dewi Lestari").unit_id == u02.pk
    assert RoleModel.objects.get(name="Ahmad Fauzi").year == 2025
    assert Event.objects.filter(action="followup.agent.create").count() == 3  # 2 of the world
    assert Event.objects.filter(action="followup.role_model.create").count() == 1
    assert "Dewi Lestari" in leader.get(url).content.decode()


def test_the_operator_of_another_instansi_cannot_register_into_ours(world):
    url = reverse("followup:register", kwargs={"code": "KOT-T02"})
    u02 = world.instansi.units.get(code="U02")
    client = login(Client(), world.other_operator)
    response = client.post(
        url,
        {
            "form": "role_model",
            "model-unit": u02.pk,
            "model-name": "Penyusup",
            "model-position": "x",
            "model-year": "2025",
        },
    )
    assert "Masukkan pilihan yang valid" in response.content.decode()
    assert not RoleModel.objects.filter(name="Penyusup").exists()


def test_a_change_agent_cannot_report_in_the_name_of_another_units_agent(world):
    client = login(Client(), world.change_agent)
    other_agent = ChangeAgent.objects.get(name="Agen U01")
    response = client.post(
        reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": "U03"}),
        {
            "agent": other_agent.pk,
            "on": "2025-04-01",
            "title": "Laporan palsu",
            "description": "x",
            "participants": 3,
        },
    )
    assert response.status_code == 200
    assert not other_agent.reports.filter(title="Laporan palsu").exists()


def test_an_activity_form_sent_twice_stores_one_activity(world):
    client = login(Client(), world.operator)
    url = reverse("followup:activity_add", kwargs={"pk": world.published.pk})
    form = client.get(url).content.decode()
    key = form.split('name="submission" value="')[1][:32]
    data = {
        "submission": key,
        "title": "Dikirim dua kali",
        "addresses": ["AD"],
        "person_name": "A",
        "person_position": "B",
        "starts_on": "2025-02-01",
        "ends_on": "2025-03-01",
        "target": "1",
        "status": "rencana",
    }
    first, second = client.post(url, data), client.post(url, data)
    assert first["Location"] == second["Location"]
    assert Activity.objects.filter(title="Dikirim dua kali").count() == 1
    assert (
        Event.objects.filter(action="followup.activity.create", summary__contains="Dikirim").count()
        == 1
    )


def test_a_report_sent_twice_stores_one_report_and_its_files_once(world):
    client = login(Client(), world.change_agent)
    url = reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": "U03"})
    data = {
        "submission": "ab" * 16,
        "agent": ChangeAgent.objects.get(name="Agen U03").pk,
        "on": "2025-04-01",
        "title": "Laporan ganda",
        "description": "x",
        "participants": 3,
    }
    for _ in range(2):
        client.post(url, {**data, "files": [upload(photo(), "a.jpg", "image/jpeg")]})
    report = ChangeAgent.objects.get(name="Agen U03").reports.get(title="Laporan ganda")
    assert report.files.count() == 1
