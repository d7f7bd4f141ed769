"""Handing out a survey cycle's links: the links page with its share texts, each unit's QR
code and poster (their downloads recorded), and personal codes. Pages like `views`."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..accounts.access import get_cycle_for_user, member_required
from ..audit.actions import record
from ..common.export import csv_response
from ..common.pdf import render_pdf
from .actions import TransitionRefused, do_issue_tokens
from .forms import TokensForm
from .models import Access, Cycle, CycleUnit
from .posters import poster_context
from .qr import qr_png, qr_svg


def _managed(request: HttpRequest, pk: int) -> Cycle:
    return get_cycle_for_user(request.user, pk, manage=True)


def link_url(request: HttpRequest, unit: CycleUnit) -> str:
    return request.build_absolute_uri(reverse("responses:start", kwargs={"link": unit.link_token}))


def share_text(unit: CycleUnit, url: str) -> str:
    return _(
        "Mohon kesediaan Bapak/Ibu mengisi Survei Budaya Kerja BerAKHLAK %(year)d untuk "
        "%(unit)s (anonim, ±10 menit): %(url)s"
    ) % {"year": unit.cycle.year, "unit": unit.name, "url": url}


@member_required
def links(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    rows = []
    for unit in cycle.units.order_by("code"):
        url = link_url(request, unit)
        rows.append(
            {
                "unit": unit,
                "url": url,
                "whatsapp": "https://wa.me/?text=" + quote(share_text(unit, url)),
            }
        )
    return render(
        request,
        "surveys/links.html",
        {"cycle": cycle, "instansi": cycle.instansi, "rows": rows, "nav": "instansi"},
    )


def _unit(cycle: Cycle, code: str) -> CycleUnit:
    return get_object_or_404(CycleUnit, cycle=cycle, code=code)


@member_required
def qr(request: HttpRequest, pk: int, unit_code: str, fmt: str) -> HttpResponse:
    cycle = _managed(request, pk)
    unit = _unit(cycle, unit_code)
    url = link_url(request, unit)
    if fmt == "svg":
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    elif fmt == "png":
        response = HttpResponse(qr_png(url), content_type="image/png")
    else:
        raise Http404
    if request.GET.get("unduh"):
        name = f"qr-{cycle.instansi.code}-{cycle.year}-{unit.code}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        _downloaded(request, cycle, "qr.download", name)
    return response


def _downloaded(request: HttpRequest, cycle: Cycle, action: str, name: str) -> None:
    """QR codes and posters carry a unit's link: who took which, when."""
    record(
        request.user,
        action,
        f"Mengunduh {name}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        file=name,
    )


@member_required
def poster(request: HttpRequest, pk: int, unit_code: str | None = None) -> HttpResponse:
    """A4 poster(s) with the QR code and instructions: one unit, or every unit."""
    cycle = _managed(request, pk)
    units = [_unit(cycle, unit_code)] if unit_code else list(cycle.units.order_by("code"))
    pages = [poster_context(unit, link_url(request, unit)) for unit in units]
    pdf = render_pdf("surveys/poster.html", {"cycle": cycle, "pages": pages})
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"poster-{cycle.instansi.code}-{cycle.year}-{unit_code or 'semua-unit'}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    _downloaded(request, cycle, "poster.download", name)
    return response


@never_cache  # the CSV is the only copy of the codes
@member_required
def tokens(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    form = TokensForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            issued = do_issue_tokens(unit, form.cleaned_data["count"], actor=request.user)
        except TransitionRefused:
            messages.error(request, _("Kode pribadi hanya dapat dibuat selama siklus dibuka."))
            return redirect("surveys:tokens", pk=cycle.pk)
        personal = [
            request.build_absolute_uri(
                reverse("responses:personal", kwargs={"link": unit.link_token, "token": t})
            )
            for t in issued
        ]
        return csv_response(
            f"kode-{cycle.instansi.code}-{cycle.year}-{unit.code}.csv",
            ["instansi", "unit_code", "unit_name", "kode", "tautan"],
            [
                [cycle.instansi.name, unit.code, unit.name, t, url]
                for t, url in zip(issued, personal, strict=True)
            ],
        )
    # Codes made per unit: those left plus the used ones (a used code is deleted, and each
    # response used one). The used ones are not shown per unit: they are the unit's
    # responses received, valid or not (see participation.UnitParticipation).
    codes_used = cycle.access == Access.TOKEN
    issued_counts = [
        (u, u.tokens.count() + (u.responses.count() if codes_used else 0))
        for u in cycle.units.order_by("code")
    ]
    return render(
        request,
        "surveys/tokens.html",
        {
            "cycle": cycle,
            "instansi": cycle.instansi,
            "form": form,
            "issued": issued_counts,
            "nav": "instansi",
        },
    )
