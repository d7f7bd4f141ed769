"""The life of a survey cycle: draft -> open -> closed -> published, one way only (an open
cycle can be given a later closing date); links and personal codes.

Closing a cycle (`results.actions.do_close_cycle`) also rewrites its responses and counts
them, so it lives in the results app, above the responses it touches."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..audit.actions import record
from ..common.hashing import hash_secret
from ..method.combined import Rubric
from ..method.items import DEFAULT_POOL_VERSION
from ..method.params import Params
from ..orgs.models import Instansi, LocalValueSet
from .models import (
    Access,
    Cycle,
    CycleUnit,
    PersonalToken,
    Status,
    YearRubric,
    default_mode,
    rubric_of_year,
)


class TransitionRefused(Exception):
    """The cycle cannot make this step from its current status."""


def new_link_token() -> str:
    """128 random bits, URL-safe: the unit link cannot be guessed."""
    return secrets.token_urlsafe(16)


def new_personal_code() -> str:
    """17 random bytes (over 135 bits), URL-safe, never starting with '-': a spreadsheet
    would read such a code as a formula, and the CSV of codes would put an apostrophe
    before it."""
    while True:
        code = secrets.token_urlsafe(17)
        if not code.startswith("-"):
            return code


@transaction.atomic
def do_create_cycle(
    instansi: Instansi,
    year: int,
    *,
    access: str = Access.LINK,
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    k: int = 10,
    margin: float = 0.05,
    mode: str | None = None,
    evidence_weight: float = 0.2,
    evaluation_opens_on: datetime.date | None = None,
    evaluation_closes_on: datetime.date | None = None,
    actor: AbstractBaseUser | None,
) -> Cycle:
    params = _params(k, margin, evidence_weight)
    cycle = Cycle.objects.create(
        instansi=instansi,
        year=year,
        access=access,
        opens_on=opens_on,
        closes_on=closes_on,
        params=params.as_dict(),
        item_pool=DEFAULT_POOL_VERSION,
        mode=mode or default_mode(year),
        evaluation_opens_on=evaluation_opens_on,
        evaluation_closes_on=evaluation_closes_on,
    )
    record(
        actor,
        "cycle.create",
        f"Membuat siklus {instansi.code} {year}",
        instansi_code=instansi.code,
        cycle=cycle.pk,
    )
    return cycle


@transaction.atomic
def do_update_cycle(
    cycle: Cycle,
    *,
    access: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    k: int,
    margin: float,
    mode: str | None = None,
    evidence_weight: float = 0.2,
    evaluation_opens_on: datetime.date | None = None,
    evaluation_closes_on: datetime.date | None = None,
    actor: AbstractBaseUser,
) -> Cycle:
    """Settings and dates change only in draft. An open cycle's closing date can be moved
    later (`do_extend_cycle`); a closed cycle changes no more."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Status.DRAFT:
        raise TransitionRefused(f"a cycle that is {cycle.status} cannot be edited")
    cycle.opens_on, cycle.closes_on = opens_on, closes_on
    cycle.access = access
    cycle.params = _params(k, margin, evidence_weight).as_dict()
    cycle.mode = mode or default_mode(cycle.year)
    cycle.evaluation_opens_on = evaluation_opens_on
    cycle.evaluation_closes_on = evaluation_closes_on
    cycle.save()
    record(
        actor,
        "cycle.update",
        f"Mengubah siklus {cycle.instansi.code} {cycle.year}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
    )
    return cycle


def _params(k: int, margin: float, evidence_weight: float) -> Params:
    """The cycle's method parameters; the survey's weight is what the evidence leaves."""
    w_e = round(evidence_weight, 4)
    return Params(k=k, margin=margin, survey_weight=round(1 - w_e, 4), evidence_weight=w_e)


@transaction.atomic
def do_publish_rubric(year: int, rubric: Rubric, *, actor: AbstractBaseUser) -> YearRubric:
    """The national admin publishes the evaluation rubric of a year; cycles that open later
    freeze it (those already open keep theirs)."""
    published, _ = YearRubric.objects.update_or_create(
        year=year, defaults={"rubric": rubric.as_dict()}
    )
    record(
        actor,
        "rubric.publish",
        f"Menerbitkan rubrik evaluasi {year} ({len(rubric.criteria)} kriteria)",
        year=year,
        criteria=list(rubric.codes),
        scale_max=rubric.scale_max,
    )
    return published


def extension_problem(cycle: Cycle, closes_on: datetime.date) -> str | None:
    """Why `closes_on` cannot be the open cycle's new closing date, or None when it can:
    it must be today or later, after the opening date and after the current closing date."""
    today = timezone.localdate()
    if closes_on < today:
        return "past"
    if cycle.opens_on is not None and closes_on < cycle.opens_on:
        return "before_opening"
    if cycle.closes_on is not None and closes_on <= cycle.closes_on:
        return "not_later"
    return None


@transaction.atomic
def do_extend_cycle(
    cycle: Cycle, closes_on: datetime.date, *, actor: AbstractBaseUser | None
) -> Cycle:
    """Give an open cycle more time: a later closing date, never an earlier one. A cycle
    whose closing date has passed but which was not closed yet takes answers again."""
    cycle = Cycle.objects.select_for_update().select_related("instansi").get(pk=cycle.pk)
    if cycle.status != Status.OPEN:
        raise TransitionRefused(f"cannot extend a cycle that is {cycle.status}")
    if extension_problem(cycle, closes_on) is not None:
        raise TransitionRefused("the new closing date must be later")
    before = cycle.closes_on
    cycle.closes_on = closes_on
    cycle.save(update_fields=["closes_on"])
    record(
        actor,
        "cycle.extend",
        f"Memperpanjang siklus {cycle.instansi.code} {cycle.year} sampai {closes_on.isoformat()}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        closes_on=closes_on.isoformat(),
        closes_on_before=before.isoformat() if before else None,
    )
    return cycle


@transaction.atomic
def do_extend_cycles(
    cycles: list[Cycle], closes_on: datetime.date, *, actor: AbstractBaseUser | None
) -> tuple[list[Cycle], list[Cycle]]:
    """The national admin's extension of many open cycles at once (one instansi, or all of a
    year): each through `do_extend_cycle`, so each is audited on its own. A cycle that
    already closes on or after `closes_on`, or is no longer open, is left as it is.
    Returns (extended, left as they were)."""
    extended, left = [], []
    for cycle in cycles:
        try:
            extended.append(do_extend_cycle(cycle, closes_on, actor=actor))
        except TransitionRefused:
            left.append(cycle)
    return extended, left


def _freeze_units(cycle: Cycle) -> int:
    units = list(cycle.instansi.units.filter(active=True).order_by("code"))
    CycleUnit.objects.bulk_create(
        CycleUnit(
            cycle=cycle,
            unit=u,
            code=u.code,
            name=u.name,
            headcount=u.headcount,
            link_token=new_link_token(),
            group_code=u.group_code,
            group_name=u.group_name,
        )
        for u in units
    )
    return len(units)


@transaction.atomic
def do_open_cycle(cycle: Cycle, *, actor: AbstractBaseUser | None) -> Cycle:
    """Open a draft for answers, freezing the structure, parameters, item pool and the
    instansi's local value set.

    Only a draft opens. A closed cycle never opens again: its results can be read, and a
    second closing would let anyone compare the results before and after a few more
    answers (down to one person's). A correction is a new cycle; more time for answers is
    a later closing date while the cycle is still open (`do_extend_cycle`).
    """
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Status.DRAFT:
        raise TransitionRefused(f"cannot open a cycle that is {cycle.status}")
    if not cycle.instansi.units.filter(active=True).exists():
        raise TransitionRefused("the instansi has no active units")
    frozen = _freeze_units(cycle)
    cycle.params = cycle.method_params().as_dict()
    if cycle.evaluated:
        cycle.rubric = rubric_of_year(cycle.year).as_dict()
    cycle.item_pool = DEFAULT_POOL_VERSION
    own = LocalValueSet.objects.filter(instansi=cycle.instansi).first()
    cycle.local_values = own.data if own is not None else None
    cycle.opened_at = timezone.now()
    summary = f"Membuka siklus {cycle.instansi.code} {cycle.year} ({frozen} unit dibekukan)"
    cycle.status = Status.OPEN
    cycle.save()
    record(actor, "cycle.open", summary, instansi_code=cycle.instansi.code, cycle=cycle.pk)
    return cycle


@transaction.atomic
def do_publish_cycle(cycle: Cycle, *, actor: AbstractBaseUser | None) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.status != Status.CLOSED:
        raise TransitionRefused(f"cannot publish a cycle that is {cycle.status}")
    cycle.status, cycle.published_at = Status.PUBLISHED, timezone.now()
    cycle.save()
    record(
        actor,
        "cycle.publish",
        f"Memublikasikan hasil {cycle.instansi.code} {cycle.year}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
    )
    return cycle


@transaction.atomic
def do_issue_tokens(cycle_unit: CycleUnit, count: int, *, actor: AbstractBaseUser) -> list[str]:
    """`count` new one-time personal codes for one unit. Only their hashes are kept: the
    plain codes exist in the returned list (the CSV for mail merge) and nowhere else."""
    if cycle_unit.cycle.status != Status.OPEN:
        raise TransitionRefused("codes can only be issued while the cycle is open")
    tokens = [new_personal_code() for _ in range(count)]
    PersonalToken.objects.bulk_create(
        PersonalToken(cycle_unit=cycle_unit, token_hash=hash_secret(t)) for t in tokens
    )
    cycle = cycle_unit.cycle
    record(
        actor,
        "tokens.issue",
        f"Membuat {count} kode pribadi untuk {cycle_unit.code}",
        instansi_code=cycle.instansi.code,
        cycle=cycle.pk,
        unit=cycle_unit.code,
        count=count,
    )
    return tokens
