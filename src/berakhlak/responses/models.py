"""One row per submitted questionnaire, and receipts that make submission idempotent.

Nothing here identifies a respondent: no account, token, address or time of day. Keys are
random so that the order of rows says nothing about the order of submission.
"""

from __future__ import annotations

import uuid

from django.db import models

from ..surveys.models import Cycle, CycleUnit


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: the (cycle, cycle_unit) index serves lookups by cycle.
    cycle = models.ForeignKey(
        Cycle, on_delete=models.CASCADE, related_name="responses", db_index=False
    )
    cycle_unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    status = models.CharField(max_length=8)
    jabatan = models.CharField(max_length=10)
    gender = models.CharField(max_length=1)
    age_band = models.CharField(max_length=5)
    tenure_band = models.CharField(max_length=4)
    duration_s = models.PositiveIntegerField(null=True, blank=True)
    pv = models.CharField(max_length=80)
    cc = models.CharField(max_length=80)
    dc = models.CharField(max_length=80)
    harapan = models.TextField(blank=True)
    saran = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["cycle", "cycle_unit"], name="response_cycle_unit")]

    def __str__(self) -> str:
        return f"response {self.id}"


class Receipt(models.Model):
    """Proof that a questionnaire (by its random nonce) was stored; not linked to the response."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="receipts")
    nonce_hash = models.CharField(max_length=64)
    submitted_on = models.DateField()

    class Meta:
        # A constraint rather than unique=True, which would add a second index for LIKE
        # queries that nothing makes; each index costs every submission a write.
        constraints = [models.UniqueConstraint(fields=["nonce_hash"], name="receipt_nonce_once")]

    def __str__(self) -> str:
        return f"receipt {self.nonce_hash[:8]}…"
