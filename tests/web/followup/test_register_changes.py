"""The register of change agents and role models, and what was reported, after it was first
stored: a form sent twice stores one row; editing and removing (issue 14, the follow-up)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from berakhlak.audit.models import Event
from berakhlak.followup.models import ChangeAgent, RoleModel
from helpers.web import login


def _key(page: str, prefix: str) -> str:
    return page.split(f'name="{prefix}-submission" value="')[1][:32]


def test_a_register_form_sent_twice_stores_one_change_agent_and_one_role_model(world):
    url = reverse("followup:register", kwargs={"code": "KAB-T01"})
    u02 = world.instansi.units.get(code="U02")
    operator = login(Client(), world.operator)
    page = operator.get(url).content.decode()
    agent = {
        "form": "agent",
        "agent-submission": _key(page, "agent"),
        "agent-unit": u02.pk,
        "agent-name": "Dua Kali",
        "agent-position": "Analis",
        "agent-decree_number": "800/1/2025",
        "agent-decree_date": "2025-01-10",
        "agent-period_start": "2025-01-10",
        "agent-period_end": "2026-01-09",
    }
    role_model = {
        "form": "role_model",
        "model-submission": _key(page, "model"),
        "model-unit": u02.pk,
        "model-name": "Teladan Ganda",
        "model-position": "Kepala Bidang",
        "model-year": "2025",
    }
    for data in (agent, agent, role_model, role_model):
        assert operator.post(url, data).status_code == 302
    assert ChangeAgent.objects.filter(name="Dua Kali").count() == 1
    assert RoleModel.objects.filter(name="Teladan Ganda").count() == 1
    assert (
        Event.objects.filter(action="followup.agent.create", summary__contains="Dua").count() == 1
    )
    assert (
        Event.objects.filter(action="followup.role_model.create", summary__contains="Ganda").count()
        == 1
    )
    # a new page carries new keys: a second, different agent is stored
    again = operator.get(url).content.decode()
    assert _key(again, "agent") != agent["agent-submission"]
    operator.post(url, {**agent, "agent-submission": _key(again, "agent"), "agent-name": "Lain"})
    assert ChangeAgent.objects.filter(name="Lain").count() == 1
