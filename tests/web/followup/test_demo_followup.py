"""The demo's follow-up (issue 14 item 8), made on the test world through the real actions."""

from __future__ import annotations

import io

from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from PIL import Image

from berakhlak.audit.models import Event
from berakhlak.followup.models import AgentReport, ChangeAgent, Plan, RoleModel
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.site.demo_followup import CHANGE_AGENT, load_followup_demo


def test_the_demo_plan_focuses_on_the_weakest_values_with_activities_in_every_state(world):
    cycle = world.previous
    proposed = build_dashboard(cycle).focus_proposals.values[:2]
    load_followup_demo(cycle, world.operator, world.leader, world.unit_leader, "demo-sandi-123")
    plan = Plan.objects.get(cycle=cycle)
    assert plan.focus_values == proposed
    activities = list(plan.activities.all())
    assert {a.status for a in activities} == {"rencana", "berjalan", "selesai", "batal"}
    assert all(set(a.addresses) <= set(plan.focus_values + plan.focus_limiting) for a in activities)
    assert sum(a.notes.count() for a in activities) == 4
    assert sum(a.evidence.count() for a in activities) == 2
    u03 = ChangeAgent.objects.filter(unit__code="U03", unit__instansi=world.instansi)
    assert u03.count() == 1 + 2  # the world's own and the demo's two
    assert RoleModel.objects.filter(unit__instansi=world.instansi, year=cycle.year + 1).count() == 2
    reports = AgentReport.objects.filter(agent__name__in=["Dewi Lestari, S.Kep.", "Rudi Hartono"])
    assert reports.count() == 2
    for report in reports:
        stored = report.files.get().file
        with default_storage.open(stored.storage_name) as f:
            assert dict(Image.open(io.BytesIO(f.read())).getexif()) == {}
    agent = get_user_model().objects.get(username=CHANGE_AGENT)
    assert agent.check_password("demo-sandi-123") and agent.membership.unit.code == "U03"
    assert Event.objects.filter(action="followup.activity.update", actor_name="kepala.t").exists()
