"""Counting attempts per key (common/throttle.py), one upsert per attempt: the attempt
that reaches the limit is allowed and blocks the key; a blocked key counts nothing; a
window that ended starts again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from berakhlak.common import throttle
from berakhlak.common.models import Throttle

pytestmark = pytest.mark.django_db

LIMIT = throttle.Limit(
    "uji", 3, window=datetime.timedelta(hours=1), block=datetime.timedelta(minutes=30)
)
START = datetime.datetime(2026, 11, 29, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime.datetime]:
    now = [START]
    monkeypatch.setattr(throttle.timezone, "now", lambda: now[0])
    monkeypatch.setattr(throttle, "PURGE_EVERY", float("inf"))  # purged only when asked
    return now


def at(clock: list[datetime.datetime], minutes: float) -> bool:
    clock[0] = START + datetime.timedelta(minutes=minutes)
    return throttle.hit(LIMIT, "203.0.113.9")


def test_the_attempt_that_reaches_the_limit_passes_and_blocks_the_next(clock):
    assert [at(clock, m) for m in (0, 1, 2, 3, 4)] == [False, False, False, True, True]
    row = Throttle.objects.get()
    assert row.count == 3  # blocked attempts are not counted
    assert row.blocked_until == START + datetime.timedelta(minutes=32)
    assert throttle.blocked(LIMIT, "203.0.113.9")
    assert not throttle.hit(LIMIT, "198.51.100.1")  # another key is counted apart


def test_after_the_block_an_attempt_in_the_same_window_blocks_again(clock):
    assert [at(clock, m) for m in (0, 1, 2)] == [False, False, False]
    assert at(clock, 31) is True  # 2 + 30 minutes: still blocked
    assert at(clock, 33) is True  # the block ended, the window did not: the 4th attempt
    assert Throttle.objects.get().count == 4


def test_a_window_that_ended_starts_counting_again_and_lifts_nothing_early(clock):
    assert [at(clock, m) for m in (0, 1)] == [False, False]
    assert [at(clock, m) for m in (61, 62, 63, 64)] == [False, False, False, True]
    row = Throttle.objects.get()
    assert row.window_end == START + datetime.timedelta(minutes=61 + 60)
    assert row.blocked_until == START + datetime.timedelta(minutes=93)


def test_a_limit_of_one_blocks_at_the_first_attempt_after_it(clock):
    once = throttle.Limit("sekali", 1, datetime.timedelta(hours=1), datetime.timedelta(hours=1))
    assert throttle.hit(once, "k") is False
    assert throttle.hit(once, "k") is True


@pytest.mark.postgres
def test_on_postgresql_the_counters_are_not_written_to_the_wal():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [Throttle._meta.db_table],
        )
        assert cursor.fetchone()[0] == "u"


def test_a_row_is_deleted_once_its_window_and_its_block_have_ended(clock):
    """A row holds the time of an address's attempts (hashed): kept no longer than it
    counts, not two days."""
    at(clock, 0)
    assert [at(clock, m) for m in (1, 2, 3)] == [False, False, True]  # blocked until 32
    clock[0] = START
    throttle.hit(LIMIT, "198.51.100.1")  # its window ends at 60
    clock[0] = START + datetime.timedelta(minutes=59)
    throttle.purge_expired()
    assert Throttle.objects.count() == 2
    clock[0] = START + datetime.timedelta(minutes=61)
    throttle.purge_expired()
    assert Throttle.objects.count() == 0


def test_a_block_that_outlasts_the_window_keeps_its_row_until_it_ends(clock):
    long = throttle.Limit("lama", 1, datetime.timedelta(minutes=10), datetime.timedelta(hours=2))
    throttle.hit(long, "k")  # the attempt that reaches the limit blocks for two hours
    clock[0] = START + datetime.timedelta(minutes=30)
    throttle.purge_expired()
    assert throttle.blocked(long, "k")
    clock[0] = START + datetime.timedelta(minutes=121)
    throttle.purge_expired()
    assert not Throttle.objects.exists()


def test_counting_purges_ended_rows_at_most_once_a_minute(clock, monkeypatch):
    ticks = [1000.0]
    monkeypatch.setattr(throttle.time, "monotonic", lambda: ticks[0])
    monkeypatch.setattr(throttle, "PURGE_EVERY", 60.0)
    monkeypatch.setattr(throttle, "_purged_at", [float("-inf")])
    at(clock, 0)
    clock[0] = START + datetime.timedelta(minutes=61)  # that row's window has ended
    ticks[0] += 30
    throttle.hit(LIMIT, "198.51.100.1")  # the purge of this process was 30 s ago
    assert Throttle.objects.count() == 2
    ticks[0] += 31
    throttle.hit(LIMIT, "198.51.100.2")
    assert Throttle.objects.count() == 2  # the ended row went, the new one came
    assert not throttle.blocked(LIMIT, "203.0.113.9")
    assert {r.limit_name for r in Throttle.objects.all()} == {"uji"}
