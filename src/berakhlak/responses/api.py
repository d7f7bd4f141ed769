"""POST /api/v1/responses: a whole questionnaire in one JSON request.

For questionnaire apps that collect answers offline (a kiosk in a kecamatan office, a
field app) and send them when a connection is there. The same rules as the web
questionnaire apply, checked here: exactly ten distinct pool items per question, valid
demographics, an open cycle, a personal code when the cycle asks for one. Submission is
idempotent by the client's nonce: sending the same questionnaire again stores nothing more.

Request body:
    {"link": "<unit link token>", "nonce": "<16-128 random characters>",
     "token": "<personal code, if the cycle uses them>",
     "answers": {"status": "PNS", "jabatan": "fungsional", "gender": "P",
                 "age_band": "30-39", "tenure_band": "5-14",
                 "pv": [10 codes in rank order], "cc": [...], "dc": [...],
                 "harapan": "", "saran": "", "duration_s": 412}}
The body must be sent as `Content-Type: application/json`: a web page can make its
visitors' browsers post text/plain or a form to any site without asking them, and those
would submit answers in their name. Answers: 201 {"stored": true} · 200 {"stored": false,
"duplicate": true} · 400 {"errors": [...]} · 404 unknown link · 409 {"error": "closed"} ·
403 {"error": "personal code required or already used"} · 413 body over 16 KB · 415 not
JSON · 429 too many submissions, wrong codes or malformed requests from the address.

Only a well-formed questionnaire for a known link counts against the address's submission
limit; a malformed request counts against a limit of its own, so that one person behind an
office's shared address cannot block the questionnaire for everyone else there.
"""

from __future__ import annotations

import json
import re
from itertools import repeat
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ..surveys.models import Access
from .actions import (
    DEMOGRAPHIC_FIELDS,
    Answers,
    CodeUnusable,
    CycleNotOpen,
    InvalidAnswers,
    check_answers,
    code_hash,
    do_submit_response,
)
from .limits import codes_blocked, count_wrong_code, malformed_allowed, submission_allowed
from .links import unit_for_link

NONCE = re.compile(r"[A-Za-z0-9_-]{16,128}")
MAX_BODY = 16_384
MAX_DURATION = 2**31 - 1  # the largest the database column takes
MAX_DEPTH = 8  # a questionnaire nests 3 deep: {"answers": {"pv": [...]}}
_NESTING = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _too_deep(body: bytes) -> bool:
    """Whether JSON text nests arrays and objects deeper than MAX_DEPTH (brackets inside
    strings do not count). Python's parser recurses once per level: a body of 1,000 '['
    is a RecursionError. A body with no more brackets than the limit, such as every
    questionnaire without brackets in its free text, is not scanned."""
    if body.count(b"[") + body.count(b"{") <= MAX_DEPTH:
        return False
    depth = 0
    for token in _NESTING.findall(body):
        if token in (b"[", b"{"):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif token in (b"]", b"}"):
            depth -= 1
    return False


def _is_json(request: HttpRequest) -> bool:
    """`Content-Type: application/json`, with or without parameters (a charset)."""
    kind = request.META.get("CONTENT_TYPE", "")
    return kind.partition(";")[0].strip().lower() == "application/json"


def _unstorable(value: Any) -> bool:
    """Text no database takes: NUL characters or lone surrogates (both valid JSON escapes)."""
    if isinstance(value, dict):
        return any(_unstorable(k) or _unstorable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_unstorable(v) for v in value)
    if isinstance(value, str):
        return "\x00" in value or any("\ud800" <= c <= "\udfff" for c in value)
    return False


def _answers(raw: Any) -> tuple[Answers | None, list[str]]:
    if not isinstance(raw, dict):
        return None, ["answers must be an object"]
    errors = []
    duration = raw.get("duration_s")
    if duration is not None and (
        not isinstance(duration, int)
        or isinstance(duration, bool)
        or not 0 <= duration <= MAX_DURATION
    ):
        errors.append("duration_s must be a whole number of seconds or null")
        duration = None
    texts = {name: raw.get(name, "") for name in ("harapan", "saran")}
    for name, value in texts.items():
        if not isinstance(value, str):
            errors.append(f"{name} must be text")
            texts[name] = ""
    picks = {}
    for q in ("pv", "cc", "dc"):
        value = raw.get(q)
        if not isinstance(value, list) or not all(map(isinstance, value, repeat(str))):
            errors.append(f"{q} must be a list of item codes")
            value = []
        picks[q] = value
    demographics = {name: raw.get(name) for name in DEMOGRAPHIC_FIELDS}
    answers = Answers(
        demographics={k: v for k, v in demographics.items() if isinstance(v, str)},
        picks=picks,
        harapan=texts["harapan"],
        saran=texts["saran"],
        duration_s=duration,
    )
    return answers, errors


def _refused(status: int, *errors: str) -> JsonResponse:
    return JsonResponse({"errors": list(errors)}, status=status)


def _parse(request: HttpRequest) -> tuple[dict[str, Any], Answers] | JsonResponse:
    """The body as a questionnaire, or the 4xx answer to a malformed request."""
    if not _is_json(request):
        return _refused(415, "the body must be sent as Content-Type: application/json")
    raw = request.body
    if len(raw) > MAX_BODY:
        return _refused(413, "request body too large")
    if _too_deep(raw):
        return _refused(400, f"the JSON nests deeper than {MAX_DEPTH} levels")
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return _refused(400, "the body is not JSON")
    if not isinstance(body, dict):
        return _refused(400, "the body must be a JSON object")
    # Only an escape (\u0000, \ud800) or the UTF-8 bytes of a surrogate (json.loads lets
    # them through) can bring such text; most bodies have neither and skip the walk.
    if (b"\\u" in raw or b"\xed" in raw) and _unstorable(body):
        return _refused(400, "text must be UTF-8 without NUL characters")
    link, nonce, token = body.get("link"), body.get("nonce"), body.get("token")
    errors = []
    if not isinstance(link, str) or not link:
        errors.append("link is required")
    if not isinstance(nonce, str) or not NONCE.fullmatch(nonce):
        errors.append("nonce must be 16-128 characters of A-Z, a-z, 0-9, _ or -")
    if token is not None and not isinstance(token, str):
        errors.append("token must be text")
    answers, answer_errors = _answers(body.get("answers"))
    errors += answer_errors
    if answers is not None and not errors:
        errors += check_answers(answers)
    if errors or answers is None:
        return _refused(400, *errors)
    return body, answers


def _malformed(request: HttpRequest, answer: JsonResponse) -> JsonResponse:
    """A request that is no questionnaire counts against the address's limit of malformed
    requests, never against its submissions."""
    if not malformed_allowed(request):
        return JsonResponse({"error": "too many malformed requests from this address"}, status=429)
    return answer


@csrf_exempt
@require_POST
def submit(request: HttpRequest) -> JsonResponse:
    parsed = _parse(request)
    if isinstance(parsed, JsonResponse):
        return _malformed(request, parsed)
    body, answers = parsed
    cycle_unit = unit_for_link(body["link"], fresh=False)  # submission checks the status
    if cycle_unit is None:
        return _malformed(request, JsonResponse({"error": "unknown link"}, status=404))
    if not submission_allowed(request):
        return JsonResponse({"error": "too many submissions from this address"}, status=429)
    token = body.get("token")
    uses_codes = cycle_unit.cycle.access == Access.TOKEN
    token_hash = code_hash(token) if token and uses_codes else None
    if uses_codes and codes_blocked(request):
        return JsonResponse({"error": "too many wrong personal codes"}, status=429)
    if uses_codes and token_hash is None:
        return JsonResponse({"error": "personal code required or already used"}, status=403)
    try:
        stored = do_submit_response(cycle_unit, answers, body["nonce"], token_hash)
    except InvalidAnswers as invalid:
        return JsonResponse({"errors": str(invalid).split("; ")}, status=400)
    except CodeUnusable:
        count_wrong_code(request)
        return JsonResponse({"error": "personal code required or already used"}, status=403)
    except CycleNotOpen:
        return JsonResponse({"error": "closed"}, status=409)
    if stored:
        return JsonResponse({"stored": True}, status=201)
    return JsonResponse({"stored": False, "duplicate": True}, status=200)
