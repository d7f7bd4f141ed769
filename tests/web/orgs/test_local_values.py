"""An instansi's local value set on the web (docs/method.md §18): configured by its operator
(or copied from a national template), audited, frozen into a cycle when it opens, and counted
with the cycle's counts."""

from __future__ import annotations

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.audit.models import Event
from berakhlak.method.counts import count_responses_with_local
from berakhlak.method.items import default_pool
from berakhlak.method.local import LocalLayout, LocalMasks, LocalSet, LocalValue
from berakhlak.orgs.local_values import KREATIF, do_save_local_set
from berakhlak.orgs.models import LocalValueSet
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.counts import cycle_counts, parse_picks
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.access import local_template
from helpers.web import add_responses, body, login

FORM = {
    "code": "SIGAP", "name": "Sigap Melayani", "legal_basis": "Perbup Uji 7/2024",
    "v0_code": "CEPAT", "v0_name_id": "Cepat", "v0_name_en": "Quick", "v0_items": ["P05", "P14"],
    "v1_code": "JUJUR", "v1_name_id": "Jujur", "v1_name_en": "Honest", "v1_items": ["AK1"],
}  # fmt: skip


def url(world) -> str:
    return reverse("orgs:local_values", kwargs={"code": world.instansi.code})


def test_the_operator_saves_a_set_and_the_change_is_audited(world):
    client = login(Client(), world.operator)
    response = client.post(url(world), FORM)
    assert response.status_code == 302
    saved = LocalValueSet.objects.get(instansi=world.instansi).local_set()
    assert saved.code == "SIGAP" and saved.legal_basis == "Perbup Uji 7/2024"
    assert [(v.code, v.items) for v in saved.values] == [
        ("CEPAT", ("P05", "P14")), ("JUJUR", ("AK1",)),
    ]  # fmt: skip
    event = Event.objects.get(action="local_values.save")
    assert event.instansi_code == world.instansi.code
    assert event.details["after"]["code"] == "SIGAP" and event.details["before"] is None
    page = body(client.get(reverse("orgs:instansi", kwargs={"code": world.instansi.code})))
    assert "Sigap Melayani" in page and "Perbup Uji 7/2024" in page


def test_a_limiting_item_an_unknown_item_or_a_value_without_items_is_refused(world):
    client = login(Client(), world.operator)
    for change, expected in (
        ({"v1_items": ["N01"]}, "Butir N01 tidak dapat dipilih"),  # not offered: limiting
        ({"v1_items": ["ZZ9"]}, "Butir ZZ9 tidak dapat dipilih"),
        ({"v1_items": []}, "tidak dipetakan ke butir mana pun"),
        ({"v1_name_id": ""}, "tidak bernama"),
        ({"code": "dua kata"}, "harus 1–16 huruf"),
    ):
        response = client.post(url(world), FORM | change)
        assert response.status_code == 200
        assert expected in body(response), change
    assert not LocalValueSet.objects.filter(instansi=world.instansi).exists()
    assert not Event.objects.filter(action__startswith="local_values").exists()


def test_the_operator_copies_a_national_template_and_may_remove_the_set(world):
    template = local_template()
    client = login(Client(), world.operator)
    client.post(url(world), {"template": str(template.pk)})
    assert LocalValueSet.objects.get(instansi=world.instansi).local_set() == KREATIF
    assert Event.objects.filter(action="local_values.copy").count() == 1
    # Another instansi's set is never a template.
    own = LocalValueSet.objects.get(instansi=world.instansi)
    other = login(Client(), world.other_operator)
    other_url = reverse("orgs:local_values", kwargs={"code": world.other.code})
    assert other.post(other_url, {"template": str(own.pk)}).status_code == 404
    client.post(url(world), {"delete": "1"})
    assert not LocalValueSet.objects.filter(instansi=world.instansi).exists()
    assert LocalValueSet.objects.filter(pk=template.pk).exists()
    assert Event.objects.filter(action="local_values.delete").count() == 1


def test_the_admin_edits_a_template_that_operators_then_see(world):
    admin = login(Client(), world.admin)
    response = admin.post(reverse("orgs:local_templates"), FORM)
    assert response.status_code == 302
    template = LocalValueSet.objects.get(instansi=None)
    assert template.local_set().name == "Sigap Melayani"
    assert Event.objects.filter(action="local_values.template").count() == 1
    page = body(login(Client(), world.operator).get(url(world)))
    assert "Salin templat" in page and "Sigap Melayani" in page


def test_a_cycle_keeps_the_set_it_opened_with_after_the_instansi_edits_it(world):
    do_save_local_set(world.instansi, KREATIF, actor=world.operator)
    cycle = do_open_cycle(do_create_cycle(world.instansi, 2030, actor=None), actor=None)
    assert cycle.local_set() == KREATIF
    edited = LocalSet(
        "KREATIF", "KREATIF baru", "Perbup 1/2031", (LocalValue("X", "X", "", ("P01",)),)
    )
    do_save_local_set(world.instansi, edited, actor=world.operator)
    LocalValueSet.objects.filter(instansi=world.instansi).delete()
    assert Cycle.objects.get(pk=cycle.pk).local_set() == KREATIF
    # A draft has no set until it opens; a cycle of an instansi without a set has none.
    assert do_create_cycle(world.instansi, 2031, actor=None).local_set() is None
    assert (
        do_open_cycle(do_create_cycle(world.instansi, 2032, actor=None), actor=None).local_set()
        is None
    )


def test_the_cycle_counts_hold_the_frozen_sets_counts_of_every_unit(world):
    do_save_local_set(world.instansi, KREATIF, actor=world.operator)
    cycle = do_open_cycle(do_create_cycle(world.instansi, 2030, actor=None), actor=None)
    add_responses(cycle, {"U01": 30, "U02": 12})
    do_save_local_set(
        world.instansi, LocalSet("L", "L", "", (LocalValue("X", "X", "", ("P01",)),)), actor=None
    )
    do_close_cycle(cycle, actor=None)
    counts = cycle_counts(Cycle.objects.get(pk=cycle.pk))
    assert counts.local is not None
    units = [u.pk for u in counts.units]
    rows = list(
        Response.objects.filter(cycle=cycle).values_list(
            "cycle_unit_id", "duration_s", "pv", "cc", "dc"
        )
    )
    group = np.array([units.index(r[0]) for r in rows], dtype=np.intp)
    pv, cc, dc = (parse_picks([r[2 + j] for r in rows]) for j in range(3))
    duration = np.array([r[1] for r in rows], dtype=np.float64)
    pool = default_pool()
    _c, expected = count_responses_with_local(
        group, len(units), pv, cc, dc, duration, pool, cycle.method_params(),
        np.zeros(len(rows), dtype=np.intp), LocalMasks.of([KREATIF], pool),
    )  # fmt: skip
    assert (counts.local == expected).all()
    assert counts.local[:, LocalLayout.CURRENT].sum() > 0
    # A cycle without a set has no local counts.
    assert cycle_counts(world.published).local is None


def test_the_dashboard_shows_the_set_apart_with_its_name_and_basis_and_hides_hidden_units(world):
    from berakhlak.method.rounding import format_percent  # noqa: PLC0415 - this test only
    from berakhlak.results.cycle_results import cycle_results  # noqa: PLC0415 - this test only

    do_save_local_set(world.instansi, KREATIF, actor=world.operator)
    cycle = do_open_cycle(do_create_cycle(world.instansi, 2030, actor=None), actor=None)
    add_responses(cycle, {"U01": 30, "U02": 25, "U03": 4, "U04": 15})
    do_close_cycle(cycle, actor=None)
    cycle = Cycle.objects.get(pk=cycle.pk)
    page = body(
        login(Client(), world.operator).get(reverse("results:dashboard", kwargs={"pk": cycle.pk}))
    )
    section = page[page.index('id="nilai-lokal"') :]
    section = section[: section.index("</section>")]
    assert "Nilai lokal: KREATIF" in section
    assert "Peraturan Bupati Kudus Nomor 62 Tahun 2019" in section
    results, _counts = cycle_results(cycle)
    r = results.find(world.instansi.code, 2030)
    stats = r.local.stats
    for j, code in enumerate(("KOM", "REL", "AKU", "INO")):
        row = section[section.index(f'data-local-value="{code}"') :]
        row = row[: row.index("</tr>")]
        assert format_percent(float(stats.current[0, j]), "id") in row
        assert format_percent(float(stats.desired[0, j]), "id") in row
    units = section[section.index('id="local-units"') :]
    # U03 (4 < 10) is hidden, and U04 with it (4 < 10: the smallest shown goes too).
    assert 'data-unit="U01"' in units and 'data-unit="U02"' in units
    assert 'data-unit="U03"' not in units and 'data-unit="U04"' not in units
    # BerAKHLAK's own sections say nothing of the local set.
    assert "KREATIF" not in page[: page.index('id="nilai-lokal"')].split("<main", 1)[-1]


def _closed_cycle_with_kreatif(world) -> Cycle:
    do_save_local_set(world.instansi, KREATIF, actor=world.operator)
    cycle = do_open_cycle(do_create_cycle(world.instansi, 2030, actor=None), actor=None)
    add_responses(cycle, {"U01": 30, "U02": 25, "U03": 4, "U04": 15})
    do_close_cycle(cycle, actor=None)
    return Cycle.objects.get(pk=cycle.pk)


def test_the_pdf_the_workbook_and_the_api_carry_the_same_local_figures(world):
    from berakhlak.method.rounding import format_percent  # noqa: PLC0415 - this test only
    from berakhlak.results.cycle_results import cycle_results  # noqa: PLC0415 - this test only
    from helpers.results_world import pdf_text, sheet_rows, xlsx  # noqa: PLC0415 - this test only

    cycle = _closed_cycle_with_kreatif(world)
    r = cycle_results(cycle)[0].find(world.instansi.code, 2030)
    stats = r.local.stats
    client = login(Client(), world.operator)
    pdf = pdf_text(client.get(reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})).content)
    assert "Nilai lokal: KREATIF" in pdf and "Peraturan Bupati Kudus Nomor 62 Tahun 2019" in pdf
    assert format_percent(float(stats.index[0]), "id") in pdf
    book = xlsx(client.get(reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})).content)
    rows = sheet_rows(book, "Nilai lokal")
    assert {row["kelompok"] for row in rows} == {world.instansi.code, "U01", "U02"}
    kom = next(
        row for row in rows if row["kelompok"] == world.instansi.code and row["kode"] == "KOM"
    )
    assert kom["jangkauan_saat_ini"] == pytest.approx(float(stats.current[0, 0]))
    assert kom["jangkauan_harapan"] == pytest.approx(float(stats.desired[0, 0]))
    api = client.get(reverse("api_cycle", kwargs={"pk": cycle.pk})).json()
    entry = api["instansi"][0]
    assert entry["local"]["set"] == "KREATIF"
    assert entry["local"]["index"]["value"] == pytest.approx(float(stats.index[0]))
    assert [u["local"] is None for u in entry["units"]] == [u["suppressed"] for u in entry["units"]]


def test_a_shown_units_page_has_its_local_figures_and_a_hidden_units_page_none(world):
    from berakhlak.method.rounding import format_percent  # noqa: PLC0415 - this test only
    from berakhlak.results.cycle_results import cycle_results  # noqa: PLC0415 - this test only

    cycle = _closed_cycle_with_kreatif(world)
    r = cycle_results(cycle)[0].find(world.instansi.code, 2030)
    client = login(Client(), world.operator)

    def page(code: str) -> str:
        return body(client.get(reverse("results:unit", kwargs={"pk": cycle.pk, "code": code})))

    shown = page("U01")
    j = [u.code for u in r.info.units].index("U01")
    assert 'id="nilai-lokal"' in shown and "Nilai lokal: KREATIF" in shown
    assert format_percent(float(r.local.unit_stats.index[j]), "id") in shown
    for hidden in ("U03", "U04"):
        text = page(hidden)
        assert 'id="nilai-lokal"' not in text and "KREATIF" not in text
