"""The open data of a national year, frozen when the national admin publishes it."""

from __future__ import annotations

from django.db import models


class OpenDataYear(models.Model):
    """A published national year: its public figures as they were at publication (`figures.
    open_figures`), so that its stable addresses keep answering the same files until the
    national admin publishes the year again or withdraws it."""

    year = models.PositiveSmallIntegerField(unique=True)
    published_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"open data {self.year}"
