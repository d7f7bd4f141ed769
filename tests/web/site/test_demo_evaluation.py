"""The demo's evidence evaluation (issue 15 item 7): Sukamaju 2025 evaluated with every colour
present, other 2025 instansi for the national combined index, and 2026 under way."""

from __future__ import annotations

import pytest

from berakhlak.evaluation.models import Score, UnitEvaluation, UnitStatus
from berakhlak.method.combined import light
from berakhlak.results.cycle_results import cycle_results
from berakhlak.results.national import national_view
from berakhlak.site.demo import OPEN_YEAR, load_demo
from berakhlak.surveys.models import Cycle

pytestmark = pytest.mark.django_db


def test_the_demo_has_sukamaju_2025_evaluated_in_every_colour_and_2026_under_way():
    load_demo(instansi=4, respondents=4000)
    done = Cycle.objects.get(instansi__name__contains="Sukamaju", year=OPEN_YEAR - 1)
    scores = Score.objects.filter(cycle_unit__cycle=done).values_list("score", flat=True)
    assert {light(s, 2) for s in scores} == {"merah", "kuning", "hijau"}
    results, _ = cycle_results(done)
    r = results.find(done.instansi.code, done.year)
    assert r is not None and r.combined is not None and r.combined.value is not None
    current = Cycle.objects.get(instansi=done.instansi, year=OPEN_YEAR)
    states = set(
        UnitEvaluation.objects.filter(cycle_unit__cycle=current).values_list("status", flat=True)
    )
    assert {UnitStatus.DIAJUKAN, UnitStatus.PERBAIKAN, UnitStatus.DINILAI} <= states
    national = national_view(OPEN_YEAR - 1)
    combined = national.summary.combined if national.summary else None
    assert combined is not None and combined.instansi >= 1
