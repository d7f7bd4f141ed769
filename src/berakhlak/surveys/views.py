"""Running a survey cycle: create, open/close/publish, extend, reporting groups, live
participation and the year's evidence rubric. Handing out its links (links page, QR
codes, posters, personal codes) is in `distribution_views`."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from ..accounts.access import (
    admin_required,
    get_cycle_for_user,
    get_instansi_for_user,
    member_required,
)
from ..audit.actions import record
from ..common.export import csv_response, xlsx_response
from ..orgs.groups import do_apply_group_proposal, proposal_for, small_units
from ..reports.dictionary import readable
from ..results.actions import do_close_cycle
from ..results.consequences import CONFIRMED, consequences
from ..results.participation import participation
from ..results.participation_table import participation_table, table_params
from .actions import (
    TransitionRefused,
    do_create_cycle,
    do_extend_cycle,
    do_open_cycle,
    do_publish_cycle,
    do_publish_rubric,
    do_update_cycle,
)
from .forms import CycleForm, ExtendForm, RubricForm, rubric_text
from .models import Cycle, Status, rubric_of_year


def _managed(request: HttpRequest, pk: int) -> Cycle:
    return get_cycle_for_user(request.user, pk, manage=True)


@member_required
def create(request: HttpRequest, code: str) -> HttpResponse:
    instansi = get_instansi_for_user(request.user, code, manage=True)
    form = CycleForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        cycle = do_create_cycle(
            instansi,
            d["year"],
            access=d["access"],
            opens_on=d["opens_on"],
            closes_on=d["closes_on"],
            k=d["k"],
            margin=d["margin"],
            **form.evaluation_settings(),
            actor=request.user,
        )
        messages.success(request, _("Siklus %(year)d dibuat sebagai draf.") % {"year": cycle.year})
        return redirect("surveys:detail", pk=cycle.pk)
    return render(
        request, "surveys/form.html", {"instansi": instansi, "form": form, "nav": "instansi"}
    )


@member_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    params = cycle.method_params()
    draft = cycle.status == Status.DRAFT
    small = small_units(cycle.instansi, params.k, params.margin) if draft else []
    return render(
        request,
        "surveys/detail.html",
        {
            "cycle": cycle,
            "instansi": cycle.instansi,
            "params": params,
            "nav": "instansi",
            "n_units": cycle.units.count(),
            "n_responses": cycle.responses.count(),
            "n_active_units": cycle.instansi.units.filter(active=True).count(),
            "small": small,
            "never_shown": [u for u in small if u.never_shown(params.k)],
            "proposal": proposal_for(cycle.instansi, params.k, params.margin) if draft else [],
            "rubric": cycle.evaluation_rubric() if cycle.evaluated else None,
            "survey_percent": round(params.survey_weight * 100),
            "evidence_percent": round(params.evidence_weight * 100),
        },
    )


@member_required
@require_POST
def apply_groups(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept the proposed reporting groups of a draft cycle's page: they are set on the
    instansi's units (the org structure) and frozen into the cycle when it opens."""
    cycle = _managed(request, pk)
    if cycle.status != Status.DRAFT:
        messages.error(request, _("Kelompok pelaporan hanya diusulkan sebelum siklus dibuka."))
        return redirect("surveys:detail", pk=cycle.pk)
    params = cycle.method_params()
    proposal = proposal_for(cycle.instansi, params.k, params.margin)
    moved = do_apply_group_proposal(cycle.instansi, proposal, actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(n)d unit dimasukkan ke kelompok pelaporan.",
            "%(n)d unit dimasukkan ke kelompok pelaporan.",
            moved,
        )
        % {"n": moved},
    )
    return redirect("surveys:detail", pk=cycle.pk)


@member_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    if cycle.status != Status.DRAFT:
        messages.error(request, _("Pengaturan siklus hanya dapat diubah selama masih draf."))
        return redirect("surveys:detail", pk=cycle.pk)
    params = cycle.method_params()
    initial = {
        "year": cycle.year,
        "access": cycle.access,
        "opens_on": cycle.opens_on,
        "closes_on": cycle.closes_on,
        "k": params.k,
        "margin": params.margin,
        "mode": cycle.mode,
        "evidence_percent": round(params.evidence_weight * 100),
        "evaluation_opens_on": cycle.evaluation_opens_on,
        "evaluation_closes_on": cycle.evaluation_closes_on,
    }
    form = CycleForm(request.POST or None, initial=initial, instansi=cycle.instansi, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            do_update_cycle(
                cycle,
                access=d["access"],
                opens_on=d["opens_on"],
                closes_on=d["closes_on"],
                k=d["k"],
                margin=d["margin"],
                **form.evaluation_settings(),
                actor=request.user,
            )
        except TransitionRefused:  # opened meanwhile
            messages.error(request, _("Pengaturan siklus hanya dapat diubah selama masih draf."))
        return redirect("surveys:detail", pk=cycle.pk)
    return render(
        request,
        "surveys/form.html",
        {"instansi": cycle.instansi, "cycle": cycle, "form": form, "nav": "instansi"},
    )


@member_required
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    """A later closing date for an open cycle: more time when participation is low."""
    cycle = _managed(request, pk)
    if cycle.status != Status.OPEN:
        messages.error(request, _("Hanya siklus yang sedang dibuka yang dapat diperpanjang."))
        return redirect("surveys:detail", pk=cycle.pk)
    form = ExtendForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        closes_on = form.cleaned_data["closes_on"]
        try:
            do_extend_cycle(cycle, closes_on, actor=request.user)
        except TransitionRefused:  # closed, or extended further, meanwhile
            messages.error(request, _("Tanggal tutup tidak diubah; muat ulang halaman siklus."))
        else:
            messages.success(
                request,
                _("Siklus diperpanjang sampai %(date)s.")
                % {"date": date_format(closes_on, "j F Y")},
            )
        return redirect("surveys:detail", pk=cycle.pk)
    return render(
        request,
        "surveys/extend.html",
        {"instansi": cycle.instansi, "cycle": cycle, "form": form, "nav": "instansi"},
    )


TRANSITIONS = {"buka": do_open_cycle, "tutup": do_close_cycle, "publikasi": do_publish_cycle}
TRANSITION_MESSAGES = {
    "buka": gettext_lazy("Siklus dibuka. Tautan unit sudah dapat dibagikan."),
    "tutup": gettext_lazy("Siklus ditutup. Kuesioner tidak lagi menerima jawaban."),
    "publikasi": gettext_lazy("Hasil dipublikasikan. Pimpinan sekarang dapat membacanya."),
}


@member_required
def confirm(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Closing and publishing cannot be undone: this page says what they will do (with this
    cycle's figures) and holds the form that does it. A plain page, no script needed."""
    cycle = _managed(request, pk)
    if action not in CONFIRMED:
        raise Http404
    return render(
        request,
        "surveys/confirm.html",
        {
            "cycle": cycle,
            "instansi": cycle.instansi,
            "c": consequences(cycle, action),
            "nav": "instansi",
        },
    )


@member_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    cycle = _managed(request, pk)
    step = TRANSITIONS.get(action)
    if step is None:
        raise Http404
    if action in CONFIRMED and request.POST.get("konfirmasi") != "ya":
        # Not from the confirmation page (an old form, a hand-made POST): ask first.
        return redirect("surveys:confirm", pk=cycle.pk, action=action)
    try:
        step(cycle, actor=request.user)
    except TransitionRefused:
        messages.error(
            request,
            _(
                "Langkah ini tidak dapat dilakukan pada status siklus saat "
                "ini (atau instansi belum memiliki unit aktif)."
            ),
        )
    else:
        messages.success(request, str(TRANSITION_MESSAGES[action]))
    return redirect("surveys:detail", pk=cycle.pk)


@member_required
def participation_page(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    template = (
        "surveys/_participation.html"
        if request.headers.get("HX-Request")
        else "surveys/participation.html"
    )
    p = participation(cycle)
    context = {"cycle": cycle, "instansi": cycle.instansi, "p": p, "nav": "instansi"}
    context["table"] = participation_table(table_params(request), p.units)
    return render(request, template, context)


@member_required
def participation_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The units below their target, for follow-up by the operator."""
    cycle = _managed(request, pk)
    p = participation(cycle)
    # valid responses only, as on the page (participation.UnitParticipation)
    header = ["unit_code", "unit_name", "headcount", "target", "respons_sah", "kekurangan",
              "capaian_persen"]  # fmt: skip
    rows = [
        [
            u.unit.code,
            u.unit.name,
            u.unit.headcount,
            u.target,
            u.valid,
            max(u.target - u.valid, 0),
            round(u.attainment, 1),
        ]
        for u in p.below
    ]
    name = f"unit-di-bawah-target-{cycle.instansi.code}-{cycle.year}"
    if fmt not in ("csv", "xlsx"):
        raise Http404
    record(
        request.user,
        "participation.export",
        f"Mengunduh {name}.{fmt}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
    )
    if fmt == "csv":
        return csv_response(f"{name}.csv", header, rows)
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", readable({"Di bawah target": (header, rows)}))
    raise Http404


@admin_required
def rubric(request: HttpRequest, year: int) -> HttpResponse:
    """The national admin publishes the evidence rubric of a year (frozen into each cycle
    of that year when it opens)."""
    if not 2020 <= year <= 2100:
        raise Http404
    current = rubric_of_year(year)
    initial = {"scale_max": current.scale_max, "criteria": rubric_text(current)}
    form = RubricForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        do_publish_rubric(year, form.cleaned_data["rubric"], actor=request.user)
        messages.success(request, _("Rubrik %(year)d diterbitkan.") % {"year": year})
        return redirect("surveys:rubric", year=year)
    frozen = Cycle.objects.filter(year=year).exclude(rubric={}).count()
    return render(
        request,
        "surveys/rubric.html",
        {"form": form, "year": year, "rubric": current, "frozen": frozen, "nav": "instansi"},
    )
