"""What the database keeps after submissions, read table by table through introspection.

No table links a response to the personal code that let it in, to the client that sent it or
to the moment it arrived: not by a foreign key, not by a shared value, not by a pair of
values (the code's unit and day of use), and on PostgreSQL not by a transaction id.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from typing import Any

from django.apps import apps
from django.db import connection
from django.test import Client
from django.utils import timezone

from berakhlak.accounts.models import Role
from berakhlak.common.hashing import hash_secret
from berakhlak.responses.models import Response
from berakhlak.surveys.actions import do_issue_tokens
from helpers.web import PICKS, PROFILE, answer, login, personal_link

ADDRESS = "198.51.100.23"
RESPONSE_TABLE = Response._meta.db_table


def tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def relations(table: str) -> dict[str, tuple[str, str]]:
    """column -> (referenced column, referenced table)"""
    with connection.cursor() as cursor:
        return connection.introspection.get_relations(cursor, table)


def columns(table: str) -> list[Any]:
    with connection.cursor() as cursor:
        return connection.introspection.get_table_description(cursor, table)


def rows(table: str, extra: str = "") -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {extra}* FROM {connection.ops.quote_name(table)}")
        return cursor.fetchall()


def text(value: Any) -> str:
    if isinstance(value, memoryview | bytes):
        return bytes(value).hex()
    if isinstance(value, uuid.UUID):
        return value.hex
    return str(value).replace("-", "") if value is not None else ""


def everything() -> dict[str, str]:
    """Every table's data as one text, to search for values."""
    return {t: "\n".join(text(v) for row in rows(t) for v in row) for t in tables()}


def snapshot() -> dict[str, set[tuple[Any, ...]]]:
    return {t: set(rows(t)) for t in tables()}


def submit_with_codes(token_survey, before: dict | None = None) -> tuple[Any, list[str], str]:
    """Two responses let in by personal codes (the web questionnaire and the API); `before`
    gets the database as it was after the codes were issued, before the submissions."""
    cu = token_survey.units.get(code="U03")
    web, api, spare = do_issue_tokens(cu, 3, actor=None)
    if before is not None:
        before.update(snapshot())
    client = Client(REMOTE_ADDR=ADDRESS)
    client.get(personal_link(cu, web))
    answer(client, cu.link_token, REMOTE_ADDR=ADDRESS)
    stored = Client(REMOTE_ADDR=ADDRESS).post(
        "/api/v1/responses",
        {
            "link": cu.link_token,
            "nonce": "nonce-database-test-01",
            "token": api,
            "answers": {**PROFILE, **PICKS, "duration_s": 300},
        },
        content_type="application/json",
    )
    assert stored.status_code == 201
    assert Response.objects.count() == 2
    return cu, [web, api], spare


def test_no_table_points_at_a_response_and_responses_point_only_at_their_cycle_and_unit(db):
    for table in tables():
        targets = {target for _column, target in relations(table).values()}
        if table == RESPONSE_TABLE:
            assert targets <= {"surveys_cycle", "surveys_cycleunit"}
        else:
            assert RESPONSE_TABLE not in targets, table
    assert {t for _c, t in relations("responses_receipt").values()} <= {"surveys_cycle"}
    assert {t for _c, t in relations("surveys_personaltoken").values()} == {"surveys_cycleunit"}


def test_after_submissions_with_personal_codes_nothing_pairs_a_response_with_its_code(
    token_survey,
):
    before: dict[str, set[tuple[Any, ...]]] = {}
    cu, used, spare = submit_with_codes(token_survey, before)
    data = everything()
    responses = list(Response.objects.all())
    for table, content in data.items():
        for code in used:  # the used codes are gone, in clear and hashed
            assert code.replace("-", "") not in content, table
            assert hash_secret(code) not in content, table
        if table != RESPONSE_TABLE:
            for r in responses:
                assert r.pk.hex not in content, table
    assert hash_secret(spare) in data["surveys_personaltoken"]  # the search does find values

    # No row written by the submissions, outside the response itself, holds the response's
    # unit and day together.
    day = timezone.localdate().isoformat()
    for table in tables():
        if table == RESPONSE_TABLE:
            continue
        names = [c.name for c in columns(table)]
        for column, (_ref, target) in relations(table).items():
            if target != "surveys_cycleunit":
                continue
            at = names.index(column)
            for row in set(rows(table)) - before.get(table, set()):
                if row[at] == cu.pk:
                    assert not any(str(v)[:10] == day for v in row), (table, row)


def test_on_postgresql_no_row_shares_a_transaction_id_with_a_response_but_its_receipt(
    token_survey,
):
    """PostgreSQL stamps every row with the transaction that wrote it (xmin): a row written
    with the response would be its twin. Only the receipt (the hash of the browser's
    random nonce) is written with it; the personal code is deleted, not updated."""
    if connection.vendor != "postgresql":
        return
    submit_with_codes(token_survey)
    stamps = {row[0] for row in rows(RESPONSE_TABLE, "xmin::text, ")}
    assert len(stamps) == 2
    assert stamps <= {row[0] for row in rows("responses_receipt", "xmin::text, ")}  # the twin
    for table in tables():
        if table in (RESPONSE_TABLE, "responses_receipt"):
            continue
        shared = stamps & {row[0] for row in rows(table, "xmin::text, ")}
        assert not shared, table


def test_the_responses_tables_keep_the_day_and_no_time(db):
    for model in apps.get_app_config("responses").get_models():
        kinds = {
            c.name: connection.introspection.get_field_type(c.type_code, c)
            for c in columns(model._meta.db_table)
        }
        assert not {"DateTimeField", "TimeField"} & set(kinds.values()), model
        assert kinds["submitted_on"] == "DateField"
    token_kinds = {
        connection.introspection.get_field_type(c.type_code, c)
        for c in columns("surveys_personaltoken")
    }
    assert not {"DateTimeField", "TimeField"} & token_kinds


def test_response_keys_are_random_and_say_nothing_about_the_order_of_submission(survey):
    link = survey.units.get(code="U01").link_token
    for i in range(12):
        stored = Client().post(
            "/api/v1/responses",
            {
                "link": link,
                "nonce": f"nonce-order-test-{i:04d}",
                "answers": {**PROFILE, **PICKS, "harapan": f"urutan-{i:02d}"},
            },
            content_type="application/json",
        )
        assert stored.status_code == 201
    by_key = [t for _k, t in sorted(Response.objects.values_list("pk", "harapan"))]
    assert by_key != sorted(by_key)  # 1 chance in 12! of failing by luck
    assert all(r.pk.version == 4 for r in Response.objects.all())
    assert not Response._meta.ordering
    assert {type(d) for d in Response.objects.values_list("submitted_on", flat=True)} == {
        datetime.date
    }


def test_the_rate_limit_table_holds_no_client_address_not_even_as_a_plain_hash(token_survey):
    submit_with_codes(token_survey)
    data = everything()
    assert not any(ADDRESS in content for content in data.values())
    for name in ("submit-client", "code-client"):
        plain = hashlib.sha256(f"{name}:{ADDRESS}".encode()).hexdigest()
        assert plain not in data["accounts_throttle"]  # 2^32 guesses would undo it
    assert data["accounts_throttle"]  # the submissions were counted


def test_the_codes_page_still_counts_used_codes_though_they_are_deleted(token_survey, make_user):
    """Codes made per unit, the used (deleted) ones included; how many were used is not
    shown per unit (test_participation.py: it would tell whether a response was excluded)."""
    submit_with_codes(token_survey)  # three codes for U03, two used
    operator = make_user("operator.kode", Role.OPERATOR, token_survey.instansi)
    page = login(Client(), operator).get(f"/siklus/{token_survey.pk}/kode/").content.decode()
    cells = r'<tr data-unit="(U0\d)"><td>.*?</td><td class="num">(\d+)</td></tr>'
    rows = {code: int(made) for code, made in re.findall(cells, page)}
    assert rows["U03"] == 3 and rows["U01"] == 0
