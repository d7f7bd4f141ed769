"""Counting attempts per key in a time window, shared by every app server (in the database).

Used for login lockout and the rate limits of the questionnaire and personal codes. Keys
are hashed with the secret key, so the table holds no username or address in clear.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Throttle


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    window: datetime.timedelta
    block: datetime.timedelta


def _digest(limit: Limit, key: str) -> str:
    """Keyed with the secret key: a plain hash of an IPv4 address is undone by trying all
    2^32 of them."""
    secret = settings.SECRET_KEY.encode()
    return hmac.new(secret, f"{limit.name}:{key}".encode(), hashlib.sha256).hexdigest()


def blocked(limit: Limit, key: str) -> bool:
    """Whether `key` is blocked right now (without counting an attempt)."""
    row = Throttle.objects.filter(key=_digest(limit, key)).first()
    return row is not None and row.blocked_until is not None and row.blocked_until > timezone.now()


def hit(limit: Limit, key: str) -> bool:
    """Count one attempt; True when the key is (now) blocked.

    About one call in 500 also deletes rows whose window ended days ago, so the table
    keeps only recent activity.
    """
    if secrets.randbelow(500) == 0:
        purge_expired()
    now = timezone.now()
    digest = _digest(limit, key)
    with transaction.atomic():
        row, _ = Throttle.objects.select_for_update().get_or_create(
            key=digest, defaults={"window_start": now, "count": 0}
        )
        if row.blocked_until is not None and row.blocked_until > now:
            return True
        if now - row.window_start > limit.window:
            row.window_start, row.count, row.blocked_until = now, 0, None
        row.count += 1
        if row.count >= limit.attempts:
            row.blocked_until = now + limit.block
        row.save()
        return row.count > limit.attempts


def clear(limit: Limit, key: str) -> None:
    Throttle.objects.filter(key=_digest(limit, key)).delete()


def purge_expired(older_than: datetime.timedelta = datetime.timedelta(days=2)) -> int:
    """Delete rows whose window and block ended long ago."""
    cutoff = timezone.now() - older_than
    deleted, _ = (
        Throttle.objects.filter(window_start__lt=cutoff)
        .exclude(blocked_until__gt=timezone.now())
        .delete()
    )
    return deleted
