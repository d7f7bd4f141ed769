"""Evidence of a cycle's units and the evaluation team's scores (docs/method.md §12)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..followup.models import Activity, AgentReport
from ..method.combined import Evaluation
from ..surveys.models import Cycle, CycleUnit
from ..uploads.models import StoredFile


class UnitStatus(models.TextChoices):
    BELUM = "belum", _("Belum diajukan")
    DIAJUKAN = "diajukan", _("Diajukan")
    PERBAIKAN = "perbaikan", _("Perlu perbaikan")
    DINILAI = "dinilai", _("Dinilai")


class UnitEvaluation(models.Model):
    """Where a unit's evidence stands; returned for revision at most once."""

    cycle_unit = models.OneToOneField(
        CycleUnit, on_delete=models.CASCADE, related_name="evaluation"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=UnitStatus.choices, default=UnitStatus.BELUM
    )
    returned = models.BooleanField(default=False)
    note = models.TextField(_("catatan perbaikan"), blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"{self.cycle_unit.code}: {self.status}"


class Evidence(models.Model):
    """One piece of a unit's evidence for one criterion: a description with an optional
    link (http or https) and an optional file, stored through the follow-up's uploads
    (checked by content, stripped of metadata, counted against the instansi's quota)."""

    cycle_unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.CharField(_("kriteria"), max_length=16)
    description = models.CharField(_("uraian"), max_length=500)
    link = models.URLField(_("tautan"), blank=True, max_length=500)
    file = models.OneToOneField(
        StoredFile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluation_evidence",
    )
    activity = models.ForeignKey(
        Activity,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="evaluation_evidence",
    )
    """A follow-up activity attached directly as evidence (evaluation/followup_items.py).
    RESTRICT: evaluated evidence never loses its item, unless both go with their instansi."""
    report = models.ForeignKey(
        AgentReport,
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="evaluation_evidence",
    )
    """A change agent's report attached directly as evidence."""
    submission = models.CharField(max_length=32, null=True, blank=True, unique=True)
    """The form's one-time key: the same form sent twice stores one row (and one file)."""
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cycle_unit", "criterion", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.cycle_unit.code} {self.criterion}: {self.description[:40]}"


class Score(models.Model):
    """The score of one unit on one criterion of the cycle's frozen rubric, with the
    evaluator's comment. A criterion without a row scores 0."""

    cycle_unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.CharField(_("kriteria"), max_length=16)
    score = models.PositiveSmallIntegerField(_("nilai"))
    comment = models.TextField(_("catatan"), blank=True, max_length=2000)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["cycle_unit", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle_unit", "criterion"], name="one_score_per_unit_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle_unit.code} {self.criterion}: {self.score}"


def cycle_scores(cycle: Cycle) -> dict[str, dict[str, int]]:
    """unit code -> criterion -> score of every scored unit of the cycle."""
    out: dict[str, dict[str, int]] = {}
    rows = Score.objects.filter(cycle_unit__cycle=cycle).values_list(
        "cycle_unit__code", "criterion", "score"
    )
    for code, criterion, score in rows:
        out.setdefault(code, {})[criterion] = score
    return out


class CycleEvaluation(models.Model):
    """The state of a cycle's evaluation: finalised, its scores are locked and the combined
    index is reported (before, the results show the survey alone)."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="evaluation")
    finalised_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.cycle} evaluation"


def finalised(cycle: Cycle) -> bool:
    return CycleEvaluation.objects.filter(cycle=cycle, finalised_at__isnull=False).exists()


def reported_evaluation(cycle: Cycle) -> Evaluation | None:
    """What the combined index of a cycle is computed from: the finalised scores of a cycle
    that combines survey and evaluation, on its frozen rubric; None otherwise."""
    if not cycle.evaluated or not finalised(cycle):
        return None
    return Evaluation(cycle.evaluation_rubric(), cycle_scores(cycle))


def reported_evaluations(cycles: list[Cycle]) -> dict[int, Evaluation]:
    """`reported_evaluation` of many cycles at once (two queries): cycle pk -> evaluation."""
    combined = [c for c in cycles if c.evaluated]
    done = set(
        CycleEvaluation.objects.filter(cycle__in=combined, finalised_at__isnull=False).values_list(
            "cycle_id", flat=True
        )
    )
    scores: dict[int, dict[str, dict[str, int]]] = {pk: {} for pk in done}
    rows = Score.objects.filter(cycle_unit__cycle_id__in=done).values_list(
        "cycle_unit__cycle_id", "cycle_unit__code", "criterion", "score"
    )
    for cycle_id, code, criterion, score in rows:
        scores[cycle_id].setdefault(code, {})[criterion] = score
    return {c.pk: Evaluation(c.evaluation_rubric(), scores[c.pk]) for c in combined if c.pk in done}
