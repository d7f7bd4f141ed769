"""Closing and publishing cannot be undone, so the operator is asked first, on a page that
works without a script: what will happen, and this cycle's figures (below the minimum: out of
the national average; units under k: hidden). A POST that did not come from that page closes
or publishes nothing."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.web import add_responses, login
from helpers.world import create_user


def status(cycle: Cycle) -> str:
    return Cycle.objects.get(pk=cycle.pk).status


def url(name: str, cycle: Cycle, action: str) -> str:
    return reverse(name, kwargs={"pk": cycle.pk, "action": action})


def test_closing_without_the_confirmation_closes_nothing_and_asks_first(world):
    operator = login(Client(), world.operator)
    response = operator.post(url("surveys:transition", world.open, "tutup"))
    assert response.status_code == 302
    assert response["Location"] == url("surveys:confirm", world.open, "tutup")
    assert status(world.open) == "open"
    response = operator.post(url("surveys:transition", world.open, "tutup"), {"konfirmasi": "1"})
    assert status(world.open) == "open"  # only the page's own answer counts


def test_the_cycle_page_leads_to_the_confirmation_and_its_form_closes_the_cycle(world):
    operator = login(Client(), world.operator)
    detail = operator.get(reverse("surveys:detail", args=[world.open.pk])).content.decode()
    confirm = url("surveys:confirm", world.open, "tutup")
    assert f'href="{confirm}"' in detail
    assert 'action="' + url("surveys:transition", world.open, "tutup") not in detail
    page = operator.get(confirm).content.decode()
    assert "Tutup survei 2025?" in page
    assert "Siklus tidak dapat dibuka kembali" in page
    form = re.search(r'<form method="post" action="([^"]+/status/[^"]+)".*?</form>', page, re.S)
    assert form is not None and 'name="konfirmasi" value="ya"' in form.group(0)
    assert status(world.open) == "open"  # looking at the page changes nothing
    done = operator.post(form.group(1), {"konfirmasi": "ya"}, follow=True)
    assert "Siklus ditutup." in done.content.decode()
    assert status(world.open) == "closed"


def test_publishing_below_the_minimum_says_the_results_stay_out_of_the_national_average(world):
    cycle = do_close_cycle(world.open, actor=None)  # 42 valid responses of 684 staff
    page = login(Client(), world.operator).get(url("surveys:confirm", cycle, "publikasi"))
    text = page.content.decode()
    assert "Publikasikan hasil 2025?" in text
    assert "Hasil tidak masuk rata-rata nasional karena jumlah respons sah (42) di bawah" in text
    assert "1 unit memiliki" not in text
    assert "unit memiliki kurang dari 10 respons sah dan tidak akan ditampilkan" in text
    assert "Kecamatan Kecil" in text.split('id="confirm-warnings"')[1]


def test_publishing_above_the_minimum_warns_of_nothing_national(world, make_instansi):
    inst = make_instansi(code="KAB-P09", name="Kabupaten Penuh")
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 120, "U02": 150, "U03": 90, "U04": 12}, seed=3)
    cycle = do_close_cycle(cycle, actor=None)
    operator = login(Client(), create_user("operator.p9", Role.OPERATOR, inst))
    text = operator.get(url("surveys:confirm", cycle, "publikasi")).content.decode()
    assert "Pimpinan instansi dan kepala unit dapat membaca hasil" in text
    assert "tidak masuk rata-rata nasional" not in text
    assert 'id="confirm-warnings"' not in text


def test_a_confirmation_for_a_step_the_status_does_not_allow_offers_no_form(world):
    operator = login(Client(), world.operator)
    page = operator.get(url("surveys:confirm", world.published, "tutup")).content.decode()
    assert "tidak dapat dilakukan pada status siklus saat ini" in page
    assert 'name="konfirmasi"' not in page
    assert operator.get(url("surveys:confirm", world.open, "buka")).status_code == 404
    assert operator.get(url("surveys:confirm", world.open, "hapus")).status_code == 404
