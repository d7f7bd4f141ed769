"""The demo: a fictional regency (Kabupaten Sukamaju, 40 units) with two published years and
an open 2026 cycle, eleven other instansi for the national view, the open data of the
published years, and one account per role; Sukamaju's action plan on its 2025 results
(site/demo_followup.py); Sukamaju 2025 (and a few other instansi of 2025) has a finalised
evidence evaluation, and Sukamaju 2026 one under way (site/demo_evaluation.py).

Everything comes from the project's own generator (seeded), through the same tables the
questionnaire writes: the results on screen are computed like any real cycle's.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction

from ..accounts.actions import do_create_user
from ..accounts.invitations import invite_on_commit
from ..accounts.models import Membership, Role
from ..generate.model import Answers, InstansiModel
from ..generate.synthetic import HARAPAN, SARAN, GeneratorConfig, PlannedInstansi, Synthetic
from ..method.instrument import DEMOGRAPHICS
from ..method.local import LocalSet, LocalValue, local_set_data
from ..opendata.actions import do_publish_open_data
from ..orgs.local_values import KREATIF, do_save_local_set
from ..orgs.models import Instansi, LocalValueSet, Unit
from ..responses.models import Response
from ..results.actions import do_close_cycle
from ..results.counts import refresh_counts
from ..surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from ..surveys.models import Cycle, CycleUnit, Status
from .demo_evaluation import evaluate_demo
from .demo_followup import CHANGE_AGENT, load_followup_demo

PASSWORD = "berakhlak-demo"
OPEN_YEAR = 2026

SIGAP = LocalSet(
    code="SIGAP",
    name="SIGAP",
    legal_basis="Peraturan Bupati Sukamaju Nomor 17 Tahun 2023 tentang Nilai Budaya Kerja Aparatur",
    values=(
        LocalValue("SAN", "Santun", "Courteous", ("HA1", "P06", "BP2")),
        LocalValue("INT", "Integritas", "Integrity", ("P18", "AK1", "AK3")),
        LocalValue("GOT", "Gotong royong", "Mutual help", ("P08", "HA2", "KL3")),
        LocalValue("AMA", "Amanah", "Trustworthy", ("AK2", "LO3", "P19")),
        LocalValue("PRO", "Profesional", "Professional", ("P09", "KO3", "P11")),
    ),
)
"""Sukamaju's own work-culture values (fictional, like the regency), frozen into its cycles."""


@dataclass
class DemoAccounts:
    admin: str = "admin"
    operator: str = "operator.sukamaju"
    leader: str = "bupati.sukamaju"
    unit_leader: str = "kadis.kesehatan"
    other_operator: str = ""
    change_agent: str = CHANGE_AGENT
    evaluator: str = "evaluator.sukamaju"


def _responses(
    rng: np.random.Generator,
    cycle: Cycle,
    unit: CycleUnit,
    a: Answers,
    start: datetime.date,
    codes: np.ndarray,
) -> list[Response]:
    n = len(a.cc)
    pv, cc, dc = (
        [";".join(row) for row in codes[getattr(a, q)].tolist()] for q in ("pv", "cc", "dc")
    )
    demo = {
        name: np.asarray(options)[a.demographics[name]].tolist()
        for name, options in DEMOGRAPHICS.items()
    }
    days = rng.integers(0, 28, n)
    harapan = rng.random(n) < 0.3
    saran = rng.random(n) < 0.2
    out = []
    for i in range(n):
        duration = a.duration_s[i]
        out.append(
            Response(
                cycle=cycle,
                cycle_unit=unit,
                submitted_on=start + datetime.timedelta(days=int(days[i])),
                duration_s=None if np.isnan(duration) else int(duration),
                pv=pv[i],
                cc=cc[i],
                dc=dc[i],
                harapan=HARAPAN[int(rng.integers(len(HARAPAN)))] if harapan[i] else "",
                saran=SARAN[int(rng.integers(len(SARAN)))] if saran[i] else "",
                **{name: demo[name][i] for name in DEMOGRAPHICS},
            )
        )
    return out


def _cycle(instansi: Instansi, year: int) -> tuple[Cycle, list[CycleUnit]]:
    """An open cycle, made the way an operator makes one (and so in the audit log)."""
    opens = datetime.date(year, 9, 1) if year < OPEN_YEAR else datetime.date(year, 11, 2)
    cycle = do_create_cycle(
        instansi, year, opens_on=opens, closes_on=opens + datetime.timedelta(days=40), actor=None
    )
    cycle = do_open_cycle(cycle, actor=None)
    return cycle, list(cycle.units.order_by("code"))


def _publish(cycle: Cycle) -> None:
    do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)


def _fill(
    synthetic: Synthetic,
    plan: PlannedInstansi,
    cycle: Cycle,
    units: list[CycleUnit],
    rng: np.random.Generator,
) -> None:
    by_code = {u.code: u for u in units}
    codes = np.asarray(synthetic.pool.codes)
    records: list[Response] = []
    for unit, _model, size, answers in synthetic.answers(plan, cycle.year):
        if size:
            records += _responses(rng, cycle, by_code[unit.code], answers, cycle.opens_on, codes)
    Response.objects.bulk_create(records, batch_size=2000)


DEMO_INVITEE = "operator.baru@contoh.go.id"


def load_demo(seed: int = 1, instansi: int = 12, respondents: int = 42_000) -> DemoAccounts:
    """Fill an empty database with the demo. Returns the account names."""
    config = GeneratorConfig(
        seed=seed, instansi=instansi, respondents=respondents, scenario="sukamaju", texts=False
    )
    synthetic = Synthetic(config)
    rng = np.random.default_rng(seed + 1_000)  # dates and free texts
    accounts = DemoAccounts()
    with transaction.atomic():
        models = {}
        for plan in synthetic.instansi:
            inst = Instansi.objects.create(code=plan.code, name=plan.name, region=plan.region)
            Unit.objects.bulk_create(
                Unit(instansi=inst, code=u.code, name=u.name, headcount=u.headcount)
                for u in plan.units
            )
            models[plan.code] = inst
        # Sukamaju's kecamatan offices (14 to 60 staff, targets of 1 to 3 respondents) are
        # too small to be shown on their own: they are reported as one group (method §9).
        Unit.objects.filter(
            instansi=models[synthetic.instansi[0].code], name__startswith="Kecamatan "
        ).update(group_code="KEC", group_name="Kantor kecamatan")
        do_save_local_set(models[synthetic.instansi[0].code], SIGAP, actor=None)
        LocalValueSet.objects.create(instansi=None, data=local_set_data(KREATIF))
        # Years outer, instansi inner: the order `berakhlak generate` draws in, so the demo
        # holds exactly the data of `generate --seed 1 --scenario sukamaju --instansi 12`.
        for year in synthetic.years:
            for plan in synthetic.instansi:
                cycle, units = _cycle(models[plan.code], year)
                _fill(synthetic, plan, cycle, units, rng)
                _publish(cycle)
        sukamaju = synthetic.instansi[0]
        last = sukamaju.models[synthetic.years[-1]]
        sukamaju.models[OPEN_YEAR] = InstansiModel(last.target + 0.01, last.limiting)
        sukamaju.sizes[OPEN_YEAR] = 290  # under way: below the minimum of 381, for now
        cycle, units = _cycle(models[sukamaju.code], OPEN_YEAR)
        _fill(synthetic, sukamaju, cycle, units, rng)
        accounts.other_operator = f"operator.{synthetic.instansi[1].code.lower()}"
        _accounts(accounts, models[sukamaju.code], models[synthetic.instansi[1].code])
        _evaluations(accounts, synthetic.instansi[0].code, rng)
    for cycle in Cycle.objects.all():
        refresh_counts(cycle)
    users = get_user_model().objects
    with transaction.atomic():  # the plan on the latest published results (issue 14)
        load_followup_demo(
            Cycle.objects.get(instansi__code=sukamaju.code, year=synthetic.years[-1]),
            users.get(username=accounts.operator),
            users.get(username=accounts.leader),
            users.get(username=accounts.unit_leader),
            PASSWORD,
        )
    for year in synthetic.years:  # open data of the published years, linked from home
        do_publish_open_data(year, actor=None)
    with transaction.atomic():  # an operator invited, not signed in yet (Pengguna, Undangan)
        invited, _password = do_create_user(
            DEMO_INVITEE, Role.OPERATOR, instansi=models[synthetic.instansi[1].code],
            unit=None, email=DEMO_INVITEE, invited=True, actor=None,
        )  # fmt: skip
        invite_on_commit([invited], "id")  # the e-mail: DATA_DIR/mail in the demo
    return accounts


def _evaluations(accounts: DemoAccounts, sukamaju: str, rng: np.random.Generator) -> None:
    """Sukamaju 2025 evaluated, as are half the other instansi of 2025; 2026 under way."""
    users = get_user_model().objects
    operator, evaluator = (
        users.get(username=accounts.operator),
        users.get(username=accounts.evaluator),
    )
    evaluated = Cycle.objects.filter(year=OPEN_YEAR - 1, status=Status.PUBLISHED)
    for i, cycle in enumerate(evaluated.order_by("instansi__code")):
        mine = cycle.instansi.code == sukamaju
        if mine or i % 2 == 0:
            evaluate_demo(cycle, rng, finalise=True, submitter=operator if mine else None,
                          evaluator=evaluator if mine else None)  # fmt: skip
    current = Cycle.objects.get(instansi__code=sukamaju, year=OPEN_YEAR)
    evaluate_demo(current, rng, finalise=False, submitter=operator, evaluator=evaluator)


def _accounts(accounts: DemoAccounts, sukamaju: Instansi, other: Instansi) -> None:
    users = get_user_model().objects
    health = sukamaju.units.get(name="Dinas Kesehatan")
    for name, role, instansi, unit in (
        (accounts.admin, Role.ADMIN, None, None),
        (accounts.operator, Role.OPERATOR, sukamaju, None),
        (accounts.leader, Role.LEADER, sukamaju, None),
        (accounts.unit_leader, Role.LEADER, sukamaju, health),
        (accounts.other_operator, Role.OPERATOR, other, None),
        (accounts.evaluator, Role.EVALUATOR, sukamaju, None),
    ):
        user = users.create_user(username=name, password=PASSWORD)
        Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)


def demo_link(base_url: str) -> str:
    """The questionnaire link of one unit of the open cycle."""
    unit = CycleUnit.objects.filter(cycle__status=Status.OPEN, name="Dinas Pendidikan").first()
    unit = unit or CycleUnit.objects.filter(cycle__status=Status.OPEN).first()
    return f"{base_url}/s/{unit.link_token}/" if unit else ""
