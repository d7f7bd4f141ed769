"""The landing page, the reading aids (glossary, method), the health check and error pages."""

from __future__ import annotations

import time

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from .. import __version__
from ..accounts.access import home_for, is_admin, membership_of
from ..opendata.models import OpenDataYear
from ..results.glossary import TERMS


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and membership_of(request.user) is not None:
        return home_for(request.user)
    open_years = list(OpenDataYear.objects.values_list("year", flat=True))
    return render(request, "home.html", {"open_years": open_years})


def glossary(request: HttpRequest) -> HttpResponse:
    """The words of the results in plain language, each with the method's section."""
    return render(request, "site/glossary.html", {"terms": TERMS, "nav": "glossary"})


def method(request: HttpRequest) -> HttpResponse:
    """The method document (docs/method.md, rendered into the package)."""
    return render(request, "site/method.html", {"nav": "method"})


def livez(request: HttpRequest) -> JsonResponse:
    """The process answers (no database): for load balancers, and the benchmarks' ceiling."""
    return JsonResponse({"status": "ok"})


def healthz(request: HttpRequest) -> JsonResponse:
    """{"status": "ok"} when the database answers, 503 {"status": "error"} otherwise. The
    version and the database's details are for the national admin only: to anyone else
    they would only help to choose an exploit."""
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception as exc:  # any database failure makes the service unhealthy
        database = f"error: {type(exc).__name__}"
    ok = database == "ok"
    answer: dict[str, object] = {"status": "ok" if ok else "error"}
    if ok and is_admin(request.user):  # a signed-in admin (the database answered)
        answer |= {
            "database": database,
            "database_vendor": connection.vendor,
            "version": __version__,
            "latency_ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return JsonResponse(answer, status=200 if ok else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):  # the API answers in JSON, also for unknown URLs
        return JsonResponse({"error": "not found"}, status=404)
    return render(request, "404.html", status=404)
