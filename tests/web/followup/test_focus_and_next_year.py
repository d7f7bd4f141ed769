"""Focus values proposed on the published dashboard and chosen by the leader; the next
year's dashboard beside the plan (issue 14 items 1 and 5)."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.audit.models import Event
from berakhlak.followup.actions import do_add_activity, do_choose_focus
from berakhlak.followup.models import Plan
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.results.followup import followup_of
from helpers.web import World, login


def dashboard(world: World, client: Client | None = None) -> str:
    client = client or login(Client(), world.leader)
    url = reverse("results:dashboard", kwargs={"pk": world.published.pk})
    return client.get(url).content.decode()


def test_without_focus_values_the_dashboard_proposes_the_weakest_values_from_its_figures(world):
    Plan.objects.filter(cycle=world.published).update(focus_values=[], focus_limiting=[])
    d = build_dashboard(world.published)
    proposals = d.focus_proposals
    shown = sorted((f.value, i) for i, f in enumerate(d.values) if f.value is not None)
    weakest = [d.values[i].key for _, i in shown[:3]]
    assert [p.code for p in proposals.weakest] == weakest
    page = dashboard(world)
    assert "Usulan dari hasil survei" in page
    names = {f.key: f.label for f in d.values}
    first = page.index("Nilai terlemah")
    for code in weakest:
        assert names[code] in page[first:]
    assert reverse("followup:focus", kwargs={"pk": world.published.pk}) in page


def test_the_leader_chooses_focus_values_and_limiting_factors_and_it_is_audited(world):
    client = login(Client(), world.leader)
    url = reverse("followup:focus", kwargs={"pk": world.published.pk})
    too_many = client.post(url, {"values": ["BP", "AK", "KO", "HA"]})
    assert "Pilih paling banyak tiga nilai fokus" in too_many.content.decode()
    assert client.post(url, {"values": ["KO", "BP"], "limiting": ["N04"]}).status_code == 302
    plan = Plan.objects.get(cycle=world.published)
    assert (plan.focus_values, plan.focus_limiting) == (["KO", "BP"], ["N04"])
    event = Event.objects.filter(action="followup.focus").latest("pk")
    assert event.actor_name == "pimpinan.t" and event.details["values"] == ["KO", "BP"]
    page = dashboard(world, client)
    assert "Usulan dari hasil survei" not in page
    assert "2 kegiatan" in page


def test_a_unit_head_and_the_other_instansi_cannot_choose_the_focus(world):
    url = reverse("followup:focus", kwargs={"pk": world.published.pk})
    for who in (world.unit_leader, world.change_agent, world.other_operator):
        assert login(Client(), who).post(url, {"values": ["BP"]}).status_code == 404
    assert Plan.objects.get(cycle=world.published).focus_values == ["AD", "KL"]


def test_the_next_years_dashboard_puts_the_focus_activities_beside_the_shown_change(world):
    do_choose_focus(world.previous, ["AD", "BP"], [], actor=world.operator)
    do_add_activity(
        world.previous,
        {
            "title": "Forum inovasi pelayanan",
            "description": "",
            "addresses": ["AD"],
            "unit": None,
            "person_name": "Sekretaris Daerah",
            "person_position": "Sekda",
            "starts_on": datetime.date(2024, 1, 8),
            "ends_on": datetime.date(2024, 6, 28),
            "target": "12 inovasi",
            "status": "selesai",
        },
        actor=world.operator,
    )
    d = build_dashboard(world.published)
    change = {f.key: f.change for f in d.values}["AD"]
    assert change is not None
    page = dashboard(world)
    section = page[page.index('id="tindak-lanjut"') :]
    assert "Rencana aksi atas hasil 2023 dan perubahan tahun ini" in section
    assert "bukan bukti bahwa kegiatan rencana aksi yang menyebabkannya" in section
    row = section[section.index("Adaptif") : section.index("Forum inovasi pelayanan")]
    word = {"naik": "naik", "turun": "turun", "tetap": "tetap"}[change.direction]
    assert word in row
    if change.direction != "tetap":
        assert f"{abs(change.delta_shown):.1f}".replace(".", ",") in row


def test_a_hidden_year_shows_no_proposal_and_no_change_beside_the_plan(world):
    do_choose_focus(world.previous, ["AD"], [], actor=world.operator)
    d = build_dashboard(world.published)
    assert followup_of(world.published, d, timezone.localdate()).previous is not None
    d.suppressed = True
    for f in d.values:
        f.value = f.change = None
    d.details = None
    Plan.objects.filter(cycle=world.published).update(focus_values=[])
    shown = followup_of(world.published, d, timezone.localdate())
    assert shown.previous is None
    assert shown.proposals is not None and shown.proposals.weakest == []
