"""Site-wide behaviour: the health check, the language, security headers."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from helpers.web import login


def test_healthz_tells_an_anonymous_visitor_only_that_the_site_is_healthy(world, client):
    """Version and database details help an attacker pick an exploit; a load balancer
    needs the status alone."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok"}
    for role in ("operator", "leader", "unit_leader"):
        assert login(Client(), getattr(world, role)).get("/healthz").json() == {"status": "ok"}


def test_healthz_reports_version_and_database_to_the_national_admin(world):
    data = login(Client(), world.admin).get("/healthz").json()
    assert data["status"] == "ok" and data["database"] == "ok"
    assert data["database_vendor"] == connection.vendor
    assert isinstance(data["version"], str) and data["latency_ms"] >= 0


def test_healthz_reports_an_error_when_the_database_does_not_answer(db, client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("weg")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


def test_pages_open_in_indonesian_whatever_the_browser_asks_for(db, client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in page.content.decode()
    assert page["Content-Language"] == "id"


def test_the_language_switch_keeps_english_in_a_cookie(db, client):
    switched = client.post("/bahasa/", {"language": "en", "next": "/akun/masuk/"})
    assert switched.status_code == 302 and switched["Location"] == "/akun/masuk/"
    page = client.get("/akun/masuk/")
    assert '<html lang="en">' in page.content.decode() and page["Content-Language"] == "en"


def test_every_page_carries_a_strict_content_security_policy(db, client):
    response = client.get("/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
