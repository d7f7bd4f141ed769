"""The demo's Kabupaten Sukamaju measures its own local value set (SIGAP) beside BerAKHLAK."""

from __future__ import annotations

import pytest

from berakhlak.accounts.invitations import invitation_lines
from berakhlak.orgs.models import LocalValueSet
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.site.demo import DEMO_INVITEE, SIGAP, load_demo
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


@pytest.mark.django_db
def test_the_demo_leaves_one_operator_invited_and_not_signed_in_yet(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # as the demo's commits do
        load_demo(seed=1, instansi=2, respondents=3_000)
    [line] = invitation_lines()
    assert (line.username, line.status, line.resendable) == (DEMO_INVITEE, "sent", True)
    assert line.instansi != "Kabupaten Sukamaju"
