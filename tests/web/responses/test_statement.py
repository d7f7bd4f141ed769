"""The submission statement straight through libpq (responses/statement.py): the same
result as a cursor, inside a transaction through the cursor, errors as Django's."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import DataError, connection, transaction

from berakhlak.responses.actions import Answers, do_submit_response
from berakhlak.responses.models import Response
from berakhlak.responses.statement import _numbered, _text, run_flags
from berakhlak.surveys.models import CycleUnit
from helpers.web import PICKS, PROFILE

ANSWERS = Answers(PROFILE, {q: list(p) for q, p in PICKS.items()}, duration_s=300)
SQL = "SELECT CAST(%(a)s AS integer) > 1, CAST(%(b)s AS text) = 'x', %(a)s IS NULL"


def test_parameters_are_numbered_once_each_in_order_of_appearance():
    name, numbered, names = _numbered(SQL)
    assert numbered == b"SELECT CAST($1 AS integer) > 1, CAST($2 AS text) = 'x', $1 IS NULL"
    assert names == ("a", "b") and name.startswith(b"berakhlak_")
    assert _numbered("SELECT %(a)s")[0] != name  # a statement's name follows its text


def test_parameters_in_postgresql_text_format():
    day, key = datetime.date(2026, 3, 9), uuid.UUID(int=5)
    assert [_text(v) for v in (None, True, 42, "Hambatan ✓", day, key)] == [
        None,
        b"true",
        b"42",
        "Hambatan ✓".encode(),
        b"2026-03-09",
        b"00000000-0000-0000-0000-000000000005",
    ]


def test_text_with_a_nul_character_is_refused_not_cut_and_unknown_types_are_an_error():
    with pytest.raises(ValueError, match="NUL"):
        _text("a\x00b")
    with pytest.raises(TypeError):
        _text(1.5)


@pytest.mark.django_db
def test_the_flags_of_a_statement(db):
    assert run_flags(SQL, {"a": 2, "b": "x"}) == (True, True, False)
    assert run_flags(SQL, {"a": None, "b": "y"}) == (False, False, True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_database_error_comes_as_django_s_and_the_next_runs(db):
    with pytest.raises(DataError):
        run_flags(SQL, {"a": "dua", "b": "x"})
    assert run_flags(SQL, {"a": 2, "b": "x"}) == (True, True, False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_submission_is_part_of_it(survey):
    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert do_submit_response(cu, ANSWERS, "nonce-dalam-transaksi")
        raise RuntimeError("rolled back")
    assert Response.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_prepared_statements_the_submission_is_stored_and_nothing_is_prepared(survey):
    cu = CycleUnit.objects.get(cycle=survey, code="U01")
    connection.ensure_connection()
    connection.connection.prepare_threshold = None  # as BERAKHLAK_DB_PREPARED=off sets it
    try:
        assert do_submit_response(cu, ANSWERS, "nonce-tanpa-prepare")
        assert not do_submit_response(cu, ANSWERS, "nonce-tanpa-prepare")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
    finally:
        connection.close()
    assert Response.objects.count() == 1
