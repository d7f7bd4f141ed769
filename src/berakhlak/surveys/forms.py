from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..common.forms import IdChoiceField
from ..method.combined import Criterion, Rubric
from ..orgs.models import Instansi
from .actions import extension_problem
from .models import Access, Cycle, CycleUnit, Mode, default_mode


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
    mode = forms.ChoiceField(
        label=_("Jenis pengukuran"),
        choices=Mode.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Sejak 2025 hasil survei digabung dengan Evaluasi Implementasi BerAKHLAK berbasis "
            "bukti dari setiap unit (bawaan untuk tahun 2025 dan sesudahnya)."
        ),
    )
    evidence_percent = forms.IntegerField(
        label=_("Bobot evaluasi bukti (%)"),
        min_value=0,
        max_value=50,
        initial=20,
        required=False,
        help_text=_("Sisanya bobot survei. Bawaan: 20% evaluasi, 80% survei."),
    )
    evaluation_opens_on = forms.DateField(
        label=_("Evaluasi mulai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    evaluation_closes_on = forms.DateField(
        label=_("Evaluasi selesai"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Batas pengajuan dan penilaian bukti."),
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
            self.fields["mode"].initial = default_mode(timezone.localdate().year)

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
        start, end = data.get("evaluation_opens_on"), data.get("evaluation_closes_on")
        if start and end and end < start:
            self.add_error("evaluation_closes_on", _("Tanggal tutup harus sesudah tanggal buka."))
        return data

    def evaluation_settings(self) -> dict[str, Any]:
        """The keywords of do_create_cycle / do_update_cycle for the evaluation."""
        d = self.cleaned_data
        percent = d.get("evidence_percent")
        return {
            "mode": d.get("mode") or None,
            "evidence_weight": (20 if percent is None else percent) / 100,
            "evaluation_opens_on": d.get("evaluation_opens_on"),
            "evaluation_closes_on": d.get("evaluation_closes_on"),
        }


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


class RubricForm(forms.Form):
    """The rubric the national admin publishes for a year: one criterion per line,
    `code;name in Indonesian;name in English;weight` (docs/method.md §12)."""

    scale_max = forms.IntegerField(
        label=_("Nilai tertinggi skala"),
        min_value=1,
        max_value=10,
        initial=2,
        help_text=_("Bawaan 2: 0 merah, 1 kuning, 2 hijau."),
    )
    criteria = forms.CharField(
        label=_("Kriteria"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Satu kriteria per baris: kode;nama;nama dalam bahasa Inggris;bobot"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        text, scale = data.get("criteria"), data.get("scale_max")
        if not text or scale is None:
            return data
        criteria = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            weight = _weight(parts[3]) if len(parts) == 4 else None
            code_ok = len(parts) == 4 and re.fullmatch(r"[A-Za-z0-9_-]{1,16}", parts[0])
            if not code_ok or not parts[1] or not parts[2] or weight is None:
                self.add_error(
                    "criteria",
                    _("Baris %(n)d tidak berbentuk kode;nama;nama Inggris;bobot positif.")
                    % {"n": number},
                )
                continue
            criteria.append(Criterion(parts[0], parts[1][:200], parts[2][:200], weight))
        if self.errors:
            return data
        try:
            data["rubric"] = Rubric(tuple(criteria), scale)
        except ValueError:
            self.add_error("criteria", _("Kode kriteria harus unik, dan sedikitnya satu kriteria."))
        return data


def _weight(text: str) -> float | None:
    try:
        w = float(text.replace(",", "."))
    except ValueError:
        return None
    return w if 0 < w <= 100 else None


def rubric_text(rubric: Rubric) -> str:
    return "\n".join(f"{c.code};{c.name_id};{c.name_en};{c.weight:g}" for c in rubric.criteria)
