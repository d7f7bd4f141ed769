"""The national participation page during fieldwork: valid responses of every open cycle
against its minimum, days left, sorting, and a later closing date for one instansi or all."""

from __future__ import annotations

import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.audit.models import Event
from berakhlak.responses.models import Response
from berakhlak.results.counts import refresh_all
from berakhlak.results.national_participation import national_participation
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.web import PICKS, PROFILE, add_responses, login

PAGE = reverse("results:national_participation_year", kwargs={"year": 2025})


def second_open_cycle(make_instansi, closes_in: int = 3) -> Cycle:  # type: ignore[no-untyped-def]
    """KOT-T03, 100 staff in one unit (minimum 80), open in 2025 with 90 valid responses."""
    inst = make_instansi(code="KOT-T03", name="Kota Ketiga", units=[("U01", "Sekretariat", 100)])
    today = timezone.localdate()
    cycle = do_create_cycle(
        inst,
        2025,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=closes_in - 1),
        actor=None,
    )
    cycle = do_open_cycle(cycle, actor=None)
    add_responses(cycle, {"U01": 90}, seed=3, texts=False)
    return cycle


def rows(page: str) -> list[tuple[str, list[str]]]:
    """(instansi code, [valid, minimum, units below, days left]) in the order shown."""
    found = []
    for code, cells in re.findall(
        r'<tr class="[^"]*" data-instansi="([\w-]+)">(.*?)</tr>', page, re.S
    ):
        found.append((code, re.findall(r'<td class="num">([^<]*)</td>', cells)))
    return found


def test_the_page_shows_valid_responses_against_each_minimum_and_days_left(world, make_instansi):
    other = second_open_cycle(make_instansi, closes_in=3)
    world.open.closes_on = timezone.localdate() + datetime.timedelta(days=9)
    world.open.save()
    # A straight-liner in KOT-T03: stored, but not a valid response.
    unit = other.units.get()
    Response.objects.create(
        cycle=other,
        cycle_unit=unit,
        submitted_on=timezone.localdate(),
        duration_s=600,
        pv=";".join(PICKS["pv"]),
        cc=";".join(PICKS["pv"]),
        dc=";".join(PICKS["pv"]),
        **PROFILE,
    )
    assert refresh_all() == 2
    page = login(Client(), world.admin).get(PAGE).content.decode()
    assert "Partisipasi nasional 2025" in page
    # KAB-T01: 42 valid of 253 (test_participation.py works it by hand), 4 of 4 units below,
    # ten days left counting the closing day; KOT-T03: 90 valid (the straight-liner is not
    # counted) of 80 (100 / (1 + 100 * 0.0025)), none below.
    assert rows(page) == [
        ("KAB-T01", ["42", "253", "4 / 4", "10"]),
        ("KOT-T03", ["90", "80", "0 / 1", "3"]),
    ]
    assert re.search(r'<strong id="below-total">1</strong> / 2', page)
    assert "Kota Lain" not in page  # its only cycle is published, not in fieldwork


def test_the_table_sorts_by_name_days_left_and_valid_responses(world, make_instansi):
    second_open_cycle(make_instansi, closes_in=3)
    world.open.closes_on = timezone.localdate() + datetime.timedelta(days=9)
    world.open.save()
    refresh_all()
    client = login(Client(), world.admin)

    def order(sort: str) -> list[str]:
        return [code for code, _ in rows(client.get(f"{PAGE}?urut={sort}").content.decode())]

    assert order("capaian") == ["KAB-T01", "KOT-T03"]  # lowest attainment first
    assert order("sisa") == ["KOT-T03", "KAB-T01"]  # fewest days left first
    assert order("sah") == ["KAB-T01", "KOT-T03"]  # fewest valid first
    assert order("nama") == ["KAB-T01", "KOT-T03"]  # Kabupaten Uji, Kota Ketiga
    assert order("unknown") == order("capaian")


def test_answers_since_the_last_count_appear_once_the_counts_are_refreshed(world):
    refresh_all()
    assert national_participation(2025).rows[0].valid == 42
    add_responses(world.open, {"U03": 5}, seed=5, texts=False)
    assert national_participation(2025).rows[0].valid == 42  # the page counts nothing itself
    assert refresh_all() == 1
    assert national_participation(2025).rows[0].valid == 47
    assert refresh_all() == 0  # nothing new: nothing recounted


def test_extending_all_instansi_moves_every_open_cycle_and_audits_each(world, make_instansi):
    other = second_open_cycle(make_instansi, closes_in=3)
    later = timezone.localdate() + datetime.timedelta(days=20)
    client = login(Client(), world.admin)
    response = client.post(PAGE, {"closes_on": later.isoformat(), "instansi": ""}, follow=True)
    assert "2 siklus diperpanjang sampai" in response.content.decode()
    for cycle in (world.open, other):
        cycle.refresh_from_db()
        assert cycle.closes_on == later
    events = Event.objects.filter(action="cycle.extend", actor=world.admin)
    assert sorted(e.details["cycle"] for e in events) == sorted([world.open.pk, other.pk])
    world.published.refresh_from_db()
    assert world.published.status == "published"  # a published cycle is not touched


def test_extending_one_instansi_moves_only_its_cycle(world, make_instansi):
    other = second_open_cycle(make_instansi, closes_in=3)
    before = world.open.closes_on
    later = timezone.localdate() + datetime.timedelta(days=20)
    client = login(Client(), world.admin)
    client.post(PAGE, {"closes_on": later.isoformat(), "instansi": "kot-t03"})
    other.refresh_from_db()
    world.open.refresh_from_db()
    assert (other.closes_on, world.open.closes_on) == (later, before)
    assert Event.objects.filter(action="cycle.extend").count() == 1


def test_a_closing_date_is_never_moved_earlier_nor_into_the_past(world, make_instansi):
    other = second_open_cycle(make_instansi, closes_in=10)
    client = login(Client(), world.admin)
    past = timezone.localdate() - datetime.timedelta(days=1)
    refused = client.post(PAGE, {"closes_on": past.isoformat(), "instansi": ""})
    assert refused.status_code == 200
    assert "tidak boleh sebelum hari ini" in refused.content.decode()
    earlier = timezone.localdate() + datetime.timedelta(days=2)
    page = client.post(PAGE, {"closes_on": earlier.isoformat(), "instansi": "KOT-T03"}, follow=True)
    other.refresh_from_db()
    assert other.closes_on == timezone.localdate() + datetime.timedelta(days=9)
    assert "Tidak diubah" in page.content.decode() and "Kota Ketiga" in page.content.decode()
    assert not Event.objects.filter(action="cycle.extend").exists()


def test_a_cycle_of_another_year_or_not_open_cannot_be_chosen(world):
    client = login(Client(), world.admin)
    later = timezone.localdate() + datetime.timedelta(days=20)
    page = client.post(PAGE, {"closes_on": later.isoformat(), "instansi": "KOT-T02"})
    assert "Instansi KOT-T02 tidak punya siklus yang dibuka tahun 2025." in page.content.decode()
    assert not Event.objects.filter(action="cycle.extend").exists()


def test_without_fieldwork_the_page_says_so(world):
    Cycle.objects.filter(status="open").update(status="closed")
    page = login(Client(), world.admin).get(reverse("results:national_participation"))
    assert "Tidak ada siklus survei yang sedang dibuka." in page.content.decode()


def test_the_table_is_searched_with_a_get_form_and_its_sort_links_keep_the_search(
    world, make_instansi
):
    second_open_cycle(make_instansi)
    refresh_all()
    client = login(Client(), world.admin)
    page = client.get(PAGE, {"instansi-partisipasi-cari": "kota", "urut": "sah"}).content.decode()
    assert re.search(r'<form[^>]*id="instansi-partisipasi-search" method="get"', page)
    assert [code for code, _ in rows(page)] == ["KOT-T03"]
    assert "1 dari 2 baris memuat “kota”" in page
    assert 'name="urut" value="sah"' in page  # the search keeps the sort
    assert "?urut=nama&amp;instansi-partisipasi-cari=kota#instansi-partisipasi" in page
    none = client.get(PAGE, {"instansi-partisipasi-cari": "tidak ada"}).content.decode()
    assert "Tidak ada instansi yang cocok." in none and not rows(none)
