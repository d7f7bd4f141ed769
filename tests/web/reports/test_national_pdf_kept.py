"""The national PDF is rendered once per state of the national results and kept as a file
(reports/national_files.py): the timer renders it, requests find it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from berakhlak.reports import national_files
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from helpers.web import add_responses, login

URL = "/laporan/nasional/2024/laporan.pdf"


@pytest.fixture(autouse=True)
def own_data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """No file kept by another test of this process."""
    settings.DATA_DIR = tmp_path


def counting_renders(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    calls: list[int] = []
    render = national_files.national_report_pdf

    def counted(view, lang):  # type: ignore[no-untyped-def]
        calls.append(view.year)
        return render(view, lang)

    monkeypatch.setattr(national_files, "national_report_pdf", counted)
    return calls


def test_the_national_pdf_is_rendered_once_and_then_read_from_its_file(world, monkeypatch):
    calls = counting_renders(monkeypatch)
    client = login(Client(), world.admin)
    first = client.get(URL)
    second = client.get(URL)
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert second.content == first.content
    assert calls == [2024]


def test_a_publication_makes_the_kept_pdf_stale(world, make_instansi, monkeypatch):
    calls = counting_renders(monkeypatch)
    client = login(Client(), world.admin)
    client.get(URL)
    inst = make_instansi(code="KOT-BRU", name="Kota Baru", units=[("U01", "Sekretariat", 100)])
    cycle = do_open_cycle(do_create_cycle(inst, 2024, actor=None), actor=None)
    add_responses(cycle, {"U01": 90}, seed=9, texts=False)
    do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    client.get(URL)
    assert calls == [2024, 2024]
    kept = list((national_files._folder()).glob("nasional-2024-id-*.pdf"))
    assert len(kept) == 1  # the stale one is removed


def test_the_timer_renders_every_year_in_both_languages_so_requests_render_nothing(
    world, monkeypatch
):
    calls = counting_renders(monkeypatch)
    call_command("render_national_reports", verbosity=0)
    assert sorted(calls) == [2023, 2023, 2024, 2024]
    client = login(Client(), world.admin)
    assert client.get(URL).status_code == 200
    call_command("render_national_reports", verbosity=0)  # nothing changed: nothing to do
    assert len(calls) == 4
    assert client.get("/laporan/nasional/2022/laporan.pdf").status_code == 404
