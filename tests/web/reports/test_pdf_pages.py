"""No page of a report is mostly empty, but the cover: each PDF is drawn (pdftoppm, 30 dpi,
grey) and, on every page after the cover, the content must reach at least half-way down the
printable area (the @page margins of print.css; the page number below it does not count).
The last page ends where the report ends, so it needs only a quarter. Headings stay with what
follows them (print.css: break-after: avoid), so a heading alone at a page's foot cannot
happen either; the test also checks that no page holds text without its ink (a page with
only a page number)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from berakhlak.evaluation.actions import do_finalise_evaluation, do_score_unit
from berakhlak.method.combined import DEFAULT_RUBRIC
from berakhlak.method.local import local_set_data
from berakhlak.orgs.local_values import KREATIF
from berakhlak.surveys.models import Cycle
from helpers.web import limiting_culture, login

pytestmark = pytest.mark.django_db

TOP_MM, BOTTOM_MM, PAGE_MM = 18, 20, 297  # print.css: @page margin 18mm 16mm 20mm, A4
FULL, LAST = 0.5, 0.25


def reach(pdf: bytes) -> list[float]:
    """Per page: how far down the printable area the lowest ink lies (0 to 1)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-gray", "-r", "30", str(path), f"{folder}/p"], check=True)
        out = []
        for page in sorted(Path(folder).glob("p-*.pgm")):
            image = Image.open(page)
            width, height = image.size
            pixels = image.load()
            top = int(height * TOP_MM / PAGE_MM)
            bottom = int(height * (PAGE_MM - BOTTOM_MM) / PAGE_MM)
            inked = [y for y in range(top, bottom) if any(pixels[x, y] < 200 for x in range(width))]
            out.append((inked[-1] - top) / (bottom - top) if inked else 0.0)
        return out


def assert_no_mostly_empty_page(pdf: bytes, name: str) -> None:
    pages = reach(pdf)
    texts = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == len(texts) >= 2, name
    for number, (filled, text) in enumerate(zip(pages, texts, strict=True), start=1):
        if number == 1:
            continue  # the cover
        need = LAST if number == len(pages) else FULL
        assert filled >= need, f"{name}: page {number} is filled to {filled:.0%} only"
        assert len(text.split()) > 5, f"{name}: page {number} holds almost no text"


@pytest.mark.parametrize("file", ["pdf", "pdf-en", "pdf-small", "pdf-national"])
def test_no_page_of_the_instansi_or_national_report_is_mostly_empty(rendered, file):
    assert_no_mostly_empty_page(rendered.files[file], file)


def test_no_page_of_a_units_report_is_mostly_empty(world):
    client = login(Client(), world.unit_leader)
    url = reverse("reports:unit_pdf", kwargs={"pk": world.published.pk, "code": "U03"})
    assert_no_mostly_empty_page(client.get(url).content, "unit")


def test_no_page_is_mostly_empty_with_the_follow_up_local_values_and_evaluation_sections(world):
    """The world's published cycle with everything a report can hold: its follow-up plan and
    activities, a local value set, and a finalised evidence evaluation."""
    Cycle.objects.filter(pk=world.published.pk).update(
        local_values=local_set_data(KREATIF), mode="gabungan", rubric=DEFAULT_RUBRIC.as_dict()
    )
    limiting_culture(world)  # new responses: the counts, the local ones too, are made again
    for j, unit in enumerate(world.published.units.order_by("code")):
        for i, criterion in enumerate(DEFAULT_RUBRIC.codes):
            do_score_unit(unit, criterion, (i + j) % 3, actor=None)
    do_finalise_evaluation(world.published, actor=None)
    client = login(Client(), world.leader)
    pdf = client.get(reverse("reports:cycle_pdf", kwargs={"pk": world.published.pk})).content
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    for heading in ("Tindak lanjut", "Nilai lokal", "Indeks BerAKHLAK gabungan"):
        assert heading in text, heading
    assert_no_mostly_empty_page(pdf, "instansi with every section")


def test_the_measure_finds_a_mostly_empty_page():
    """The check itself: a report whose second page holds one line fails it."""
    import weasyprint  # noqa: PLC0415 - WeasyPrint loads slowly

    pages = ["<h1>Sampul</h1>", "<p>Satu baris saja di halaman ini, tidak lebih.</p>"]
    pages.append("<p>Halaman terakhir dengan sedikit isi yang cukup panjang.</p>" * 30)
    body = "".join(f"<div style='page-break-after: always'>{p}</div>" for p in pages)
    pdf = weasyprint.HTML(string=f"<html><body>{body}</body></html>").write_pdf()
    assert reach(pdf)[1] < FULL <= reach(pdf)[2]
    with pytest.raises(AssertionError, match="page 2 is filled"):
        assert_no_mostly_empty_page(pdf, "test")
