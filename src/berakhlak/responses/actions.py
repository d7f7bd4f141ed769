"""Storing a submitted questionnaire: once, anonymously, atomically."""

from __future__ import annotations

import datetime
import functools
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..common.hashing import hash_secret
from ..method.instrument import DEMOGRAPHICS
from ..method.items import PICKS, QUESTIONS, default_pool
from ..surveys.models import Cycle, CycleUnit, PersonalToken, Status, takes_answers
from .links import cycle_state
from .models import Receipt, Response
from .statement import run_flags

DEMOGRAPHIC_FIELDS = ("status", "jabatan", "gender", "age_band", "tenure_band")
MAX_TEXT = 1000


class SubmissionRefused(Exception):
    """The answers cannot be stored."""


class InvalidAnswers(SubmissionRefused):
    """The answers break a rule of the questionnaire (the message lists which)."""


class CycleNotOpen(SubmissionRefused):
    """The cycle does not take answers today."""


class CodeUnusable(SubmissionRefused):
    """The personal code is unknown for this unit or was already used."""


@dataclass(frozen=True)
class Answers:
    demographics: dict[str, str]
    picks: dict[str, list[str]]  # question -> 10 item codes in rank order
    harapan: str = ""
    saran: str = ""
    duration_s: int | None = None


def code_hash(code: str) -> str:
    """The hash of a personal code as typed or pasted: without surrounding spaces, and
    without the apostrophe that the CSV of codes puts before a code starting with '-'
    (so that a spreadsheet does not read it as a formula; see common/export.py)."""
    return hash_secret(code.strip().removeprefix("'"))


def check_answers(answers: Answers) -> list[str]:
    """Server-side validation of a complete questionnaire; empty when it is valid."""
    problems = []
    for name in DEMOGRAPHIC_FIELDS:
        if answers.demographics.get(name) not in DEMOGRAPHICS[name]:
            problems.append(f"{name} is missing or invalid")
    codes = _pool_codes()
    for q in QUESTIONS:
        picks = answers.picks.get(q) or []
        chosen = set(picks)
        if len(picks) != PICKS or len(chosen) != PICKS or not chosen <= codes:
            problems.append(f"{q} must be {PICKS} distinct items of the pool")
    if len(answers.harapan) > MAX_TEXT or len(answers.saran) > MAX_TEXT:
        problems.append("free text is too long")
    return problems


@functools.cache
def _pool_codes() -> frozenset[str]:
    return frozenset(default_pool().codes)


def do_submit_response(
    cycle_unit: CycleUnit, answers: Answers, nonce: str, token_hash: str | None = None
) -> bool:
    """Store the answers once. Returns False when this nonce was already stored.

    The response carries the submission date only. A personal token is burnt (deleted) in
    the same transaction and never linked to the response; the receipt holds a hash of the
    nonce. The cycle must take answers today, as read inside that transaction with the
    cycle's row locked against closing (FOR KEY SHARE on PostgreSQL), so that no response
    slips in while a cycle closes.
    """
    problems = check_answers(answers)
    if problems:
        raise InvalidAnswers("; ".join(problems))
    today = timezone.localdate(timezone=timezone.get_default_timezone())
    nonce_hash = hash_secret(nonce)
    response = _response_row(cycle_unit, answers, today)
    if token_hash is None and connection.vendor == "postgresql":
        return _store_in_one_statement(response, nonce_hash)
    cycle = cycle_unit.cycle
    try:
        with transaction.atomic():
            state = cycle_state(cycle.pk, lock=True)
            if state is None or not takes_answers(
                state["status"], state["opens_on"], state["closes_on"], today
            ):
                raise CycleNotOpen("the cycle does not take answers today")
            # The receipt first: a retry of a stored questionnaire is a duplicate (below),
            # not a second use of its personal code.
            Receipt.objects.create(cycle=cycle, nonce_hash=nonce_hash, submitted_on=today)
            if token_hash is not None:
                # Burnt by deleting it: a kept row (its unit and day of use, or on
                # PostgreSQL its transaction id) would pair the code with this response.
                burnt, _ = PersonalToken.objects.filter(
                    token_hash=token_hash, cycle_unit=cycle_unit, used_on__isnull=True
                ).delete()
                if burnt != 1:
                    raise CodeUnusable("the personal code is unknown or was already used")
            Response.objects.create(**response)
    except IntegrityError:
        if Receipt.objects.filter(nonce_hash=nonce_hash).exists():
            return False  # a concurrent duplicate of the same questionnaire won the race
        raise
    return True


def _response_row(cycle_unit: CycleUnit, answers: Answers, today: datetime.date) -> dict[str, Any]:
    """The fields of the Response to store (by attribute name)."""
    return {
        "id": uuid.uuid4(),
        "cycle_id": cycle_unit.cycle_id,
        "cycle_unit_id": cycle_unit.pk,
        "submitted_on": today,
        "duration_s": answers.duration_s,
        "harapan": answers.harapan.strip(),
        "saran": answers.saran.strip(),
        **{q: ";".join(answers.picks[q]) for q in QUESTIONS},
        **{name: answers.demographics[name] for name in DEMOGRAPHIC_FIELDS},
    }


@functools.cache
def _one_statement_sql() -> str:
    """The SQL of the one-statement submission, for server-side binding: parameters by
    name, each cast to its column's base type (a prepared statement's parameters need a
    type; the base type, not varchar(n), so that a too long value is an error and not cut)."""
    qn = connection.ops.quote_name
    cycle, receipt, response = (m._meta for m in (Cycle, Receipt, Response))
    fields = response.concrete_fields
    columns = ", ".join(qn(f.column) for f in fields)
    values = ", ".join(f"%({f.attname})s::{_base_type(f)}" for f in fields)
    cycle_id = f"%(cycle_id)s::{_base_type(response.get_field('cycle'))}"
    return f"""
        WITH open_cycle AS (
            SELECT 1 FROM {qn(cycle.db_table)}
            WHERE {qn(cycle.pk.column)} = {cycle_id} AND {qn("status")} = %(open)s::text
              AND ({qn("opens_on")} IS NULL OR {qn("opens_on")} <= %(submitted_on)s::date)
              AND ({qn("closes_on")} IS NULL OR %(submitted_on)s::date <= {qn("closes_on")})
            FOR KEY SHARE
        ), receipt AS (
            INSERT INTO {qn(receipt.db_table)}
                ({qn("id")}, {qn("cycle_id")}, {qn("nonce_hash")}, {qn("submitted_on")})
            SELECT %(receipt_id)s::uuid, {cycle_id}, %(nonce_hash)s::text, %(submitted_on)s::date
            FROM open_cycle
            ON CONFLICT ({qn("nonce_hash")}) DO NOTHING
            RETURNING 1
        ), response AS (
            INSERT INTO {qn(response.db_table)} ({columns})
            SELECT {values} FROM receipt
            RETURNING 1
        )
        SELECT EXISTS (SELECT 1 FROM open_cycle), EXISTS (SELECT 1 FROM response)
    """


def _base_type(field: Any) -> str:
    """'varchar' for varchar(8), 'integer' for integer: a column's type without its length."""
    return str(
        field.rel_db_type(connection) if field.remote_field else field.db_type(connection)
    ).split("(")[0]


def _store_in_one_statement(response: dict[str, Any], nonce_hash: str) -> bool:
    """PostgreSQL, no personal code: the whole submission as one statement, so one round
    trip to the database instead of five (the hot path of a busy survey). Same rules as the
    transaction in `do_submit_response`: the receipt is inserted only while the cycle takes
    answers, and the response only with a new receipt."""
    params = {
        **response,
        "open": Status.OPEN.value,
        "receipt_id": uuid.uuid4(),
        "nonce_hash": nonce_hash,
    }
    opened, stored = run_flags(_one_statement_sql(), params)
    if not opened:
        raise CycleNotOpen("the cycle does not take answers today")
    return bool(stored)


def shuffle_rows(cycle: Cycle) -> None:
    """Rewrite the cycle's responses and receipts in a random order, in this transaction.

    While a cycle is open, rows reach the tables in the order people answer: their physical
    order (and, on PostgreSQL, their transaction ids) follows arrival, and a response shares
    its transaction with its receipt. Rewritten at closing, every row has the same
    transaction and a place that says nothing about when it came (the old row versions are
    reclaimed by the database's vacuum).
    """
    shuffle = secrets.SystemRandom().shuffle
    for model in (Response, Receipt):
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        rows = list(model.objects.filter(cycle=cycle).values(*fields))
        shuffle(rows)
        model.objects.filter(cycle=cycle).delete()
        model.objects.bulk_create((model(**row) for row in rows), batch_size=2000)
