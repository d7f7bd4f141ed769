"""A survey cycle of one instansi in one year, and what is frozen into it when it opens."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..method.combined import DEFAULT_RUBRIC, Rubric, rubric_from_dict
from ..method.items import DEFAULT_POOL_VERSION
from ..method.local import LocalSet, local_set_from_data
from ..method.params import Params
from ..orgs.models import Instansi, Unit


class Status(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")
    PUBLISHED = "published", _("Dipublikasikan")


class Access(models.TextChoices):
    LINK = "link", _("Tautan unit (anonim)")
    TOKEN = "token", _("Kode pribadi sekali pakai")


class Mode(models.TextChoices):
    SURVEY = "survei", _("Survei saja")
    COMBINED = "gabungan", _("Survei dan evaluasi")


COMBINED_FROM_YEAR = 2025
"""Since 2025 instansi combine the survey with the evidence evaluation (docs/method.md §12):
the default mode of a cycle of that year or later."""


def default_mode(year: int) -> str:
    return Mode.COMBINED if year >= COMBINED_FROM_YEAR else Mode.SURVEY


class YearRubric(models.Model):
    """The evaluation rubric the national admin published for a year: frozen into every
    cycle of that year when it opens (an instansi cannot change it)."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    rubric = models.JSONField(_("rubrik"))
    published_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]

    def as_rubric(self) -> Rubric:
        return rubric_from_dict(self.rubric)


def rubric_of_year(year: int) -> Rubric:
    """The rubric published for `year`, else the method's default."""
    published = YearRubric.objects.filter(year=year).first()
    return published.as_rubric() if published is not None else DEFAULT_RUBRIC


def takes_answers(
    status: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    today: datetime.date,
) -> bool:
    """An open cycle takes answers from its opening date to its closing date, inclusive."""
    return (
        status == Status.OPEN
        and (opens_on is None or opens_on <= today)
        and (closes_on is None or today <= closes_on)
    )


class Cycle(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    access = models.CharField(
        _("akses responden"), max_length=10, choices=Access.choices, default=Access.LINK
    )
    opens_on = models.DateField(_("tanggal buka"), null=True, blank=True)
    closes_on = models.DateField(_("tanggal tutup"), null=True, blank=True)
    params = models.JSONField(_("parameter metode"), default=dict, blank=True)
    item_pool = models.CharField(_("versi butir"), max_length=64, default=DEFAULT_POOL_VERSION)
    local_values = models.JSONField(_("set nilai lokal"), null=True, blank=True)
    """The instansi's local value set as it was when the cycle opened (docs/method.md §18),
    null without one; later edits of the instansi's set never rewrite it."""
    mode = models.CharField(
        _("jenis pengukuran"), max_length=10, choices=Mode.choices, default=Mode.SURVEY
    )
    rubric = models.JSONField(_("rubrik evaluasi"), default=dict, blank=True)
    """Frozen when the cycle opens (empty before: the year's published rubric applies)."""
    evaluation_opens_on = models.DateField(_("evaluasi mulai"), null=True, blank=True)
    evaluation_closes_on = models.DateField(_("evaluasi selesai"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instansi", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "year"], name="one_cycle_per_instansi_year")
        ]
        verbose_name = _("siklus survei")
        verbose_name_plural = _("siklus survei")

    def __str__(self) -> str:
        return f"{self.instansi.name} {self.year}"

    def method_params(self) -> Params:
        """The frozen parameters (defaults until the cycle opens)."""
        return Params.from_dict(self.params) if self.params else Params()

    def local_set(self) -> LocalSet | None:
        """The frozen local value set (None without one, and until the cycle opens)."""
        return local_set_from_data(self.local_values) if self.local_values else None

    @property
    def evaluated(self) -> bool:
        """Whether the cycle combines the survey with the evidence evaluation (§12)."""
        return self.mode == Mode.COMBINED

    def evaluation_rubric(self) -> Rubric:
        """The frozen rubric; before the cycle opens, the one its year would freeze."""
        return rubric_from_dict(self.rubric) if self.rubric else rubric_of_year(self.year)

    @property
    def accepting(self) -> bool:
        """Whether the questionnaire takes answers today."""
        return takes_answers(self.status, self.opens_on, self.closes_on, timezone.localdate())

    @property
    def not_yet_open(self) -> bool:
        """A draft, or open but before its opening date."""
        if self.status == Status.DRAFT:
            return True
        return (
            self.status == Status.OPEN
            and self.opens_on is not None
            and timezone.localdate() < self.opens_on
        )

    @property
    def has_results(self) -> bool:
        return self.status in (Status.CLOSED, Status.PUBLISHED)

    @property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units.all())


class CycleUnit(models.Model):
    """A unit as it was when the cycle opened; later reorganisations never rewrite it."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="cycle_units"
    )
    code = models.CharField(_("kode"), max_length=32)
    name = models.CharField(_("nama"), max_length=200)
    headcount = models.PositiveIntegerField(_("jumlah pegawai"))
    link_token = models.CharField(max_length=43, unique=True)
    group_code = models.CharField(max_length=32, blank=True)
    group_name = models.CharField(max_length=200, blank=True)
    """The unit's reporting group when the cycle opened (docs/method.md §9); empty: none."""

    class Meta:
        ordering = ["cycle", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="cycle_unit_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PersonalToken(models.Model):
    """A one-time code for one respondent of one unit. Only its hash is stored; it is burnt
    (deleted) in the transaction that stores the response, so nothing pairs it with the
    response afterwards. `used_on` stays empty: a day of use would be such a pair."""

    cycle_unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(default=datetime.date.today)
    used_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"token {self.token_hash[:8]}…"
