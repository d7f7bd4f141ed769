"""Forms of the national pages."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..surveys.models import Cycle, Status


class NationalExtendForm(forms.Form):
    """A later closing date for the open cycles of a year: of every instansi, or of one
    given by its code (a code, not a list: 600 instansi make a list slow to render and to
    use)."""

    closes_on = forms.DateField(
        label=_("Tanggal tutup baru"), widget=forms.DateInput(attrs={"type": "date"})
    )
    instansi = forms.CharField(
        label=_("Kode instansi"),
        required=False,
        max_length=32,
        help_text=_("Kosongkan untuk semua instansi yang siklusnya dibuka."),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.open_cycles = Cycle.objects.filter(year=year, status=Status.OPEN).select_related(
            "instansi"
        )

    def clean_closes_on(self) -> datetime.date:
        closes_on: datetime.date = self.cleaned_data["closes_on"]
        if closes_on < timezone.localdate():
            raise forms.ValidationError(_("Tanggal tutup baru tidak boleh sebelum hari ini."))
        return closes_on

    def clean_instansi(self) -> Cycle | None:
        code = self.cleaned_data["instansi"].strip()
        if not code:
            return None
        cycle = self.open_cycles.filter(instansi__code__iexact=code).first()
        if cycle is None:
            raise forms.ValidationError(
                _("Instansi %(code)s tidak punya siklus yang dibuka tahun %(year)s."),
                params={"code": code, "year": self.year},
            )
        return cycle

    def cycles(self) -> list[Cycle]:
        """The cycles to extend: the one chosen, or every open cycle of the year."""
        chosen = self.cleaned_data.get("instansi")
        return [chosen] if chosen is not None else list(self.open_cycles)
