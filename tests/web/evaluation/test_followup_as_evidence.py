"""Follow-up items attached directly as evidence (issue 15 item 2): a unit head picks an
activity of the action plan (their unit's or the whole instansi's, on the previous published
cycle) or a report of their unit's change agents; the evaluator sees it with its dates,
status and files. Never an item of another unit or of another instansi."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.evaluation.actions import do_add_evidence
from berakhlak.evaluation.models import Evidence
from berakhlak.followup.actions import do_add_activity
from berakhlak.followup.models import Activity, AgentReport
from berakhlak.followup.models import Evidence as ActivityEvidence
from helpers.web import World, login
from helpers.world import create_user


def unit_url(world: World, code: str = "U03") -> str:
    return reverse("evaluation:unit", kwargs={"pk": world.open.pk, "code": code})


def activity(world: World, unit: str) -> Activity:
    return Activity.objects.get(plan__cycle=world.published, unit__code=unit)


def report(world: World, unit: str) -> AgentReport:
    return AgentReport.objects.get(agent__unit__instansi=world.instansi, agent__unit__code=unit)


def attach(client: Client, world: World, item: str, description: str = "") -> object:
    return client.post(
        unit_url(world),
        {"action": "evidence", "criterion": "IN", "description": description, "item": item},
    )


def activity_data(title: str, unit: object = None) -> dict:
    return {
        "title": title,
        "description": "",
        "addresses": ["AD"],
        "unit": unit,
        "person_name": "Penanggung",
        "person_position": "Sekretaris",
        "starts_on": datetime.date(2025, 2, 1),
        "ends_on": datetime.date(2025, 4, 30),
        "target": "1 kali",
        "status": "selesai",
    }


def test_a_unit_head_is_offered_their_units_and_the_instansis_items_only(world):
    whole = do_add_activity(
        world.published, activity_data("Apel akbar seluruh instansi"), actor=world.operator
    )
    page = login(Client(), world.unit_leader).get(unit_url(world)).content.decode()
    assert f'value="kegiatan:{activity(world, "U03").pk}"' in page
    assert f'value="kegiatan:{whole.pk}"' in page
    assert f'value="laporan:{report(world, "U03").pk}"' in page
    assert f'value="kegiatan:{activity(world, "U01").pk}"' not in page
    assert f'value="laporan:{report(world, "U01").pk}"' not in page


def test_an_attached_activity_and_report_show_to_the_evaluator_with_their_files(world):
    head = login(Client(), world.unit_leader)
    item, agent_report = activity(world, "U03"), report(world, "U03")
    assert attach(head, world, f"kegiatan:{item.pk}").status_code == 302
    assert (
        attach(head, world, f"laporan:{agent_report.pk}", "Laporan sosialisasi").status_code == 302
    )
    attached = Evidence.objects.get(activity=item)
    assert attached.description == "Klinik layanan" and attached.criterion == "IN"
    assert Evidence.objects.get(report=agent_report).description == "Laporan sosialisasi"

    evaluator = login(Client(), create_user("eval.t", Role.EVALUATOR, world.instansi))
    page = evaluator.get(unit_url(world)).content.decode()
    assert "Kegiatan tindak lanjut" in page and "Klinik layanan" in page and "Berjalan" in page
    assert "6 Jan 2025" in page and "31 Mar 2025" in page
    assert "Laporan agen perubahan" in page and "Sosialisasi U03" in page and "Agen U03" in page
    photo = ActivityEvidence.objects.get(activity=item).file
    report_file = agent_report.files.get().file
    for stored in (photo, report_file):
        url = reverse("evaluation:file", kwargs={"pk": stored.pk})
        assert f'href="{url}"' in page
        assert evaluator.get(url).status_code == 200


def test_attack_an_item_of_another_unit_is_refused_and_its_files_stay_out_of_reach(world):
    head = login(Client(), world.unit_leader)
    theirs = activity(world, "U01")
    for item in (f"kegiatan:{theirs.pk}", f"laporan:{report(world, 'U01').pk}"):
        response = attach(head, world, item, "bukti")
        assert (
            response.status_code == 200
            and "bukan salah satu dari pilihan" in response.content.decode()
        )
    assert not Evidence.objects.exists()
    evaluator = login(Client(), create_user("eval.t", Role.EVALUATOR, world.instansi))
    their_photo = ActivityEvidence.objects.get(activity=theirs).file_id
    assert evaluator.get(reverse("evaluation:file", kwargs={"pk": their_photo})).status_code == 404


def test_attack_another_instansis_activity_is_never_offered_nor_attached(world):
    from berakhlak.followup.actions import do_choose_focus  # noqa: PLC0415 - only this test

    do_choose_focus(world.other_published, ["AD"], [], actor=world.other_operator)
    foreign = do_add_activity(
        world.other_published,
        activity_data("Kegiatan kota lain", world.other.units.get(code="U03")),
        actor=world.other_operator,
    )
    head = login(Client(), world.unit_leader)
    assert f"kegiatan:{foreign.pk}" not in head.get(unit_url(world)).content.decode()
    assert attach(head, world, f"kegiatan:{foreign.pk}", "bukti").status_code == 200
    with pytest.raises(ValueError, match="not one the unit may attach"):
        do_add_evidence(
            world.unit(world.open, "U03"), "IN", "x", activity=foreign, actor=world.operator
        )
    assert not Evidence.objects.exists()


def test_without_a_description_or_an_item_the_form_asks_for_one(world):
    response = attach(login(Client(), world.unit_leader), world, "")
    assert response.status_code == 200
    assert "Tulis uraian bukti atau pilih kegiatan/laporan." in response.content.decode()
    assert not Evidence.objects.exists()
