"""berakhlak manage render_national_reports: render the national PDFs, and the instansi PDFs
of published cycles, that are not kept yet."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from ...cycle_files import render_cycle_reports
from ...national_files import render_national_reports


class Command(BaseCommand):
    help = (
        "Render the national PDF report of every year, in Indonesian and English, when the "
        "national results changed since it was last rendered (reports/national_files.py). "
        "Then the instansi PDF of every published cycle that has none kept yet "
        "(reports/cycle_files.py). "
        "The deployment kit runs it after refresh_counts (berakhlak-counts.service)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rendered = render_national_reports() + render_cycle_reports()
        if options["verbosity"] > 0:
            seconds = time.perf_counter() - started
            self.stdout.write(f"{rendered} report(s) rendered in {seconds:.1f} s")
