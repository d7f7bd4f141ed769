"""The charts of a dashboard, a report and the national view, with their text equivalents:
what the pages and the PDF reports put on screen and paper (charts.py draws them)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..common.labels import bilingual
from ..method.indices import INDEX_LABELS
from ..method.items import default_pool
from .chart_tables import ChartTable, area_table, benchmark_table, trend_table
from .charts import Bar, area_bars, benchmark_bars, trend, value_bars
from .dashboard import Dashboard, UnitDashboard
from .details import area_names, question_names
from .figures import Figure
from .national import NationalView

AreaRow = tuple[str, Sequence[float], Sequence[float]]
"""A question's name, its share of votes per area and the limiting part of each."""


def value_chart(
    values: list[Figure],
    implementasi: Figure | None,
    language: str,
    baseline_year: int | None,
    compact: bool = False,
) -> str:
    bars = [Bar(f.label, f.value, f.category, f.ci, f.baseline) for f in values]
    if implementasi is not None:
        bars.append(
            Bar(
                pgettext("value chart", "Indeks BerAKHLAK"),
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


def _area_rows(d: Dashboard | UnitDashboard, language: str) -> list[AreaRow]:
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


def areas_chart(d: Dashboard | UnitDashboard, language: str, compact: bool = False) -> str:
    rows = _area_rows(d, language)
    return area_bars(
        rows,
        area_names(language),
        title=_("Sebaran pilihan per area kesadaran"),
        limiting_label=_("bagian butir pembatas"),
        lang=language,
        compact=compact,
    )


def charts_for(d: Dashboard | UnitDashboard, language: str) -> dict[str, object]:
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


def national_charts(view: NationalView, language: str) -> dict[str, object]:
    pool = default_pool()
    summary = view.summary
    assert summary is not None
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
            _("Indeks BerAKHLAK"),
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


def unit_trend_charts(d: UnitDashboard, language: str) -> dict[str, object]:
    """The unit's Indeks BerAKHLAK over the years, with the instansi's beside it (wide and
    phone); nothing when fewer than two years show a figure of the unit."""
    if sum(1 for p in d.trend if p.value is not None) < 2:
        return {}
    series = [
        (d.name, [(p.year, p.value) for p in d.trend]),
        (d.subject.instansi_name, [(p.year, p.instansi) for p in d.trend]),
    ]
    title = _("Tren Indeks BerAKHLAK unit")
    return {
        "trend": trend(series, title=title, lang=language),
        "trend_phone": trend(series, title=title, lang=language, compact=True),
    }
