"""Account actions of admins and operators; each one is recorded in the audit log."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..audit.actions import record
from ..orgs.models import Instansi, Unit
from .models import Membership, Role


def new_password() -> str:
    """A temporary password: 16 characters from an alphabet without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


@transaction.atomic
def do_create_user(
    username: str,
    role: str,
    *,
    instansi: Instansi | None,
    unit: Unit | None,
    password: str | None = None,
    email: str = "",
    invited: bool = False,
    actor: AbstractBaseUser | None,
) -> tuple[AbstractBaseUser, str]:
    """Create an account with its membership; returns (user, password to hand over). An
    `invited` account has no usable password (and none is returned): its owner sets one
    through an invitation (accounts/invitations.py)."""
    password = "" if invited else password or new_password()
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password or None
    )
    Membership.objects.create(user=user, role=role, instansi=instansi, unit=unit)
    record(
        actor,
        "user.create",
        f"Membuat akun {username} ({Role(role).label})",
        instansi_code=instansi.code if instansi else "",
        username=username,
        role=role,
        unit=unit.code if unit else None,
        **({"invited": True} if invited else {}),
    )
    return user, password


@transaction.atomic
def do_reset_password(user: AbstractBaseUser, *, actor: AbstractBaseUser) -> str:
    password = new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    m = getattr(user, "membership", None)
    record(
        actor,
        "user.reset_password",
        f"Mengatur ulang kata sandi {user.get_username()}",
        instansi_code=m.instansi.code if m and m.instansi else "",
        username=user.get_username(),
    )
    return password


@transaction.atomic
def do_set_user_active(user: AbstractBaseUser, active: bool, *, actor: AbstractBaseUser) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    m = getattr(user, "membership", None)
    verb = "Mengaktifkan" if active else "Menonaktifkan"
    record(
        actor,
        "user.activate" if active else "user.deactivate",
        f"{verb} akun {user.get_username()}",
        instansi_code=m.instansi.code if m and m.instansi else "",
        username=user.get_username(),
    )
