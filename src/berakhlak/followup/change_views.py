"""Pages that change or remove what the follow-up stored: one page per object, its form to
edit it and a button to remove it (the page says what goes with it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..accounts.access import (
    get_agent_to_manage,
    get_evidence_to_change,
    get_report_to_change,
    get_role_model_to_manage,
    member_required,
)
from .change_forms import AgentEditForm, EvidenceEditForm, ReportEditForm, RoleModelEditForm
from .changes import (
    do_edit_change_agent,
    do_edit_evidence,
    do_edit_report,
    do_edit_role_model,
    do_remove_change_agent,
    do_remove_evidence,
    do_remove_report,
    do_remove_role_model,
)

REMOVE = "hapus"


def _removing(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get("action") == REMOVE


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "followup/change.html", {"nav": "instansi", **context})


@member_required
def agent(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agent_to_manage(request.user, pk)
    back = reverse("followup:register", kwargs={"code": item.unit.instansi.code})
    if _removing(request):
        do_remove_change_agent(item, actor=request.user)
        messages.success(request, _("Agen perubahan dihapus."))
        return redirect(back)
    form = AgentEditForm(request.POST or None, agent=item, prefix="agent")
    if request.method == "POST" and form.is_valid():
        do_edit_change_agent(item, form.cleaned_data, actor=request.user)
        messages.success(request, _("Data agen perubahan disimpan."))
        return redirect(back)
    n_reports, n_files = item.reports.count(), sum(r.files.count() for r in item.reports.all())
    return _page(
        request,
        {
            "heading": _("Ubah agen perubahan"),
            "name": item.name,
            "back": back,
            "form": form,
            "remove_label": _("Hapus agen perubahan"),
            "remove_note": _(
                "Menghapus agen perubahan ini juga menghapus %(reports)s laporannya dan "
                "%(files)s berkasnya."
            )
            % {"reports": n_reports, "files": n_files},
        },
    )


@member_required
def role_model(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_role_model_to_manage(request.user, pk)
    back = reverse("followup:register", kwargs={"code": item.unit.instansi.code})
    if _removing(request):
        do_remove_role_model(item, actor=request.user)
        messages.success(request, _("Role model dihapus."))
        return redirect(back)
    form = RoleModelEditForm(request.POST or None, person=item, prefix="model")
    if request.method == "POST" and form.is_valid():
        do_edit_role_model(item, form.cleaned_data, actor=request.user)
        messages.success(request, _("Data role model disimpan."))
        return redirect(back)
    return _page(
        request,
        {
            "heading": _("Ubah role model"),
            "name": item.name,
            "back": back,
            "form": form,
            "remove_label": _("Hapus role model"),
            "remove_note": _("Penetapan role model ini dihapus dari daftar."),
        },
    )


@member_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_report_to_change(request.user, pk)
    unit = item.agent.unit
    back = reverse("followup:reports", kwargs={"code": unit.instansi.code, "unit": unit.code})
    if _removing(request):
        do_remove_report(item, actor=request.user)
        messages.success(request, _("Laporan dihapus."))
        return redirect(back)
    form = ReportEditForm(request.POST or None, report=item)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        remove_files = data.pop("remove_files", [])
        do_edit_report(item, data, remove_files, actor=request.user)
        messages.success(request, _("Laporan disimpan."))
        return redirect(back)
    return _page(
        request,
        {
            "heading": _("Ubah laporan agen perubahan"),
            "name": item.title,
            "back": back,
            "form": form,
            "remove_label": _("Hapus laporan"),
            "remove_note": _("Menghapus laporan ini juga menghapus %(files)s berkasnya.")
            % {"files": item.files.count()},
        },
    )


@member_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_evidence_to_change(request.user, pk)
    back = reverse("followup:activity", kwargs={"pk": item.activity_id})
    if _removing(request):
        do_remove_evidence(item, actor=request.user)
        messages.success(request, _("Bukti dihapus."))
        return redirect(back)
    form = EvidenceEditForm(request.POST or None, evidence=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        do_edit_evidence(item, data["label"], data.get("url", ""), actor=request.user)
        messages.success(request, _("Bukti disimpan."))
        return redirect(back)
    return _page(
        request,
        {
            "heading": _("Ubah bukti"),
            "name": item.label,
            "back": back,
            "form": form,
            "remove_label": _("Hapus bukti"),
            "remove_note": _("Berkasnya ikut dihapus dari penyimpanan.")
            if item.file_id
            else _("Tautannya dihapus dari kegiatan."),
        },
    )
