"""POST /api/v1/responses: a whole questionnaire in one JSON request, under the same rules as
the web questionnaire."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from berakhlak.common.hashing import hash_secret
from berakhlak.responses.models import Receipt, Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.surveys.actions import do_issue_tokens
from berakhlak.surveys.models import PersonalToken
from helpers.web import PICKS, submission

URL = "/api/v1/responses"


def post(client: Client, data: object) -> Any:
    return client.post(URL, data, content_type="application/json")


def test_a_questionnaire_is_stored_once_per_nonce(survey, client):
    link = survey.units.get(code="U02").link_token
    first = post(client, submission(link, harapan="Lebih terbuka"))
    assert first.status_code == 201 and first.json() == {"stored": True}
    again = post(client, submission(link))
    assert again.status_code == 200 and again.json() == {"stored": False, "duplicate": True}
    [r] = Response.objects.all()
    assert r.cycle_unit.code == "U02" and r.pv.split(";") == PICKS["pv"]
    assert r.duration_s == 412 and r.harapan == "Lebih terbuka"
    assert Receipt.objects.get().nonce_hash == hash_secret("nonce-api-0123456789")


@pytest.mark.parametrize(
    "change",
    [
        {"pv": PICKS["pv"][:9]},
        {"cc": [*PICKS["cc"], "BP2"]},
        {"dc": [*PICKS["dc"][:9], PICKS["dc"][0]]},
        {"pv": [*PICKS["pv"][:9], "XX9"]},
        {"gender": "X"},
        {"duration_s": -5},
        {"harapan": 12},
    ],
)
def test_answers_breaking_a_rule_are_refused_and_nothing_is_stored(change, survey, client):
    response = post(client, submission(survey.units.get(code="U01").link_token, **change))
    assert response.status_code == 400
    assert response.json()["errors"]
    assert Response.objects.count() == 0


@pytest.mark.parametrize("data", ["not json", "[1, 2]", {"link": "x", "nonce": "short"}])
def test_a_malformed_request_is_refused(data, db, client):
    response = client.post(URL, data, content_type="application/json")
    assert response.status_code == 400


def test_an_unknown_link_and_a_closed_cycle_are_refused(survey, client):
    assert post(client, submission("tidak-ada")).status_code == 404
    do_close_cycle(survey, actor=None)
    closed = post(client, submission(survey.units.get(code="U01").link_token))
    assert closed.status_code == 409 and closed.json() == {"error": "closed"}
    assert Response.objects.count() == 0


def test_a_cycle_with_personal_codes_needs_an_unused_code(token_survey, client):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    assert post(client, submission(cu.link_token)).status_code == 403
    assert post(client, {**submission(cu.link_token), "token": "tebakan"}).status_code == 403
    stored = post(client, {**submission(cu.link_token), "token": token})
    assert stored.status_code == 201
    assert not PersonalToken.objects.exists()  # burnt
    again = post(client, {**submission(cu.link_token), "token": token})
    assert again.status_code == 200 and again.json()["duplicate"] is True
    other = post(
        client, {**submission(cu.link_token, nonce="another-nonce-0123456"), "token": token}
    )
    assert other.status_code == 403
    assert Response.objects.count() == 1


def test_the_api_takes_no_get_and_needs_no_csrf_token(survey):
    client = Client(enforce_csrf_checks=True)
    assert client.get(URL).status_code == 405
    link = survey.units.get(code="U01").link_token
    assert post(client, submission(link)).status_code == 201


@pytest.mark.parametrize(
    "spoil",
    [
        lambda raw: raw.replace(b'"harapan": "', b'"harapan": "\\u0000', 1),
        lambda raw: raw.replace(b'"harapan": "', b'"harapan": "\\ud800', 1),
        lambda raw: raw.replace(b'"harapan": "', b'"harapan": "\xed\xa0\x80', 1),
    ],
    ids=["NUL escape", "lone surrogate escape", "UTF-8 bytes of a surrogate"],
)
def test_text_no_database_can_store_is_refused_whole(spoil, survey, client):
    link = survey.units.get(code="U01").link_token
    raw = json.dumps(submission(link, harapan="")).encode()
    spoiled = spoil(raw)
    assert spoiled != raw
    response = client.post(URL, spoiled, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"errors": ["text must be UTF-8 without NUL characters"]}
    assert Response.objects.count() == Receipt.objects.count() == 0
    hangul = raw.replace(b'"harapan": "', '"harapan": "한'.encode(), 1)  # also starts with 0xED
    assert client.post(URL, hangul, content_type="application/json").status_code == 201
    assert Response.objects.get().harapan == "한"
