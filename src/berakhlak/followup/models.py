"""From results to action: the action plan of a published cycle (focus values and limiting
factors, activities with their status, progress notes and evidence), the register of change
agents and role models per unit, and the change agents' reports.

Every person here is a staff record an operator typed in (name, position, optional NIP):
nothing is ever linked to a response of the survey.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..orgs.models import Instansi, Unit
from ..surveys.models import Cycle
from ..uploads.models import StoredFile


class Plan(models.Model):
    """The action plan (rencana aksi) an instansi makes on the results of one published
    cycle: the focus values and limiting factors chosen for the year, and its activities."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="plan")
    focus_values = models.JSONField(_("nilai fokus"), default=list, blank=True)
    """Value codes (BP, AK, ...), in the order chosen."""
    focus_limiting = models.JSONField(_("faktor penghambat fokus"), default=list, blank=True)
    """Item codes of limiting items (N01, ...)."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Rencana aksi {self.cycle}"

    @property
    def instansi(self) -> Instansi:
        return self.cycle.instansi


class Status(models.TextChoices):
    PLANNED = "rencana", _("Rencana")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", _("Batal")


class Activity(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("nama kegiatan"), max_length=200)
    description = models.TextField(_("uraian"), blank=True, max_length=4000)
    addresses = models.JSONField(_("menjawab"), default=list)
    """The focus value codes and limiting item codes the activity works on."""
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("unit pelaksana"),
    )
    """The owner unit; empty for an activity of the whole instansi."""
    person_name = models.CharField(_("nama penanggung jawab"), max_length=120)
    person_position = models.CharField(_("jabatan penanggung jawab"), max_length=160)
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    target = models.CharField(_("indikator target"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True)
    """The form's one-time key: the same form sent twice stores one row."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ends_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def overdue(self, today: datetime.date) -> bool:
        """Past its end date and neither done nor cancelled."""
        return self.ends_on < today and self.status in (Status.PLANNED, Status.RUNNING)


class ProgressNote(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="notes")
    on = models.DateField(_("tanggal"))
    text = models.TextField(_("catatan"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]


class Evidence(models.Model):
    """A file or a link that shows an activity took place."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("keterangan"), max_length=200)
    file = models.OneToOneField(
        StoredFile, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    url = models.URLField(_("tautan"), blank=True, max_length=500)
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True)
    """The form's one-time key: the same form sent twice stores one row."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(file__isnull=False, url="")
                    | (models.Q(file__isnull=True) & ~models.Q(url=""))
                ),
                name="evidence_is_a_file_or_a_link",
            )
        ]


class Person(models.Model):
    """A staff record: what a decree or the operator says about a person, nothing more."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("nama"), max_length=120)
    position = models.CharField(_("jabatan"), max_length=160)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True)
    """The form's one-time key: the same form sent twice stores one row."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class ChangeAgent(Person):
    """An agen perubahan appointed by decree for a period."""

    decree_number = models.CharField(_("nomor SK"), max_length=100)
    decree_date = models.DateField(_("tanggal SK"))
    period_start = models.DateField(_("masa tugas mulai"))
    period_end = models.DateField(_("masa tugas selesai"))

    class Meta:
        ordering = ["unit", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="agent_period_ends_after_start",
            )
        ]


class RoleModel(Person):
    """A role model designated for a unit and a year."""

    year = models.PositiveSmallIntegerField(_("tahun"))

    class Meta:
        ordering = ["-year", "unit", "name"]


class AgentReport(models.Model):
    """What a change agent did: a socialisation, a coaching session, a campaign."""

    agent = models.ForeignKey(ChangeAgent, on_delete=models.CASCADE, related_name="reports")
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("kegiatan rencana aksi"),
    )
    on = models.DateField(_("tanggal"))
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("uraian"), max_length=4000)
    participants = models.PositiveIntegerField(_("jumlah peserta"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True)
    """The form's one-time key: the same form sent twice stores one row."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReportFile(models.Model):
    report = models.ForeignKey(AgentReport, on_delete=models.CASCADE, related_name="files")
    file = models.OneToOneField(StoredFile, on_delete=models.CASCADE, related_name="report_file")

    class Meta:
        ordering = ["pk"]
