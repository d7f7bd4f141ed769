"""Recording audit events; every do_<verb>_<noun> action of an operator or admin calls this."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import Event


def record(
    actor: AbstractBaseUser | None,
    action: str,
    summary: str,
    *,
    instansi_code: str = "",
    **details: Any,
) -> Event:
    return Event.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "system",
        action=action,
        instansi_code=instansi_code,
        summary=summary[:500],
        details=details,
    )
