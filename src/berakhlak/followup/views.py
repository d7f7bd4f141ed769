"""Follow-up pages: the action plan of a published cycle, choosing its focus, activities and
their updates and evidence, the register of change agents and role models, the change
agents' reports, and the download of an uploaded file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..accounts.access import (
    can_edit_plan,
    get_activity_for_user,
    get_file_for_user,
    get_instansi_for_user,
    get_plan_cycle_for_user,
    get_unit_for_reports,
    member_required,
    membership_of,
    plan_of,
    register_instansi_for_user,
)
from ..common.labels import lang
from ..method.items import default_pool
from ..results.cycle_results import build_dashboard
from ..uploads.store import UploadRefused, file_response
from .actions import (
    do_add_activity,
    do_add_change_agent,
    do_add_evidence,
    do_add_report,
    do_add_role_model,
    do_choose_focus,
    do_edit_activity,
    do_update_activity,
)
from .forms import (
    ActivityForm,
    ChangeAgentForm,
    EvidenceForm,
    FocusForm,
    ReportForm,
    RoleModelForm,
    UpdateForm,
    addresses_choices,
)
from .models import AgentReport, ChangeAgent, RoleModel
from .progress import focus_label, plan_progress, proposal_rows


def _refused(form: Any, error: UploadRefused, field: str) -> None:
    form.add_error(field, error.message.text(translation, lang()))


@member_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_plan_cycle_for_user(request.user, pk)
    m = membership_of(request.user)
    assert m is not None
    the_plan = plan_of(cycle)
    pool, language = default_pool(), lang()
    unit_id = None if can_edit_plan(request.user) else m.unit_id
    progress = (
        plan_progress(the_plan, pool, language, timezone.localdate(), unit_id) if the_plan else None
    )
    return render(
        request,
        "followup/plan.html",
        {
            "cycle": cycle,
            "plan": the_plan,
            "progress": progress,
            "edit": can_edit_plan(request.user),
            "focus": [focus_label(c, pool, language)[0] for c in the_plan.focus_values]
            if the_plan
            else [],
            "limiting": [focus_label(c, pool, language)[0] for c in the_plan.focus_limiting]
            if the_plan
            else [],
            "nav": "instansi",
        },
    )


@member_required
def focus(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_plan_cycle_for_user(request.user, pk, edit=True)
    language = lang()
    d = build_dashboard(cycle, language)
    proposals = d.focus_proposals
    current = plan_of(cycle)
    initial = (
        {"values": current.focus_values, "limiting": current.focus_limiting}
        if current and current.focus_values
        else {"values": proposals.values[:3]}
    )
    form = FocusForm(request.POST or None, initial=initial, pool=d.pool, lang=language)
    if request.method == "POST" and form.is_valid():
        do_choose_focus(
            cycle, form.cleaned_data["values"], form.cleaned_data["limiting"], actor=request.user
        )
        messages.success(request, _("Nilai fokus disimpan."))
        return redirect("followup:plan", pk=cycle.pk)
    return render(
        request,
        "followup/focus.html",
        {
            "cycle": cycle,
            "form": form,
            "proposals": proposal_rows(proposals, d.pool, language),
            "nav": "instansi",
        },
    )


def _activity_form(request: HttpRequest, cycle: Any, **kwargs: Any) -> ActivityForm:
    choices = addresses_choices(plan_of(cycle), default_pool(), lang())
    return ActivityForm(request.POST or None, instansi=cycle.instansi, choices=choices, **kwargs)


@member_required
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_plan_cycle_for_user(request.user, pk, edit=True)
    form = _activity_form(request, cycle)
    if request.method == "POST" and form.is_valid():
        activity = do_add_activity(cycle, form.cleaned_data, actor=request.user)
        messages.success(request, _("Kegiatan ditambahkan."))
        return redirect("followup:activity", pk=activity.pk)
    return render(
        request, "followup/activity_form.html", {"cycle": cycle, "form": form, "nav": "instansi"}
    )


@member_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for_user(request.user, pk, edit_all=True)
    cycle = activity.plan.cycle
    form = _activity_form(request, cycle, initial=ActivityForm.initial_of(activity))
    if request.method == "POST" and form.is_valid():
        do_edit_activity(activity, form.cleaned_data, actor=request.user)
        messages.success(request, _("Kegiatan disimpan."))
        return redirect("followup:activity", pk=activity.pk)
    return render(
        request,
        "followup/activity_form.html",
        {"cycle": cycle, "form": form, "activity": activity, "nav": "instansi"},
    )


@member_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    """An activity; its unit's leader and the plan's editors update its status and notes."""
    item = get_activity_for_user(request.user, pk)
    form = UpdateForm(request.POST or None, activity=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        do_update_activity(item, data["status"], data["on"], data["note"], actor=request.user)
        messages.success(request, _("Kegiatan diperbarui."))
        return redirect("followup:activity", pk=item.pk)
    return _activity_page(request, item, form, EvidenceForm())


def _activity_page(
    request: HttpRequest, item: Any, form: UpdateForm, evidence_form: EvidenceForm
) -> HttpResponse:
    pool, language = default_pool(), lang()
    return render(
        request,
        "followup/activity.html",
        {
            "a": item,
            "cycle": item.plan.cycle,
            "addresses": [focus_label(c, pool, language)[0] for c in item.addresses],
            "form": form,
            "evidence_form": evidence_form,
            "overdue": item.overdue(timezone.localdate()),
            "edit": can_edit_plan(request.user),
            "reports": item.reports.select_related("agent").prefetch_related("files__file"),
            "nav": "instansi",
        },
    )


@member_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_activity_for_user(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_add_evidence(
                item,
                data["label"],
                url=data["url"],
                upload=data["file"],
                submission=data["submission"],
                actor=request.user,
            )
        except UploadRefused as e:
            _refused(form, e, "file")
        else:
            messages.success(request, _("Bukti ditambahkan."))
            return redirect("followup:activity", pk=item.pk)
    return _activity_page(request, item, UpdateForm(activity=item), form)


@member_required
def file(request: HttpRequest, pk: int) -> HttpResponse:
    return file_response(get_file_for_user(request.user, pk))


@member_required
def register(request: HttpRequest, code: str) -> HttpResponse:
    """The change agents and role models of the instansi's units; its operator adds them."""
    instansi = get_instansi_for_user(request.user, code)
    if not register_instansi_for_user(request.user).filter(pk=instansi.pk).exists():
        raise Http404
    m = membership_of(request.user)
    manage = m is not None and (m.is_admin or m.is_operator)
    which = request.POST.get("form") if request.method == "POST" else None
    if which is not None and not manage:
        raise Http404
    agent_form = ChangeAgentForm(
        request.POST if which == "agent" else None, instansi=instansi, prefix="agent"
    )
    model_form = RoleModelForm(
        request.POST if which == "role_model" else None, instansi=instansi, prefix="model"
    )
    if which == "agent" and agent_form.is_valid():
        data = dict(agent_form.cleaned_data)
        do_add_change_agent(data.pop("unit"), data, actor=request.user)
        messages.success(request, _("Agen perubahan dicatat."))
        return redirect("followup:register", code=instansi.code)
    if which == "role_model" and model_form.is_valid():
        data = dict(model_form.cleaned_data)
        do_add_role_model(data.pop("unit"), data, actor=request.user)
        messages.success(request, _("Role model dicatat."))
        return redirect("followup:register", code=instansi.code)
    reports = (
        AgentReport.objects.filter(agent__unit__instansi=instansi)
        .select_related("agent", "agent__unit", "activity")
        .prefetch_related("files__file")
    )
    return render(
        request,
        "followup/register.html",
        {
            "instansi": instansi,
            "agents": ChangeAgent.objects.filter(unit__instansi=instansi)
            .select_related("unit")
            .annotate(n_reports=Count("reports")),
            "role_models": RoleModel.objects.filter(unit__instansi=instansi).select_related("unit"),
            "reports": reports,
            "agent_form": agent_form,
            "model_form": model_form,
            "manage": manage,
            "nav": "instansi",
        },
    )


@member_required
def reports(request: HttpRequest, code: str, unit: str) -> HttpResponse:
    """A unit's change agents' reports; a change agent of the unit adds one here."""
    the_unit = get_unit_for_reports(request.user, code, unit)
    form = ReportForm(request.POST or None, request.FILES or None, unit=the_unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agent, files = data.pop("agent"), data.pop("files")
        try:
            do_add_report(agent, data, files, actor=request.user)
        except UploadRefused as e:
            _refused(form, e, "files")
        else:
            messages.success(request, _("Laporan disimpan."))
            return redirect("followup:reports", code=code, unit=unit)
    return render(
        request,
        "followup/reports.html",
        {
            "unit": the_unit,
            "form": form,
            "agents": ChangeAgent.objects.filter(unit=the_unit),
            "role_models": RoleModel.objects.filter(unit=the_unit),
            "reports": AgentReport.objects.filter(agent__unit=the_unit)
            .select_related("agent", "activity")
            .prefetch_related("files__file"),
            "nav": "reports",
        },
    )
