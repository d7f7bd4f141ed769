from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Instansi, Region, Unit

CODE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"
CODE_ERROR = _("Kode: huruf, angka, titik, garis bawah atau tanda hubung (maks. 32).")


class InstansiForm(forms.Form):
    code = forms.RegexField(label=_("Kode"), regex=CODE, error_messages={"invalid": CODE_ERROR})
    name = forms.CharField(label=_("Nama"), max_length=200)
    region = forms.ChoiceField(label=_("Wilayah"), choices=Region.choices)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Instansi.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai instansi lain."))
        return code


class UnitForm(forms.Form):
    code = forms.RegexField(
        label=_("Kode unit"), regex=CODE, error_messages={"invalid": CODE_ERROR}
    )
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    headcount = forms.IntegerField(label=_("Jumlah pegawai"), min_value=1, max_value=10_000_000)
    active = forms.BooleanField(label=_("Aktif"), required=False, initial=True)

    def __init__(self, *args: Any, instansi: Instansi, unit: Unit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi, self.unit = instansi, unit

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = Unit.objects.filter(instansi=self.instansi, code=code)
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai unit lain di instansi ini."))
        return code


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas struktur organisasi (.csv atau .xlsx)"),
        help_text=_(
            "Kolom: instansi_code, instansi_name, unit_code, unit_name, headcount, "
            "region. CSV dengan pemisah koma, UTF-8."
        ),
    )
