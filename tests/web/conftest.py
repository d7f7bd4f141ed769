"""Fixtures of the web tests: instansi, accounts of every role, cycles with responses.

Responses come from the project's own generator (seeded), inserted through the ORM like the
questionnaire's; nothing here is a fixture dump.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction

from berakhlak.orgs.models import Instansi
from berakhlak.site import wsgi
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.surveys.models import Cycle
from helpers.results_world import Rendered, rendered_world
from helpers.web import CHROMIUM_ARGS, World
from helpers.world import (
    Snapshot,
    build_world,
    create_instansi,
    create_user,
    ids_from_far,
    keys_now,
    load_world,
)


@pytest.fixture
def make_instansi(db: None) -> Callable[..., Instansi]:
    """Makes an instansi with units (by default KAB-T01's four; give another code when the
    test also uses the world)."""
    return create_instansi


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    """Makes an account with its membership; the password is PASSWORD."""
    return create_user


@pytest.fixture(scope="session")
def world_snapshot(django_db_setup: None, django_db_blocker: Any) -> Snapshot:
    """The rows of the world (tests/helpers/world.py), built once per test process in a
    transaction that is rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        ids_from_far()
        before = keys_now()
        build_world()
        snapshot = Snapshot.since(before)
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def world(world_snapshot: Snapshot, db: None) -> World:
    """The world, laid into this test's transaction: the test may change it freely."""
    world_snapshot.restore()
    return load_world()


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
