"""Dashboards: an instansi-year, one unit, the leader's own unit, and the national view."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..accounts.access import (
    admin_required,
    get_cycle_for_user,
    get_cycle_unit_for_user,
    member_required,
    membership_of,
    unit_cycles_for_user,
)
from ..common.labels import bilingual, lang
from ..method.indices import INDEX_LABELS, INDEX_NAMES
from .charts import (
    Bar,
    ChartTable,
    area_bars,
    area_table,
    benchmark_bars,
    benchmark_table,
    trend,
    trend_table,
    value_bars,
)
from .dashboard import (
    Dashboard,
    DetailsView,
    Figure,
    UnitDashboard,
    area_names,
    build_dashboard,
    build_unit_dashboard,
    question_names,
)
from .national import national_view


def value_chart(
    values: list[Figure],
    implementasi: Figure | None,
    language: str,
    baseline_year: int | None,
    compact: bool = False,
) -> Any:
    bars = [Bar(f.label, f.value, f.category, f.ci, f.baseline) for f in values]
    if implementasi is not None:
        bars.append(
            Bar(
                implementasi.label if language == "en" else "Indeks BerAKHLAK",
                implementasi.value,
                implementasi.category,
                implementasi.ci,
                implementasi.baseline,
            )
        )
    legend = (_("nilai %(year)d") % {"year": baseline_year}) if baseline_year else ""
    return value_bars(
        bars,
        title=_("Nilai BerAKHLAK dengan interval kepercayaan 95%"),
        lang=language,
        baseline_label=legend,
        compact=compact,
    )


def _area_rows(d: Dashboard | UnitDashboard, language: str) -> list[Any]:
    assert d.details is not None
    names = question_names(language)
    return [
        (names[q], d.details.areas[q].tolist(), d.details.areas_limiting[q].tolist())
        for q in ("pv", "cc", "dc")
    ]


def areas_table(d: Dashboard | UnitDashboard, language: str) -> ChartTable:
    return area_table(
        _area_rows(d, language),
        area_names(language),
        caption=_("Sebaran pilihan per area kesadaran"),
        area_label=_("Area kesadaran"),
        limiting_label=_("bagian butir pembatas"),
        lang=language,
    )


def areas_chart(d: Dashboard | UnitDashboard, language: str, compact: bool = False) -> Any:
    rows = _area_rows(d, language)
    return area_bars(
        rows,
        area_names(language),
        title=_("Sebaran pilihan per area kesadaran"),
        limiting_label=_("bagian butir pembatas"),
        lang=language,
        compact=compact,
    )


def charts_for(d: Dashboard | UnitDashboard, language: str) -> dict[str, Any]:
    if d.details is None:
        return {}
    implementasi = d.indices[0] if d.indices else None
    baseline_year = d.baseline_year
    return {
        "values": value_chart(d.values, implementasi, language, baseline_year),
        "areas": areas_chart(d, language),
        # the same charts narrow, for phones (the page shows the one that fits; not the PDF)
        "values_phone": value_chart(d.values, implementasi, language, baseline_year, True),
        "areas_phone": areas_chart(d, language, True),
        "areas_table": areas_table(d, language),  # the charts' text equivalent
    }


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
        context["charts"] = national_charts(view, language)
        context["index_labels"] = [bilingual(INDEX_LABELS[n], language) for n in INDEX_NAMES]
    return render(request, "results/national.html", context)


def national_charts(view: Any, language: str) -> dict[str, Any]:
    from ..method.items import default_pool

    pool = default_pool()
    summary = view.summary
    value_rows = [
        (v.name(language), s.value, s.q1, s.median, s.q3)
        for v, s in zip(pool.values, summary.values.values(), strict=True)
    ]
    index_rows = [
        (bilingual(INDEX_LABELS[n], language), s.value, s.q1, s.median, s.q3)
        for n, s in summary.indices.items()
    ]
    series = [
        (
            "Indeks BerAKHLAK" if language == "id" else "BerAKHLAK Index",
            [(y, view.summaries[y].indices["implementasi"].value) for y in view.years],
        )
    ]
    series += [
        (v.name(language), [(y, view.summaries[y].values[v.code].value) for y in view.years])
        for v in pool.values
    ]
    values_title = _("Nilai: rata-rata, median dan kuartil")
    indices_title = _("Indeks: rata-rata, median dan kuartil")
    quartiles = (_("Rata-rata"), _("Kuartil pertama"), _("Median"), _("Kuartil ketiga"))
    return {
        "values": benchmark_bars(value_rows, title=values_title, lang=language),
        "indices": benchmark_bars(index_rows, title=indices_title, lang=language),
        "values_phone": benchmark_bars(value_rows, title=values_title, lang=language, compact=True),
        "indices_phone": benchmark_bars(
            index_rows, title=indices_title, lang=language, compact=True
        ),
        "trend": trend(series, title=_("Tren nasional"), lang=language),
        "trend_phone": trend(series, title=_("Tren nasional"), lang=language, compact=True),
        # the charts' text equivalents
        "indices_table": benchmark_table(
            index_rows, caption=indices_title, columns=(_("Indeks"), *quartiles), lang=language
        ),
        "values_table": benchmark_table(
            value_rows, caption=values_title, columns=(_("Nilai"), *quartiles), lang=language
        ),
        "trend_table": trend_table(
            series, caption=_("Tren nasional"), series_label=_("Indeks dan nilai"), lang=language
        ),
    }
