"""Changes to the organisation structure; each one is recorded in the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from ..audit.actions import record
from .models import Instansi, Unit


@transaction.atomic
def do_create_instansi(code: str, name: str, region: str, *, actor: AbstractBaseUser) -> Instansi:
    instansi = Instansi.objects.create(code=code, name=name, region=region)
    record(actor, "instansi.create", f"Membuat instansi {code} {name}", instansi_code=code)
    return instansi


@transaction.atomic
def do_save_unit(
    instansi: Instansi,
    unit: Unit | None,
    *,
    code: str,
    name: str,
    headcount: int,
    active: bool,
    actor: AbstractBaseUser,
) -> Unit:
    """Create a unit (unit=None) or change one. Open cycles keep their frozen copy."""
    if unit is None:
        unit = Unit.objects.create(
            instansi=instansi, code=code, name=name, headcount=headcount, active=active
        )
        record(
            actor,
            "unit.create",
            f"Menambah unit {code} {name} ({headcount} pegawai)",
            instansi_code=instansi.code,
            unit=code,
        )
        return unit
    before = {
        "code": unit.code,
        "name": unit.name,
        "headcount": unit.headcount,
        "active": unit.active,
    }
    unit.code, unit.name, unit.headcount, unit.active = code, name, headcount, active
    unit.save()
    after = {"code": code, "name": name, "headcount": headcount, "active": active}
    changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    record(
        actor,
        "unit.update",
        f"Mengubah unit {code}",
        instansi_code=instansi.code,
        unit=code,
        changes=changed,
    )
    return unit
