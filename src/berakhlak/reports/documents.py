"""The PDF reports: of an instansi-year (from the database or from files) and of the nation."""

from __future__ import annotations

from typing import Any

from ..common.pdf import render_pdf
from ..results.chartsets import charts_for, national_charts, unit_trend_charts
from ..results.dashboard import Dashboard, UnitDashboard
from ..results.details import DetailsView
from ..results.followup import Followup, followup_context
from ..results.national import NationalView
from .workbook_national import summary_rows


def cycle_report_pdf(d: Dashboard, followup: Followup | None = None) -> bytes:
    """The PDF report of a dashboard (with its follow-up, on the web)."""
    return render_pdf(CYCLE_TEMPLATE, cycle_report_context(d, followup))


CYCLE_TEMPLATE = "reports/cycle.html"
UNIT_TEMPLATE = "reports/unit.html"


def cycle_report_context(d: Dashboard, followup: Followup | None = None) -> dict[str, Any]:
    return {
        "d": d,
        "subject": d.subject,
        "charts": charts_for(d, d.lang),
        "dv": DetailsView(d.details, d.pool, d.lang) if d.details else None,
        "value_codes": list(d.pool.value_codes),
        "lang": d.lang,
        **followup_context(followup, d),
    }


def unit_report_pdf(d: UnitDashboard) -> bytes:
    """The PDF report of one unit (shown, not hidden), with the instansi's figures beside."""
    return render_pdf(UNIT_TEMPLATE, unit_report_context(d))


def unit_report_context(d: UnitDashboard) -> dict[str, Any]:
    return {
        "d": d,
        "subject": d.subject,
        "charts": charts_for(d, d.lang),
        "trend_charts": unit_trend_charts(d, d.lang),
        "dv": DetailsView(d.details, d.pool, d.lang) if d.details else None,
        "lang": d.lang,
    }


def national_report_pdf(view: NationalView, lang: str) -> bytes:
    """The PDF report of the national roll-up of `view.year`."""
    assert view.summary is not None
    return render_pdf(
        "reports/national.html",
        {
            "view": view,
            "charts": national_charts(view, lang),
            "summary_rows": summary_rows(view.summary, lang),
            "lang": lang,
        },
    )
