"""Template context: the signed-in user's membership."""

from __future__ import annotations

from django.http import HttpRequest

from .access import membership_of


def membership(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"membership": None}
    return {"membership": membership_of(user)}
