"""The demo's Kabupaten Sukamaju measures its own local value set (SIGAP) beside BerAKHLAK."""

from __future__ import annotations

import pytest

from berakhlak.orgs.models import LocalValueSet
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.site.demo import SIGAP, load_demo
from berakhlak.surveys.models import Cycle, Status


@pytest.mark.django_db
def test_sukamaju_has_its_own_set_in_every_cycle_and_kreatif_is_a_template():
    load_demo(seed=1, instansi=2, respondents=3_000)
    sukamaju = Cycle.objects.filter(instansi__name="Kabupaten Sukamaju").order_by("year")
    assert sukamaju.count() >= 3
    assert all(c.local_set() == SIGAP for c in sukamaju)
    others = Cycle.objects.exclude(instansi__name="Kabupaten Sukamaju")
    assert all(c.local_set() is None for c in others)
    assert [t.local_set().code for t in LocalValueSet.objects.filter(instansi=None)] == ["KREATIF"]
    published = sukamaju.filter(status=Status.PUBLISHED).last()
    d = build_dashboard(published)
    assert d.local is not None and d.local.name == "SIGAP"
    assert d.local.legal_basis.startswith("Peraturan Bupati Sukamaju Nomor 17 Tahun 2023")
    assert d.local.instansi.index is not None
    assert d.local.baseline_year == published.year - 1
    assert d.local.instansi.index_change is not None
