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
    group_code: str = "",
    group_name: str = "",
) -> Unit:
    """Create a unit (unit=None) or change one. Open cycles keep their frozen copy.

    `group_code`, `group_name`: the unit's reporting group (docs/method.md §9), both empty
    for none. One code has one name in an instansi: a new name renames the group for every
    unit in it (recorded as such)."""
    if group_code:
        _rename_group(instansi, group_code, group_name, actor=actor)
    else:
        group_name = ""
    if unit is None:
        unit = Unit.objects.create(
            instansi=instansi,
            code=code,
            name=name,
            headcount=headcount,
            active=active,
            group_code=group_code,
            group_name=group_name,
        )
        record(
            actor,
            "unit.create",
            f"Menambah unit {code} {name} ({headcount} pegawai)",
            instansi_code=instansi.code,
            unit=code,
            group=group_code or None,
        )
        return unit
    before = {
        "code": unit.code,
        "name": unit.name,
        "headcount": unit.headcount,
        "active": unit.active,
        "group_code": unit.group_code,
        "group_name": unit.group_name,
    }
    unit.code, unit.name, unit.headcount, unit.active = code, name, headcount, active
    unit.group_code, unit.group_name = group_code, group_name
    unit.save()
    after = {
        "code": code,
        "name": name,
        "headcount": headcount,
        "active": active,
        "group_code": group_code,
        "group_name": group_name,
    }
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


def _rename_group(instansi: Instansi, code: str, name: str, *, actor: AbstractBaseUser) -> None:
    """Give reporting group `code` the name `name` on every unit of the instansi in it."""
    others = Unit.objects.filter(instansi=instansi, group_code=code).exclude(group_name=name)
    old = sorted(set(others.values_list("group_name", flat=True)))
    if others.update(group_name=name):
        record(
            actor,
            "group.rename",
            f"Mengganti nama kelompok pelaporan {code} menjadi {name}",
            instansi_code=instansi.code,
            group=code,
            changes={"group_name": [", ".join(old), name]},
        )
