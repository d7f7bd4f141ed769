"""The Tindak lanjut section of the instansi PDF, the sheet of the workbook, and the
national view's plan column (issue 14 item 4)."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.followup.actions import do_choose_focus
from berakhlak.followup.models import Activity, Status
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.followup import national_plans
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from helpers.web import add_responses, body, login


def test_the_instansi_pdf_has_a_tindak_lanjut_section_with_the_plan(world):
    client = login(Client(), world.leader)
    text = body(client.get(reverse("reports:cycle_pdf", kwargs={"pk": world.published.pk})))
    section = text[text.index("Tindak lanjut") :]
    assert "Rencana aksi atas hasil 2024" in section
    assert "Adaptif, Kolaboratif" in section
    assert "Klinik layanan" in section and "Apel nilai" in section
    assert "terlambat" in section


def test_the_workbook_has_a_sheet_of_the_activities_overdue_first(world):
    Activity.objects.filter(title="Apel nilai").update(status=Status.DONE)
    client = login(Client(), world.leader)
    response = client.get(reverse("reports:cycle_xlsx", kwargs={"pk": world.published.pk}))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["Tindak lanjut"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Jenis baris", "Kegiatan", "Menjawab", "Unit")
    activities = [r for r in rows[1:] if r[0] == "kegiatan"]
    assert [(r[1], r[3], r[9], r[10]) for r in activities] == [
        ("Klinik layanan", "U03", "Berjalan", "ya"),
        ("Apel nilai", "U01", "Selesai", "tidak"),
    ]


def test_the_next_years_workbook_lists_last_years_focus_values_with_their_change(world):
    do_choose_focus(world.previous, ["AD"], [], actor=world.operator)
    client = login(Client(), world.leader)
    response = client.get(reverse("reports:cycle_xlsx", kwargs={"pk": world.published.pk}))
    rows = list(load_workbook(io.BytesIO(response.content))["Tindak lanjut"].values)
    [focus] = [r for r in rows if r[0] == "nilai_fokus_tahun_lalu"]
    assert (
        focus[2] == "AD"
        and isinstance(focus[11], float)
        and focus[12] in ("naik", "turun", "tetap")
    )


def national_row(text: str, code: str) -> str:
    start = text.index(f'data-instansi="{code}"')
    return text[start : text.index("</tr>", start)]


def test_the_national_view_shows_whether_a_plan_exists_and_the_share_done(world):
    Activity.objects.filter(title="Apel nilai").update(status=Status.DONE)
    client = login(Client(), world.admin)
    text = client.get(reverse("results:national_year", kwargs={"year": 2024})).content.decode()
    ours = national_row(text, "KAB-T01")
    assert "ada rencana" in ours and "50,0%" in ours
    assert "belum ada rencana" in national_row(text, "KOT-T02")


def test_the_national_view_tells_nothing_of_the_plan_of_an_instansi_not_shown(world, make_instansi):
    """A hidden instansi-year is listed without figures; whether it has a plan is not told
    either (the plan's progress would say something of a year that is not shown)."""
    hidden = make_instansi(code="KAB-T09", name="Kabupaten Kecil")
    cycle = do_open_cycle(do_create_cycle(hidden, 2024, actor=None), actor=None)
    add_responses(cycle, {"U01": 3})
    do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    do_choose_focus(cycle, ["AD"], [], actor=world.admin)
    text = (
        login(Client(), world.admin)
        .get(reverse("results:national_year", kwargs={"year": 2024}))
        .content.decode()
    )
    row = national_row(text, "KAB-T09")
    assert "Kabupaten Kecil" in row and "rencana" not in row
    assert national_plans(2024, ["KAB-T01"]).keys() == {"KAB-T01"}
