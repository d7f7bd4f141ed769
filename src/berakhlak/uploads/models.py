"""A file a user uploaded (a photo or document as evidence), stored under a random name.

The follow-up (activity evidence, change agents' reports) and the evidence evaluation keep
a foreign key to a StoredFile; who may fetch it is decided through that owner by the access
helpers, never by the file's id alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..orgs.models import Instansi


class Kind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"


class StoredFile(models.Model):
    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="files")
    storage_name = models.CharField(max_length=100, unique=True)
    """The path inside the storage: uploads/<random>.<kind>, never the uploader's name."""
    name = models.CharField(_("nama berkas"), max_length=120)
    """The uploader's file name, made safe (letters, digits, '.', '-', '_'), for download."""
    kind = models.CharField(max_length=4, choices=Kind.choices)
    size = models.PositiveIntegerField()
    """Bytes as stored (after metadata was removed); what counts against the quota."""
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.name
