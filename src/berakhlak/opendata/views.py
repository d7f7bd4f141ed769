"""Open data: public pages and files of the published national years (no login), and the
national admin's page that publishes or withdraws a year."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..accounts.access import admin_required
from ..common.labels import lang
from ..method.items import default_pool
from ..results.national import national_view
from . import files
from .actions import NothingToPublish, do_publish_open_data, do_withdraw_open_data
from .forms import OpenDataForm
from .models import OpenDataYear


def index(request: HttpRequest) -> HttpResponse:
    years = list(OpenDataYear.objects.values_list("year", flat=True))
    return render(request, "opendata/index.html", {"years": years})


def year_page(request: HttpRequest, year: int) -> HttpResponse:
    published = get_object_or_404(OpenDataYear, year=year)
    data = published.data
    en = lang() == "en"
    pool = default_pool()
    national = [
        {
            "code": r[0],
            "name": r[2] if en else r[1],
            "value": r[3],
            "category": r[4],
            "median": r[5],
            "q1": r[6],
            "q3": r[7],
            "weighted": r[8],
        }
        for r in data["nasional"]
    ]
    value_names = [pool.value(c).name("en" if en else "id") for c in pool.value_codes]
    downloads = [
        (files.file_name(year, table, kind), kind.upper(), table)
        for kind in files.KINDS
        for table in files.TABLES
    ]
    context: dict[str, Any] = {
        "published": published,
        "data": data,
        "national": national,
        "value_names": value_names,
        "downloads": downloads,
        "xlsx": files.file_name(year, None, "xlsx"),
        "years": list(OpenDataYear.objects.values_list("year", flat=True)),
    }
    return render(request, "opendata/year.html", context)


def download(request: HttpRequest, year: int, name: str) -> HttpResponse:
    published = get_object_or_404(OpenDataYear, year=year)
    data = published.data
    content: bytes
    if name == files.file_name(year, None, "xlsx"):
        content, kind = files.xlsx_file(data), files.XLSX
    else:
        found = [
            (table, kind)
            for table in files.TABLES
            for kind in files.KINDS
            if name == files.file_name(year, table, kind)
        ]
        if not found:
            raise Http404
        table, ext = found[0]
        writer = files.csv_bytes if ext == "csv" else files.parquet_bytes
        content, kind = writer(data, table), files.KINDS[ext]
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def datapackage(request: HttpRequest, year: int) -> HttpResponse:
    published = get_object_or_404(OpenDataYear, year=year)
    package = files.datapackage(published.data, published.published_at.isoformat())
    return HttpResponse(
        json.dumps(package, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )


@admin_required
def manage(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = OpenDataForm(request.POST)
        if not form.is_valid():
            raise Http404
        year = form.cleaned_data["year"]
        if form.cleaned_data["action"] == "publish":
            try:
                do_publish_open_data(year, actor=request.user)
                messages.success(
                    request, _("Data terbuka %(year)s dipublikasikan.") % {"year": year}
                )
            except NothingToPublish:
                messages.error(
                    request, _("Tahun %(year)s belum punya hasil nasional.") % {"year": year}
                )
        elif do_withdraw_open_data(year, actor=request.user):
            messages.success(request, _("Data terbuka %(year)s ditarik.") % {"year": year})
        return redirect("opendata:manage")
    published = {o.year: o for o in OpenDataYear.objects.all()}
    years = sorted(set(national_view().years) | set(published), reverse=True)
    rows = [(y, published.get(y)) for y in years]
    return render(request, "opendata/manage.html", {"rows": rows, "nav": "opendata"})
