"""Live participation: responses per unit against headcount and target, eligibility, the htmx
fragment, and the export of the units below their target."""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from berakhlak.responses.models import Response
from berakhlak.results.participation import participation
from berakhlak.surveys.actions import do_create_cycle, do_issue_tokens, do_open_cycle
from berakhlak.surveys.models import CycleUnit
from helpers.web import PICKS, PROFILE, add_responses, login

# world.open: U01 120 staff (12 responses), U02 400 (30), U03 150 (0), U04 14 (0); N = 684.
# Slovin with e = 0.05: 684 / (1 + 684 * 0.0025) = 684 / 2.71 = 252.4 -> 253.
MIN_REQUIRED = 253
TARGETS = {"U01": 45, "U02": 148, "U03": 56, "U04": 6}  # ceil(253 * N_unit / 684)


def test_the_targets_follow_the_method_worked_by_hand(world):
    assert math.ceil(684 / (1 + 684 * 0.05**2)) == MIN_REQUIRED
    assert {
        c: math.ceil(MIN_REQUIRED * n / 684)
        for c, n in {"U01": 120, "U02": 400, "U03": 150, "U04": 14}.items()
    } == TARGETS
    p = participation(world.open)
    assert (p.headcount, p.min_required) == (684, MIN_REQUIRED)
    assert {u.unit.code: u.target for u in p.units} == TARGETS
    assert {u.unit.code: u.valid for u in p.units} == {"U01": 12, "U02": 30, "U03": 0, "U04": 0}
    assert (p.stored, p.excluded) == (42, 0)
    assert not p.eligible


def rows(page: str) -> dict[str, list[str]]:
    """Unit code -> [headcount, target, valid, attainment] as shown."""
    found = {}
    for code, cells in re.findall(r'<tr class="[^"]*" data-unit="(\w+)">(.*?)</tr>', page, re.S):
        values = re.findall(r'<td class="num">([^<]*)</td>', cells)
        attainment = re.search(r'<span class="small">([^<]*)</span>', cells).group(1)
        found[code] = [*values, attainment]
    return found


def test_the_page_shows_each_unit_against_its_target_and_the_instansi_not_yet_eligible(world):
    client = login(Client(), world.operator)
    page = client.get(reverse("surveys:participation", args=[world.open.pk])).content.decode()
    assert "Partisipasi survei 2025" in page
    assert re.search(r'<strong id="valid-total">42</strong> / 253', page)
    assert 'id="eligibility">Belum memenuhi minimum' in page
    shown = rows(page)
    assert [shown[c][:3] for c in ("U01", "U02", "U03", "U04")] == [
        ["120", "45", "12"],
        ["400", "148", "30"],
        ["150", "56", "0"],
        ["14", "6", "0"],
    ]
    assert shown["U01"][3].startswith("26,7")  # 12 / 45
    assert 'class="below" data-unit="U01"' in page
    assert "hx-get" in page and "every 15s" in page


def test_the_instansi_becomes_eligible_when_the_minimum_is_reached(world):
    add_responses(world.open, {"U01": 40, "U02": 120, "U03": 60, "U04": 6}, seed=3, texts=False)
    client = login(Client(), world.operator)
    page = client.get(reverse("surveys:participation", args=[world.open.pk])).content.decode()
    assert re.search(r'<strong id="valid-total">268</strong> / 253', page)
    assert 'id="eligibility">Memenuhi minimum' in page
    shown = rows(page)
    assert 'class="" data-unit="U03"' in page and shown["U03"][2] == "60"
    assert 'class="" data-unit="U02"' in page  # 30 + 120 = 150 >= 148
    assert 'class="" data-unit="U04"' in page  # 6 >= 6
    assert participation(world.open).eligible


def test_the_htmx_request_gets_only_the_table_part(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="participation-table"' in fragment
    assert 'id="valid-total"' in fragment
    for whole_page in ("<html", "<h1", "site-header", 'hx-trigger="every 15s"', "<main"):
        assert whole_page not in fragment
    full = client.get(url).content.decode()
    assert "<html" in full and 'id="participation-table"' in full


def test_new_responses_show_up_on_the_next_refresh(world):
    client = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    assert rows(client.get(url, HTTP_HX_REQUEST="true").content.decode())["U03"][2] == "0"
    add_responses(world.open, {"U03": 7}, seed=5, texts=False)
    assert rows(client.get(url, HTTP_HX_REQUEST="true").content.decode())["U03"][2] == "7"


def export_rows(response) -> list[list[str]]:
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.reader(io.StringIO(text[1:])))
    book = load_workbook(io.BytesIO(response.content))
    return [
        ["" if v is None else str(v) for v in row]
        for row in book.active.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_below_target_export_lists_exactly_the_units_short_of_their_target(fmt, world):
    add_responses(world.open, {"U02": 118, "U04": 6}, seed=9, texts=False)  # U02 148, U04 6
    client = login(Client(), world.operator)
    response = client.get(
        reverse("surveys:participation_export", kwargs={"pk": world.open.pk, "fmt": fmt})
    )
    assert response.status_code == 200
    assert f'filename="unit-di-bawah-target-KAB-T01-2025.{fmt}"' in response["Content-Disposition"]
    table = export_rows(response)
    assert (
        table[0]
        == {
            "csv": [
                "unit_code",
                "unit_name",
                "headcount",
                "target",
                "respons_sah",
                "kekurangan",
                "capaian_persen",
            ],
            "xlsx": [  # readable headers; the machine names are in the Kamus data sheet
                "Kode unit",
                "Nama unit",
                "Jumlah pegawai",
                "Target responden",
                "Respons sah",
                "Kekurangan",
                "Capaian (%)",
            ],
        }[fmt]
    )
    assert [r[:6] for r in table[1:]] == [
        ["U01", "Sekretariat Daerah", "120", "45", "12", "33"],
        ["U03", "Dinas Kesehatan", "150", "56", "0", "56"],
    ]
    assert float(table[1][6]) == pytest.approx(26.7)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_neutralises_cells_that_a_spreadsheet_would_run(fmt, world):
    names = {
        "U01": '=HYPERLINK("http://jahat.example")',
        "U02": "+62 Dinas",
        "U03": "-1+1",
        "U04": "@SUM(A1)",
    }
    for code, name in names.items():
        CycleUnit.objects.filter(cycle=world.open, code=code).update(name=name)
    client = login(Client(), world.operator)
    response = client.get(
        reverse("surveys:participation_export", kwargs={"pk": world.open.pk, "fmt": fmt})
    )
    table = export_rows(response)
    assert {r[0]: r[1] for r in table[1:]} == {c: "'" + n for c, n in names.items()}
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(response.content))
        for row in book.active.iter_rows(min_row=2):
            assert row[1].data_type == "s"  # text, never a formula
            assert row[2].data_type == "n"  # numbers stay numbers


# --- what a watcher of the live page can learn ---------------------------------------------------


def unit_parts(page: str, code: str, name: str) -> list[str]:
    """Everything a page shows about one unit: its table row and any line naming it."""
    row = re.findall(rf'<tr[^>]*data-unit="{code}">.*?</tr>', page, re.S)
    lines = re.findall(rf"<li>[^<]*<strong>{name}</strong>.*?</li>", page, re.S)
    return row + lines


def test_a_watcher_cannot_tell_whether_a_submission_was_excluded(world):
    """The page showed a unit's stored responses beside its valid ones (the export, the
    bursts of the day, the over-headcount mark): a submission that raised the first and not
    the second was excluded, which says how that person answered. Per unit only valid
    counts are shown; what was excluded, for the whole instansi."""
    add_responses(world.open, {"U04": 20}, seed=3, texts=False)  # 20 on one day: a burst
    Response.objects.filter(cycle=world.open, cycle_unit__code="U04").update(
        submitted_on=timezone.localdate(), duration_s=600
    )
    operator = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    export = reverse("surveys:participation_export", kwargs={"pk": world.open.pk, "fmt": "csv"})
    units = {"U01": "Sekretariat Daerah", "U04": "Kecamatan Kecil"}

    def per_unit() -> dict[str, list[Any]]:
        page = operator.get(url).content.decode()
        part = operator.get(url, HTTP_HX_REQUEST="true").content.decode()
        rows = operator.get(export).content.decode("utf-8-sig").splitlines()
        return {
            code: [
                unit_parts(page, code, name),
                unit_parts(part, code, name),
                [r for r in rows if r.startswith(f"{code},")],
            ]
            for code, name in units.items()
        }

    before = per_unit()
    for code in units:
        speeder = Client().post(
            "/api/v1/responses",
            {
                "link": world.unit(world.open, code).link_token,
                "nonce": f"nonce-speeder-{code}-0001",
                "answers": {**PROFILE, **PICKS, "duration_s": 5},
            },
            content_type="application/json",
        )
        assert speeder.status_code == 201
    assert per_unit() == before
    page = operator.get(url).content.decode()
    assert "64 respons masuk, 2 dikecualikan" in page  # 42 + 20 + 2, for the whole instansi


def test_a_burst_is_reported_once_its_day_is_over_without_a_count(world):
    add_responses(world.open, {"U04": 20}, seed=4, texts=False)  # 20 of 14 staff: a burst
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    rows = Response.objects.filter(cycle=world.open, cycle_unit__code="U04")
    rows.update(submitted_on=timezone.localdate())
    operator = login(Client(), world.operator)
    url = reverse("surveys:participation", args=[world.open.pk])
    assert 'id="bursts"' not in operator.get(url).content.decode()  # today is not over
    rows.update(submitted_on=yesterday)
    page = operator.get(url).content.decode()
    [line] = re.findall(r'<div class="card" id="bursts".*?<li>(.*?)</li>', page, re.S)
    assert line == f"<strong>Kecamatan Kecil</strong>: {date_format(yesterday, 'j F Y')}"
    assert "respons melebihi jumlah pegawai" in page  # 20 valid responses, 14 staff


def test_the_personal_codes_page_shows_no_used_codes_per_unit(world):
    cycle = do_create_cycle(world.instansi, 2027, access="token", actor=None)
    cycle = do_open_cycle(cycle, actor=None)
    unit = world.unit(cycle, "U02")
    valid, speeder = do_issue_tokens(unit, 5, actor=None)[:2]
    operator = login(Client(), world.operator)
    url = reverse("surveys:tokens", args=[cycle.pk])

    def submit(token: str, duration: int) -> None:
        answer = {**PROFILE, **PICKS, "duration_s": duration}
        body = {"link": unit.link_token, "nonce": f"nonce-{token}", "token": token}
        response = Client().post(
            "/api/v1/responses", {**body, "answers": answer}, content_type="application/json"
        )
        assert response.status_code == 201

    def row() -> list[str]:
        return re.findall(r'<tr data-unit="U02">.*?</tr>', operator.get(url).content.decode())

    submit(valid, 600)
    before = row()
    submit(speeder, 5)
    assert row() == before and before
