"""A unit head takes the unit's own results away: a PDF and a workbook of the unit, with the
instansi's figures beside it for context and the unit's trend over every year, and switches
between the years of the unit. Suppression holds as everywhere: a hidden unit has no file,
a unit head reaches no other unit's files, and a year shows a unit exactly as that year did."""

from __future__ import annotations

import io

import openpyxl
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from berakhlak.audit.models import Event
from berakhlak.results.cycle_results import build_dashboard, build_unit_dashboard, cycle_results
from berakhlak.results.unit_trend import unit_trend
from helpers.results_world import sheet_rows
from helpers.web import login


def url(name: str, cycle, code: str) -> str:
    return reverse(name, kwargs={"pk": cycle.pk, "code": code})


def stored(x: float | None) -> float:
    """A float as an .xlsx file stores it: 16 significant digits."""
    assert x is not None
    return float(f"{x:.16G}")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_unit_head_downloads_the_units_pdf_with_the_instansis_figures_beside(world):
    client = login(Client(), world.unit_leader)
    response = client.get(url("reports:unit_pdf", world.published, "U03"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "laporan-berakhlak-KAB-T01-2024-unit-U03.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    unit = build_unit_dashboard(world.published, "U03")
    instansi = build_dashboard(world.published)
    assert "Dinas Kesehatan" in text and "Kabupaten Uji" in text
    first = f"{unit.indices[0].value:.1f}".replace(".", ",")
    whole = f"{instansi.implementasi.value:.1f}".replace(".", ",")
    assert first in text and whole in text
    assert "Sekretariat Daerah" not in text  # no other unit's name, let alone figures
    assert Event.objects.filter(action="report.download").exists()


def test_the_units_workbook_holds_its_figures_the_instansis_and_its_trend(world):
    client = login(Client(), world.unit_leader)
    response = client.get(url("reports:unit_xlsx", world.published, "U03"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Indeks", "Nilai", "Tren", "Metode"} <= set(book.sheetnames)
    assert "Unit" not in book.sheetnames  # the instansi's table of units is not the unit's
    unit = build_unit_dashboard(world.published, "U03")
    instansi = build_dashboard(world.published)
    rows = sheet_rows(book, "Nilai")
    for row, mine, whole in zip(rows, unit.values, instansi.values, strict=True):
        assert row["nilai"] == stored(mine.value)
        assert row["nilai_instansi"] == stored(whole.value)
    trend = list(book["Tren"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in trend] == [2023, 2024]


def test_a_unit_head_reaches_no_other_units_files_and_a_hidden_unit_has_none(world):
    client = login(Client(), world.unit_leader)
    for name in ("reports:unit_pdf", "reports:unit_xlsx"):
        assert client.get(url(name, world.published, "U02")).status_code == 404
        assert client.get(url(name, world.other_published, "U03")).status_code == 404
    leader = login(Client(), world.leader)
    assert leader.get(url("reports:unit_xlsx", world.published, "U02")).status_code == 200
    # U04 (4 respondents of 14) is hidden: its page says so, and no file gives its figures
    for name in ("reports:unit_pdf", "reports:unit_xlsx"):
        assert leader.get(url(name, world.published, "U04")).status_code == 404
    page = leader.get(url("results:unit", world.published, "U04")).content.decode()
    assert "laporan.pdf" not in page


def test_the_unit_page_switches_between_years_and_shows_the_trend_with_its_gaps(world):
    client = login(Client(), world.unit_leader)
    page = client.get(url("results:unit", world.published, "U03")).content.decode()
    earlier = url("results:unit", world.previous, "U03")
    assert f'href="{earlier}"' in page  # the switch to 2023
    assert url("reports:unit_pdf", world.published, "U03") in page
    trend = page.split('id="unit-trend"')[1].split("</table>")[0]
    assert 'data-year="2023"' in trend and 'data-year="2024"' in trend
    assert 'id="unit-context"' in page  # the instansi's figures beside the unit's
    # the 2025 cycle is open: not in the switch
    assert url("results:unit", world.open, "U03") not in page


def test_a_year_in_which_the_unit_was_hidden_is_a_gap_with_its_reason(world):
    assert build_unit_dashboard(world.published, "U04").trend == []  # hidden: nothing but n
    r = cycle_results(world.published)[0].find("KAB-T01", 2024)
    assert r is not None
    gaps = unit_trend(r, "U04", "id")
    assert [p.year for p in gaps] == [2023, 2024]
    assert all(p.value is None and "kurang dari 10 responden" in p.reason for p in gaps)
    assert all(p.instansi is not None for p in gaps)
    assert [p.reason for p in unit_trend(r, "U09", "id")] == ["tidak ada hasil survei"] * 2
    shown = build_unit_dashboard(world.published, "U02")
    assert [p.reason for p in shown.trend] == ["", ""]
    assert shown.trend[-1].value == shown.indices[0].value
