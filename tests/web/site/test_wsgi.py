"""The WSGI application: a plain questionnaire submission goes straight to its view with
the host check, HTTPS redirect and security headers Django would give it; any other
request goes through Django."""

from __future__ import annotations

import json
from typing import Any

import pytest

from berakhlak.responses.models import Response
from berakhlak.site import wsgi
from berakhlak.site.wsgi import Application, application
from helpers import web
from helpers.web import call

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_the_test_connection")]


def submission(survey: Any, nonce: str = "nonce-api-0123456789") -> bytes:
    return json.dumps(web.submission(survey.units.get(code="U01").link_token, nonce)).encode()


def test_a_submission_goes_straight_to_its_view_and_gets_the_security_headers(survey, monkeypatch):
    recycled: list[bool] = []  # Django's request_started and request_finished duty
    monkeypatch.setattr(wsgi, "close_old_connections", lambda: recycled.append(True))
    status, headers, content = call("POST", "/api/v1/responses", submission(survey))
    assert recycled == [True, True]
    assert (status, json.loads(content)) == (201, {"stored": True})
    assert Response.objects.count() == 1
    assert headers["Content-Length"] == str(len(content))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Permissions-Policy" in headers
    # Not through the middleware chain: no session, language or CSRF handling.
    assert "Vary" not in headers and "Content-Language" not in headers
    assert "Set-Cookie" not in headers


def test_the_short_way_answers_with_the_security_headers_django_gives(survey):
    _, short, _ = call("POST", "/api/v1/responses", submission(survey))
    data = submission(survey, nonce="nonce-lewat-django-0123")
    _, django, _ = call("POST", "/api/v1/responses", data, app=application.django)
    for name in ("Vary", "Content-Language"):  # the language middleware's
        django.pop(name)
    assert short == django


def test_https_redirect_and_hsts_as_django_s_security_middleware_does(survey, settings):
    settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS = True, 3600
    app = Application()
    status, headers, _ = call("POST", "/api/v1/responses", submission(survey), app=app)
    assert status == 301 and headers["Location"] == "https://testserver/api/v1/responses"
    status, headers, _ = call(
        "POST", "/api/v1/responses", submission(survey), app=app, **{"wsgi.url_scheme": "https"}
    )
    assert status == 201 and headers["Strict-Transport-Security"].startswith("max-age=3600")
    assert Response.objects.count() == 1


def test_anything_more_than_a_plain_submission_goes_through_django(survey):
    data = submission(survey)
    assert call("POST", "/api/v1/responses", data, host="evil.example")[0] == 400
    assert call("GET", "/api/v1/responses")[0] == 405
    assert call("POST", "/api/v1/responses", b"[" * 20_000)[0] == 413
    assert Response.objects.count() == 0
    status, headers, _ = call("POST", "/api/v1/responses", data, HTTP_COOKIE="bahasa=en")
    assert status == 201 and "Cookie" in headers["Vary"]  # the whole middleware chain
    assert Response.objects.count() == 1


def test_an_error_in_the_view_is_a_logged_server_error_in_json(survey, monkeypatch, caplog):
    def broken(request: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(application, "submit", broken)
    status, headers, content = call("POST", "/api/v1/responses", submission(survey))
    assert (status, json.loads(content)) == (500, {"error": "server error"})
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "boom" in caplog.text


def test_other_paths_run_through_every_middleware(survey):
    status, headers, _ = call("GET", f"/s/{survey.units.get(code='U01').link_token}/")
    assert status == 200
    assert headers["Content-Language"] == "id" and "Cookie" in headers["Vary"]
    assert "csrftoken" in headers.get("Set-Cookie", "")


# The middleware list the submission's short way (berakhlak/site/wsgi.py) was last checked
# against. The short way skips every middleware and does for a submission what each one
# would have done (host check, HTTPS redirect, security headers). When settings.MIDDLEWARE
# changes, read what the new or changed middleware does to a POST to /api/v1/responses
# without a cookie, do the same in Application._submission (or send such requests through
# Django), add a test of it above, and only then update this list.
CHECKED_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "berakhlak.site.middleware.SecurityHeadersMiddleware",
    "berakhlak.site.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "berakhlak.site.middleware.NulRejectMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "berakhlak.site.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def test_the_short_way_was_checked_against_the_middleware_in_force(settings):
    assert settings.MIDDLEWARE == CHECKED_MIDDLEWARE, (
        "settings.MIDDLEWARE changed: check the submission's short way in site/wsgi.py "
        "against it (see CHECKED_MIDDLEWARE), then update CHECKED_MIDDLEWARE"
    )
