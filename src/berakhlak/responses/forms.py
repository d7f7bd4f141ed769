"""Forms of the questionnaire steps. Every rule is checked here, on the server."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..common.labels import bilingual
from ..method.instrument import CATEGORY_LABELS, DEMOGRAPHICS
from ..method.items import PICKS
from .actions import MAX_TEXT


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Saya bersedia mengisi survei ini secara sukarela dan memahami bahwa jawaban "
            "saya anonim."
        ),
        error_messages={"required": _("Centang persetujuan untuk memulai.")},
    )


PROFILE_LABELS = {
    "status": _("Status kepegawaian"),
    "jabatan": _("Jenis jabatan"),
    "gender": _("Jenis kelamin"),
    "age_band": _("Usia"),
    "tenure_band": _("Masa kerja"),
}


_label = lazy(bilingual, str)


def _demographic(name: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=PROFILE_LABELS[name],
        choices=[(code, _label(CATEGORY_LABELS[code])) for code in DEMOGRAPHICS[name]],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih salah satu.")},
    )


class ProfileForm(forms.Form):
    """The five demographic questions; the fields are built once, with lazy labels."""

    status = _demographic("status")
    jabatan = _demographic("jabatan")
    gender = _demographic("gender")
    age_band = _demographic("age_band")
    tenure_band = _demographic("tenure_band")


class PicksForm(forms.Form):
    """Exactly ten distinct items; `order` (filled in by the page script) gives the rank."""

    order = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.codes = codes

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        known = set(self.codes)
        sent = self.data.getlist("item") if hasattr(self.data, "getlist") else []
        picked = [c for c in dict.fromkeys(sent) if c in known]
        if len(picked) != PICKS or len(sent) != len(picked):
            raise forms.ValidationError(
                ngettext(
                    "Pilih tepat %(need)d butir; Anda memilih %(n)d butir.",
                    "Pilih tepat %(need)d butir; Anda memilih %(n)d butir.",
                    len(picked),
                )
                % {"need": PICKS, "n": len(picked)},
                code="count",
            )
        order = [c for c in (data.get("order") or "").split(",") if c in picked]
        order = list(dict.fromkeys(order))
        data["ranked"] = order if len(order) == PICKS else None
        data["picked"] = [c for c in self.codes if c in picked]
        return data


class RankForm(forms.Form):
    """Without the page script: give each of the ten picks a rank 1..10."""

    def __init__(self, *args: Any, picks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.picks = picks
        choices = [(str(i), str(i)) for i in range(1, PICKS + 1)]
        for i, code in enumerate(picks, start=1):
            self.fields[f"rank_{code}"] = forms.TypedChoiceField(
                choices=choices, coerce=int, initial=str(i)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        ranks = {code: data.get(f"rank_{code}") for code in self.picks}
        if sorted(r for r in ranks.values() if r is not None) != list(range(1, PICKS + 1)):
            raise forms.ValidationError(
                _("Setiap urutan 1 sampai 10 dipakai tepat satu kali."), code="ranks"
            )
        data["ranked"] = sorted(self.picks, key=lambda c: ranks[c])
        return data


class TextsForm(forms.Form):
    harapan = forms.CharField(
        label=_("Apa harapan Anda terhadap budaya kerja di instansi ini?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )
    saran = forms.CharField(
        label=_("Apa saran perbaikan Anda?"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Kode pribadi"), max_length=64, strip=True)
