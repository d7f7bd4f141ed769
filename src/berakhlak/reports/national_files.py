"""The national PDF, rendered once per state of the published results and kept as a file.

WeasyPrint takes 10 to 25 seconds for the national report of 600 instansi (a ranking of
every one of them; bench/RESULTS.md, "The whole nation"). The report changes only when the
national results do (`results.national.published_fingerprint`), so it is kept in
DATA_DIR/reports/, shared by every worker: `berakhlak manage render_national_reports`,
run by the deployment kit's berakhlak-counts.timer, renders it after a publication, and a
request finds it ready. A request that comes before the timer renders it itself.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.utils import translation

from ..results.national import national_view, published_fingerprint
from .documents import national_report_pdf
from .national_plans import plans_fingerprint


def _folder() -> Path:
    return Path(settings.DATA_DIR) / "reports"


def _kept_name(year: int, lang: str) -> str:
    """Named by the state it is rendered from: the national results and the year's plans."""
    return (
        f"nasional-{year}-{lang}-{published_fingerprint()[:20]}-{plans_fingerprint(year)[:8]}.pdf"
    )


def national_pdf_kept(year: int, lang: str) -> bytes | None:
    """The national PDF of `year` in `lang`: the kept file, or rendered and kept. None when
    the year has no national results."""
    path = _folder() / _kept_name(year, lang)
    if path.exists():
        return path.read_bytes()
    with translation.override(lang):
        view = national_view(year, lang)
        if view.summary is None or view.year != year:
            return None
        pdf = national_report_pdf(view, lang)
    # Named by the state it was rendered from (counting a cycle may have changed it).
    path = _folder() / _kept_name(year, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f"nasional-{year}-{lang}-*.pdf"):
        stale.unlink(missing_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    partial.write_bytes(pdf)
    os.replace(partial, path)  # whole or not at all, for a worker reading it meanwhile
    return pdf


def render_national_reports() -> int:
    """Render what is not kept yet, for every year with national results and both
    languages. Returns how many reports were rendered."""
    rendered = 0
    years = national_view().years
    for year in years:
        for lang in ("id", "en"):
            if not (_folder() / _kept_name(year, lang)).exists():
                national_pdf_kept(year, lang)
                rendered += 1
    return rendered
