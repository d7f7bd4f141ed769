"""The "Rencana aksi" column of the national ranking in the national PDF and workbook, as
the national page shows it: for the ranked (shown) instansi only — `national_view` asks
`national_plans` for those and no other, so a hidden instansi-year gets nothing here.

A plan changes without the national results changing (an activity done), so the kept
national PDF is named by the plans' state too (`plans_fingerprint`).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import Count, Max, Sum
from django.utils.translation import pgettext

from ..followup.models import Activity, Plan
from ..results.followup import PlanStatus
from ..surveys.models import Status

PLAN_HEAD = ("rencana_aksi", "jumlah_kegiatan", "persen_kegiatan_selesai")


def plan_cells(plan: PlanStatus | None) -> list[Any]:
    """Plan made (ya/tidak), its activities, the share done (percent, one decimal)."""
    if plan is None:
        return [None, None, None]
    if not plan.exists:
        return [pgettext("workbook", "tidak"), None, None]
    share = None if plan.share_done is None else round(plan.share_done, 1)
    return [pgettext("workbook", "ya"), plan.total, share]


def plans_fingerprint(year: int) -> str:
    """What the year's plan column depends on: its published cycles' plans and their
    activities' statuses (every change of an activity moves its updated_at)."""
    plans = Plan.objects.filter(cycle__year=year, cycle__status=Status.PUBLISHED)
    state = (
        plans.aggregate(n=Count("id"), ids=Sum("id"), at=Max("updated_at")),
        Activity.objects.filter(plan__in=plans).aggregate(
            n=Count("id"), ids=Sum("id"), at=Max("updated_at")
        ),
    )
    return hashlib.sha256(repr(state).encode()).hexdigest()
