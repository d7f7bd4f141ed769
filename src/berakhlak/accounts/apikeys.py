"""Personal API keys: created by their owner, shown once, stored as a hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from ..audit.actions import record
from .models import ApiKey

PREFIX = "bk_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def do_create_api_key(user: AbstractBaseUser, name: str, *, actor: AbstractBaseUser) -> str:
    """A new key (256 random bits); the plain key is returned once and never stored."""
    key = PREFIX + secrets.token_urlsafe(32)
    ApiKey.objects.create(user=user, name=name, key_hash=_hash(key), prefix=key[3:9])
    record(actor, "apikey.create", f"Membuat kunci API {name!r} untuk {user.get_username()}")
    return key


@transaction.atomic
def do_revoke_api_key(api_key: ApiKey, *, actor: AbstractBaseUser) -> None:
    name = api_key.name
    api_key.delete()
    record(actor, "apikey.revoke", f"Mencabut kunci API {name!r}")


def user_from_key(request: HttpRequest) -> AbstractBaseUser | None:
    """The active user of an `Authorization: Bearer bk_…` header, or None."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer " + PREFIX):
        return None
    found = (
        ApiKey.objects.select_related("user")
        .filter(key_hash=_hash(header.removeprefix("Bearer ").strip()))
        .first()
    )
    if found is None or not found.user.is_active:
        return None
    today = timezone.localdate()
    if found.last_used_on != today:
        ApiKey.objects.filter(pk=found.pk).update(last_used_on=today)
    return found.user
