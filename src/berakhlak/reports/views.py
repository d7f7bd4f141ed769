"""Report downloads: the PDF and Excel workbook of an instansi-year, and of the nation."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from ..accounts.access import (
    admin_required,
    get_cycle_for_user,
    get_cycle_unit_for_user,
    member_required,
)
from ..audit.actions import record
from ..common.export import xlsx_response
from ..common.labels import lang
from ..evaluation.models import Evidence
from ..results.cycle_results import build_dashboard, build_unit_dashboard
from ..results.dashboard import UnitDashboard
from ..results.followup import followup_of
from ..results.national import national_view
from ..surveys.models import Cycle
from . import cycle_files
from .national_files import national_pdf_kept
from .rb_export import rb_workbook
from .workbook import cycle_workbook
from .workbook_national import national_workbook
from .workbook_unit import unit_workbook


def _downloaded(request: HttpRequest, name: str, instansi_code: str = "") -> None:
    """Downloads of results are actions too: who took which file, when."""
    record(
        request.user, "report.download", f"Mengunduh {name}", instansi_code=instansi_code, file=name
    )


def _pdf(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@member_required
def cycle_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, pk)
    if not cycle.has_results:
        raise Http404
    name = f"laporan-berakhlak-{cycle.instansi.code}-{cycle.year}.pdf"
    _downloaded(request, name, cycle.instansi.code)
    d = build_dashboard(cycle, lang())
    return _pdf(cycle_files.cycle_pdf(cycle, d, followup_of(cycle, d, timezone.localdate())), name)


@member_required
def cycle_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = get_cycle_for_user(request.user, pk)
    if not cycle.has_results:
        raise Http404
    d = build_dashboard(cycle, lang())
    name = f"hasil-berakhlak-{cycle.instansi.code}-{cycle.year}.xlsx"
    _downloaded(request, name, cycle.instansi.code)
    return xlsx_response(name, cycle_workbook(d, followup_of(cycle, d, timezone.localdate())))


def _unit(request: HttpRequest, pk: int, code: str) -> tuple[Cycle, UnitDashboard, str]:
    """A unit's results for its files (the unit head's, and every instansi role's), with the
    file name's stem; a hidden unit has no file (its page says why)."""
    cycle_unit = get_cycle_unit_for_user(request.user, pk, code)
    cycle = cycle_unit.cycle
    if not cycle.has_results:
        raise Http404
    d = build_unit_dashboard(cycle, code, lang())
    if d.hidden:
        raise Http404
    return cycle, d, f"{cycle.instansi.code}-{cycle.year}-unit-{cycle_unit.code}"


@member_required
def unit_pdf(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    cycle, d, stem = _unit(request, pk, code)
    name = f"laporan-berakhlak-{stem}.pdf"
    _downloaded(request, name, d.subject.instansi_code)
    return _pdf(cycle_files.unit_pdf(cycle, d), name)


@member_required
def unit_xlsx(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    _, d, stem = _unit(request, pk, code)
    name = f"hasil-berakhlak-{stem}.xlsx"
    _downloaded(request, name, d.subject.instansi_code)
    return xlsx_response(name, unit_workbook(d))


@member_required
def evaluation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The workbook for the Reformasi Birokrasi evaluation: figures and evidence."""
    cycle = get_cycle_for_user(request.user, pk)
    if not cycle.has_results:
        raise Http404
    d = build_dashboard(cycle, lang())
    if d.combined is None:
        raise Http404
    evidence = list(
        Evidence.objects.filter(cycle_unit__cycle=cycle).select_related("cycle_unit", "file")
    )
    files = {
        e.pk: request.build_absolute_uri(reverse("evaluation:file", kwargs={"pk": e.file_id}))
        for e in evidence
        if e.file_id is not None
    }
    urls = {
        u.code: request.build_absolute_uri(
            reverse("evaluation:unit", kwargs={"pk": cycle.pk, "code": u.code})
        )
        for u in cycle.units.all()
    }
    name = f"evaluasi-rb-berakhlak-{cycle.instansi.code}-{cycle.year}.xlsx"
    _downloaded(request, name, cycle.instansi.code)
    return xlsx_response(name, rb_workbook(d, evidence, urls, files))


@admin_required
def national_pdf(request: HttpRequest, year: int) -> HttpResponse:
    pdf = national_pdf_kept(year, lang())
    if pdf is None:
        raise Http404
    name = f"laporan-berakhlak-nasional-{year}.pdf"
    _downloaded(request, name)
    return _pdf(pdf, name)


@admin_required
def national_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    language = lang()
    view = national_view(year, language)
    if view.summary is None or view.year != year:
        raise Http404
    name = f"hasil-berakhlak-nasional-{year}.xlsx"
    _downloaded(request, name)
    return xlsx_response(name, national_workbook(view, language))
