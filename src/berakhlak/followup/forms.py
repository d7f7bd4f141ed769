"""Forms of the follow-up: focus, activities and their updates, evidence, the register of
change agents and role models, and the change agents' reports."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.forms import IdChoiceField
from ..method.items import ItemPool
from ..orgs.models import Instansi, Unit
from .models import Activity, ChangeAgent, Plan, Status

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NIP = forms.RegexField(
    label=_("NIP (boleh kosong)"),
    regex=r"^[0-9]{18}$",
    required=False,
    error_messages={"invalid": _("NIP terdiri atas 18 angka.")},
)


class OneTimeForm(forms.Form):
    """A form that stores a new row: a one-time key, so that sending it twice (a double
    click, a reload) stores the row once."""

    submission = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = secrets.token_hex(16)


def focus_choices(pool: ItemPool, lang: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(values, limiting items) as choices: code -> name."""
    values = [(v.code, v.name(lang)) for v in pool.values]
    limiting = [(i.code, f"{i.code} {i.label(lang)}") for i in pool.items if i.limiting]
    return values, limiting


def addresses_choices(plan: Plan | None, pool: ItemPool, lang: str) -> list[tuple[str, str]]:
    """What an activity may address: the plan's focus values and limiting factors (every
    value while none is chosen)."""
    values, limiting = focus_choices(pool, lang)
    if plan is None or not (plan.focus_values or plan.focus_limiting):
        return values
    chosen = set(plan.focus_values) | set(plan.focus_limiting)
    return [c for c in values + limiting if c[0] in chosen]


class FocusForm(forms.Form):
    values = forms.MultipleChoiceField(
        label=_("Nilai fokus"), widget=forms.CheckboxSelectMultiple, required=True
    )
    limiting = forms.MultipleChoiceField(
        label=_("Faktor penghambat yang ditangani"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, pool: ItemPool, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        values, limiting = focus_choices(pool, lang)
        self.fields["values"].choices = values
        self.fields["limiting"].choices = limiting

    def clean_values(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["values"]
        if len(chosen) > 3:
            raise forms.ValidationError(_("Pilih paling banyak tiga nilai fokus."))
        return chosen


class ActivityForm(OneTimeForm):
    title = forms.CharField(label=_("Nama kegiatan"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )
    addresses = forms.MultipleChoiceField(
        label=_("Menjawab nilai fokus atau faktor penghambat"),
        widget=forms.CheckboxSelectMultiple,
    )
    unit = IdChoiceField(
        label=_("Unit pelaksana (kosong: seluruh instansi)"),
        queryset=Unit.objects.none(),
        required=False,
    )
    person_name = forms.CharField(label=_("Nama penanggung jawab"), max_length=120)
    person_position = forms.CharField(label=_("Jabatan penanggung jawab"), max_length=160)
    starts_on = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    ends_on = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    target = forms.CharField(label=_("Indikator target"), max_length=300)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices, initial=Status.PLANNED)

    def __init__(
        self, *args: Any, instansi: Instansi, choices: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(instansi=instansi, active=True)
        self.fields["addresses"].choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        return {
            "title": activity.title,
            "description": activity.description,
            "addresses": activity.addresses,
            "unit": activity.unit_id,
            "person_name": activity.person_name,
            "person_position": activity.person_position,
            "starts_on": activity.starts_on,
            "ends_on": activity.ends_on,
            "target": activity.target,
            "status": activity.status,
        }


class UpdateForm(forms.Form):
    """A unit head's update: status and a dated progress note."""

    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    on = forms.DateField(label=_("Tanggal catatan"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label=_("Catatan kemajuan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.fields["status"].initial = activity.status

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == self.activity.status and not data.get("note"):
            raise forms.ValidationError(_("Ubah statusnya atau tulis catatan kemajuan."))
        on = data.get("on")
        if on and on > timezone.localdate() + datetime.timedelta(days=1):
            self.add_error("on", _("Catatan kemajuan tidak boleh bertanggal di masa depan."))
        return data


class EvidenceForm(OneTimeForm):
    label = forms.CharField(label=_("Keterangan bukti"), max_length=200)
    url = forms.URLField(
        label=_("Tautan (atau unggah berkas)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    file = forms.FileField(
        label=_("Berkas: PDF, JPEG, PNG, DOCX atau XLSX, paling besar 10 MB"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Beri satu tautan atau satu berkas."))
        return data


def unit_field(instansi: Instansi) -> IdChoiceField:
    return IdChoiceField(label=_("Unit"), queryset=Unit.objects.filter(instansi=instansi))


class ChangeAgentForm(OneTimeForm):
    name = forms.CharField(label=_("Nama"), max_length=120)
    position = forms.CharField(label=_("Jabatan"), max_length=160)
    nip = NIP
    decree_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    decree_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    period_start = forms.DateField(label=_("Masa tugas mulai"), widget=DATE)
    period_end = forms.DateField(label=_("Masa tugas selesai"), widget=DATE)

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"unit": unit_field(instansi), **self.fields}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Masa tugas tidak boleh selesai sebelum mulai."))
        return data


class RoleModelForm(OneTimeForm):
    name = forms.CharField(label=_("Nama"), max_length=120)
    position = forms.CharField(label=_("Jabatan"), max_length=160)
    nip = NIP
    year = forms.IntegerField(label=_("Tahun"), min_value=2020, max_value=2100)

    def __init__(self, *args: Any, instansi: Instansi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"unit": unit_field(instansi), **self.fields}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


MAX_REPORT_FILES = 5


class ReportForm(OneTimeForm):
    agent = IdChoiceField(label=_("Agen perubahan"), queryset=ChangeAgent.objects.none())
    activity = IdChoiceField(
        label=_("Kegiatan rencana aksi (boleh kosong)"),
        queryset=Activity.objects.none(),
        required=False,
    )
    on = forms.DateField(label=_("Tanggal"), widget=DATE, initial=timezone.localdate)
    title = forms.CharField(label=_("Judul"), max_length=200)
    description = forms.CharField(
        label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    participants = forms.IntegerField(label=_("Jumlah peserta"), min_value=0, max_value=100_000)
    files = MultipleFileField(
        label=_("Foto atau dokumen (paling banyak 5; PDF, JPEG, PNG, DOCX, XLSX; 10 MB)"),
        required=False,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _(
            "Setiap berkas paling besar %(file)s MB, dan semua berkas bersama paling besar "
            "%(total)s MB sekali kirim; lebih dari itu, bagi ke dalam beberapa laporan."
        ) % {
            "file": settings.BERAKHLAK_FILE_MAX_BYTES >> 20,
            "total": settings.BERAKHLAK_MAX_UPLOAD_BYTES >> 20,
        }
        self.fields["agent"].queryset = ChangeAgent.objects.filter(unit=unit)
        self.fields["activity"].queryset = Activity.objects.filter(
            plan__cycle__instansi_id=unit.instansi_id, unit=unit
        )

    def clean_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data.get("files") or []
        if len(files) > MAX_REPORT_FILES:
            raise forms.ValidationError(_("Paling banyak lima berkas per laporan."))
        return files
