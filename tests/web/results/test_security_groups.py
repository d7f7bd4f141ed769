"""Reporting groups under attack (docs/method.md §9): an instansi whose small units are
gathered into two groups, one shown with all its units hidden inside it, one hidden to
protect a small ungrouped unit (complementary suppression among the groups and ungrouped
units), with a unit of 12 respondents inside it. Every results surface (dashboard, unit
page, PDF, Excel, JSON API, national JSON) is read and an attacker subtracts what it shows:
the instansi minus the visible groups and ungrouped units, a group minus its visible units,
the instansi minus every visible unit."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.accounts.models import Role
from berakhlak.orgs.models import Instansi
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.results_world import machine_sheets
from helpers.web import add_responses, body, login

K = 10
UNITS = [
    ("B01", "Sekretariat Daerah", 60),
    ("B02", "Dinas Pendidikan", 40),
    ("B03", "Inspektorat", 8),
    ("K01", "Kecamatan Utara", 4),
    ("K02", "Kecamatan Selatan", 5),
    ("K03", "Kecamatan Timur", 14),
    ("P01", "Puskesmas Kota", 20),
    ("P02", "Pustu Desa", 4),
]
GROUPS = {"K01": "KEC", "K02": "KEC", "K03": "KEC", "P01": "PUS", "P02": "PUS"}
GROUP_NAMES = {"KEC": "Kantor kecamatan", "PUS": "Puskesmas"}
SIZES = {"B01": 30, "B02": 20, "B03": 4, "K01": 3, "K02": 4, "K03": 10, "P01": 12, "P02": 2}
# Among B01 30, B02 20, B03 4, KEC 17, PUS 14: B03 is hidden (S = 4), then PUS, the smallest
# shown (S = 18). Inside KEC: K01 and K02 (S = 7), then K03. PUS hides P01 and P02.
SHOWN_UNITS = {"B01", "B02"}
HIDDEN_GROUPS = {"PUS"}


FIGURE = re.compile(r"\d+,\d")  # a figure with one decimal (Indonesian), e.g. 61,4


def published(instansi: Instansi, year: int, sizes: dict[str, int]) -> Cycle:
    cycle = do_open_cycle(do_create_cycle(instansi, year, k=K, actor=None), actor=None)
    add_responses(cycle, sizes, seed=year, texts=False)
    do_close_cycle(cycle, actor=None)
    Cycle.objects.filter(pk=cycle.pk).update(status="published")
    return Cycle.objects.get(pk=cycle.pk)


def get(user: object, url: str) -> Any:
    response = login(Client(), user).get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    return response


def sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every data sheet, headed by its machine names (the readable headers are words)."""
    return machine_sheets(load_workbook(io.BytesIO(response.content)))


def table(html: str, attribute: str) -> str:
    match = re.search(rf"<table[^>]*{attribute}[^>]*>(.*?)</table>", html, re.S)
    assert match, attribute
    return match.group(1)


def rows_of(fragment: str) -> list[str]:
    return re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, re.S)


@pytest.fixture
def grouped(make_instansi, make_user) -> dict[str, Any]:
    inst: Instansi = make_instansi(code="KAB-G01", name="Kabupaten Berkelompok", units=UNITS)
    for code, group in GROUPS.items():
        inst.units.filter(code=code).update(group_code=group, group_name=GROUP_NAMES[group])
    cycle = published(inst, 2025, SIZES)
    Response.objects.update(duration_s=600)  # every response valid: n is what SIZES says
    return {
        "cycle": cycle,
        "leader": make_user("pimpinan.g", Role.LEADER, inst),
        "admin": make_user("admin.g", Role.ADMIN),
        "p01_leader": make_user("kepala.p01", Role.LEADER, inst, inst.units.get(code="P01")),
    }


def test_the_api_hides_what_the_two_steps_hide_and_no_subtraction_leaves_a_small_group(grouped):
    cycle = grouped["cycle"]
    api = get(grouped["leader"], reverse("api_cycle", kwargs={"pk": cycle.pk})).json()
    [entry] = api["instansi"]
    units = {u["code"]: u for u in entry["units"]}
    groups = {g["code"]: g for g in entry["groups"]}
    for code, unit in units.items():
        assert unit["suppressed"] is (code not in SHOWN_UNITS), code
        assert ("indices" in unit) is (code in SHOWN_UNITS), code
        assert unit["group"] == GROUPS.get(code)
    assert {g: groups[g]["suppressed"] for g in groups} == {"KEC": False, "PUS": True}
    assert "indices" in groups["KEC"] and "indices" not in groups["PUS"]
    assert groups["KEC"]["n"] == 17 and groups["PUS"]["n"] == 14

    # The attacker's subtractions.
    shown_siblings = sum(g["n"] for g in groups.values() if not g["suppressed"])
    shown_siblings += sum(u["n"] for u in units.values() if not u["group"] and not u["suppressed"])
    assert entry["n"] - shown_siblings == 18  # B03 and PUS together
    for g in groups.values():
        if not g["suppressed"]:
            inside = sum(units[c]["n"] for c in g["units"] if not units[c]["suppressed"])
            assert g["n"] - inside == 0 or g["n"] - inside >= K
    visible = sum(u["n"] for u in units.values() if not u["suppressed"])
    assert entry["n"] - visible >= K

    national = get(grouped["admin"], reverse("api_national", kwargs={"year": 2025})).json()
    [entry] = [e for e in national["instansi"] if e["code"] == "KAB-G01"]
    for unit in entry["units"]:
        assert ("indices" in unit) is (unit["code"] in SHOWN_UNITS), unit["code"]
    assert [g["suppressed"] for g in entry["groups"]] == [False, True]


def test_the_dashboard_and_the_workbook_show_groups_and_hide_what_the_two_steps_hide(grouped):
    cycle = grouped["cycle"]
    url = reverse("results:dashboard", kwargs={"pk": cycle.pk})
    html = get(grouped["leader"], url).content.decode()
    for code, _name, _head in UNITS:
        [row] = re.findall(rf'<tr data-unit="{code}">(.*?)</tr>', html, re.S)
        assert bool(FIGURE.search(row)) is (code in SHOWN_UNITS), code
        assert (f"/unit/{code}/" in row) is (code in SHOWN_UNITS)
    for group, name in GROUP_NAMES.items():
        [row] = re.findall(rf'<tr data-group="{group}">(.*?)</tr>', html, re.S)
        assert name in row
        assert bool(FIGURE.search(row)) is (group not in HIDDEN_GROUPS), group
    ranking = table(html, 'id="unit-ranking"')
    assert len(rows_of(ranking)) == 1 + len(SHOWN_UNITS)

    book = sheets(get(grouped["leader"], reverse("reports:cycle_xlsx", kwargs={"pk": cycle.pk})))
    head, *rows = book["Unit"]
    for row in rows:
        record = dict(zip(head, row, strict=True))
        figures = [row[i] for i, h in enumerate(head) if h == "indeks_berakhlak" or 7 <= i < 14]
        assert all(v is None for v in figures) is (record["unit_code"] not in SHOWN_UNITS)
        assert record["kelompok_pelaporan"] == GROUP_NAMES.get(GROUPS.get(record["unit_code"], ""))
    head, *rows = book["Kelompok pelaporan"]
    records = {r[0]: dict(zip(head, r, strict=True)) for r in rows}
    assert records["PUS"]["disembunyikan"] == "ya"
    assert records["PUS"]["indeks_berakhlak"] is None and records["PUS"]["BP"] is None
    assert records["KEC"]["indeks_berakhlak"] is not None and records["KEC"]["n"] == 17
    assert records["KEC"]["unit_anggota"] == "Kecamatan Utara; Kecamatan Selatan; Kecamatan Timur"


def test_the_pdf_shows_a_hidden_group_and_its_units_with_their_n_only(grouped):
    cycle = grouped["cycle"]
    pdf = body(get(grouped["leader"], reverse("reports:cycle_pdf", kwargs={"pk": cycle.pk})))
    lines = pdf.splitlines()
    for code, name, _head in UNITS:
        unit_line = re.compile(rf"{re.escape(name)}( \([^)]*\))? {SIZES[code]} ")
        [line] = [x for x in lines if unit_line.match(x)]
        assert ("disembunyikan" in line) is (code not in SHOWN_UNITS), line
    assert "Kelompok pelaporan" in pdf
    groups = lines[lines.index("Kelompok pelaporan n Indeks BP AK KO HA LO AD KL") + 1 :]
    assert groups[:2] == ["Kantor kecamatan", "Kecamatan Utara, Kecamatan Selatan, Kecamatan Timur"]
    assert groups[2].startswith("17 ") and len(FIGURE.findall(groups[2])) == 8
    assert groups[3:6] == ["Puskesmas", "Puskesmas Kota, Pustu Desa", "14 disembunyikan"]


def test_a_unit_leader_of_a_unit_in_a_hidden_group_sees_nothing_but_its_n(grouped):
    """P01 has 12 respondents, more than k, but its group is hidden to protect B03."""
    cycle = grouped["cycle"]
    own = get(grouped["p01_leader"], reverse("results:my_unit")).content.decode()
    assert 'id="unit-hidden"' in own
    assert not FIGURE.search(own.split('id="unit-hidden"')[1])
    assert "Puskesmas" in own  # it is told which group it is reported in
    page = get(
        grouped["leader"], reverse("results:unit", kwargs={"pk": cycle.pk, "code": "P01"})
    ).content.decode()
    assert 'id="unit-hidden"' in page and not FIGURE.search(page.split('id="unit-hidden"')[1])
