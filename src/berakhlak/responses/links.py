"""Finding the unit of a questionnaire link, fast: every questionnaire request needs it."""

from __future__ import annotations

import copy
import time

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
    state = (
        Cycle.objects.filter(pk=unit.cycle_id)
        .values("status", "opens_on", "closes_on", "access")
        .first()
    )
    if state is None:
        _LINKS.pop(link, None)
        return None
    for name, value in state.items():
        setattr(unit.cycle, name, value)
    return unit
