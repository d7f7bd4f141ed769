"""The leader's and the unit heads' PDFs of a published cycle, rendered once and kept.

WeasyPrint takes about 1.2 s for an instansi's report (bench/RESULTS.md, "The leader's PDF
report"); building the dashboard and the report's HTML takes a twentieth of that. A
published cycle's report changes only when something it shows does (its counts, the
instansi's name, an evaluation finalised, a follow-up activity, an earlier year, the day an
activity becomes overdue, the templates of a new release), so the file is named by a digest
of its HTML: that is, of everything the report shows, whatever the input it came from. Equal
HTML gives the kept file; any change gives a new one, and the stale file is removed. The
files live in DATA_DIR/reports/ beside the national PDFs (reports/national_files.py), shared
by every worker. A cycle that is not published (a draft, an open or a closed one) keeps
nothing: its report is rendered for each request.

`berakhlak manage render_national_reports`, run by the counts timer, also renders the
reports of published cycles that have none kept yet (in both languages), so the first
leader after a publication finds it ready.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..common.pdf import pdf_from_html
from ..results.cycle_results import build_dashboard
from ..results.dashboard import Dashboard, UnitDashboard
from ..results.followup import Followup, followup_of
from ..surveys.models import Cycle, Status
from .documents import CYCLE_TEMPLATE, UNIT_TEMPLATE, cycle_report_context, unit_report_context


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "reports"


def _stem(cycle: Cycle, part: str, lang: str) -> str:
    return f"siklus-{cycle.pk}-{part}-{lang}"


def _kept(stem: str, html: str) -> bytes:
    """The PDF of `html`: the kept file named by its digest, or rendered and kept."""
    digest = hashlib.sha256(html.encode()).hexdigest()[:24]
    path = _folder() / f"{stem}-{digest}.pdf"
    if path.exists():
        return path.read_bytes()
    pdf = pdf_from_html(html)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"{stem}-*.pdf"):
        stale.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    partial.write_bytes(pdf)
    os.replace(partial, path)  # whole or not at all, for a worker reading it meanwhile
    return pdf


def cycle_pdf(cycle: Cycle, d: Dashboard, followup: Followup | None) -> bytes:
    """The instansi's PDF of `cycle` in the dashboard's language; kept when published."""
    html = render_to_string(CYCLE_TEMPLATE, cycle_report_context(d, followup))
    if cycle.status != Status.PUBLISHED:
        return pdf_from_html(html)
    return _kept(_stem(cycle, "instansi", d.lang), html)


def unit_pdf(cycle: Cycle, d: UnitDashboard) -> bytes:
    """A shown unit's PDF of `cycle` in the dashboard's language; kept when published."""
    html = render_to_string(UNIT_TEMPLATE, unit_report_context(d))
    if cycle.status != Status.PUBLISHED:
        return pdf_from_html(html)
    return _kept(_stem(cycle, f"unit-{d.code}", d.lang), html)


def render_cycle_reports() -> int:
    """Render the instansi PDF of every published cycle that has none kept yet, in
    Indonesian and English. Returns how many were rendered."""
    rendered = 0
    folder = _folder()
    for cycle in Cycle.objects.filter(status=Status.PUBLISHED).select_related("instansi"):
        for lang in ("id", "en"):
            if any(folder.glob(f"{_stem(cycle, 'instansi', lang)}-*.pdf")):
                continue
            with translation.override(lang):
                d = build_dashboard(cycle, lang)
                cycle_pdf(cycle, d, followup_of(cycle, d, timezone.localdate()))
            rendered += 1
    return rendered
