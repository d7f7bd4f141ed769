"""Counting attempts per key in a time window, shared by every app server (in the database).

Used for login lockout and the rate limits of the questionnaire and personal codes. Keys
are hashed with the secret key, so the table holds no username or address in clear. A row
says when an address (hashed) last began a run of attempts, so it is kept no longer than it
counts: rows whose window and block have ended are deleted as the table is used (at most
once a minute per process), by `berakhlak manage purge`, and, for the questionnaire's
limits, when a cycle closes.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Throttle

PURGE_EVERY = 60.0  # seconds between two purges of ended rows, per process
_purged_at = [float("-inf")]


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

    The key's row is counted in one statement (an upsert), so a hot key, such as the one
    address of an office behind NAT whose staff answer at the same time, holds its row
    lock for one statement, not for a transaction of four round trips. A blocked key
    counts nothing. A window that ended starts again at 1; the attempt that reaches the
    limit is allowed and blocks the key until `block` has passed.
    """
    _purge_now_and_then()
    now = timezone.now()
    when = connection.ops.adapt_datetimefield_value
    params = {
        "key": _digest(limit, key),
        "limit": limit.name,
        "now": when(now),
        "window_end": when(now + limit.window),
        "block_end": when(now + limit.block),
        "attempts": limit.attempts,
    }
    with connection.cursor() as cursor:
        cursor.execute(_hit_sql(), params)
        row = cursor.fetchone()
    return row is None or row[0] > limit.attempts  # no row: blocked, nothing counted


@functools.cache
def _hit_sql() -> str:
    qn = connection.ops.quote_name
    table = qn(Throttle._meta.db_table)
    key, name, end, count, until = (
        qn(Throttle._meta.get_field(field).column)
        for field in ("key", "limit_name", "window_end", "count", "blocked_until")
    )
    ended = f"{table}.{end} <= %(now)s"
    counted = f"CASE WHEN {ended} THEN 1 ELSE {table}.{count} + 1 END"
    return f"""
        INSERT INTO {table} ({key}, {name}, {end}, {count}, {until})
        VALUES (
            %(key)s, %(limit)s, %(window_end)s, 1,
            CASE WHEN 1 >= %(attempts)s THEN %(block_end)s END
        )
        ON CONFLICT ({key}) DO UPDATE SET
            {end} = CASE WHEN {ended} THEN %(window_end)s ELSE {table}.{end} END,
            {count} = {counted},
            {until} = CASE WHEN {counted} >= %(attempts)s THEN %(block_end)s
                           WHEN {ended} THEN NULL
                           ELSE {table}.{until} END
        WHERE {table}.{until} IS NULL OR {table}.{until} <= %(now)s
        RETURNING {count}
    """


def clear(limit: Limit, key: str) -> None:
    Throttle.objects.filter(key=_digest(limit, key)).delete()


def _purge_now_and_then() -> None:
    started = time.monotonic()
    if started - _purged_at[0] >= PURGE_EVERY:
        _purged_at[0] = started
        purge_expired()


def purge_expired() -> int:
    """Delete the rows whose window and block have both ended: they count nothing more."""
    now = timezone.now()
    ended = Throttle.objects.filter(window_end__lte=now).exclude(blocked_until__gt=now)
    deleted, _ = ended.delete()
    return deleted


def purge_limits(names: Iterable[str]) -> int:
    """Delete the rows of these limits, except where a block is running."""
    rows = Throttle.objects.filter(limit_name__in=list(names))
    deleted, _ = rows.exclude(blocked_until__gt=timezone.now()).delete()
    return deleted
