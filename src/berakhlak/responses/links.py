"""Finding the unit of a questionnaire link, fast: every questionnaire request needs it."""

from __future__ import annotations

import copy
import datetime
import time
from typing import Any

from django.db import connection

from ..surveys.models import Cycle, CycleUnit

_LINKS: dict[str, tuple[float, CycleUnit]] = {}
CACHE_SECONDS = 60.0


def unit_for_link(link: str, *, fresh: bool) -> CycleUnit | None:
    """The unit of a link with its cycle and instansi, or None for an unknown link.

    Units and names are remembered for a minute per process (they are frozen when a cycle
    opens). With `fresh`, the cycle's status, dates and access mode are read again, so that
    closing a cycle shows on the very next page, into a copy; without it the remembered
    unit itself is returned, to be read and not changed (submission re-checks the status in
    its own transaction).
    """
    now = time.monotonic()
    hit = _LINKS.get(link)
    if hit is None or now - hit[0] > CACHE_SECONDS:
        unit = (
            CycleUnit.objects.select_related("cycle", "cycle__instansi")
            .filter(link_token=link)
            .first()
        )
        if unit is None:
            return None
        if len(_LINKS) > 10_000:
            _LINKS.clear()
        _LINKS[link] = hit = (now, unit)
    if not fresh:
        return hit[1]
    unit = copy.copy(hit[1])
    unit.cycle = copy.copy(unit.cycle)
    state = cycle_state(unit.cycle_id)
    if state is None:
        _LINKS.pop(link, None)
        return None
    for name, value in state.items():
        setattr(unit.cycle, name, value)
    return unit


def cycle_state(cycle_id: int, *, lock: bool = False) -> dict[str, Any] | None:
    """The cycle's status, dates and access mode as they are now, or None when it is gone.

    One plain query, as every questionnaire page reads it (through the ORM, building the
    query cost more than running it). With `lock`, on PostgreSQL the row stays locked
    against closing (FOR KEY SHARE, which concurrent submissions share) until the
    transaction ends; SQLite's IMMEDIATE transactions already hold the database's write
    lock.
    """
    table = connection.ops.quote_name(Cycle._meta.db_table)
    suffix = " FOR KEY SHARE" if lock and connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT status, opens_on, closes_on, access FROM {table} WHERE id = %s{suffix}",
            [cycle_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    status, opens_on, closes_on, access = row
    return {
        "status": status,
        "opens_on": _date(opens_on),
        "closes_on": _date(closes_on),
        "access": access,
    }


def _date(value: object) -> datetime.date | None:
    """A date column as read by a plain cursor (SQLite gives text)."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
