"""A cycle's evaluation settings (docs/method.md §12): the mode, the weights, the window and
the rubric, frozen when the cycle opens."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.method.combined import DEFAULT_RUBRIC, Criterion, Rubric
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_rubric
from berakhlak.surveys.models import Cycle, Mode
from helpers.web import login

pytestmark = pytest.mark.django_db

OWN = Rubric((Criterion("A", "Satu", "One", 2.0), Criterion("B", "Dua", "Two")), scale_max=3)


def test_cycles_from_2025_combine_survey_and_evaluation_by_default_and_earlier_ones_do_not(
    make_instansi,
):
    inst = make_instansi()
    assert do_create_cycle(inst, 2024, actor=None).mode == Mode.SURVEY
    assert do_create_cycle(inst, 2025, actor=None).mode == Mode.COMBINED
    assert do_create_cycle(inst, 2026, mode=Mode.SURVEY, actor=None).mode == Mode.SURVEY


def test_the_rubric_published_for_the_year_is_frozen_into_the_cycle_when_it_opens(
    make_instansi, make_user
):
    admin = make_user("admin.r", Role.ADMIN)
    cycle = do_create_cycle(make_instansi(), 2025, actor=None)
    assert cycle.evaluation_rubric() == DEFAULT_RUBRIC
    do_publish_rubric(2025, OWN, actor=admin)
    assert Cycle.objects.get(pk=cycle.pk).evaluation_rubric() == OWN  # not frozen yet
    opened = do_open_cycle(cycle, actor=None)
    do_publish_rubric(2025, DEFAULT_RUBRIC, actor=admin)  # too late for this cycle
    assert Cycle.objects.get(pk=opened.pk).evaluation_rubric() == OWN
    assert Event.objects.filter(action="rubric.publish").count() == 2


def test_the_operator_sets_the_mode_weights_and_window_on_the_cycle_form(make_instansi, make_user):
    inst = make_instansi()
    client = login(Client(), make_user("op.r", Role.OPERATOR, inst))
    response = client.post(
        reverse("surveys:create", kwargs={"code": inst.code}),
        {
            "year": 2025, "access": "link", "k": 10, "margin": 0.05, "mode": "gabungan",
            "evidence_percent": 30, "evaluation_opens_on": "2025-10-01",
            "evaluation_closes_on": "2025-10-25",
        },
    )  # fmt: skip
    assert response.status_code == 302
    cycle = Cycle.objects.get(instansi=inst, year=2025)
    params = cycle.method_params()
    assert (params.survey_weight, params.evidence_weight) == (0.7, 0.3)
    assert cycle.evaluation_opens_on == datetime.date(2025, 10, 1)
    assert cycle.evaluation_closes_on == datetime.date(2025, 10, 25)
    page = client.get(reverse("surveys:detail", kwargs={"pk": cycle.pk})).content.decode()
    assert "70% survei, 30% evaluasi bukti" in page
    assert "rubrik 8 kriteria, skala 0–2" in page


def test_an_evaluation_window_that_ends_before_it_starts_is_refused(make_instansi, make_user):
    inst = make_instansi()
    client = login(Client(), make_user("op.r", Role.OPERATOR, inst))
    response = client.post(
        reverse("surveys:create", kwargs={"code": inst.code}),
        {
            "year": 2025, "access": "link", "k": 10, "margin": 0.05, "mode": "gabungan",
            "evaluation_opens_on": "2025-10-25", "evaluation_closes_on": "2025-10-01",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert not Cycle.objects.filter(instansi=inst).exists()


def test_the_national_admin_publishes_a_rubric_for_a_year_on_its_page(make_user):
    client = login(Client(), make_user("admin.r", Role.ADMIN))
    url = reverse("surveys:rubric", kwargs={"year": 2026})
    page = client.get(url).content.decode()
    assert "KP;Komitmen pimpinan;Leadership commitment;1" in page  # the default, to edit
    bad = client.post(url, {"scale_max": 3, "criteria": "A;Satu;One;2\nB;Dua"})
    assert bad.status_code == 200 and "Baris 2" in bad.content.decode()
    done = client.post(url, {"scale_max": 3, "criteria": "A;Satu;One;2\nB;Dua;Two;1"})
    assert done.status_code == 302
    from berakhlak.surveys.models import rubric_of_year  # noqa: PLC0415 - only this test

    assert rubric_of_year(2026) == OWN
