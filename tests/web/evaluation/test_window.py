"""After the evaluation window: units add and submit evidence no more, evaluators still score
until they finalise (the processing weeks after the window, as instansi run it), and nothing
is returned for revision any more, since the unit could not revise it. The pages say so."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.accounts.models import Role
from berakhlak.evaluation.actions import EvaluationLocked, do_return_unit, do_submit_unit
from berakhlak.evaluation.models import Evidence, Score, UnitEvaluation, UnitStatus
from helpers.web import World, login
from helpers.world import create_user


@pytest.fixture
def closed(world: World) -> World:
    do_submit_unit(world.unit(world.open, "U03"), actor=world.unit_leader)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    type(world.open).objects.filter(pk=world.open.pk).update(evaluation_closes_on=yesterday)
    world.open.refresh_from_db()
    return world


def unit_url(world: World, code: str = "U03") -> str:
    return reverse("evaluation:unit", kwargs={"pk": world.open.pk, "code": code})


def test_after_the_window_a_unit_head_is_told_and_can_add_nothing(closed):
    head = login(Client(), closed.unit_leader)
    page = head.get(unit_url(closed, "U03")).content.decode()
    assert "Masa evaluasi sudah berakhir" in page and 'value="evidence"' not in page
    head.post(unit_url(closed), {"action": "evidence", "criterion": "KP", "description": "x"})
    assert not Evidence.objects.filter(description="x").exists()


def test_after_the_window_an_evaluator_still_scores_but_returns_nothing(closed):
    evaluator = login(Client(), create_user("eval.t", Role.EVALUATOR, closed.instansi))
    page = evaluator.get(unit_url(closed)).content.decode()
    assert "Penilaian tetap dapat dilakukan sampai evaluasi difinalkan." in page
    assert 'value="return"' not in page
    evaluator.post(unit_url(closed), {"action": "score", "criterion": "KP", "score": 1})
    assert Score.objects.get(cycle_unit__cycle=closed.open, criterion="KP").score == 1
    with pytest.raises(EvaluationLocked):
        do_return_unit(closed.unit(closed.open, "U03"), "lengkapi", actor=None)
    state = UnitEvaluation.objects.get(cycle_unit__cycle=closed.open, cycle_unit__code="U03")
    assert state.status == UnitStatus.DINILAI and not state.returned
    cycle_page = evaluator.get(reverse("evaluation:cycle", kwargs={"pk": closed.open.pk}))
    assert "Tim evaluasi tetap dapat menilai sesudahnya" in cycle_page.content.decode()
