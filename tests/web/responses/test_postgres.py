"""Concurrent submissions on PostgreSQL (run under scripts/with_postgres.py): a questionnaire
stored twice at the same moment is stored once, and different ones all arrive."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connections, transaction

from berakhlak.common.hashing import hash_secret
from berakhlak.responses.actions import Answers, CycleNotOpen, SubmissionRefused, do_submit_response
from berakhlak.responses.models import Receipt, Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_issue_tokens
from berakhlak.surveys.models import Cycle, CycleUnit, PersonalToken
from helpers.web import PICKS, PROFILE

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ANSWERS = Answers(PROFILE, {q: list(p) for q, p in PICKS.items()}, duration_s=300)
THREADS = 8


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except Exception as exc:  # reported to the test, which asserts on it
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_the_database_is_postgresql(db):
    assert connections["default"].vendor == "postgresql"


def test_one_questionnaire_submitted_from_several_threads_at_once_is_stored_once(survey):
    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    results = at_once([lambda: do_submit_response(cu, ANSWERS, "nonce-sama")] * THREADS)
    assert sorted(results, key=str) == [False] * (THREADS - 1) + [True]
    assert Response.objects.count() == 1
    assert list(Receipt.objects.values_list("nonce_hash", flat=True)) == [hash_secret("nonce-sama")]


def test_different_questionnaires_submitted_at_once_all_arrive(survey):
    units = list(CycleUnit.objects.filter(cycle=survey).order_by("code"))
    calls = [
        (lambda i=i: do_submit_response(units[i % len(units)], ANSWERS, f"nonce-{i}"))
        for i in range(THREADS * 2)
    ]
    assert at_once(calls) == [True] * (THREADS * 2)
    assert Response.objects.count() == Receipt.objects.count() == THREADS * 2
    per_unit = {u.code: u.responses.count() for u in units}
    assert sum(per_unit.values()) == THREADS * 2 and min(per_unit.values()) == 4


def test_one_personal_code_used_from_several_threads_at_once_stores_one_response(
    token_survey,
):
    cu = CycleUnit.objects.get(cycle=token_survey, code="U02")
    [token] = do_issue_tokens(cu, 1, actor=None)
    digest = hash_secret(token)
    calls = [
        (lambda i=i: do_submit_response(cu, ANSWERS, f"kode-{i}", digest)) for i in range(THREADS)
    ]
    results = at_once(calls)
    assert results.count(True) == 1
    assert all(isinstance(r, SubmissionRefused) for r in results if r is not True)
    assert Response.objects.count() == 1
    assert not PersonalToken.objects.exists()  # burnt: deleted with the one submission


def test_closing_waits_for_a_submission_in_flight_and_none_arrives_after(survey):
    """A submission holds the cycle's row (FOR KEY SHARE) until it commits: closing, which
    locks the row for update, waits for it, and a submission after closing is refused."""

    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    submitted, release, closed = threading.Event(), threading.Event(), threading.Event()

    def submit_and_hold() -> None:
        try:
            with transaction.atomic():
                assert do_submit_response(cu, ANSWERS, "nonce-in-flight") is True
                submitted.set()
                release.wait(30)
        finally:
            connections.close_all()

    def close() -> None:
        try:
            with transaction.atomic():
                do_close_cycle(Cycle.objects.get(pk=survey.pk), actor=None)
            closed.set()
        finally:
            connections.close_all()

    submitter = threading.Thread(target=submit_and_hold)
    submitter.start()
    assert submitted.wait(30)
    closer = threading.Thread(target=close)
    closer.start()
    time.sleep(0.5)
    assert not closed.is_set()  # waiting for the submission's transaction
    release.set()
    submitter.join(30)
    closer.join(30)
    assert closed.is_set()
    assert Response.objects.count() == Receipt.objects.count() == 1  # stored, then shuffled
    with pytest.raises(CycleNotOpen):
        do_submit_response(cu, ANSWERS, "nonce-too-late")
    assert Response.objects.count() == 1


def test_a_submission_on_a_connection_the_database_dropped_reconnects_and_is_stored(survey):
    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    assert do_submit_response(cu, ANSWERS, "nonce-sebelum")
    mine = connections["default"].connection.info.backend_pid
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:  # as a database restart does to every connection
            cursor.execute("SELECT pg_terminate_backend(%s)", [mine])
    finally:
        other.close()
    assert do_submit_response(cu, ANSWERS, "nonce-sesudah")
    assert connections["default"].connection.info.backend_pid != mine
    assert Response.objects.count() == Receipt.objects.count() == 2


def test_the_submission_statement_is_prepared_once_per_connection(survey):
    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    for i in range(3):
        assert do_submit_response(cu, ANSWERS, f"nonce-siap-{i}")
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement ~ 'open_cycle'")
        assert cursor.fetchone()[0] == 1
