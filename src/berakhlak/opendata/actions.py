"""Publishing the open data of a national year, and withdrawing it; each audited."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..audit.actions import record
from .figures import open_figures
from .models import OpenDataYear


class NothingToPublish(Exception):
    """The year has no national results (no published cycle of an included instansi)."""


@transaction.atomic
def do_publish_open_data(year: int, *, actor: AbstractBaseUser | None) -> OpenDataYear:
    """Freeze the year's public figures and open them at /data/<year>/. Publishing a year
    again replaces its figures with those of today (an instansi published since is added)."""
    data = open_figures(year)
    if data is None or not data["instansi"]:
        raise NothingToPublish(f"no national results for {year}")
    published, created = OpenDataYear.objects.update_or_create(
        year=year, defaults={"published_at": timezone.now(), "data": data}
    )
    record(
        actor,
        "opendata.publish",
        f"{'Memublikasikan' if created else 'Memublikasikan ulang'} data terbuka {year}",
        year=year,
        included=data["included"],
    )
    return published


@transaction.atomic
def do_withdraw_open_data(year: int, *, actor: AbstractBaseUser | None) -> bool:
    """Close the year's public addresses (they answer 404). Returns whether it was open."""
    deleted, _ = OpenDataYear.objects.filter(year=year).delete()
    if deleted:
        record(actor, "opendata.withdraw", f"Menarik data terbuka {year}", year=year)
    return bool(deleted)
