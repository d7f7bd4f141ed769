"""The read-only demo world of the web tests, built once per test process through the real
actions and laid into each test's transaction from a snapshot.

Two instansi, an account of every role, and cycles in each state: KAB-T01 with published
2023 and 2024 cycles (opened, answered, closed and published by the actions an operator's
buttons call), an open 2025 cycle and a 2026 draft; KOT-T02 with a published 2024 cycle.

Building it takes a good part of a second (generated responses, the actions' own work);
laying its rows back takes a few milliseconds. So `snapshot_world` builds it once in a
transaction that is rolled back, keeping every row it made, and the `world` fixture
(tests/web/conftest.py) inserts those rows into the test's own transaction: every test
sees the same world and may change it, and no test sees another's changes. The rows keep
their ids, taken far above any a test makes itself, so the two never meet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

from berakhlak.accounts.models import Membership, Role
from berakhlak.followup.actions import (
    do_add_activity,
    do_add_change_agent,
    do_add_evidence,
    do_add_report,
    do_choose_focus,
)
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from berakhlak.surveys.models import Cycle
from helpers.uploads import photo, upload
from helpers.web import PASSWORD, World, add_responses

FAR = 10_000_000  # the first id of the world's rows
DEFAULT_UNITS = [
    ("U01", "Sekretariat Daerah", 120),
    ("U02", "Dinas Pendidikan", 400),
    ("U03", "Dinas Kesehatan", 150),
    ("U04", "Kecamatan Kecil", 14),
]
USERS = {
    "admin": ("admin.t", Role.ADMIN, None, None),
    "operator": ("operator.t", Role.OPERATOR, "KAB-T01", None),
    "leader": ("pimpinan.t", Role.LEADER, "KAB-T01", None),
    "unit_leader": ("kepala.t", Role.LEADER, "KAB-T01", "U03"),
    "other_operator": ("operator.lain", Role.OPERATOR, "KOT-T02", None),
    "other_leader": ("pimpinan.lain", Role.LEADER, "KOT-T02", None),
    "change_agent": ("agen.t", Role.CHANGE_AGENT, "KAB-T01", "U03"),
    "other_unit_leader": ("kepala.u01", Role.LEADER, "KAB-T01", "U01"),
}


def create_instansi(
    code: str = "KAB-T01",
    name: str = "Kabupaten Uji",
    region: str = "barat",
    units: list[tuple[str, str, int]] | None = None,
) -> Instansi:
    inst = Instansi.objects.create(code=code, name=name, region=region)
    for unit_code, unit_name, headcount in units or DEFAULT_UNITS:
        Unit.objects.create(instansi=inst, code=unit_code, name=unit_name, headcount=headcount)
    return inst


def create_user(
    username: str, role: str, instansi: Instansi | None = None, unit: Unit | None = None
) -> object:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)
    return user


def build_world() -> None:
    """The world, made as an operator would make it (every step through its action)."""
    inst = create_instansi()
    other = create_instansi(code="KOT-T02", name="Kota Lain", region="timur")
    sizes = {"U01": 60, "U02": 150, "U03": 70, "U04": 4}
    for year in (2023, 2024, 2025):
        cycle = do_open_cycle(do_create_cycle(inst, year, actor=None), actor=None)
        if year == 2025:
            add_responses(cycle, {"U01": 12, "U02": 30}, seed=year, texts=False)
            continue
        add_responses(cycle, sizes, seed=year)
        do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    do_create_cycle(inst, 2026, actor=None)
    other_cycle = do_open_cycle(do_create_cycle(other, 2024, actor=None), actor=None)
    add_responses(other_cycle, {"U01": 80, "U02": 200, "U03": 90, "U04": 12}, seed=11)
    do_publish_cycle(do_close_cycle(other_cycle, actor=None), actor=None)
    for username, role, code, unit in USERS.values():
        owner = Instansi.objects.get(code=code) if code else None
        create_user(username, role, owner, owner.units.get(code=unit) if unit else None)
    build_followup(inst)


def build_followup(inst: Instansi) -> None:
    """The action plan on KAB-T01's 2024 results: an activity of U03 (with a photo as
    evidence) and one of U01; a change agent of each with a report and a file."""
    operator = get_user_model().objects.get(username="operator.t")
    cycle = Cycle.objects.get(instansi=inst, year=2024)
    do_choose_focus(cycle, ["AD", "KL"], ["N01"], actor=operator)
    units = {u.code: u for u in inst.units.all()}
    for code, title, status in (
        ("U03", "Klinik layanan", "berjalan"),
        ("U01", "Apel nilai", "rencana"),
    ):
        activity = do_add_activity(
            cycle,
            {
                "title": title,
                "description": "",
                "addresses": ["AD"],
                "unit": units[code],
                "person_name": f"Penanggung {code}",
                "person_position": "Kepala Bidang",
                "starts_on": datetime.date(2025, 1, 6),
                "ends_on": datetime.date(2025, 3, 31),
                "target": "3 sesi",
                "status": status,
            },
            actor=operator,
        )
        do_add_evidence(
            activity, f"Foto {code}", upload=upload(photo(), f"foto-{code}.jpg"), actor=operator
        )
        agent = do_add_change_agent(
            units[code],
            {
                "name": f"Agen {code}",
                "position": "Analis",
                "nip": "",
                "decree_number": f"SK-{code}/2025",
                "decree_date": datetime.date(2025, 1, 2),
                "period_start": datetime.date(2025, 1, 2),
                "period_end": datetime.date(2025, 12, 31),
            },
            actor=operator,
        )
        do_add_report(
            agent,
            {
                "on": datetime.date(2025, 2, 10),
                "title": f"Sosialisasi {code}",
                "description": "Sosialisasi nilai Adaptif",
                "participants": 25,
                "activity": activity,
            },
            [upload(photo("PNG"), f"laporan-{code}.png")],
            actor=operator,
        )


def load_world() -> World:
    """The world's objects, fetched from the database."""
    users = {name: get_user_model().objects.get(username=u[0]) for name, u in USERS.items()}
    inst, other = Instansi.objects.get(code="KAB-T01"), Instansi.objects.get(code="KOT-T02")
    cycles = {c.year: c for c in Cycle.objects.filter(instansi=inst)}
    return World(
        instansi=inst,
        other=other,
        **users,
        draft=cycles[2026],
        open=cycles[2025],
        published=cycles[2024],
        previous=cycles[2023],
        other_published=Cycle.objects.get(instansi=other, year=2024),
    )


def _models() -> list[type[Model]]:
    return [m for m in apps.get_models() if m._meta.managed and not m._meta.proxy]


def _auto_pk(model: type[Model]) -> bool:
    return model._meta.pk.get_internal_type() in ("AutoField", "BigAutoField")


def ids_from_far() -> None:
    """Let new rows of every table take ids from FAR on (inside a transaction that is rolled
    back on SQLite; on PostgreSQL the sequences stay there, which harms nothing)."""
    with connection.cursor() as cursor:
        for model in _models():
            if not _auto_pk(model):
                continue
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, "
                    f"(SELECT COALESCE(MAX({connection.ops.quote_name(model._meta.pk.column)}), 1)"
                    f" FROM {connection.ops.quote_name(table)})))",
                    [table, model._meta.pk.column, FAR],
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, FAR]
                )


@dataclass
class Snapshot:
    """Rows of the database, model by model: those made since `keys_now()` was taken."""

    rows: list[tuple[type[Model], list[dict[str, object]]]]

    @classmethod
    def since(cls, before: dict[type[Model], set[object]]) -> Snapshot:
        taken = []
        for model in _models():
            names = [f.attname for f in model._meta.concrete_fields]
            new = [
                row
                for row in model._base_manager.values(*names)
                if row[model._meta.pk.attname] not in before.get(model, set())
            ]
            if new:
                taken.append((model, new))
        return cls(taken)

    def restore(self) -> None:
        """Insert the rows again, each table after those it refers to (a test that commits,
        with a live server, checks foreign keys row by row)."""
        for model, rows in _referred_first(self.rows):
            model._base_manager.bulk_create([model(**row) for row in rows])
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _ in self.rows])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


def _referred_first(
    rows: list[tuple[type[Model], list[dict[str, object]]]],
) -> list[tuple[type[Model], list[dict[str, object]]]]:
    """The tables of `rows` in an order in which every table comes after those it refers to."""
    left = dict(rows)
    ordered: list[tuple[type[Model], list[dict[str, object]]]] = []
    while left:
        ready = [
            model
            for model in left
            if not any(
                f.related_model in left and f.related_model is not model
                for f in model._meta.concrete_fields
                if f.is_relation
            )
        ]
        assert ready, f"foreign keys in a circle among {sorted(m.__name__ for m in left)}"
        ordered += [(model, left.pop(model)) for model in ready]
    return ordered


def keys_now() -> dict[type[Model], set[object]]:
    """The primary keys of every row now in the database."""
    return {m: set(m._base_manager.values_list("pk", flat=True)) for m in _models()}
