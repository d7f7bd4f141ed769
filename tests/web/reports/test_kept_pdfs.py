"""The leader's and unit heads' PDFs of a published cycle are rendered once and kept
(issue 17 item 5): served from DATA_DIR the second time, a new file when anything the report
shows changes, nothing kept for a cycle that is not published."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.evaluation.actions import do_finalise_evaluation, do_score_unit
from berakhlak.followup.actions import do_add_activity
from berakhlak.followup.models import Status
from berakhlak.orgs.models import Instansi
from berakhlak.reports import cycle_files
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from berakhlak.surveys.models import Cycle
from helpers.web import add_responses, login


@pytest.fixture
def renders(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """DATA_DIR in a fresh folder; the list grows by one for each PDF WeasyPrint renders."""
    settings.DATA_DIR = tmp_path
    calls: list[int] = []
    real = cycle_files.pdf_from_html

    def counted(html: str) -> bytes:
        calls.append(1)
        return real(html)

    monkeypatch.setattr(cycle_files, "pdf_from_html", counted)
    return calls


def kept(settings: Any, pattern: str = "siklus-*.pdf") -> list[str]:
    return sorted(p.name for p in (Path(settings.DATA_DIR) / "reports").glob(pattern))


def pdf(client: Client, cycle: Cycle) -> Any:
    return client.get(reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk}))


def test_the_leaders_pdf_is_rendered_once_and_then_served_from_its_kept_file(
    world, renders, settings
):
    client = login(Client(), world.leader)
    first, second = pdf(client, world.published), pdf(client, world.published)
    assert len(renders) == 1
    assert first.content == second.content and first.content.startswith(b"%PDF")
    for name in ("Content-Type", "Content-Disposition"):
        assert first[name] == second[name]
    assert second["Content-Disposition"] == (
        'attachment; filename="laporan-berakhlak-KAB-T01-2024.pdf"'
    )
    [name] = kept(settings)
    assert name.startswith(f"siklus-{world.published.pk}-instansi-id-")
    assert Event.objects.filter(action="report.download").count() == 2  # each download audited


def test_a_change_to_what_the_pdf_shows_gives_a_new_file_and_removes_the_old_one(
    world, renders, settings
):
    client = login(Client(), world.leader)
    pdf(client, world.published)
    [before] = kept(settings)
    do_add_activity(
        world.published,
        {
            "title": "Sarasehan budaya kerja",
            "description": "",
            "addresses": ["AD"],
            "unit": None,
            "person_name": "Penanggung Baru",
            "person_position": "Sekretaris",
            "starts_on": datetime.date(2025, 2, 1),
            "ends_on": datetime.date(2025, 12, 31),
            "target": "Semua pegawai hadir",
            "status": Status.RUNNING,
        },
        actor=world.operator,
    )
    pdf(client, world.published)
    [after_activity] = kept(settings)
    assert after_activity != before and len(renders) == 2
    Instansi.objects.filter(pk=world.instansi.pk).update(name="Kabupaten Berganti Nama")
    pdf(client, world.published)
    [after_rename] = kept(settings)
    assert after_rename not in {before, after_activity} and len(renders) == 3
    pdf(client, world.published)
    assert len(renders) == 3  # nothing changed since: the kept file


def test_each_language_has_its_own_kept_file(world, renders, settings):
    client = login(Client(), world.leader)
    pdf(client, world.published)
    client.post("/bahasa/", {"language": "en", "next": "/"})
    pdf(client, world.published)
    names = kept(settings)
    assert [n.split("-")[3] for n in names] == ["en", "id"] and len(renders) == 2


def test_a_cycle_that_is_not_published_keeps_no_pdf(world, renders, settings):
    do_close_cycle(world.open, actor=None)
    client = login(Client(), world.leader)
    assert pdf(client, world.open).status_code == 200
    assert pdf(client, world.open).status_code == 200
    assert len(renders) == 2 and kept(settings) == []
    assert pdf(client, world.draft).status_code == 404 and kept(settings) == []


def test_the_unit_heads_pdf_is_kept_per_unit(world, renders, settings):
    client = login(Client(), world.unit_leader)
    url = reverse("reports:unit_pdf", kwargs={"pk": world.published.pk, "code": "U03"})
    assert client.get(url).content == client.get(url).content
    [name] = kept(settings)
    assert name.startswith(f"siklus-{world.published.pk}-unit-U03-id-") and len(renders) == 1


UNITS = [("U01", "Inspektorat", 20), ("U02", "Bagian Umum", 30)]


def test_an_evaluation_finalised_gives_a_new_file(make_instansi, make_user, renders, settings):
    cycle = do_create_cycle(make_instansi(code="KAB-K01", units=UNITS), 2025, actor=None)
    do_open_cycle(cycle, actor=None)
    add_responses(cycle, {"U01": 15, "U02": 20}, seed=5)
    do_close_cycle(cycle, actor=None)
    cycle = do_publish_cycle(Cycle.objects.get(pk=cycle.pk), actor=None)
    for unit in cycle.units.all():
        do_score_unit(unit, "KP", 2, actor=None)
    client = login(Client(), make_user("admin.k", Role.ADMIN))
    pdf(client, cycle)
    [before] = kept(settings)
    do_finalise_evaluation(cycle, actor=None)
    pdf(client, cycle)
    [after] = kept(settings)
    assert after != before and len(renders) == 2


def test_the_counts_timer_renders_the_published_cycles_reports_not_kept_yet(
    world, renders, settings
):
    call_command("render_national_reports", verbosity=0)
    published = Cycle.objects.filter(status="published").count()
    assert len(kept(settings)) == 2 * published  # Indonesian and English
    assert len(renders) == 2 * published
    call_command("render_national_reports", verbosity=0)
    assert len(renders) == 2 * published  # nothing new: nothing rendered
    client = login(Client(), world.leader)
    pdf(client, world.published)
    assert len(renders) == 2 * published  # the leader finds it ready
