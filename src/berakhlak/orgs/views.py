"""Instansi pages: overview, units and their headcounts, and the org-file import."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..accounts.access import (
    admin_required,
    cycles_for_user,
    get_instansi_for_user,
    member_required,
    membership_of,
)
from ..accounts.invitations import report_invitations
from ..accounts.onboarding import OperatorLine, do_onboard_from_import, operator_lines
from ..audit.actions import record
from ..common.export import csv_response, xlsx_response
from ..common.labels import lang
from ..files.org import GROUP_COLUMNS, ORG_COLUMNS
from ..files.problems import Problem
from ..method.eligibility import min_required
from .actions import do_create_instansi, do_save_unit
from .forms import ImportForm, InstansiForm, UnitForm
from .imports import UploadRejected, plan_import, problem_text, store_upload, upload_path
from .local_values import (
    LocalSetForm,
    TemplateForm,
    do_copy_local_template,
    do_delete_local_set,
    do_save_local_set,
    do_save_local_template,
)
from .models import Instansi, LocalValueSet, Unit


@admin_required
def instansi_list(request: HttpRequest) -> HttpResponse:
    form = InstansiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        instansi = do_create_instansi(
            data["code"], data["name"], data["region"], actor=request.user
        )
        messages.success(request, _("Instansi %(name)s dibuat.") % {"name": instansi.name})
        return redirect("orgs:instansi", code=instansi.code)
    rows = Instansi.objects.annotate(
        n_units=Count("units", filter=Q(units__active=True)),
        headcount_total=Sum("units__headcount", filter=Q(units__active=True)),
    ).order_by("name")
    return render(request, "orgs/list.html", {"rows": rows, "form": form, "nav": "instansi"})


@member_required
def instansi_detail(request: HttpRequest, code: str) -> HttpResponse:
    instansi = get_instansi_for_user(request.user, code)
    own = LocalValueSet.objects.filter(instansi=instansi).first()
    m = membership_of(request.user)
    assert m is not None
    manage = m.is_admin or m.is_operator
    units = list(instansi.units.order_by("code"))
    active = [u for u in units if u.active]
    headcount = sum(u.headcount for u in active)
    cycles = (
        cycles_for_user(request.user)
        .filter(instansi=instansi)
        .annotate(n_responses=Count("responses"))
        .order_by("-year")
    )
    return render(
        request,
        "orgs/detail.html",
        {
            "instansi": instansi,
            "units": units,
            "n_active": len(active),
            "headcount": headcount,
            "min_required": min_required(headcount) if headcount else 0,
            "cycles": cycles,
            "local_set": own.local_set() if own is not None else None,
            "manage": manage,
            "nav": "instansi",
        },
    )


@member_required
def unit_edit(request: HttpRequest, code: str, unit_code: str | None = None) -> HttpResponse:
    instansi = get_instansi_for_user(request.user, code, manage=True)
    unit = get_object_or_404(Unit, instansi=instansi, code=unit_code) if unit_code else None
    initial = (
        {
            "code": unit.code,
            "name": unit.name,
            "headcount": unit.headcount,
            "active": unit.active,
            "group_code": unit.group_code,
            "group_name": unit.group_name,
        }
        if unit
        else {"active": True}
    )
    form = UnitForm(request.POST or None, initial=initial, instansi=instansi, unit=unit)
    if request.method == "POST" and form.is_valid():
        do_save_unit(instansi, unit, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Unit disimpan."))
        return redirect("orgs:instansi", code=instansi.code)
    return render(
        request,
        "orgs/unit_form.html",
        {"instansi": instansi, "unit": unit, "form": form, "nav": "instansi"},
    )


def _import_target(request: HttpRequest, code: str | None) -> Instansi | None:
    """The instansi an import is for (operators), or None for an admin's multi-instansi file."""
    if code is not None:
        return get_instansi_for_user(request.user, code, manage=True)
    m = membership_of(request.user)
    if m is None or not m.is_admin:
        raise Http404
    return None


@member_required
def import_upload(request: HttpRequest, code: str | None = None) -> HttpResponse:
    instansi = _import_target(request, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = store_upload(form.cleaned_data["file"])
        except UploadRejected as reason:
            form.add_error("file", str(reason))
        else:
            request.session.setdefault("org_uploads", []).append(stored.name)
            request.session.modified = True
            url = (
                reverse("orgs:import_preview", kwargs={"code": instansi.code})
                if instansi
                else reverse("orgs:import_preview_all")
            )
            return redirect(f"{url}?berkas={stored.name}")
    return render(
        request, "orgs/import.html", {"instansi": instansi, "form": form, "nav": "instansi"}
    )


@member_required
def import_preview(request: HttpRequest, code: str | None = None) -> HttpResponse:
    instansi = _import_target(request, code)
    token = request.GET.get("berkas") or request.POST.get("berkas") or ""
    path = upload_path(token) if token in request.session.get("org_uploads", []) else None
    if path is None:
        messages.error(request, _("Berkas unggahan tidak ditemukan; unggah kembali."))
        return (
            redirect("orgs:import", code=instansi.code) if instansi else redirect("orgs:import_all")
        )
    m = membership_of(request.user)
    assert m is not None
    own = None if m.is_admin else (m.instansi.code if m.instansi else "")
    plan = plan_import(path, own, lang())
    if instansi is not None and plan.org is not None and set(plan.org.instansi) != {instansi.code}:
        plan.problems.append(
            _("Berkas harus berisi unit instansi %(code)s saja.") % {"code": instansi.code}
        )
    operators: list[OperatorLine] = []
    if plan.ok and plan.org is not None and plan.org.operators:
        operators, unfit = operator_lines(plan.org)
        plan.problems += [problem_text(Problem(path.name, None, m), lang()) for m in unfit]
    if request.method == "POST" and plan.ok:
        deactivate = request.POST.get("deactivate_missing") == "1"
        sent = do_onboard_from_import(
            plan, operators, deactivate_missing=deactivate, actor=request.user
        )
        path.unlink(missing_ok=True)
        report_invitations(request, sent)
        messages.success(
            request,
            ngettext(
                "Struktur organisasi diimpor: %(n)d unit.",
                "Struktur organisasi diimpor: %(n)d unit.",
                len(plan.changes),
            )
            % {"n": len(plan.changes)},
        )
        if instansi is not None:
            return redirect("orgs:instansi", code=instansi.code)
        return redirect("orgs:list")
    return render(
        request,
        "orgs/import_preview.html",
        {
            "instansi": instansi,
            "plan": plan,
            "token": token,
            "nav": "instansi",
            "counts": {k: plan.count(k) for k in ("new", "changed", "same", "deactivate")},
            "instansi_rows": [
                (line, [op for op in operators if op.instansi_code == line.code])
                for line in plan.instansi_lines()
            ],
        },
    )


@member_required
def export_units(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The instansi's current structure in the org-file format: edit it, import it back."""
    instansi = get_instansi_for_user(request.user, code, manage=True)
    rows = [
        [
            instansi.code,
            instansi.name,
            u.code,
            u.name,
            u.headcount,
            instansi.region,
            u.group_code,
            u.group_name,
        ]
        for u in instansi.units.filter(active=True).order_by("code")
    ]
    name = f"struktur-{instansi.code}.{fmt}"
    if fmt not in ("csv", "xlsx"):
        raise Http404
    record(request.user, "org.export", f"Mengunduh {name}", instansi_code=instansi.code)
    if fmt == "csv":
        return csv_response(name, [*ORG_COLUMNS, *GROUP_COLUMNS], rows)
    return xlsx_response(name, {"org": ([*ORG_COLUMNS, *GROUP_COLUMNS], rows)})


@member_required
def local_values(request: HttpRequest, code: str) -> HttpResponse:
    """The instansi's local value set: edit it, copy a national template, or remove it."""
    instansi = get_instansi_for_user(request.user, code, manage=True)
    own = LocalValueSet.objects.filter(instansi=instansi).first()
    templates = LocalValueSet.objects.filter(instansi=None)
    current = own.local_set() if own is not None else None
    form = LocalSetForm(request.POST or None, initial=LocalSetForm.initial_of(current))
    if request.method == "POST":
        if "template" in request.POST:
            choice = TemplateForm(request.POST)
            if not choice.is_valid():
                raise Http404
            do_copy_local_template(instansi, choice.cleaned_data["template"], actor=request.user)
            messages.success(request, _("Templat disalin; periksa dan ubah bila perlu."))
            return redirect("orgs:local_values", code=instansi.code)
        if "delete" in request.POST:
            do_delete_local_set(instansi, actor=request.user)
            messages.success(request, _("Set nilai lokal dihapus."))
            return redirect("orgs:instansi", code=instansi.code)
        if form.is_valid():
            do_save_local_set(instansi, form.cleaned_data["local_set"], actor=request.user)
            messages.success(request, _("Set nilai lokal disimpan."))
            return redirect("orgs:instansi", code=instansi.code)
    return render(
        request,
        "orgs/local_values.html",
        {
            "instansi": instansi,
            "form": form,
            "own": own,
            "templates": [(t.pk, t.local_set()) for t in templates],
            "nav": "instansi",
        },
    )


@admin_required
def local_templates(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The national templates of local value sets: the list, and one template to edit."""
    template = get_object_or_404(LocalValueSet, pk=pk, instansi=None) if pk else None
    current = template.local_set() if template is not None else None
    form = LocalSetForm(request.POST or None, initial=LocalSetForm.initial_of(current))
    if request.method == "POST" and form.is_valid():
        do_save_local_template(template, form.cleaned_data["local_set"], actor=request.user)
        messages.success(request, _("Templat nilai lokal disimpan."))
        return redirect("orgs:local_templates")
    templates = LocalValueSet.objects.filter(instansi=None)
    return render(
        request,
        "orgs/local_templates.html",
        {
            "form": form,
            "template": template,
            "templates": [(t.pk, t.local_set()) for t in templates],
            "nav": "instansi",
        },
    )
