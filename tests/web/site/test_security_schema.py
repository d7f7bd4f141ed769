"""The JSON API against its OpenAPI description, with schemathesis, in process.

Schemathesis generates requests from /api/v1/openapi.json (valid ones, and for the submission
invalid ones too) and sends them to Django's WSGI handler with a personal API key: no answer
is a server error, every answer has a documented status, content type and shape, and invalid
requests are refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from berakhlak.accounts.apikeys import do_create_api_key
from berakhlak.results.api import load_openapi
from helpers.web import PICKS, PROFILE

REFUSALS = ["400", "401", "403", "404", "409", "413", "429"]  # the refusals the API documents
SCHEMA = schemathesis.openapi.from_dict(
    load_openapi(),
    config=SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REFUSALS}}}
    ),
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
RUNS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPERATIONS = [
    ("/api/v1/responses", "POST"),
    ("/api/v1/cycles", "GET"),
    ("/api/v1/cycles/{id}/results", "GET"),
    ("/api/v1/national/{year}", "GET"),
]


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """Django's WSGI handler inside the test's transaction (as the test client does it: the
    handler must not close the connection at the end of each request)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(world) -> dict[str, str]:
    key = do_create_api_key(world.admin, "schemathesis", actor=world.admin)
    return {"Authorization": f"Bearer {key}"}


def run(operation: Any, mode: GenerationMode, app: WSGIHandler, headers: dict, checks: list):
    @RUNS
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case: Any) -> None:
        response = case.call(app=app, headers=headers)
        case.validate_response(response, checks=checks, headers=headers)

    check()


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_generated_requests_get_documented_answers_and_never_a_server_error(
    path, method, world, app, bearer
):
    operation = SCHEMA[path][method]
    run(operation, GenerationMode.POSITIVE, app, bearer, CHECKS)


@pytest.mark.parametrize(("path", "method"), [OPERATIONS[0], OPERATIONS[2], OPERATIONS[3]])
def test_requests_that_break_the_schema_are_refused(path, method, world, app, bearer):
    operation = SCHEMA[path][method]
    run(operation, GenerationMode.NEGATIVE, app, bearer, [*CHECKS, negative_data_rejection])


def test_real_cycles_years_and_submissions_answer_as_documented(world, app, bearer):
    """Generated ids and links rarely exist: the real ones, checked the same way."""
    cases = [SCHEMA["/api/v1/cycles"]["GET"].Case()]
    results = SCHEMA["/api/v1/cycles/{id}/results"]["GET"]
    for cycle in (world.published, world.previous, world.other_published, world.open):
        cases.append(results.Case(path_parameters={"id": cycle.pk}))
    national = SCHEMA["/api/v1/national/{year}"]["GET"]
    cases += [national.Case(path_parameters={"year": year}) for year in (2023, 2024, 2031)]
    submit = SCHEMA["/api/v1/responses"]["POST"]
    body = {
        "link": world.unit(world.open, "U03").link_token,
        "nonce": "schemathesis-nonce-0001",
        "answers": {**PROFILE, **PICKS, "duration_s": 300},
    }
    cases += [submit.Case(body=body, media_type="application/json")] * 2  # stored, duplicate
    statuses = []
    for case in cases:
        response = case.call(app=app, headers=bearer)
        case.validate_response(response, checks=CHECKS, headers=bearer)
        statuses.append(response.status_code)
    assert statuses == [200, 200, 200, 200, 404, 200, 200, 404, 201, 200]
    for headers in ({}, {"Authorization": "Bearer bk_not-a-key"}):  # no key, a wrong key
        response = cases[0].call(app=app, headers=headers)
        cases[0].validate_response(response, checks=CHECKS, headers=headers)
        assert response.status_code == 401
