"""The national PDF and workbook carry the national page's "Rencana aksi" column: for the
ranked (shown) instansi only; a hidden instansi-year's plan is not told (issue 14)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from berakhlak.followup.actions import do_choose_focus, do_update_activity
from berakhlak.followup.models import Activity, Status
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from helpers.results_world import machine_sheets
from helpers.web import add_responses, body, login


@pytest.fixture(autouse=True)
def own_data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """No national PDF kept by another test of this process."""
    settings.DATA_DIR = tmp_path


def hidden_instansi_with_a_plan(world, make_instansi) -> None:  # type: ignore[no-untyped-def]
    hidden = make_instansi(code="KAB-T09", name="Kabupaten Kecil")
    cycle = do_open_cycle(do_create_cycle(hidden, 2024, actor=None), actor=None)
    add_responses(cycle, {"U01": 3})
    do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    do_choose_focus(cycle, ["AD"], [], actor=world.admin)


def test_the_national_workbook_has_the_plan_columns_for_shown_instansi_only(world, make_instansi):
    Activity.objects.filter(title="Apel nilai").update(status=Status.DONE)
    hidden_instansi_with_a_plan(world, make_instansi)
    client = login(Client(), world.admin)
    response = client.get(reverse("reports:national_xlsx", kwargs={"year": 2024}))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert list(next(book["Peringkat"].iter_rows(values_only=True)))[-3:] == [
        "Rencana aksi",
        "Jumlah kegiatan",
        "Kegiatan selesai (%)",
    ]
    ranking = machine_sheets(book)["Peringkat"]  # machine names through the data dictionary
    head = ranking[0]
    assert head[-3:] == ("rencana_aksi", "jumlah_kegiatan", "persen_kegiatan_selesai")
    rows = {r[head.index("kode")]: r[-3:] for r in ranking[1:]}
    assert rows["KAB-T01"] == ("ya", 2, 50.0)
    assert rows["KOT-T02"] == ("tidak", None, None)
    assert "KAB-T09" not in rows
    out = list(book["Tidak diikutkan"].iter_rows(values_only=True))
    [hidden] = [r for r in out if r[0] == "KAB-T09"]
    assert len(hidden) == len(out[0]) == 6  # no plan column, nothing of its plan
    assert not any(isinstance(c, str) and c in ("ya", "tidak") for c in hidden)


def test_the_national_pdf_has_the_plan_column_for_shown_instansi_only(world, make_instansi):
    Activity.objects.filter(title="Apel nilai").update(status=Status.DONE)
    hidden_instansi_with_a_plan(world, make_instansi)
    client = login(Client(), world.admin)
    text = body(client.get(reverse("reports:national_pdf", kwargs={"year": 2024})))
    ranking = text[text.index("Peringkat instansi yang memenuhi syarat") :]
    ranking = " ".join(ranking[: ranking.index("Kabupaten Kecil")].split())  # table after it
    assert "Rencana aksi" in ranking
    assert "ada rencana, 50,0% selesai" in ranking
    assert "belum ada rencana" in ranking  # Kota Lain
    after = " ".join(text[text.index("Kabupaten Kecil") :].split())
    assert "rencana" not in after.split("Kabupaten Kecil", 1)[1][:200]


def test_a_plan_that_moves_renders_the_kept_national_pdf_again(world):
    client = login(Client(), world.admin)
    url = reverse("reports:national_pdf", kwargs={"year": 2024})
    before = " ".join(body(client.get(url)).split())
    assert "ada rencana, 0,0% selesai" in before
    activity = Activity.objects.get(title="Apel nilai")
    do_update_activity(activity, Status.DONE, activity.starts_on, "", actor=world.operator)
    after = " ".join(body(client.get(url)).split())
    assert "ada rencana, 50,0% selesai" in after
