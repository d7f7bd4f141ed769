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
    group_code = forms.RegexField(
        label=_("Kode kelompok pelaporan"),
        regex=CODE,
        required=False,
        error_messages={"invalid": CODE_ERROR},
        help_text=_(
            "Boleh kosong. Unit kecil dengan kode kelompok yang sama dilaporkan bersama "
            "sebagai satu kelompok (metode §9)."
        ),
    )
    group_name = forms.CharField(
        label=_("Nama kelompok pelaporan"),
        max_length=200,
        required=False,
        help_text=_("Mengganti nama kelompok ini untuk semua unitnya."),
    )

    def __init__(self, *args: Any, instansi: Instansi, unit: Unit | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instansi, self.unit = instansi, unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, name = data.get("group_code", ""), data.get("group_name", "")
        if group and not name:
            known = (
                Unit.objects.filter(instansi=self.instansi, group_code=group)
                .exclude(group_name="")
                .values_list("group_name", flat=True)
                .first()
            )
            if known is None:
                self.add_error("group_name", _("Beri nama kelompok pelaporan yang baru ini."))
            else:
                data["group_name"] = known
        if name and not group:
            self.add_error("group_code", _("Isi kode kelompok pelaporan, atau kosongkan namanya."))
        units = Unit.objects.filter(instansi=self.instansi, code=group)
        if group and (
            group == data.get("code") or units.exclude(pk=getattr(self.unit, "pk", None)).exists()
        ):
            self.add_error(
                "group_code", _("Kode kelompok pelaporan tidak boleh sama dengan kode unit.")
            )
        return data

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = Unit.objects.filter(instansi=self.instansi, code=code)
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai unit lain di instansi ini."))
        if Unit.objects.filter(instansi=self.instansi, group_code=code).exists():
            raise forms.ValidationError(_("Kode ini sudah dipakai kelompok pelaporan."))
        return code


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas struktur organisasi (.csv atau .xlsx)"),
        help_text=_(
            "Kolom: instansi_code, instansi_name, unit_code, unit_name, headcount, "
            "region, dan boleh group_code, group_name (kelompok pelaporan). CSV dengan "
            "pemisah koma, UTF-8."
        ),
    )
