"""Forms of sign-in and of account management."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ..common.forms import IdChoiceField
from ..orgs.models import Instansi, Unit
from .models import Membership, Role


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        regex=r"^[A-Za-z0-9_.-]{3,60}$",
        error_messages={"invalid": _("3–60 huruf, angka, titik, garis bawah atau tanda hubung.")},
    )
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices)
    instansi = IdChoiceField(label=_("Instansi"), queryset=Instansi.objects.none(), required=False)
    unit = IdChoiceField(
        label=_("Unit (pimpinan unit, agen perubahan, atau unit evaluator sendiri)"),
        queryset=Unit.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, actor: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor.is_admin:
            self.fields["instansi"].queryset = Instansi.objects.all()
            self.fields["unit"].queryset = Unit.objects.select_related("instansi").filter(
                active=True
            )
        else:
            self.fields["role"].choices = [
                (Role.OPERATOR, Role.OPERATOR.label),
                (Role.LEADER, Role.LEADER.label),
                (Role.CHANGE_AGENT, Role.CHANGE_AGENT.label),
                (Role.EVALUATOR, Role.EVALUATOR.label),
            ]
            self.fields["instansi"].queryset = Instansi.objects.filter(pk=actor.instansi_id)
            self.fields["instansi"].initial = actor.instansi_id
            self.fields["unit"].queryset = Unit.objects.filter(
                instansi_id=actor.instansi_id, active=True
            )

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        role, instansi, unit = data.get("role"), data.get("instansi"), data.get("unit")
        national_evaluator = role == Role.EVALUATOR and instansi is None and self.actor.is_admin
        if role == Role.ADMIN or national_evaluator:
            data["instansi"] = data["unit"] = None  # the admin's evaluator without one: national
        elif instansi is None:
            self.add_error("instansi", _("Pilih instansi untuk peran ini."))
        elif unit is not None and unit.instansi_id != instansi.pk:
            self.add_error("unit", _("Unit ini bukan bagian dari instansi yang dipilih."))
        if role == Role.OPERATOR:
            data["unit"] = None
        if role == Role.CHANGE_AGENT and unit is None and "unit" not in self.errors:
            self.add_error("unit", _("Agen perubahan melapor untuk satu unit: pilih unitnya."))
        return data


class SignInForm(AuthenticationForm):
    """Django's sign-in form, with the username found whatever its case. Operators invited
    by e-mail have their address as username, and people type addresses with capitals
    ("Operator@Kab.go.id"). Exactly one account matching without regard to case is taken;
    when two accounts differ only in case, the name must be typed exactly."""

    def clean_username(self) -> str:
        typed: str = self.cleaned_data.get("username") or ""
        names = list(
            get_user_model()
            .objects.filter(username__iexact=typed)
            .values_list("username", flat=True)[:2]
        )
        if typed not in names and len(names) == 1:
            return str(names[0])
        return typed
