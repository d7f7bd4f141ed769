"""Files as evidence of the evaluation (issue 15 item 2): a unit head or the operator attaches
documents and photos through the follow-up's uploads (types by content, size limits,
metadata stripped, the instansi's quota); evaluators download them; nobody outside the
evaluation's scope can, whatever the id (docs/SECURITY.md, "Files people upload")."""

from __future__ import annotations

import io
import os

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from PIL import Image

from berakhlak.accounts.models import Role
from berakhlak.evaluation.actions import do_add_evidence, do_finalise_evaluation, do_submit_unit
from berakhlak.evaluation.models import Evidence
from berakhlak.uploads.models import StoredFile
from helpers.uploads import photo, upload
from helpers.web import World, login
from helpers.world import create_user


def unit_url(world: World, code: str = "U03") -> str:
    return reverse("evaluation:unit", kwargs={"pk": world.open.pk, "code": code})


def file_url(stored: StoredFile | int) -> str:
    pk = stored if isinstance(stored, int) else stored.pk
    return reverse("evaluation:file", kwargs={"pk": pk})


def attach(client: Client, world: World, name: str = "foto-apel.jpg", **extra) -> object:
    return client.post(
        unit_url(world),
        {
            "action": "evidence",
            "criterion": "KP",
            "description": "Foto apel pagi nilai BerAKHLAK",
            "file": upload(photo(), name, "image/jpeg"),
            **extra,
        },
    )


def evidence_file(world: World, code: str = "U03") -> StoredFile:
    evidence = do_add_evidence(
        world.unit(world.open, code),
        "AG",
        f"SK agen perubahan {code}",
        upload=upload(photo("PNG"), f"sk-agen-{code}.png"),
        actor=world.operator,
    )
    assert evidence.file is not None
    return evidence.file


def stored_files() -> set[str]:
    folder = os.path.join(django_settings.MEDIA_ROOT, "uploads")
    return set(os.listdir(folder)) if os.path.isdir(folder) else set()


def test_a_unit_head_attaches_a_photo_stored_without_its_metadata_and_the_evaluator_gets_it(
    world,
):
    head = login(Client(), world.unit_leader)
    assert attach(head, world).status_code == 302
    evidence = Evidence.objects.get(description="Foto apel pagi nilai BerAKHLAK")
    stored = evidence.file
    assert stored is not None and stored.instansi_id == world.instansi.pk
    assert stored.name == "foto-apel.jpg" and "foto" not in stored.storage_name
    with default_storage.open(stored.storage_name) as f:
        content = f.read()
    assert dict(Image.open(io.BytesIO(content)).getexif()) == {} and b"KameraUji" not in content
    page = head.get(unit_url(world)).content.decode()
    assert f'href="{file_url(stored)}"' in page and "foto-apel.jpg" in page

    evaluator = login(Client(), create_user("eval.t", Role.EVALUATOR, world.instansi))
    scoring = evaluator.get(unit_url(world)).content.decode()
    assert f'href="{file_url(stored)}"' in scoring
    response = evaluator.get(file_url(stored))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="foto-apel.jpg"'
    assert b"".join(response.streaming_content) == content


def test_the_operator_and_a_national_evaluator_download_an_evidence_file(world):
    stored = evidence_file(world)
    national = create_user("eval.nasional", Role.EVALUATOR)
    for who in (world.operator, world.admin, national):
        assert login(Client(), who).get(file_url(stored)).status_code == 200


def test_attack_another_units_head_another_instansi_and_a_change_agent_fetch_an_evidence_file_by_id(
    world,
):
    stored = evidence_file(world, "U03")
    other_instansi_evaluator = create_user("eval.lain", Role.EVALUATOR, world.other)
    outsiders = (
        world.other_unit_leader,  # the head of U01
        world.leader,  # the instansi's leader sees no evaluation pages
        world.change_agent,  # of U03 itself
        world.other_operator,
        world.other_leader,
        other_instansi_evaluator,
    )
    for who in outsiders:
        client = login(Client(), who)
        for pk in (stored.pk, stored.pk + 1, stored.pk - 1):
            assert client.get(file_url(pk)).status_code == 404
    # nor do the follow-up's files come out through the evaluation's download
    followup_file = StoredFile.objects.filter(evidence__isnull=False).first()
    assert followup_file is not None
    operator = login(Client(), world.operator)
    assert operator.get(file_url(followup_file)).status_code == 404


def test_attack_a_change_agent_sees_no_evaluation_page_of_their_own_unit(world):
    client = login(Client(), world.change_agent)
    assert client.get(unit_url(world)).status_code == 404
    cycle_url = reverse("evaluation:cycle", kwargs={"pk": world.open.pk})
    assert client.get(cycle_url).status_code == 404
    assert cycle_url not in client.get(reverse("evaluation:list")).content.decode()


def test_attack_an_evidence_file_cannot_be_added_or_replaced_once_the_evaluation_is_finalised(
    world,
):
    stored = evidence_file(world)
    before = (StoredFile.objects.count(), Evidence.objects.count(), stored_files())
    do_finalise_evaluation(world.open, actor=None)
    head = login(Client(), world.unit_leader)
    response = attach(head, world, name=stored.name)
    assert response.status_code == 302
    assert (StoredFile.objects.count(), Evidence.objects.count(), stored_files()) == before
    assert "Tambah bukti" not in head.get(unit_url(world)).content.decode()
    with default_storage.open(stored.storage_name) as f:
        assert f.read().startswith(b"\x89PNG")  # the file is the one that was evaluated


def test_a_submitted_units_evidence_takes_no_new_file_until_it_is_returned(world):
    do_submit_unit(world.unit(world.open, "U03"), actor=world.unit_leader)
    before = StoredFile.objects.count()
    assert attach(login(Client(), world.unit_leader), world).status_code == 302
    assert StoredFile.objects.count() == before
    assert not Evidence.objects.filter(description="Foto apel pagi nilai BerAKHLAK").exists()


def test_attack_an_upload_over_the_quota_stores_nothing(world, settings):
    used = sum(StoredFile.objects.filter(instansi=world.instansi).values_list("size", flat=True))
    settings.BERAKHLAK_FILE_QUOTA_BYTES = used + 100
    on_disk = stored_files()
    response = attach(login(Client(), world.unit_leader), world)
    assert response.status_code == 200
    assert "kuota berkas instansi" in response.content.decode()
    assert not Evidence.objects.filter(description="Foto apel pagi nilai BerAKHLAK").exists()
    assert not StoredFile.objects.filter(evaluation_evidence__isnull=False).exists()
    assert stored_files() == on_disk


def test_an_html_file_named_png_is_refused_and_nothing_is_stored(world):
    before = StoredFile.objects.count()
    response = login(Client(), world.unit_leader).post(
        unit_url(world),
        {
            "action": "evidence",
            "criterion": "KP",
            "description": "Bukti palsu",
            "file": upload(b"<html><script>alert(1)</script></html>", "bukti.png"),
        },
    )
    assert response.status_code == 200
    assert "isi berkas bukan PDF, JPEG, PNG, DOCX atau XLSX" in response.content.decode()
    assert StoredFile.objects.count() == before
    assert not Evidence.objects.filter(description="Bukti palsu").exists()


def test_the_same_evidence_form_sent_twice_stores_one_file(world):
    head = login(Client(), world.unit_leader)
    key = "a" * 32
    before = StoredFile.objects.count()
    assert attach(head, world, submission=key).status_code == 302
    assert attach(head, world, submission=key).status_code == 302
    assert Evidence.objects.filter(description="Foto apel pagi nilai BerAKHLAK").count() == 1
    assert StoredFile.objects.count() == before + 1


@pytest.mark.parametrize("who", ["unit_leader", "operator"])
def test_the_evidence_page_offers_a_file_field_in_a_multipart_form(world, who):
    page = login(Client(), getattr(world, who)).get(unit_url(world)).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
