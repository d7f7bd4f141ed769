"""Small units before and during fieldwork (issue 17): a draft cycle's page names the units
that cannot reach k and proposes reporting groups (docs/method.md §9) that the operator
accepts, edits or ignores; the participation page names the units and groups that will be
hidden unless they reach k."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.orgs.groups import SmallUnit, propose_groups
from berakhlak.orgs.models import Unit
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from helpers.web import add_responses, login

UNITS = [
    ("U01", "Sekretariat Daerah", 300),
    ("U02", "Dinas Pendidikan", 900),
    ("K01", "Kecamatan Utara", 9),
    ("K02", "Kecamatan Selatan", 40),
    ("K03", "Kecamatan Timur", 35),
    ("P01", "Puskesmas Kota", 30),
    ("B01", "Badan Arsip", 6),
]


def small(code: str, name: str, target: int, group: str = "") -> SmallUnit:
    return SmallUnit(code, name, target, target, group)


def test_small_units_are_proposed_in_groups_of_the_first_word_of_their_names_and_the_rest():
    units = [
        small("K01", "Kecamatan Utara", 4),
        small("K02", "kecamatan selatan", 4),
        small("K03", "Kecamatan Timur", 3),
        small("P01", "Puskesmas Kota", 5),
        small("B01", "Badan Arsip", 2),
        small("X01", "Kelurahan Satu", 3, group="KEL"),  # already in a group
    ]
    proposal = propose_groups(units, 10, taken={"K01", "KECIL"})
    assert [(g.code, g.name, [u.code for u in g.units]) for g in proposal] == [
        ("KECAMATAN", "Kecamatan", ["K01", "K02", "K03"]),
        ("KECIL2", "Unit kecil lainnya", ["B01", "P01"]),
    ]


def test_a_word_shared_by_units_whose_targets_stay_under_k_is_not_a_group_of_its_own():
    units = [small("K01", "Kecamatan Utara", 3), small("K02", "Kecamatan Selatan", 3)]
    [group] = propose_groups([*units, small("B01", "Badan Arsip", 2)], 10, taken=set())
    assert (group.code, [u.code for u in group.units]) == ("KECIL", ["B01", "K01", "K02"])
    assert propose_groups([small("B01", "Badan Arsip", 2)], 10, taken=set()) == []


@pytest.fixture
def draft(make_instansi, make_user):
    inst = make_instansi(code="KAB-S01", name="Kabupaten Kecil", units=UNITS)
    cycle = do_create_cycle(inst, 2030, actor=None)
    client = login(Client(), make_user("operator.s", Role.OPERATOR, inst))
    return cycle, client


def test_the_draft_page_names_the_small_units_and_the_operator_accepts_the_proposal(draft):
    cycle, client = draft
    page = client.get(reverse("surveys:detail", args=[cycle.pk])).content.decode()
    section = page.split('id="small-units"')[1]
    # Headcount 1,320, minimum 307: K01 (9 staff) and B01 (6) can never be shown; the
    # targets of K01, K02, K03, P01, B01 are 3, 10, 9, 7, 2.
    assert "4 unit memiliki target di bawah 10 responden." in section
    assert "2 di antaranya berpegawai kurang dari 10 orang" in section
    rows = dict(re.findall(r'<tr data-unit="(\w+)">(.*?)</tr>', section, re.S))
    assert set(rows) == {"K01", "K03", "P01", "B01"}
    assert "tidak akan pernah tampil sendiri" in rows["B01"]
    proposal = dict(re.findall(r'<li data-group="(\w+)">(.*?)</li>', section, re.S))
    assert set(proposal) == {"KECAMATAN", "KECIL"}  # K01 + K03: targets 3 + 9 reach 10
    assert "Kecamatan Utara, Kecamatan Timur" in proposal["KECAMATAN"]
    assert "Badan Arsip, Puskesmas Kota" in proposal["KECIL"]
    url = reverse("surveys:apply_groups", args=[cycle.pk])
    done = client.post(url, follow=True).content.decode()
    assert "4 unit dimasukkan ke kelompok pelaporan." in done
    grouped = dict(Unit.objects.filter(instansi=cycle.instansi).values_list("code", "group_code"))
    assert grouped == {
        "U01": "",
        "U02": "",
        "K01": "KECAMATAN",
        "K02": "",
        "K03": "KECAMATAN",
        "P01": "KECIL",
        "B01": "KECIL",
    }
    events = Event.objects.filter(action="group.create").order_by("pk")
    assert [e.details["units"] for e in events] == [["K01", "K03"], ["B01", "P01"]]
    again = client.post(url, follow=True).content.decode()  # a second submission changes nothing
    assert "0 unit dimasukkan ke kelompok pelaporan." in again
    assert Event.objects.filter(action="group.create").count() == 2
    opened = do_open_cycle(cycle, actor=None)
    assert opened.units.get(code="B01").group_code == "KECIL"


def test_the_participation_page_names_what_will_be_hidden_unless_it_reaches_k(draft):
    cycle, client = draft
    Unit.objects.filter(code__in=["K01", "K02", "K03"]).update(
        group_code="KEC", group_name="Kantor kecamatan"
    )
    cycle = do_open_cycle(cycle, actor=None)
    add_responses(cycle, {"U01": 40, "U02": 120, "K01": 2, "K02": 3, "K03": 3, "P01": 12})
    page = client.get(reverse("surveys:participation", args=[cycle.pk])).content.decode()
    below = page.split('id="below-k"')[1].split("</div>")[0]
    items = re.findall(r"<li><strong>(.*?)</strong>(.*?)</li>", below, re.S)
    assert [name for name, _rest in items] == ["Badan Arsip", "Kantor kecamatan"]
    assert "kelompok pelaporan" in items[1][1] and "8 respons sah dari 84 pegawai" in items[1][1]
    assert "0 respons sah dari 6 pegawai" in items[0][1]
