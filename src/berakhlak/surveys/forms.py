from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.forms import IdChoiceField
from ..orgs.models import Instansi
from .actions import extension_problem
from .models import Access, Cycle, CycleUnit


class CycleForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun survei"), min_value=2020, max_value=2100)
    access = forms.ChoiceField(
        label=_("Akses responden"),
        choices=Access.choices,
        initial=Access.LINK,
        widget=forms.RadioSelect,
    )
    opens_on = forms.DateField(
        label=_("Tanggal buka"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Tanggal tutup"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    k = forms.IntegerField(
        label=_("Ambang anonimitas (k)"),
        min_value=5,
        max_value=100,
        initial=10,
        help_text=_("Kelompok dengan kurang dari k responden tidak ditampilkan. Bawaan: 10."),
    )
    margin = forms.FloatField(
        label=_("Margin of error untuk jumlah minimum responden"),
        min_value=0.01,
        max_value=0.2,
        initial=0.05,
        help_text=_("Rumus Slovin. Bawaan: 0,05."),
    )

    def __init__(
        self, *args: Any, instansi: Instansi, cycle: Cycle | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instansi, self.cycle = instansi, cycle
        if cycle is not None:
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        clash = Cycle.objects.filter(instansi=self.instansi, year=year)
        if self.cycle is not None:
            clash = clash.exclude(pk=self.cycle.pk)
        if clash.exists():
            raise forms.ValidationError(_("Instansi ini sudah memiliki siklus untuk tahun itu."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("Tanggal tutup harus sesudah tanggal buka."))
        return data


class TokensForm(forms.Form):
    unit = IdChoiceField(label=_("Unit"), queryset=CycleUnit.objects.none())
    count = forms.IntegerField(label=_("Jumlah kode"), min_value=1, max_value=5000)

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = cycle.units.order_by("code")


class ExtendForm(forms.Form):
    """A later closing date for an open cycle."""

    closes_on = forms.DateField(
        label=_("Tanggal tutup baru"), widget=forms.DateInput(attrs={"type": "date"})
    )
    PROBLEMS = {
        "past": _("Tanggal tutup baru tidak boleh sebelum hari ini."),
        "before_opening": _("Tanggal tutup harus sesudah tanggal buka."),
        "not_later": _("Tanggal tutup hanya dapat dimundurkan, tidak dimajukan."),
    }

    def __init__(self, *args: Any, cycle: Cycle, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cycle = cycle

    def clean_closes_on(self) -> Any:
        closes_on = self.cleaned_data["closes_on"]
        problem = extension_problem(self.cycle, closes_on)
        if problem is not None:
            raise forms.ValidationError(self.PROBLEMS[problem], code=problem)
        return closes_on
