"""The evaluation workflow (issue 15 item 3): a unit head submits evidence, the instansi's
evaluators score it (never their own unit), return it once for revision and finalise, which
locks the scores; every step audited; national evaluators see every instansi."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.evaluation.models import Evidence, Score, UnitEvaluation, UnitStatus
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.web import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(make_instansi) -> Cycle:
    return do_open_cycle(
        do_create_cycle(make_instansi(code="KAB-W01"), 2025, actor=None), actor=None
    )


def unit_url(cycle: Cycle, code: str) -> str:
    return reverse("evaluation:unit", kwargs={"pk": cycle.pk, "code": code})


def member(make_user, name: str, role: str, cycle: Cycle | None, unit: str | None = None):
    inst = cycle.instansi if cycle is not None else None
    own = inst.units.get(code=unit) if inst is not None and unit else None
    return login(Client(), make_user(name, role, inst, own))


def test_a_unit_head_adds_evidence_with_a_link_and_submits_it(cycle, make_user):
    head = member(make_user, "kepala.w", Role.LEADER, cycle, "U03")
    url = unit_url(cycle, "U03")
    response = head.post(
        url,
        {"action": "evidence", "criterion": "AG", "description": "SK agen perubahan 2025",
         "link": "https://example.go.id/sk-agen.pdf"},
    )  # fmt: skip
    assert response.status_code == 302
    page = head.get(url).content.decode()
    assert "SK agen perubahan 2025" in page and 'href="https://example.go.id/sk-agen.pdf"' in page
    head.post(url, {"action": "submit"})
    state = UnitEvaluation.objects.get(cycle_unit__cycle=cycle, cycle_unit__code="U03")
    assert state.status == UnitStatus.DIAJUKAN
    refused = head.post(url, {"action": "evidence", "criterion": "KP", "description": "lagi"})
    assert refused.status_code == 302 and Evidence.objects.count() == 1  # submitted: closed
    actions = set(Event.objects.filter(instansi_code="KAB-W01").values_list("action", flat=True))
    assert {"evaluation.evidence", "evaluation.submit"} <= actions


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.go.id/x", "data:text/html,x"]
)
def test_a_link_that_is_not_http_or_https_is_refused_and_nothing_is_stored(cycle, make_user, link):
    head = member(make_user, "kepala.w", Role.LEADER, cycle, "U03")
    response = head.post(
        unit_url(cycle, "U03"),
        {"action": "evidence", "criterion": "AG", "description": "x", "link": link},
    )
    assert response.status_code == 200
    assert not Evidence.objects.exists()


def test_a_unit_head_reaches_only_their_own_unit_and_cannot_score(cycle, make_user):
    head = member(make_user, "kepala.w", Role.LEADER, cycle, "U03")
    assert head.get(unit_url(cycle, "U01")).status_code == 404
    response = head.post(unit_url(cycle, "U03"), {"action": "score", "criterion": "KP", "score": 2})
    assert response.status_code == 404 and not Score.objects.exists()


def test_an_evaluator_never_scores_their_own_unit(cycle, make_user):
    evaluator = member(make_user, "eval.w", Role.EVALUATOR, cycle, "U02")
    own = unit_url(cycle, "U02")
    assert 'value="score"' not in evaluator.get(own).content.decode()
    evaluator.post(own, {"action": "score", "criterion": "KP", "score": 2})
    assert not Score.objects.exists()
    evaluator.post(unit_url(cycle, "U01"), {"action": "score", "criterion": "KP", "score": 2})
    assert Score.objects.get().cycle_unit.code == "U01"


def test_a_unit_is_returned_once_and_can_add_evidence_again_after_the_return(cycle, make_user):
    head = member(make_user, "kepala.w", Role.LEADER, cycle, "U03")
    evaluator = member(make_user, "eval.w", Role.EVALUATOR, cycle)
    url = unit_url(cycle, "U03")
    head.post(url, {"action": "submit"})
    evaluator.post(url, {"action": "return", "note": "Lampirkan SK yang ditandatangani."})
    state = UnitEvaluation.objects.get(cycle_unit__code="U03")
    assert (state.status, state.returned) == (UnitStatus.PERBAIKAN, True)
    assert "Lampirkan SK yang ditandatangani." in head.get(url).content.decode()
    head.post(url, {"action": "evidence", "criterion": "AG", "description": "SK bertanda tangan"})
    head.post(url, {"action": "submit"})
    assert 'value="return"' not in evaluator.get(url).content.decode()
    evaluator.post(url, {"action": "return", "note": "lagi"})
    state.refresh_from_db()
    assert state.status == UnitStatus.DIAJUKAN and state.note != "lagi"
    assert Event.objects.filter(action="evaluation.return").count() == 1


def test_finalising_locks_the_scores_and_the_change_is_audited(cycle, make_user):
    evaluator = member(make_user, "eval.w", Role.EVALUATOR, cycle)
    url = unit_url(cycle, "U01")
    evaluator.post(url, {"action": "score", "criterion": "KP", "score": 1, "comment": "lemah"})
    evaluator.post(url, {"action": "score", "criterion": "KP", "score": 2, "comment": "cukup"})
    event = Event.objects.filter(action="evaluation.score").latest("pk")
    assert (event.details["score"], event.details["score_before"]) == (2, 1)
    evaluator.post(reverse("evaluation:cycle", kwargs={"pk": cycle.pk}), {"action": "finalise"})
    evaluator.post(url, {"action": "score", "criterion": "KP", "score": 0})
    assert Score.objects.get().score == 2
    assert Event.objects.filter(action="evaluation.finalise").count() == 1


def test_a_national_evaluator_sees_every_instansi_and_an_instansi_evaluator_only_its_own(
    cycle, make_instansi, make_user
):
    other = do_open_cycle(
        do_create_cycle(make_instansi(code="KOT-W02", name="Kota Lain"), 2025, actor=None),
        actor=None,
    )
    national = member(make_user, "eval.nasional", Role.EVALUATOR, None)
    listed = national.get(reverse("evaluation:list")).content.decode()
    assert "Kabupaten Uji" in listed and "Kota Lain" in listed
    assert national.get(unit_url(other, "U01")).status_code == 200
    local = member(make_user, "eval.w", Role.EVALUATOR, cycle)
    assert local.get(unit_url(other, "U01")).status_code == 404
    assert local.get(reverse("results:dashboard", kwargs={"pk": cycle.pk})).status_code == 404


def test_an_operator_creates_evaluators_of_their_instansi_only_never_national_ones(
    cycle, make_user
):
    from berakhlak.accounts.models import Membership  # noqa: PLC0415 - only this test

    operator = member(make_user, "op.w", Role.OPERATOR, cycle)
    url = reverse("accounts:users")
    operator.post(url, {"username": "eval.nasional", "role": "evaluator", "instansi": ""})
    assert not Membership.objects.filter(user__username="eval.nasional").exists()
    inst = cycle.instansi
    unit = inst.units.get(code="U02")
    operator.post(
        url, {"username": "eval.lokal", "role": "evaluator", "instansi": inst.pk, "unit": unit.pk}
    )
    m = Membership.objects.get(user__username="eval.lokal")
    assert (m.role, m.instansi_id, m.unit_id) == (Role.EVALUATOR, inst.pk, unit.pk)
