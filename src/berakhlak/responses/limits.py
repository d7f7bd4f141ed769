"""Rate limits of the public questionnaire: submissions and personal-code attempts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..common import throttle
from ..common.client import client_address


def submit_limit() -> throttle.Limit:
    return throttle.Limit(
        "submit-client",
        settings.BERAKHLAK_SUBMIT_LIMIT,
        datetime.timedelta(hours=1),
        datetime.timedelta(minutes=30),
    )


def code_limit() -> throttle.Limit:
    return throttle.Limit(
        "code-client",
        settings.BERAKHLAK_CODE_LIMIT,
        datetime.timedelta(minutes=15),
        datetime.timedelta(minutes=30),
    )


def malformed_limit() -> throttle.Limit:
    return throttle.Limit(
        "malformed-client",
        settings.BERAKHLAK_MALFORMED_LIMIT,
        datetime.timedelta(hours=1),
        datetime.timedelta(minutes=30),
    )


def submission_allowed(request: HttpRequest) -> bool:
    """Count a submission from this client; False once it is over the hourly limit."""
    if not settings.BERAKHLAK_THROTTLE:
        return True
    return not throttle.hit(submit_limit(), client_address(request))


def malformed_allowed(request: HttpRequest) -> bool:
    """Count a malformed submission request; False once the address sent too many. It has
    a limit of its own: malformed requests never use up the address's submissions."""
    if not settings.BERAKHLAK_THROTTLE:
        return True
    return not throttle.hit(malformed_limit(), client_address(request))


def codes_blocked(request: HttpRequest) -> bool:
    return settings.BERAKHLAK_THROTTLE and throttle.blocked(code_limit(), client_address(request))


def count_wrong_code(request: HttpRequest) -> None:
    if settings.BERAKHLAK_THROTTLE:
        throttle.hit(code_limit(), client_address(request))


def forget_questionnaire_limits() -> int:
    """Delete the rows of the questionnaire's limits (submissions, wrong codes, malformed
    requests) except running blocks: each says when an address (hashed) last answered."""
    names = (submit_limit().name, code_limit().name, malformed_limit().name)
    return throttle.purge_limits(names)


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "responses/too_many.html", status=429)
