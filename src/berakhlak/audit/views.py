"""The audit log, readable by the national admin."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..accounts.access import admin_required
from .models import Event


@admin_required
def log(request: HttpRequest) -> HttpResponse:
    events = Event.objects.all()
    instansi = request.GET.get("instansi", "").strip()
    if instansi:
        events = events.filter(instansi_code=instansi)
    page = Paginator(events, 50).get_page(request.GET.get("halaman"))
    return render(request, "audit/log.html", {"page": page, "instansi": instansi, "nav": "audit"})
