"""Storing a submitted questionnaire: once, anonymously, atomically."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..method.items import PICKS, QUESTIONS, default_pool
from ..surveys.models import CycleUnit, PersonalToken, takes_answers
from .models import Receipt, Response

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


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def code_hash(code: str) -> str:
    """The hash of a personal code as typed or pasted: without surrounding spaces, and
    without the apostrophe that the CSV of codes puts before a code starting with '-'
    (so that a spreadsheet does not read it as a formula; see site/export.py)."""
    return hash_secret(code.strip().removeprefix("'"))


def check_answers(answers: Answers) -> list[str]:
    """Server-side validation of a complete questionnaire; empty when it is valid."""
    from ..files.responses import DEMOGRAPHICS

    problems = []
    for name in DEMOGRAPHIC_FIELDS:
        if answers.demographics.get(name) not in DEMOGRAPHICS[name]:
            problems.append(f"{name} is missing or invalid")
    pool = default_pool()
    for q in QUESTIONS:
        picks = answers.picks.get(q) or []
        if (
            len(picks) != PICKS
            or len(set(picks)) != PICKS
            or any(pool.get(code) is None for code in picks)
        ):
            problems.append(f"{q} must be {PICKS} distinct items of the pool")
    if len(answers.harapan) > MAX_TEXT or len(answers.saran) > MAX_TEXT:
        problems.append("free text is too long")
    return problems


def do_submit_response(
    cycle_unit: CycleUnit, answers: Answers, nonce: str, token_hash: str | None = None
) -> bool:
    """Store the answers once. Returns False when this nonce was already stored.

    The response carries the submission date only. A personal token is burnt (deleted) in
    the same transaction and never linked to the response; the receipt holds a hash of the
    nonce.
    """
    problems = check_answers(answers)
    if problems:
        raise InvalidAnswers("; ".join(problems))
    cycle = cycle_unit.cycle
    today = timezone.localdate()
    nonce_hash = hash_secret(nonce)
    try:
        with transaction.atomic():
            # One plain primary-key read (a composed filter costs more to build than to run):
            # the status and dates as they are now, inside the submission's transaction.
            state = (
                type(cycle).objects.values_list("status", "opens_on", "closes_on").get(pk=cycle.pk)
            )
            if not takes_answers(*state, today):
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
            Response.objects.create(
                cycle=cycle,
                cycle_unit=cycle_unit,
                submitted_on=today,
                duration_s=answers.duration_s,
                harapan=answers.harapan.strip(),
                saran=answers.saran.strip(),
                **{q: ";".join(answers.picks[q]) for q in QUESTIONS},
                **{name: answers.demographics[name] for name in DEMOGRAPHIC_FIELDS},
            )
    except IntegrityError:
        if Receipt.objects.filter(nonce_hash=nonce_hash).exists():
            return False  # a concurrent duplicate of the same questionnaire won the race
        raise
    return True
