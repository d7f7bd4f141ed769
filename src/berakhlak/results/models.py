"""Additive counts cached per cycle x unit (and per demographic category within the unit)."""

from __future__ import annotations

import numpy as np
from django.db import models

from ..surveys.models import Cycle, CycleUnit


class UnitCounts(models.Model):
    """Counts of one unit of a cycle; `dimension` '' holds the unit's total, otherwise one
    demographic category (e.g. dimension 'gender', category 'P')."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="unit_counts")
    cycle_unit = models.ForeignKey(CycleUnit, on_delete=models.CASCADE, related_name="counts")
    dimension = models.CharField(max_length=16, blank=True)
    category = models.CharField(max_length=16, blank=True)
    rows = models.PositiveIntegerField(default=0)  # stored responses, valid or not
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "cycle_unit", "dimension", "category"], name="unit_counts_key"
            )
        ]

    def vector(self) -> np.ndarray:
        return np.frombuffer(bytes(self.data), dtype="<i8").copy()


class CountsState(models.Model):
    """How many responses the cached counts of a cycle were computed from, and the cycle's
    participation as they give it (for the national participation page: one row per cycle)."""

    cycle = models.OneToOneField(Cycle, on_delete=models.CASCADE, related_name="counts_state")
    responses = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)  # valid responses of all units
    units_below = models.PositiveIntegerField(default=0)  # units below their target
    computed_at = models.DateTimeField(auto_now=True)


class CommentGroups(models.Model):
    """The free texts of a closed or published cycle (its instansi, or one unit), grouped
    (`method.comments`) once and kept: a dashboard reads these groups instead of every
    answer. `responses` is the cycle's stored responses they were grouped from; they are
    grouped again when that changes (`results.comments.prepared_texts`)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="comment_groups")
    cycle_unit = models.ForeignKey(
        CycleUnit, on_delete=models.CASCADE, null=True, related_name="comment_groups"
    )
    responses = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)  # {"harapan": [[text, count], ...], "saran": ...}

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "cycle_unit"],
                name="comment_groups_unit_key",
                condition=models.Q(cycle_unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                name="comment_groups_instansi_key",
                condition=models.Q(cycle_unit__isnull=True),
            ),
        ]
