"""Running a survey cycle: create, open/close/publish, links and QR codes, personal codes,
and live participation."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..accounts.access import (
    admin_required,
    get_cycle_for_user,
    get_instansi_for_user,
    member_required,
)
from ..audit.actions import record
from ..common.export import csv_response, xlsx_response
from ..common.pdf import render_pdf
from ..orgs.groups import do_apply_group_proposal, proposal_for, small_units
from ..reports.dictionary import readable
from ..results.actions import do_close_cycle
from ..results.consequences import CONFIRMED, consequences
from ..results.participation import participation
from .actions import (
    TransitionRefused,
    do_create_cycle,
    do_extend_cycle,
    do_issue_tokens,
    do_open_cycle,
    do_publish_cycle,
    do_publish_rubric,
    do_update_cycle,
)
from .forms import CycleForm, ExtendForm, RubricForm, TokensForm, rubric_text
from .models import Access, Cycle, CycleUnit, Status, rubric_of_year
from .posters import poster_context
from .qr import qr_png, qr_svg


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


@member_required
def participation_page(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = _managed(request, pk)
    template = (
        "surveys/_participation.html"
        if request.headers.get("HX-Request")
        else "surveys/participation.html"
    )
    return render(
        request,
        template,
        {"cycle": cycle, "instansi": cycle.instansi, "p": participation(cycle), "nav": "instansi"},
    )


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
