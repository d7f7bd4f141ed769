"""Files people upload, attacked through the web: served only to users in scope, as
attachments that no browser renders; refused files store nothing; the quota holds
(issue 14 item 6; docs/SECURITY.md, "Files people upload")."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from berakhlak.accounts.models import Role
from berakhlak.followup.actions import do_add_change_agent, do_add_report
from berakhlak.followup.models import Activity, AgentReport, ChangeAgent, Evidence, ReportFile
from berakhlak.uploads.models import StoredFile
from helpers.uploads import photo, upload
from helpers.web import World, login
from helpers.world import create_user


def file_of(world: World, unit: str) -> StoredFile:
    return ReportFile.objects.get(
        report__agent__unit__instansi=world.instansi, report__agent__unit__code=unit
    ).file


def report(client: Client, unit: str, files: list, agent: str = "Agen U03") -> object:
    return client.post(
        reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": unit}),
        {
            "agent": ChangeAgent.objects.get(name=agent).pk,
            "on": "2025-05-02",
            "title": "Senam pagi nilai Harmonis",
            "description": "Diikuti seluruh bidang",
            "participants": 40,
            "files": files,
        },
    )


def test_a_file_is_served_as_an_attachment_with_nosniff_and_a_safe_name(world):
    stored = file_of(world, "U03")
    response = login(Client(), world.change_agent).get(
        reverse("followup:file", kwargs={"pk": stored.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-U03.png"'
    assert "default-src 'self'" in response["Content-Security-Policy"]  # the site's policy
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_change_agent_of_one_unit_cannot_fetch_another_units_file(world):
    client = login(Client(), world.change_agent)  # U03
    theirs = file_of(world, "U01")
    assert client.get(reverse("followup:file", kwargs={"pk": theirs.pk})).status_code == 404
    evidence = Evidence.objects.get(
        activity__unit__code="U01", activity__plan__cycle=world.published
    )
    assert client.get(reverse("followup:file", kwargs={"pk": evidence.file_id})).status_code == 404


def test_another_instansi_cannot_fetch_our_files_by_id_nor_walk_the_ids(world):
    ours = list(StoredFile.objects.filter(instansi=world.instansi).values_list("pk", flat=True))
    assert len(ours) == 4
    for who in (world.other_operator, world.other_leader):
        client = login(Client(), who)
        for pk in [*ours, max(ours) + 1]:
            assert client.get(reverse("followup:file", kwargs={"pk": pk})).status_code == 404


def test_a_unit_head_reads_their_units_evidence_and_not_another_units(world):
    client = login(Client(), world.unit_leader)
    own = Evidence.objects.get(activity__unit__code="U03", activity__plan__cycle=world.published)
    other = Evidence.objects.get(activity__unit__code="U01", activity__plan__cycle=world.published)
    assert client.get(reverse("followup:file", kwargs={"pk": own.file_id})).status_code == 200
    assert client.get(reverse("followup:file", kwargs={"pk": other.file_id})).status_code == 404


def test_a_change_agent_reports_with_a_photo_stored_without_gps_under_a_random_name(world):
    client = login(Client(), world.change_agent)
    response = report(client, "U03", [upload(photo(), "../../IMG_0001.jpg", "image/jpeg")])
    assert response.status_code == 302
    made = AgentReport.objects.get(title="Senam pagi nilai Harmonis")
    stored = made.files.get().file
    assert stored.name == "IMG_0001.jpg" and stored.kind == "jpeg"
    assert "IMG" not in stored.storage_name and stored.storage_name.startswith("uploads/")
    with default_storage.open(stored.storage_name) as f:
        content = f.read()
    assert stored.size == len(content)
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {}
    assert b"KameraUji" not in content


def test_an_html_file_named_png_is_refused_and_the_report_is_not_stored(world):
    client = login(Client(), world.change_agent)
    before = StoredFile.objects.count()
    files = [
        upload(photo("PNG"), "baik.png"),
        upload(b"<html><script>alert(1)</script></html>", "foto.png"),
    ]
    response = report(client, "U03", files)
    assert response.status_code == 200
    assert "isi berkas bukan PDF, JPEG, PNG, DOCX atau XLSX" in response.content.decode()
    assert not AgentReport.objects.filter(title="Senam pagi nilai Harmonis").exists()
    assert StoredFile.objects.count() == before


def test_the_instansi_quota_refuses_an_upload_that_would_pass_it(world, settings):
    used = sum(StoredFile.objects.filter(instansi=world.instansi).values_list("size", flat=True))
    settings.BERAKHLAK_FILE_QUOTA_BYTES = used + 100
    client = login(Client(), world.unit_leader)
    activity = Activity.objects.get(plan__cycle=world.published, unit__code="U03")
    response = client.post(
        reverse("followup:evidence_add", kwargs={"pk": activity.pk}),
        {"label": "Foto kegiatan", "file": upload(photo(size=(300, 200)), "kegiatan.jpg")},
    )
    assert "kuota berkas instansi" in response.content.decode()
    assert not Evidence.objects.filter(label="Foto kegiatan").exists()
    settings.BERAKHLAK_FILE_QUOTA_BYTES = used + 1_000_000
    again = client.post(
        reverse("followup:evidence_add", kwargs={"pk": activity.pk}),
        {"label": "Foto kegiatan", "file": upload(photo(size=(300, 200)), "kegiatan.jpg")},
    )
    assert again.status_code == 302
    assert Evidence.objects.get(label="Foto kegiatan").file.instansi_id == world.instansi.pk


def test_the_quota_is_counted_per_instansi(world, settings):
    used = sum(StoredFile.objects.filter(instansi=world.instansi).values_list("size", flat=True))
    settings.BERAKHLAK_FILE_QUOTA_BYTES = used  # ours is full; another instansi's is not
    other_unit = world.other.units.get(code="U01")
    agent = do_add_change_agent(
        other_unit,
        {
            "name": "Agen Kota",
            "position": "Analis",
            "nip": "",
            "decree_number": "SK-1",
            "decree_date": "2025-01-01",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
        actor=world.other_operator,
    )
    do_add_report(
        agent,
        {"on": "2025-02-02", "title": "Kota", "description": "x", "participants": 2},
        [upload(photo(), "a.jpg")],
        actor=world.other_operator,
    )
    assert StoredFile.objects.filter(instansi=world.other).count() == 1


@pytest.mark.parametrize("role", [Role.CHANGE_AGENT, Role.LEADER])
def test_a_new_account_of_a_unit_sees_no_file_of_another_unit(world, role):
    u02 = world.instansi.units.get(code="U02")
    client = login(Client(), create_user(f"baru.{role}", role, world.instansi, u02))
    for pk in StoredFile.objects.filter(instansi=world.instansi).values_list("pk", flat=True):
        assert client.get(reverse("followup:file", kwargs={"pk": pk})).status_code == 404
