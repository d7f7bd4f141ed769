"""Fixtures of the web tests: instansi, accounts of every role, cycles with responses.

Responses come from the project's own generator (seeded), inserted through the ORM like the
questionnaire's; nothing here is a fixture dump.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from berakhlak.accounts.models import Membership, Role
from berakhlak.generate.model import InstansiModel, Vocabulary, draw_answers, unit_models
from berakhlak.method.instrument import DEMOGRAPHICS
from berakhlak.method.items import default_pool
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle, CycleUnit

PASSWORD = "a-test-password-1"
POSTGRES = bool(os.environ.get("DATABASE_URL", "").startswith("postgres"))


@pytest.fixture
def make_instansi(db: None) -> Callable[..., Instansi]:
    def make(
        code: str = "KAB-T01",
        name: str = "Kabupaten Uji",
        region: str = "barat",
        units: list[tuple[str, str, int]] | None = None,
    ) -> Instansi:
        inst = Instansi.objects.create(code=code, name=name, region=region)
        for unit_code, unit_name, headcount in units or [
            ("U01", "Sekretariat Daerah", 120),
            ("U02", "Dinas Pendidikan", 400),
            ("U03", "Dinas Kesehatan", 150),
            ("U04", "Kecamatan Kecil", 14),
        ]:
            Unit.objects.create(instansi=inst, code=unit_code, name=unit_name, headcount=headcount)
        return inst

    return make


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    def make(
        username: str, role: str, instansi: Instansi | None = None, unit: Unit | None = None
    ) -> object:
        user = get_user_model().objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)
        return user

    return make


def login(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def add_responses(cycle: Cycle, sizes: dict[str, int], seed: int = 7, texts: bool = True) -> int:
    """Insert generated, valid responses: `sizes` maps unit code -> number of responses."""
    pool = default_pool()
    vocab = Vocabulary(pool)
    rng = np.random.default_rng(seed)
    units = {u.code: u for u in cycle.units.all()}
    codes = np.asarray(pool.codes)
    target = InstansiModel(np.array([0.58, 0.74, 0.57, 0.64, 0.66, 0.39, 0.69]), 0.24)
    ordered = sorted(sizes)
    effects = rng.normal(0, 0.2, (len(ordered), len(pool.values)))
    models = unit_models(rng, target, np.array([sizes[c] for c in ordered]), effects, vocab)
    records = []
    for code, model in zip(ordered, models, strict=True):
        answers = draw_answers(
            rng, model, sizes[code], vocab, speeders=0.0, straight_liners=0.0, missing_duration=0.0
        )
        for i in range(sizes[code]):
            records.append(
                Response(
                    cycle=cycle,
                    cycle_unit=units[code],
                    submitted_on=datetime.date(cycle.year, 9, 15),
                    duration_s=int(answers.duration_s[i]),
                    pv=";".join(codes[answers.pv[i]]),
                    cc=";".join(codes[answers.cc[i]]),
                    dc=";".join(codes[answers.dc[i]]),
                    harapan=f"harapan {code} {i}" if texts and i % 3 == 0 else "",
                    saran=f"saran {code} {i}" if texts and i % 4 == 0 else "",
                    **{
                        name: options[int(answers.demographics[name][i])]
                        for name, options in DEMOGRAPHICS.items()
                    },
                )
            )
    Response.objects.bulk_create(records)
    return len(records)


@dataclass
class World:
    """Two instansi, accounts of every role, and cycles in each state."""

    instansi: Instansi
    other: Instansi
    admin: object
    operator: object
    leader: object
    unit_leader: object
    other_operator: object
    other_leader: object
    draft: Cycle
    open: Cycle
    published: Cycle
    previous: Cycle
    other_published: Cycle

    def unit(self, cycle: Cycle, code: str) -> CycleUnit:
        return cycle.units.get(code=code)


@pytest.fixture
def world(make_instansi: Callable[..., Instansi], make_user: Callable[..., object]) -> World:
    inst = make_instansi()
    other = make_instansi(code="KOT-T02", name="Kota Lain", region="timur")
    sizes = {"U01": 60, "U02": 150, "U03": 70, "U04": 4}
    cycles = {}
    for year, status in ((2023, "published"), (2024, "published"), (2025, "open")):
        cycle = do_create_cycle(inst, year, actor=None)
        do_open_cycle(cycle, actor=None)
        if status != "open":
            add_responses(cycle, sizes, seed=year)
            do_close_cycle(cycle, actor=None)
            Cycle.objects.filter(pk=cycle.pk).update(status="published")
        else:
            add_responses(cycle, {"U01": 12, "U02": 30}, seed=year, texts=False)
        cycles[year] = Cycle.objects.get(pk=cycle.pk)
    draft = do_create_cycle(inst, 2026, actor=None)
    other_cycle = do_create_cycle(other, 2024, actor=None)
    do_open_cycle(other_cycle, actor=None)
    add_responses(other_cycle, {"U01": 80, "U02": 200, "U03": 90, "U04": 12}, seed=11)
    do_close_cycle(other_cycle, actor=None)
    Cycle.objects.filter(pk=other_cycle.pk).update(status="published")
    health = inst.units.get(code="U03")
    return World(
        instansi=inst,
        other=other,
        admin=make_user("admin.t", Role.ADMIN),
        operator=make_user("operator.t", Role.OPERATOR, inst),
        leader=make_user("pimpinan.t", Role.LEADER, inst),
        unit_leader=make_user("kepala.t", Role.LEADER, inst, health),
        other_operator=make_user("operator.lain", Role.OPERATOR, other),
        other_leader=make_user("pimpinan.lain", Role.LEADER, other),
        draft=draft,
        open=cycles[2025],
        published=cycles[2024],
        previous=cycles[2023],
        other_published=Cycle.objects.get(pk=other_cycle.pk),
    )


# --- the questionnaire, answered through the test client ------------------------------------

PROFILE = {
    "status": "PPPK",
    "jabatan": "fungsional",
    "gender": "P",
    "age_band": "30-39",
    "tenure_band": "5-14",
}
"""A respondent's answers to the demographic step."""

PICKS = {
    "pv": ["AK1", "P18", "P21", "P07", "LO1", "KO1", "P03", "HA1", "P09", "P06"],
    "cc": ["BP1", "AK1", "KO1", "HA1", "LO1", "AD1", "KL1", "P01", "P05", "P09"],
    "dc": ["AD2", "AD1", "P12", "P03", "P13", "P15", "P22", "KO1", "BP1", "BP3"],
}
"""Ten distinct picks per question, in rank order."""


def step_url(link: str, step: str) -> str:
    return f"/s/{link}/{step}/"


def personal_link(cycle_unit: CycleUnit, code: str) -> str:
    """The personal link of a code, as the CSV of codes gives it."""
    return f"/s/{cycle_unit.link_token}/kode/{code}/"


def answer(
    client: Client,
    link: str,
    *,
    until: str = "selesai",
    picks: dict[str, list[str]] | None = None,
    texts: dict[str, str] | None = None,
    **extra: str,
) -> object:
    """Answer the questionnaire of a unit link step by step up to (not including) `until`;
    'selesai' submits it. Each step must move on to the next one. Returns the last answer."""
    picks = picks or PICKS
    steps = {
        "mulai": {"consent": "on"},
        "profil": PROFILE,
        **{q: {"item": sorted(picks[q]), "order": ",".join(picks[q])} for q in picks},
        "saran": texts if texts is not None else {"harapan": "Lebih terbuka", "saran": ""},
    }
    response = None
    for name, data in steps.items():
        if name == until:
            break
        response = client.post(step_url(link, name), data, **extra)
        assert response.status_code == 302, (name, response.content[:2000])
    return response


@pytest.fixture
def survey(make_instansi: Callable[..., Instansi]) -> Cycle:
    """An open 2025 cycle (unit links) of a small instansi, without responses."""
    cycle = do_create_cycle(make_instansi(), 2025, actor=None)
    return do_open_cycle(cycle, actor=None)


@pytest.fixture
def token_survey(make_instansi: Callable[..., Instansi]) -> Cycle:
    """An open 2025 cycle that uses one-time personal codes."""
    cycle = do_create_cycle(make_instansi(), 2025, access="token", actor=None)
    return do_open_cycle(cycle, actor=None)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (no browser download: executable_path)."""
    from playwright import sync_api as playwright_api  # noqa: PLC0415 - only browser tests load it

    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
