"""An instansi's local value set (docs/method.md §18) on the web: the form that edits one (the
instansi's own or a national template), and the actions that save, copy and remove it, each
recorded in the audit log. A cycle freezes the instansi's set when it opens
(`surveys.actions.do_open_cycle`); nothing here touches a cycle."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..audit.actions import record
from ..common.forms import IdChoiceField
from ..common.labels import lang
from ..files.problems import msg
from ..method.items import AREAS, ItemPool, default_pool
from ..method.local import (
    MAX_BASIS,
    MAX_NAME,
    MAX_VALUES,
    LocalSet,
    LocalValue,
    local_set_data,
    local_set_from_data,
    set_problems,
)
from .models import Instansi, LocalValueSet

KREATIF = LocalSet(
    code="KREATIF",
    name="KREATIF",
    legal_basis="Peraturan Bupati Kudus Nomor 62 Tahun 2019",
    values=(
        LocalValue("KOM", "Komunikatif", "Communicative", ("P05", "P14", "KL2")),
        LocalValue("REL", "Religius", "Religious", ("P21",)),
        LocalValue("AKU", "Akuntabel", "Accountable", ("AK1", "AK2", "AK3", "P18", "P19")),
        LocalValue("INO", "Inovatif", "Innovative", ("AD2", "P15")),
    ),
)
"""The example of the method (docs/method.md §18), offered as a template in the demo."""


ITEM_REFUSED = _(
    "Butir %(value)s tidak dapat dipilih: nilai lokal hanya dipetakan ke butir positif "
    "kumpulan butir."
)


def item_choices(pool: ItemPool, lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The positive items of the pool, grouped: by core value, then the others by area."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    for value in pool.values:
        items = [i for i in pool.items if i.value == value.code and not i.limiting]
        label = _("Nilai %(value)s") % {"value": value.name(lang)}
        groups.append((str(label), [(i.code, f"{i.code} · {i.label(lang)}") for i in items]))
    for area, names in enumerate(AREAS, start=1):
        items = [i for i in pool.items if i.value is None and i.area == area and not i.limiting]
        if items:
            label = _("Area %(area)s") % {"area": names[1] if lang == "en" else names[0]}
            groups.append((str(label), [(i.code, f"{i.code} · {i.label(lang)}") for i in items]))
    return groups


class LocalSetForm(forms.Form):
    """A set and up to MAX_VALUES values (rows left empty are not values). Faults of the set
    are the file readers' problems (files/problems.py), worded from the catalogue."""

    code = forms.CharField(label=_("Kode set"), max_length=16)
    name = forms.CharField(label=_("Nama set"), max_length=MAX_NAME)
    legal_basis = forms.CharField(
        label=_("Dasar hukum"),
        max_length=MAX_BASIS,
        required=False,
        help_text=_("Misalnya: Peraturan Bupati Kudus Nomor 62 Tahun 2019."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = default_pool()
        choices = item_choices(self.pool, lang())
        for i in range(MAX_VALUES):
            n = {"n": i + 1}
            self.fields[f"v{i}_code"] = forms.CharField(
                label=_("Kode nilai %(n)s") % n, max_length=16, required=False
            )
            self.fields[f"v{i}_name_id"] = forms.CharField(
                label=_("Nama nilai %(n)s (Indonesia)") % n, max_length=MAX_NAME, required=False
            )
            self.fields[f"v{i}_name_en"] = forms.CharField(
                label=_("Nama nilai %(n)s (Inggris)") % n, max_length=MAX_NAME, required=False
            )
            self.fields[f"v{i}_items"] = forms.MultipleChoiceField(
                label=_("Butir nilai %(n)s") % n,
                choices=choices,
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 8}),
                error_messages={"invalid_choice": ITEM_REFUSED},
            )

    def rows(self) -> list[dict[str, Any]]:
        """The fields of each value row, for the template."""
        return [
            {
                "n": i + 1,
                "code": self[f"v{i}_code"],
                "name_id": self[f"v{i}_name_id"],
                "name_en": self[f"v{i}_name_en"],
                "items": self[f"v{i}_items"],
            }
            for i in range(MAX_VALUES)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        values = []
        for i in range(MAX_VALUES):
            code = data.get(f"v{i}_code", "").strip()
            name_id = data.get(f"v{i}_name_id", "").strip()
            items = tuple(data.get(f"v{i}_items") or ())
            if not (code or name_id or items):
                continue
            values.append(LocalValue(code, name_id, data.get(f"v{i}_name_en", "").strip(), items))
        local = LocalSet(
            data["code"].strip(),
            data["name"].strip(),
            data.get("legal_basis", "").strip(),
            tuple(values),
        )
        language = lang()
        for p in set_problems(local, self.pool):
            self.add_error(None, msg(p.code, **p.args).text(translation, language))
        data["local_set"] = local
        return data

    @classmethod
    def initial_of(cls, local: LocalSet | None) -> dict[str, Any]:
        if local is None:
            return {}
        initial: dict[str, Any] = {
            "code": local.code,
            "name": local.name,
            "legal_basis": local.legal_basis,
        }
        for i, v in enumerate(local.values):
            initial |= {
                f"v{i}_code": v.code,
                f"v{i}_name_id": v.name_id,
                f"v{i}_name_en": v.name_en,
                f"v{i}_items": list(v.items),
            }
        return initial


class TemplateForm(forms.Form):
    """Which national template to copy (an id in ASCII digits; another instansi's set is
    never one)."""

    template = IdChoiceField(queryset=LocalValueSet.objects.filter(instansi=None))


def _summary(local: LocalSet) -> str:
    values = ", ".join(f"{v.code} ({';'.join(v.items)})" for v in local.values)
    return f"{local.code} {local.name}: {values}"


@transaction.atomic
def do_save_local_set(
    instansi: Instansi, local: LocalSet, *, actor: AbstractBaseUser | None
) -> LocalValueSet:
    """Create or replace the instansi's set. Cycles already open keep the set they froze."""
    row = LocalValueSet.objects.select_for_update().filter(instansi=instansi).first()
    before = row.data if row is not None else None
    data = local_set_data(local)
    if row is None:
        row = LocalValueSet.objects.create(instansi=instansi, data=data)
    else:
        row.data = data
        row.save()
    record(
        actor,
        "local_values.save",
        f"Menyimpan set nilai lokal {_summary(local)}",
        instansi_code=instansi.code,
        before=before,
        after=data,
    )
    return row


@transaction.atomic
def do_delete_local_set(instansi: Instansi, *, actor: AbstractBaseUser) -> None:
    row = LocalValueSet.objects.select_for_update().filter(instansi=instansi).first()
    if row is None:
        return
    row.delete()
    record(
        actor,
        "local_values.delete",
        f"Menghapus set nilai lokal {row.data.get('code')}",
        instansi_code=instansi.code,
        before=row.data,
    )


@transaction.atomic
def do_copy_local_template(
    instansi: Instansi, template: LocalValueSet, *, actor: AbstractBaseUser
) -> LocalValueSet:
    """The instansi's set becomes a copy of a national template (edited freely afterwards)."""
    local = local_set_from_data(template.data)
    row = do_save_local_set(instansi, local, actor=actor)
    record(
        actor,
        "local_values.copy",
        f"Menyalin templat nilai lokal {local.code}",
        instansi_code=instansi.code,
        template=template.pk,
    )
    return row


@transaction.atomic
def do_save_local_template(
    template: LocalValueSet | None, local: LocalSet, *, actor: AbstractBaseUser
) -> LocalValueSet:
    """Create (template None) or change a national template."""
    data = local_set_data(local)
    before = template.data if template is not None else None
    if template is None:
        template = LocalValueSet.objects.create(instansi=None, data=data)
    else:
        template.data = data
        template.save()
    record(
        actor,
        "local_values.template",
        f"Menyimpan templat nilai lokal {_summary(local)}",
        template=template.pk,
        before=before,
        after=data,
    )
    return template
