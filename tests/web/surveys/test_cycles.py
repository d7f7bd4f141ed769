"""The life of a survey cycle through the operator's pages: draft -> open -> closed ->
published, never back; a later closing date for an open cycle; refused steps, and the audit
trail of each action."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.method.items import DEFAULT_POOL_VERSION
from berakhlak.method.params import Params
from berakhlak.orgs.models import Unit
from berakhlak.surveys.models import Cycle, CycleUnit
from helpers.web import login

REFUSED = "Langkah ini tidak dapat dilakukan pada status siklus saat ini"


@pytest.fixture
def operator(make_instansi, make_user) -> Client:
    inst = make_instansi()
    return login(Client(), make_user("operator.siklus", Role.OPERATOR, inst))


def create(client: Client, **fields: str) -> Cycle:
    data = {"year": "2026", "access": "link", "k": "12", "margin": "0.04", **fields}
    response = client.post(reverse("surveys:create", args=["KAB-T01"]), data, follow=True)
    assert f"Siklus {data['year']} dibuat sebagai draf." in response.content.decode()
    return Cycle.objects.get(year=int(data["year"]))


def step(client: Client, cycle: Cycle, action: str) -> str:
    url = reverse("surveys:transition", kwargs={"pk": cycle.pk, "action": action})
    response = client.post(url, {"konfirmasi": "ya"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("surveys:detail", args=[cycle.pk])
    return response.content.decode()


def status(cycle: Cycle) -> str:
    return Cycle.objects.get(pk=cycle.pk).status


def actions() -> list[str]:
    return list(Event.objects.order_by("at", "pk").values_list("action", flat=True))


def test_a_cycle_goes_from_draft_to_published_and_every_step_is_audited(operator):
    cycle = create(operator)
    assert status(cycle) == "draft" and not cycle.units.exists()
    assert "Siklus dibuka. Tautan unit sudah dapat dibagikan." in step(operator, cycle, "buka")
    assert status(cycle) == "open"
    assert "Siklus ditutup." in step(operator, cycle, "tutup")
    assert status(cycle) == "closed"
    assert "Hasil dipublikasikan." in step(operator, cycle, "publikasi")
    assert status(cycle) == "published"
    assert actions() == ["cycle.create", "cycle.open", "cycle.close", "cycle.publish"]
    events = Event.objects.filter(action__startswith="cycle.")
    assert {e.actor_name for e in events} == {"operator.siklus"}
    assert {e.instansi_code for e in events} == {"KAB-T01"}
    assert {e.details["cycle"] for e in events} == {cycle.pk}
    saved = Cycle.objects.get(pk=cycle.pk)
    assert saved.opened_at and saved.closed_at and saved.published_at


def test_opening_freezes_the_units_and_the_method_parameters(operator):
    cycle = create(operator)
    step(operator, cycle, "buka")
    frozen = {u.code: (u.name, u.headcount, u.unit.code) for u in cycle.units.all()}
    assert frozen == {
        u.code: (u.name, u.headcount, u.code) for u in Unit.objects.filter(instansi__code="KAB-T01")
    }
    saved = Cycle.objects.get(pk=cycle.pk)
    assert saved.params == Params(k=12, margin=0.04).as_dict()
    assert saved.item_pool == DEFAULT_POOL_VERSION
    detail = operator.get(reverse("surveys:detail", args=[cycle.pk])).content.decode()
    assert "4 unit (dibekukan)" in detail and "k = 12, e = 0,04" in detail


def test_an_inactive_unit_is_not_frozen_into_a_new_cycle(operator):
    Unit.objects.filter(code="U04").update(active=False)
    cycle = create(operator)
    step(operator, cycle, "buka")
    assert sorted(cycle.units.values_list("code", flat=True)) == ["U01", "U02", "U03"]


def test_each_unit_link_is_unique_and_carries_at_least_128_random_bits(operator):
    cycle = create(operator)
    step(operator, cycle, "buka")
    second = create(operator, year="2027")
    step(operator, second, "buka")
    tokens = list(CycleUnit.objects.values_list("link_token", flat=True))
    assert len(tokens) == 8 and len(set(tokens)) == 8
    for token in tokens:
        assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16
    links = operator.get(reverse("surveys:links", args=[cycle.pk])).content.decode()
    for unit in cycle.units.all():
        assert f"http://testserver/s/{unit.link_token}/" in links


def test_nothing_but_the_closing_date_changes_once_the_cycle_is_open(operator):
    cycle = create(operator, closes_on="2100-06-30")
    step(operator, cycle, "buka")
    response = operator.post(
        reverse("surveys:edit", args=[cycle.pk]),
        {"year": "2030", "access": "token", "k": "50", "margin": "0.1", "closes_on": "2026-12-31"},
        follow=True,
    )
    assert "Pengaturan siklus hanya dapat diubah selama masih draf." in response.content.decode()
    saved = Cycle.objects.get(pk=cycle.pk)
    assert (saved.year, saved.access, saved.params["k"], saved.params["margin"]) == (
        2026,
        "link",
        12,
        0.04,
    )
    assert str(saved.closes_on) == "2100-06-30"
    assert actions()[-1] == "cycle.open"


def extend(client: Client, cycle: Cycle, closes_on: str) -> str:
    url = reverse("surveys:extend", args=[cycle.pk])
    return client.post(url, {"closes_on": closes_on}, follow=True).content.decode()


def test_an_open_cycle_gets_a_later_closing_date_and_the_extension_is_audited(operator):
    cycle = create(operator, closes_on="2100-06-30")
    step(operator, cycle, "buka")
    detail = operator.get(reverse("surveys:detail", args=[cycle.pk])).content.decode()
    assert reverse("surveys:extend", args=[cycle.pk]) in detail
    assert "Siklus diperpanjang sampai 31 Juli 2100." in extend(operator, cycle, "2100-07-31")
    assert str(Cycle.objects.get(pk=cycle.pk).closes_on) == "2100-07-31"
    event = Event.objects.get(action="cycle.extend")
    assert event.details == {
        "cycle": cycle.pk,
        "closes_on": "2100-07-31",
        "closes_on_before": "2100-06-30",
    }
    assert (event.actor_name, event.instansi_code) == ("operator.siklus", "KAB-T01")


@pytest.mark.parametrize(
    "closes_on, problem",
    [
        ("2100-06-30", "Tanggal tutup hanya dapat dimundurkan, tidak dimajukan."),
        ("2100-01-01", "Tanggal tutup hanya dapat dimundurkan, tidak dimajukan."),
        ("2020-01-01", "Tanggal tutup baru tidak boleh sebelum hari ini."),
        ("", "Bidang ini tidak boleh kosong."),
        ("besok", "Masukkan tanggal yang valid."),
    ],
)
def test_a_closing_date_is_only_ever_moved_later(closes_on, problem, operator):
    cycle = create(operator, closes_on="2100-06-30")
    step(operator, cycle, "buka")
    page = extend(operator, cycle, closes_on)
    assert problem in page
    assert str(Cycle.objects.get(pk=cycle.pk).closes_on) == "2100-06-30"
    assert not Event.objects.filter(action="cycle.extend").exists()


@pytest.mark.parametrize("reach", ["draft", "closed", "published"])
def test_only_an_open_cycle_can_be_extended(reach, operator):
    cycle = create(operator, closes_on="2100-06-30")
    path = {"draft": [], "closed": ["buka", "tutup"], "published": ["buka", "tutup", "publikasi"]}
    for done in path[reach]:
        step(operator, cycle, done)
    page = extend(operator, cycle, "2100-12-31")
    assert "Hanya siklus yang sedang dibuka yang dapat diperpanjang." in page
    assert str(Cycle.objects.get(pk=cycle.pk).closes_on) == "2100-06-30"
    assert not Event.objects.filter(action="cycle.extend").exists()


def test_a_closed_cycle_never_opens_again(operator):
    cycle = create(operator)
    step(operator, cycle, "buka")
    step(operator, cycle, "tutup")
    detail = operator.get(reverse("surveys:detail", args=[cycle.pk])).content.decode()
    buka = reverse("surveys:transition", kwargs={"pk": cycle.pk, "action": "buka"})
    assert buka not in detail and "tidak dapat dibuka kembali" in detail
    assert REFUSED in step(operator, cycle, "buka")
    assert status(cycle) == "closed"


@pytest.mark.parametrize(
    "reach, action",
    [
        ("draft", "tutup"),
        ("draft", "publikasi"),
        ("open", "buka"),
        ("open", "publikasi"),
        ("closed", "buka"),
        ("closed", "tutup"),
        ("published", "buka"),
        ("published", "tutup"),
        ("published", "publikasi"),
    ],
)
def test_an_illegal_step_is_refused_with_a_message_and_changes_nothing(reach, action, operator):
    cycle = create(operator)
    path = {
        "draft": [],
        "open": ["buka"],
        "closed": ["buka", "tutup"],
        "published": ["buka", "tutup", "publikasi"],
    }[reach]
    for done in path:
        step(operator, cycle, done)
    events = Event.objects.count()
    page = step(operator, cycle, action)
    assert REFUSED in page
    assert status(cycle) == reach
    assert Event.objects.count() == events


def test_a_cycle_of_an_instansi_without_active_units_cannot_open(operator):
    Unit.objects.update(active=False)
    cycle = create(operator)
    assert REFUSED in step(operator, cycle, "buka")
    assert status(cycle) == "draft" and not CycleUnit.objects.exists()


def test_a_published_cycle_cannot_be_edited(operator):
    cycle = create(operator)
    for action in ("buka", "tutup", "publikasi"):
        step(operator, cycle, action)
    response = operator.post(
        reverse("surveys:edit", args=[cycle.pk]),
        {"access": "link", "closes_on": "2026-12-31", "k": "12", "margin": "0.04"},
        follow=True,
    )
    assert "Pengaturan siklus hanya dapat diubah selama masih draf." in response.content.decode()
    assert Cycle.objects.get(pk=cycle.pk).closes_on is None


def test_one_cycle_per_instansi_and_year(operator):
    create(operator)
    again = operator.post(
        reverse("surveys:create", args=["KAB-T01"]),
        {"year": "2026", "access": "link", "k": "10", "margin": "0.05"},
    )
    assert again.status_code == 200
    assert "Instansi ini sudah memiliki siklus untuk tahun itu." in again.content.decode()
    assert Cycle.objects.count() == 1


def test_closing_dates_before_opening_dates_are_refused(operator):
    response = operator.post(
        reverse("surveys:create", args=["KAB-T01"]),
        {
            "year": "2026",
            "access": "link",
            "k": "10",
            "margin": "0.05",
            "opens_on": "2026-09-10",
            "closes_on": "2026-09-01",
        },
    )
    assert "Tanggal tutup harus sesudah tanggal buka." in response.content.decode()
    assert not Cycle.objects.exists()


def test_issuing_personal_codes_is_audited_and_needs_an_open_cycle(operator):
    cycle = create(operator, access="token")
    draft_try = operator.post(
        reverse("surveys:tokens", args=[cycle.pk]), {"unit": "", "count": "2"}
    )
    assert draft_try.status_code == 200  # no unit to choose before opening
    step(operator, cycle, "buka")
    unit = cycle.units.get(code="U02")
    response = operator.post(
        reverse("surveys:tokens", args=[cycle.pk]), {"unit": str(unit.pk), "count": "5"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "instansi,unit_code,unit_name,kode,tautan"
    assert len(lines) == 6
    codes = [line.split(",")[3] for line in lines[1:]]
    assert all(
        f"http://testserver/s/{unit.link_token}/kode/{c}/" in line
        for c, line in zip(codes, lines[1:], strict=True)
    )
    assert unit.tokens.count() == 5
    assert not unit.tokens.filter(token_hash__in=codes).exists()  # only hashes are kept
    event = Event.objects.get(action="tokens.issue")
    assert event.details == {"cycle": cycle.pk, "unit": "U02", "count": 5}
    step(operator, cycle, "tutup")
    closed_try = operator.post(
        reverse("surveys:tokens", args=[cycle.pk]),
        {"unit": str(unit.pk), "count": "5"},
        follow=True,
    )
    assert "Kode pribadi hanya dapat dibuat selama siklus dibuka." in closed_try.content.decode()
    assert unit.tokens.count() == 5
