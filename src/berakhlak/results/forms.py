"""Forms of the national pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.forms import IdChoiceField
from ..surveys.models import Cycle, Status


class NationalExtendForm(forms.Form):
    """A later closing date for the open cycles of a year: of every instansi, or of one."""

    closes_on = forms.DateField(
        label=_("Tanggal tutup baru"), widget=forms.DateInput(attrs={"type": "date"})
    )
    cycle = IdChoiceField(
        label=_("Instansi"),
        queryset=Cycle.objects.none(),
        required=False,
        empty_label=_("Semua instansi yang siklusnya dibuka"),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        field = self.fields["cycle"]
        field.queryset = (
            Cycle.objects.filter(year=year, status=Status.OPEN)
            .select_related("instansi")
            .order_by("instansi__name")
        )
        field.label_from_instance = lambda c: f"{c.instansi.name} ({c.instansi.code})"

    def clean_closes_on(self) -> datetime.date:
        closes_on: datetime.date = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("Tanggal tutup baru tidak boleh sebelum hari ini."))
        return closes_on

    def cycles(self) -> list[Cycle]:
        """The cycles to extend: the one chosen, or every open cycle of the year."""
        chosen = self.cleaned_data.get("cycle")
        return [chosen] if chosen is not None else list(self.fields["cycle"].queryset)
