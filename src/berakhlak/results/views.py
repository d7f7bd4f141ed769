"""Dashboards: an instansi-year, one unit, the leader's own unit, and the national view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..accounts.access import (
    admin_required,
    can_edit_plan,
    get_cycle_for_user,
    get_cycle_unit_for_user,
    member_required,
    membership_of,
    unit_cycles_for_user,
    unit_years_for_user,
)
from ..common.labels import bilingual, lang
from ..method.indices import INDEX_LABELS, INDEX_NAMES
from ..surveys.actions import do_extend_cycles
from .chartsets import charts_for, national_charts, unit_trend_charts
from .comments import comments_view
from .cycle_results import build_dashboard, build_unit_dashboard
from .details import DetailsView
from .followup import followup_of
from .forms import NationalExtendForm
from .instansi_trend import instansi_trend
from .national import national_view
from .national_participation import national_participation
from .national_participation_search import search_lines
from .tables import heatmap, national_ranking, ranking


@member_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, pk)
    if not cycle.has_results:
        raise Http404
    language = lang()
    d = build_dashboard(cycle, language)
    m = membership_of(request.user)
    return render(
        request,
        "results/dashboard.html",
        {
            "d": d,
            "cycle": cycle,
            "charts": charts_for(d, language),
            "nav": "instansi",
            "dv": DetailsView(d.details, d.pool, language) if d.details else None,
            "manage": m is not None and (m.is_admin or m.is_operator),
            "value_codes": list(d.pool.value_codes),
            "followup": followup_of(cycle, d, timezone.localdate()),
            "followup_edit": can_edit_plan(request.user),
            "heatmap": heatmap(request.GET, d.units, d.pool),
            "ranking": ranking(request.GET, d.ranked_units, d.baseline_year),
            "comments": comments_view(request.GET, d.texts),
            "trend": instansi_trend(d.result, d.pool, language),
        },
    )


@member_required
def unit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    cycle_unit = get_cycle_unit_for_user(request.user, pk, code)
    cycle = cycle_unit.cycle
    if not cycle.has_results:
        raise Http404
    language = lang()
    d = build_unit_dashboard(cycle, code, language)
    m = membership_of(request.user)
    return render(
        request,
        "results/unit.html",
        {
            "d": d,
            "cycle": cycle,
            "charts": charts_for(d, language),
            "dv": DetailsView(d.details, d.pool, language) if d.details else None,
            "instansi_view": m is not None and not m.is_unit_leader,
            "years": unit_years_for_user(request.user, cycle_unit),
            "trend_charts": unit_trend_charts(d, language),
            "comments": comments_view(request.GET, d.texts),
        },
    )


@member_required
def my_unit(request: HttpRequest) -> HttpResponse:
    """A unit leader's start page: their unit in the latest cycle with results."""
    m = membership_of(request.user)
    if m is None or not m.is_unit_leader:
        raise Http404
    latest = unit_cycles_for_user(request.user).order_by("-cycle__year").first()
    if latest is None:
        return render(request, "results/no_results.html", {"membership": m})
    return redirect("results:unit", pk=latest.cycle_id, code=latest.code)


@admin_required
def national(request: HttpRequest, year: int | None = None) -> HttpResponse:
    language = lang()
    view = national_view(year, language)
    context: dict[str, Any] = {"view": view, "nav": "national"}
    if view.summary is not None:
        context["ranking"] = national_ranking(request.GET, view.ranked)
        context["charts"] = national_charts(view, language)
        context["index_labels"] = [bilingual(INDEX_LABELS[n], language) for n in INDEX_NAMES]
    return render(request, "results/national.html", context)


@admin_required
def national_participation_page(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Fieldwork across all instansi: valid responses against each minimum, days left, and
    a later closing date for one instansi or all."""
    p = national_participation(year, request.GET.get("urut", "capaian"))
    form = None
    if p.year is not None:
        form = NationalExtendForm(request.POST or None, year=p.year)
        if request.method == "POST" and form.is_valid():
            closes_on = form.cleaned_data["closes_on"]
            extended, left = do_extend_cycles(form.cycles(), closes_on, actor=request.user)
            messages.success(
                request,
                ngettext(
                    "%(n)d siklus diperpanjang sampai %(date)s.",
                    "%(n)d siklus diperpanjang sampai %(date)s.",
                    len(extended),
                )
                % {"n": len(extended), "date": date_format(closes_on, "j F Y")},
            )
            if left:
                messages.info(
                    request,
                    _("Tidak diubah (sudah tutup pada tanggal itu atau sesudahnya): %(names)s.")
                    % {"names": ", ".join(c.instansi.name for c in left)},
                )
            url = reverse("results:national_participation_year", kwargs={"year": p.year})
            return redirect(f"{url}?urut={p.sort}")
    search = search_lines(request.GET, p.lines(), p.sort) if p.year is not None else None
    return render(
        request,
        "results/national_participation.html",
        {"p": p, "form": form, "nav": "participation", "search": search},
    )
