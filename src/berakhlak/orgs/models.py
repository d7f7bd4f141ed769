"""The organisation structure: instansi and their units, with headcounts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..method.instrument import REGIONS
from ..method.local import LocalSet, local_set_from_data


class Region(models.TextChoices):
    BARAT = "barat", _("Barat")
    TENGAH = "tengah", _("Tengah")
    TIMUR = "timur", _("Timur")
    PUSAT = "pusat", _("Pusat")


assert tuple(Region.values) == REGIONS


class Instansi(models.Model):
    code = models.CharField(_("kode"), max_length=32, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    region = models.CharField(_("wilayah"), max_length=10, choices=Region.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    @property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units.filter(active=True))


class Unit(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("kode"), max_length=32)
    name = models.CharField(_("nama"), max_length=200)
    headcount = models.PositiveIntegerField(_("jumlah pegawai"))
    active = models.BooleanField(_("aktif"), default=True)
    group_code = models.CharField(_("kode kelompok pelaporan"), max_length=32, blank=True)
    group_name = models.CharField(_("nama kelompok pelaporan"), max_length=200, blank=True)
    """The unit's reporting group (docs/method.md §9), both empty when it has none. One
    code has one name within an instansi (`do_save_unit` renames the group for all its
    units) and is never the code of a unit of the instansi."""

    class Meta:
        ordering = ["instansi", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"], name="unit_code_unique_in_instansi"
            ),
            models.CheckConstraint(
                condition=models.Q(headcount__gte=1), name="unit_headcount_positive"
            ),
        ]
        verbose_name = _("unit")
        verbose_name_plural = _("unit")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class LocalValueSet(models.Model):
    """An instansi's own set of work-culture values (docs/method.md §18), or, without an
    instansi, a template the national admin offers for operators to copy. `data` is the set
    as `method.local.local_set_data` writes it; a cycle freezes a copy when it opens."""

    instansi = models.OneToOneField(
        Instansi, null=True, blank=True, on_delete=models.CASCADE, related_name="local_set"
    )
    data = models.JSONField(_("set nilai lokal"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("set nilai lokal")
        verbose_name_plural = _("set nilai lokal")

    def __str__(self) -> str:
        return str(self.data.get("name", ""))

    def local_set(self) -> LocalSet:
        return local_set_from_data(self.data)
