"""berakhlak manage refresh_counts: count the answers of every open cycle again."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...counts import refresh_all


class Command(BaseCommand):
    help = (
        "Recount the cached counts of every open cycle that received answers since it was "
        "last counted (with --all: of every cycle), so that the national participation page "
        "is current. The deployment kit runs it every ten minutes (berakhlak-counts.timer)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="every cycle, not only open ones")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        counted = refresh_all(open_only=not options["all"])
        if options["verbosity"] > 0:
            seconds = time.perf_counter() - started
            self.stdout.write(f"{counted} cycle(s) counted again in {seconds:.1f} s")
