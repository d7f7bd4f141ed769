"""Closing a cycle rewrites its rows in a random order; oversized bodies are refused early."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings

from berakhlak.responses.models import Receipt, Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.cycle_results import build_dashboard
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from helpers.web import add_responses


def _rows(cycle):
    fields = ("cycle_unit_id", "pv", "cc", "dc", "status", "gender", "duration_s")
    return sorted(Response.objects.filter(cycle=cycle).values_list(*fields))


def test_closing_keeps_every_response_but_gives_each_a_new_key_and_place(make_instansi):
    inst = make_instansi()
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 40, "U02": 60}, seed=3)
    Receipt.objects.bulk_create(
        Receipt(cycle=cycle, nonce_hash=f"{i:064x}", submitted_on="2025-09-15") for i in range(100)
    )
    before_rows = _rows(cycle)
    before_keys = list(Response.objects.filter(cycle=cycle).values_list("id", flat=True))
    do_close_cycle(cycle, actor=None)
    after_keys = list(Response.objects.filter(cycle=cycle).values_list("id", flat=True))
    assert _rows(cycle) == before_rows  # the same answers, nothing lost or added
    assert not set(before_keys) & set(after_keys)  # every row was written anew
    assert Receipt.objects.filter(cycle=cycle).count() == 100


def test_the_results_of_a_cycle_are_the_same_before_and_after_closing(make_instansi):
    inst = make_instansi()
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    add_responses(cycle, {"U01": 40, "U02": 60, "U03": 25}, seed=4)
    cycle.status = "closed"  # read the open cycle's figures as a dashboard would
    before = build_dashboard(cycle, "id").implementasi.value
    do_close_cycle(cycle.__class__.objects.get(pk=cycle.pk), actor=None)
    cycle.refresh_from_db()
    assert build_dashboard(cycle, "id").implementasi.value == pytest.approx(before)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_closed_rows_no_longer_carry_their_arrival_transaction(make_instansi):
    inst = make_instansi()
    cycle = do_open_cycle(do_create_cycle(inst, 2025, actor=None), actor=None)
    for i in range(3):  # three separate transactions, as three respondents would
        add_responses(cycle, {"U01": 5}, seed=10 + i)
    with connection.cursor() as c:
        c.execute(
            "SELECT count(DISTINCT xmin::text) FROM responses_response WHERE cycle_id = %s",
            [cycle.pk],
        )
        assert c.fetchone()[0] == 3
    do_close_cycle(cycle, actor=None)
    with connection.cursor() as c:
        c.execute(
            "SELECT count(DISTINCT xmin::text) FROM responses_response WHERE cycle_id = %s",
            [cycle.pk],
        )
        assert c.fetchone()[0] == 1


@override_settings(BERAKHLAK_MAX_UPLOAD_BYTES=1000)
def test_a_request_body_over_the_upload_limit_is_refused_before_it_is_read(client, db):
    response = client.post("/akun/masuk/", data="x" * 70_000, content_type="text/plain")
    assert response.status_code == 413
    assert client.post("/akun/masuk/", {"username": "a", "password": "b"}).status_code == 200
