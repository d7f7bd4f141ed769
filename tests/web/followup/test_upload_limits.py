"""A change agent's report with more bytes than one request may carry: the form says the
limits, and the refusal is a page that says them again, with nothing stored (issue 14)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from berakhlak.followup.models import AgentReport, ChangeAgent
from berakhlak.uploads.models import StoredFile
from helpers.uploads import photo, upload
from helpers.web import login


def test_the_report_form_says_the_limits_of_a_file_and_of_all_files_together(world):
    client = login(Client(), world.change_agent)
    page = client.get(reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": "U03"}))
    text = " ".join(page.content.decode().split())
    assert "paling banyak 5" in text
    assert "Setiap berkas paling besar 10 MB, dan semua berkas bersama paling besar 20 MB" in text


def test_five_files_over_the_request_limit_are_refused_with_a_page_and_nothing_is_stored(
    world, settings
):
    settings.BERAKHLAK_MAX_UPLOAD_BYTES = 1 << 20  # 1 MB: five 300 kB photos are too much
    settings.BERAKHLAK_FILE_MAX_BYTES = 1 << 20
    url = reverse("followup:reports", kwargs={"code": "KAB-T01", "unit": "U03"})
    client = login(Client(), world.change_agent)
    files_before, reports_before = StoredFile.objects.count(), AgentReport.objects.count()
    big = photo(size=(600, 600)) + b"\0" * 300_000  # a JPEG with bytes after its end
    response = client.post(
        url,
        {
            "agent": ChangeAgent.objects.get(name="Agen U03").pk,
            "on": "2025-04-01",
            "title": "Terlalu banyak foto",
            "description": "x",
            "participants": 3,
            "files": [upload(big, f"foto-{i}.jpg", "image/jpeg") for i in range(5)],
        },
    )
    assert response.status_code == 413
    text = " ".join(response.content.decode().split())
    assert "Kiriman terlalu besar" in text
    assert "paling besar 1 MB bersama-sama, dan setiap berkas paling besar 1 MB" in text
    assert "tidak ada yang disimpan" in text
    assert f'href="{url}"' in text  # back to the form
    assert "Content-Security-Policy" in response.headers
    assert StoredFile.objects.count() == files_before
    assert AgentReport.objects.count() == reports_before


def test_the_page_nginx_sends_a_body_over_its_limit_to_links_back_only_inside_the_site(client):
    url = reverse("too_large")
    inside = client.get(url, {"dari": "/tindak-lanjut/instansi/KAB-T01/unit/U03/laporan/"})
    assert inside.status_code == 413
    assert 'href="/tindak-lanjut/instansi/KAB-T01/unit/U03/laporan/"' in inside.content.decode()
    for away in ("https://jahat.example/", "//jahat.example/", "javascript:alert(1)"):
        page = client.get(url, {"dari": away}).content.decode()
        assert f'href="{away}"' not in page  # (the language switch keeps the URL, escaped)
        assert "Kembali ke beranda" in page


def test_the_page_speaks_english_to_who_chose_it(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("too_large")).content.decode()
    assert "Upload too large" in page


def test_the_api_is_still_answered_with_a_line_of_text(world, settings):
    settings.BERAKHLAK_MAX_UPLOAD_BYTES = 1000
    response = Client().post(
        "/api/v1/cycles", b"x" * 100_000, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert response.content == b"Request body too large."
