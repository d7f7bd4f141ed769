"""The one table of the shared package: rate-limit counters (see throttle.py)."""

from __future__ import annotations

from django.db import models


class Throttle(models.Model):
    """Attempts counted per hashed key in a time window (see throttle.py). A row is
    deleted once its window and its block have ended.

    The table keeps the name it was created with in the accounts app (and, on PostgreSQL,
    its UNLOGGED state): moving the model here changed no table."""

    key = models.CharField(max_length=64, unique=True)
    limit_name = models.CharField(max_length=40, default="")  # e.g. submit-client
    window_end = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_throttle"
