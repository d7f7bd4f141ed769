"""Fixtures of the web tests: instansi, accounts of every role, cycles with responses.

Responses come from the project's own generator (seeded), inserted through the ORM like the
questionnaire's; nothing here is a fixture dump.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from berakhlak.accounts.models import Membership, Role
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.results.actions import do_close_cycle
from berakhlak.site import wsgi
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.results_world import Rendered, rendered_world
from helpers.web import CHROMIUM_ARGS, PASSWORD, World, add_responses


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium through Playwright (no browser download: executable_path)."""
    from playwright import sync_api as playwright_api  # noqa: PLC0415 - only browser tests load it

    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def keep_the_test_connection(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As Django's test client does: the request must not close the test's transaction."""
    monkeypatch.setattr(wsgi, "close_old_connections", lambda: None)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: Any) -> Rendered:
    """The world's pages, files and API answers (built once per test process)."""
    with django_db_blocker.unblock():
        return rendered_world()
