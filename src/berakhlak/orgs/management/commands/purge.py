"""berakhlak manage purge: delete what the platform keeps only for a while."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ....common.throttle import purge_expired
from ...imports import purge_abandoned_uploads


class Command(BaseCommand):
    help = (
        "Delete org-import uploads that were not applied within a day, and rate-limit rows "
        "whose window and block have ended. The platform does both as it is used; run this "
        "from cron (for instance hourly) so that a quiet site keeps nothing longer."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        uploads = purge_abandoned_uploads()
        rows = purge_expired()
        if options["verbosity"] > 0:
            self.stdout.write(f"{uploads} upload(s) and {rows} rate-limit row(s) deleted")
