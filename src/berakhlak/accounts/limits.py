"""The rate limit of invitation links: wrong links per client address, like the personal
codes of the questionnaire (responses/limits.py)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..common import throttle
from ..common.client import client_address


def invitation_limit() -> throttle.Limit:
    return throttle.Limit(
        "invitation-client",
        settings.BERAKHLAK_CODE_LIMIT,
        datetime.timedelta(minutes=15),
        datetime.timedelta(minutes=30),
    )


def invitations_blocked(request: HttpRequest) -> bool:
    return settings.BERAKHLAK_THROTTLE and throttle.blocked(
        invitation_limit(), client_address(request)
    )


def count_wrong_invitation(request: HttpRequest) -> None:
    if settings.BERAKHLAK_THROTTLE:
        throttle.hit(invitation_limit(), client_address(request))


def too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/invitation_too_many.html", status=429)
