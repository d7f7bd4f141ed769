from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..followup.forms import OneTimeForm
from ..method.combined import Rubric


def _criteria(rubric: Rubric, lang: str) -> list[tuple[str, str]]:
    return [(c.code, f"{c.code} {c.name(lang)}") for c in rubric.criteria]


class EvidenceForm(OneTimeForm):
    criterion = forms.ChoiceField(label=_("Kriteria"))
    item = forms.ChoiceField(
        label=_("Kegiatan atau laporan agen perubahan dari tindak lanjut (opsional)"),
        required=False,
    )
    description = forms.CharField(
        label=_("Uraian bukti"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Boleh kosong bila memilih kegiatan atau laporan: judulnya dipakai."),
    )
    link = forms.URLField(
        label=_("Tautan (opsional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Hanya tautan http:// atau https://."),
    )
    file = forms.FileField(
        label=_("Berkas (opsional): PDF, JPEG, PNG, DOCX atau XLSX, paling besar 10 MB"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        rubric: Rubric,
        lang: str,
        items: list[tuple[str, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = _criteria(rubric, lang)
        self.fields["item"].choices = [("", "–"), *(items or [])]
        if not items:
            del self.fields["item"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("description") and not data.get("item"):
            self.add_error("description", _("Tulis uraian bukti atau pilih kegiatan/laporan."))
        return data

    def clean_link(self) -> str:
        link: str = self.cleaned_data["link"]
        if link and not link.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Hanya tautan http:// atau https://."))
        return link


class ScoreForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Kriteria"))
    score = forms.TypedChoiceField(label=_("Nilai"), coerce=int)
    comment = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, rubric: Rubric, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = _criteria(rubric, lang)
        words = {0: _("merah"), rubric.scale_max: _("hijau")}
        self.fields["score"].choices = [
            (s, f"{s} ({words.get(s, _('kuning'))})") for s in range(rubric.scale_max + 1)
        ]


class ReturnForm(forms.Form):
    note = forms.CharField(
        label=_("Yang perlu diperbaiki"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
