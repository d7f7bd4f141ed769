"""Anonymity by design: what a stored response holds, and what the logs do not."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test import Client

from berakhlak.common.hashing import hash_secret
from berakhlak.responses import questionnaire
from berakhlak.responses.models import Receipt, Response
from berakhlak.surveys.actions import do_issue_tokens
from berakhlak.surveys.models import PersonalToken
from helpers.web import answer, personal_link

ADDRESS = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 13; SM-A145F) Mobile Safari/537.36 penanda-uji"


def stored_values(model: type) -> list[object]:
    """Every value of every row of a model's table, straight from the database."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # a model's own table
        return [value for row in cursor.fetchall() for value in row]


def columns(model: type) -> dict[str, str]:
    with connection.cursor() as cursor:
        return {
            c.name: c.type_code
            for c in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }


def test_a_stored_response_holds_no_time_token_nonce_or_client_detail(token_survey, client):
    cu = token_survey.units.get(code="U03")
    [token] = do_issue_tokens(cu, 1, actor=None)
    client.get(personal_link(cu, token), REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    answer(client, cu.link_token, REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    progress = client.cookies[questionnaire.cookie_name(cu)].value

    response, receipt = Response.objects.get(), Receipt.objects.get()
    assert response.submitted_on == receipt.submitted_on == datetime.date.today()
    secrets = {
        token,
        hash_secret(token),
        progress,
        ADDRESS,
        AGENT,
        "penanda-uji",
        signing.loads(progress, salt=questionnaire.SALT)["n"],
    }
    for value in stored_values(Response) + stored_values(Receipt):
        assert not isinstance(value, datetime.datetime | datetime.time)
        assert not any(secret in str(value) for secret in secrets), value
    # The only date is the day: no column can hold a time of day.
    assert set(columns(Response)) == {
        "id",
        "cycle_id",
        "cycle_unit_id",
        "submitted_on",
        "status",
        "jabatan",
        "gender",
        "age_band",
        "tenure_band",
        "duration_s",
        "pv",
        "cc",
        "dc",
        "harapan",
        "saran",
    }
    assert set(columns(Receipt)) == {"id", "cycle_id", "nonce_hash", "submitted_on"}
    # The burnt code is gone: no row is left that could be paired with the response.
    assert not PersonalToken.objects.exists()


def test_the_server_keeps_no_session_for_respondents(survey, client):
    answer(client, survey.units.get(code="U01").link_token)
    assert Session.objects.count() == 0
    assert Response.objects.count() == 1


def test_after_submission_the_browser_keeps_no_answer_and_no_code(token_survey, client):
    cu = token_survey.units.get(code="U01")
    [token] = do_issue_tokens(cu, 1, actor=None)
    client.get(personal_link(cu, token))
    answer(client, cu.link_token)
    cookie = client.cookies[questionnaire.cookie_name(cu)]
    kept = signing.loads(cookie.value, salt=questionnaire.SALT)
    assert cookie["httponly"] and cookie["path"] == f"/s/{cu.link_token}/"
    assert "Lebih terbuka" not in str(kept) and hash_secret(token) not in str(kept)
    assert not any(q in kept for q in ("profil", "pv", "cc", "dc", "saran", "tk"))


def test_a_forged_progress_cookie_is_ignored(survey, client):
    cu = survey.units.get(code="U01")
    client.cookies[questionnaire.cookie_name(cu)] = signing.dumps(
        {"n": "x", "s": 1, "mulai": True}, salt="bukan-garam-ini"
    )
    response = client.get(f"/s/{cu.link_token}/pv/")
    assert response["Location"] == f"/s/{cu.link_token}/mulai/"


def test_answering_the_questionnaire_logs_no_client_address(survey, caplog):
    link = survey.units.get(code="U02").link_token
    client = Client(
        REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=f"{ADDRESS}, 10.0.0.1"
    )
    with caplog.at_level(logging.DEBUG):
        client.get(f"/s/{link}/")
        answer(client, link)
        client.get(f"/s/{link}/selesai/")
        client.get("/s/tautan-yang-salah/")  # a 404 is logged by Django at WARNING
        client.get(f"/s/{link}/kode/kode-yang-salah/")
    assert Response.objects.count() == 1
    assert ADDRESS not in caplog.text and "penanda-uji" not in caplog.text
    for record in caplog.records:
        assert ADDRESS not in str(record.__dict__), record.getMessage()
        assert not hasattr(record, "request") or record.levelno >= logging.ERROR


def test_the_logging_config_drops_request_and_server_logs_that_would_carry_addresses():
    loggers = settings.LOGGING["loggers"]
    assert loggers["django.server"]["handlers"] == []
    assert loggers["django.server"]["propagate"] is False
    assert logging.getLogger("django.request").getEffectiveLevel() >= logging.ERROR
    assert logging.getLogger("django.server").getEffectiveLevel() > logging.ERROR
