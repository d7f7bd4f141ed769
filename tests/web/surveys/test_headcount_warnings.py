"""More valid respondents than headcount (docs/method.md §6): the headcount is out of date, so
no finite population correction, and every page that shows the group says so."""

from __future__ import annotations

import io
import re

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.accounts.models import Role
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.web import add_responses, body, login

HEADING = "Jumlah pegawai perlu diperbarui"
UNIT_WARNING = (
    "Jumlah responden sah unit U02 Dinas Kecil (15) melebihi jumlah pegawainya (10): data "
    "jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung tanpa koreksi "
    "populasi terhingga."
)


def notices(html: str) -> list[str]:
    match = re.search(r'id="headcount-warnings"[^>]*>(.*?)</div>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", match.group(1), re.S) if match else []


def test_the_participation_page_warns_of_a_unit_with_more_valid_responses_than_staff(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    assert notices(client.get(url).content.decode()) == []
    add_responses(world.open, {"U04": 20}, seed=3, texts=False)  # U04 has 14 staff
    Response.objects.filter(cycle=world.open).update(duration_s=600)
    page = client.get(url).content.decode()
    assert HEADING in page
    assert notices(page) == [
        "Jumlah responden sah unit U04 Kecamatan Kecil (20) melebihi jumlah pegawainya (14): "
        "data jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung "
        "tanpa koreksi populasi terhingga."
    ]
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert len(notices(fragment)) == 1  # the live fragment too


def test_the_results_of_a_unit_with_more_respondents_than_staff_warn_everywhere(
    make_instansi, make_user
):
    inst = make_instansi(
        code="KAB-H01",
        name="Kabupaten Hitung",
        units=[("U01", "Sekretariat", 40), ("U02", "Dinas Kecil", 10)],
    )
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 30, "U02": 15}, seed=5, texts=False)
    Response.objects.update(duration_s=600)
    do_close_cycle(cycle, actor=None)
    Cycle.objects.filter(pk=cycle.pk).update(status="published")
    cycle = Cycle.objects.get(pk=cycle.pk)
    leader = login(Client(), make_user("pimpinan.h", Role.LEADER, inst))

    d = build_dashboard(cycle)
    u02 = next(u for u in d.units if u.code == "U02")
    assert d.warnings == [UNIT_WARNING]
    assert d.result.unit_stats.fpc[1] == 1.0  # no correction: not a census
    assert u02.values[0].ci is not None and u02.values[0].ci[0] < u02.values[0].ci[1]

    page = leader.get(reverse("results:dashboard", kwargs={"pk": cycle.pk})).content.decode()
    assert notices(page) == [UNIT_WARNING]
    unit = reverse("results:unit", kwargs={"pk": cycle.pk, "code": "U02"})
    assert notices(leader.get(unit).content.decode()) == [UNIT_WARNING]
    other = reverse("results:unit", kwargs={"pk": cycle.pk, "code": "U01"})
    assert notices(leader.get(other).content.decode()) == []
    [entry] = leader.get(reverse("api_cycle", kwargs={"pk": cycle.pk})).json()["instansi"]
    assert entry["warnings"] == [UNIT_WARNING]
    pdf = body(leader.get(reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})))
    assert HEADING in pdf and "Dinas Kecil (15) melebihi jumlah pegawainya (10)" in pdf
    xlsx = leader.get(reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})).content
    method = dict(load_workbook(io.BytesIO(xlsx))["Metode"].iter_rows(min_row=2, values_only=True))
    assert method["peringatan"] == UNIT_WARNING
    assert method["metode"] == "berakhlak-terbuka/2"
