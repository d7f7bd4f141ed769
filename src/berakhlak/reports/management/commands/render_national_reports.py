"""berakhlak manage render_national_reports: render the national PDFs that are not kept yet."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ...national_files import render_national_reports


class Command(BaseCommand):
    help = (
        "Render the national PDF report of every year, in Indonesian and English, when the "
        "national results changed since it was last rendered (reports/national_files.py). "
        "The deployment kit runs it after refresh_counts (berakhlak-counts.service)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rendered = render_national_reports()
        if options["verbosity"] > 0:
            seconds = time.perf_counter() - started
            self.stdout.write(f"{rendered} report(s) rendered in {seconds:.1f} s")
