"""Closing a survey cycle: the one step of a cycle's life that reaches beyond the surveys app.

It lives here, above everything it touches: the cycle's status (surveys), the order of its
responses and the questionnaire's rate-limit rows (responses), and its counts (results).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..audit.actions import record
from ..responses.actions import shuffle_rows
from ..responses.limits import forget_questionnaire_limits
from ..surveys.actions import TransitionRefused
from ..surveys.models import Cycle, Status
from .counts import refresh_counts
from .models import CountsState


@transaction.atomic
def do_close_cycle(cycle: Cycle, *, actor: AbstractBaseUser | None) -> Cycle:
    """Close for good: the responses lose their order (`shuffle_rows`), the questionnaire's
    rate-limit rows, which say when addresses answered, are deleted, and the cycle is
    counted once the transaction commits, so that no reader waits for it later. The counts
    it had while open are forgotten here: a closed cycle with counts is counted for good
    (`counts.ensure_closed_counts`)."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Status.OPEN:
        raise TransitionRefused(f"cannot close a cycle that is {cycle.status}")
    cycle.status, cycle.closed_at = Status.CLOSED, timezone.now()
    cycle.save()
    shuffle_rows(cycle)
    forget_questionnaire_limits()
    CountsState.objects.filter(cycle=cycle).delete()  # counted again, closed, on commit
    transaction.on_commit(lambda: refresh_counts(cycle))
    record(
        actor,
        "cycle.close",
        f"Menutup siklus {cycle.instansi.code} {cycle.year}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
    )
    return cycle
