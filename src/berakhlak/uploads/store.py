"""Storing an uploaded file under a random name, within its instansi's quota, and serving
it back as an attachment (the checks and the metadata removal are files/attachments.py)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.http import FileResponse

from ..files.attachments import (
    CONTENT_TYPES,
    EXTENSIONS,
    Attachment,
    UploadRefused,
    check_attachment,
)
from ..files.problems import msg
from ..orgs.models import Instansi
from .models import StoredFile

__all__ = [
    "UploadRefused",
    "check_upload",
    "file_response",
    "quota_used",
    "remove_stored",
    "store_upload",
]


def check_upload(upload: UploadedFile) -> Attachment:
    """Read an upload (refusing one over the limit before reading it all) and check it."""
    limit = settings.BERAKHLAK_FILE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise UploadRefused(
            msg("upload_too_big", size=f"{upload.size / 2**20:.1f}", limit=limit >> 20)
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(msg("upload_too_big", size=f"> {limit >> 20}", limit=limit >> 20))
    return check_attachment(data, upload.name or "")


def quota_used(instansi: Instansi) -> int:
    return StoredFile.objects.filter(instansi=instansi).aggregate(s=Sum("size"))["s"] or 0


@transaction.atomic
def store_all(
    attachments: Sequence[Attachment], instansi: Instansi, *, actor: AbstractBaseUser | None
) -> list[StoredFile]:
    """Files already checked, stored together if they fit in the instansi's quota (the
    instansi's row is locked meanwhile, so two uploads cannot both take the last space)."""
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()
    used, quota = quota_used(instansi), settings.BERAKHLAK_FILE_QUOTA_BYTES
    if used + sum(len(a.content) for a in attachments) > quota:
        raise UploadRefused(
            msg("upload_quota", quota=quota >> 20, used=f"{used / 2**20:.1f}".replace(".", ","))
        )
    stored = []
    for a in attachments:
        name = f"uploads/{secrets.token_hex(16)}.{EXTENSIONS[a.kind]}"
        saved = default_storage.save(name, ContentFile(a.content))
        stored.append(
            StoredFile.objects.create(
                instansi=instansi,
                storage_name=saved,
                name=a.name,
                kind=a.kind,
                size=len(a.content),
                uploaded_by=actor,
            )
        )
    return stored


def store_upload(
    upload: UploadedFile, instansi: Instansi, *, actor: AbstractBaseUser | None
) -> StoredFile:
    [stored] = store_all([check_upload(upload)], instansi, actor=actor)
    return stored


def remove_stored(files: Sequence[StoredFile]) -> int:
    """Remove stored files: their rows now (what counts against the quota), their bytes from
    the storage once the transaction commits (a rollback keeps both). Returns the bytes
    freed."""
    names = [f.storage_name for f in files]
    StoredFile.objects.filter(pk__in=[f.pk for f in files]).delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
    return sum(f.size for f in files)


def file_response(stored: StoredFile) -> FileResponse:
    """The file as a download: never shown inside the site, never sniffed as another type."""
    response = FileResponse(
        default_storage.open(stored.storage_name, "rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=CONTENT_TYPES[stored.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
