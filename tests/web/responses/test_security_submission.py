"""Attacks on the submission API, on both of its ways in (through Django, and the short way
of site/wsgi.py): deeply nested JSON, cross-site posts without a JSON content type, and
malformed posts meant to use up an office's per-address limit."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client, override_settings

from berakhlak.responses.models import Receipt, Response
from berakhlak.site.wsgi import application
from helpers.web import answer, call, submission

URL = "/api/v1/responses"
OFFICE = "203.0.113.77"

Send = Callable[..., tuple[int, dict[str, str], Any]]

pytestmark = pytest.mark.usefixtures("keep_the_test_connection")


def through_django(data: bytes, content_type: str = "application/json", **extra: str) -> Any:
    response = Client(REMOTE_ADDR=OFFICE).post(URL, data, content_type=content_type, **extra)
    return response.status_code, dict(response.items()), response.content


def the_short_way(data: bytes, content_type: str = "application/json", **extra: str) -> Any:
    return call("POST", URL, data, CONTENT_TYPE=content_type, REMOTE_ADDR=OFFICE, **extra)


WAYS = {"django": through_django, "short way": the_short_way}


def json_error(status: int, headers: dict[str, str], content: bytes) -> dict[str, Any]:
    assert headers["Content-Type"] == "application/json", (status, content[:200])
    answer = json.loads(content)
    assert isinstance(answer, dict) and (answer.get("errors") or answer.get("error"))
    return answer


def stored() -> tuple[int, int]:
    return Response.objects.count(), Receipt.objects.count()


# --- 3. deeply nested JSON ----------------------------------------------------------------------

NESTED = [
    b"[" * 1000,
    b"[" * 100_000,
    b"{" * 1000,
    b'{"a":' * 1000 + b"1" + b"}" * 1000,
    b"[" * 500 + b"]" * 500,
    b'{"link": "x", "nonce": "' + b"n" * 20 + b'", "answers": ' + b"[" * 2000 + b"]" * 2000 + b"}",
]


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("data", NESTED, ids=lambda d: f"{d[:12]!r}x{len(d)}")
def test_deeply_nested_json_is_a_json_400_not_a_server_error(survey, way, data):
    status, headers, content = WAYS[way](data)
    assert status in (400, 413), (status, content[:300])  # over 16 KB: too large first
    json_error(status, headers, content)
    assert stored() == (0, 0)


@pytest.mark.parametrize("way", list(WAYS))
def test_brackets_inside_text_do_not_count_as_nesting(survey, way):
    data = submission(survey.units.get(code="U01").link_token, harapan="[[[[{{{{" * 40)
    status, _, content = WAYS[way](json.dumps(data).encode())
    assert status == 201, content
    assert stored() == (1, 1)


MALFORMED = [
    b" ",
    b"not json",
    b"\xff\xfe\x00",
    b"[]",
    b'"a string"',
    b"1e999999",
    b'{"link": 1}',
    b'{"link": "x", "nonce": "short"}',
    b"9" * 5000,
    b'{"a": ' + b"1" * 5000 + b"}",
]


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("data", MALFORMED, ids=lambda d: repr(d[:12]))
def test_every_malformed_body_gets_a_json_400(survey, way, data):
    status, headers, content = WAYS[way](data)
    assert status == 400, (status, content[:300])
    json_error(status, headers, content)
    assert stored() == (0, 0)


# --- 6. cross-site submissions ------------------------------------------------------------------

NOT_JSON = [
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "",
    "application/jsonp",
    "application/json-patch+json",
]


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("content_type", NOT_JSON)
def test_a_questionnaire_posted_without_a_json_content_type_is_refused_with_415(
    survey, way, content_type
):
    """A form or fetch() of any web page may send text/plain across sites without asking
    (no CORS preflight): its visitors' browsers would submit answers for it."""
    data = json.dumps(submission(survey.units.get(code="U01").link_token)).encode()
    status, headers, content = WAYS[way](data, content_type=content_type)
    assert status == 415, (status, content[:300])
    assert "application/json" in json_error(status, headers, content)["errors"][0]
    assert stored() == (0, 0)


@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("content_type", ["application/json", "application/json; charset=utf-8"])
def test_a_json_content_type_with_or_without_a_charset_is_taken(survey, way, content_type):
    data = json.dumps(submission(survey.units.get(code="U01").link_token)).encode()
    assert WAYS[way](data, content_type=content_type)[0] == 201
    assert stored() == (1, 1)


def test_the_short_way_refuses_like_django_with_the_same_headers(survey):
    for data, content_type in [
        (b"[" * 1000, "application/json"),
        (b"{}", "text/plain"),
        (b"not json", "application/json"),
    ]:
        short = the_short_way(data, content_type)
        django = call("POST", URL, data, CONTENT_TYPE=content_type, app=application.django)
        for name in ("Vary", "Content-Language"):  # the language middleware's
            django[1].pop(name)
        assert short == django, data[:20]


# --- 7. one person blocks an office -------------------------------------------------------------

BAD_POSTS: list[tuple[bytes, str]] = [
    (b"not json", "application/json"),
    (b"[" * 1000, "application/json"),
    (b"{}", "text/plain"),
    (b'{"link": "x"}', "application/json"),
    (b"[]", "application/json"),
]


@override_settings(BERAKHLAK_SUBMIT_LIMIT=3, BERAKHLAK_MALFORMED_LIMIT=1000)
@pytest.mark.parametrize("way", list(WAYS))
def test_malformed_posts_do_not_use_up_the_submission_limit_of_an_address(survey, way):
    """One person behind an office's shared address sends bad posts; their colleagues'
    questionnaires must still go in (before, 150 bad posts blocked the office for 30 min)."""
    link = survey.units.get(code="U02").link_token
    unknown = json.dumps(submission("no-such-link-0000000000")).encode()
    invalid = json.dumps(submission(link, pv=["AK1"] * 10)).encode()
    posts = [*BAD_POSTS, (unknown, "application/json"), (invalid, "application/json")] * 4
    for data, content_type in posts:
        assert WAYS[way](data, content_type=content_type)[0] in (400, 404, 415)
    for i in range(3):
        nonce = f"colleague-{i}-0123456789"
        data = json.dumps(submission(link, nonce=nonce)).encode()
        assert WAYS[way](data)[0] == 201, i
    colleague = Client(REMOTE_ADDR=OFFICE)
    answer(colleague, link, until="saran", REMOTE_ADDR=OFFICE)
    refused = colleague.post(f"/s/{link}/saran/", {"harapan": ""}, REMOTE_ADDR=OFFICE)
    assert refused.status_code == 429  # the fourth well-formed submission is over the limit
    assert stored() == (3, 3)


@override_settings(BERAKHLAK_SUBMIT_LIMIT=100, BERAKHLAK_MALFORMED_LIMIT=5)
@pytest.mark.parametrize("way", list(WAYS))
def test_malformed_posts_have_their_own_limit_which_never_blocks_the_questionnaire(survey, way):
    link = survey.units.get(code="U03").link_token
    statuses = [WAYS[way](b"not json")[0] for _ in range(8)]
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    status, headers, content = WAYS[way](b"not json")
    assert "malformed" in json_error(status, headers, content)["error"]
    data = json.dumps(submission(link, nonce="after-the-bad-ones-01")).encode()
    assert WAYS[way](data)[0] == 201
    answer(Client(REMOTE_ADDR=OFFICE), link, REMOTE_ADDR=OFFICE)
    assert stored() == (2, 2)
