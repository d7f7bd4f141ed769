"""The backup archive (database and uploaded files) refuses to restore anything but what
`berakhlak backup` writes: no member outside uploads/, no link, no name the storage would
not give, and nothing is touched before the archive is checked."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from berakhlak.site.backup import BackupError
from berakhlak.site.backup_files import MANIFEST, restore

GOOD = "uploads/" + "c" * 32 + ".png"


def archive(path: Path, *members: tuple[str, bytes] | tarfile.TarInfo) -> Path:
    with tarfile.open(path, "w") as tar:
        for m in (
            (MANIFEST, json.dumps({"format": 1, "database": "sqlite", "files": 1}).encode()),
            ("database.sqlite3", b"SQLite format 3\x00"),
            *members,
        ):
            if isinstance(m, tarfile.TarInfo):
                tar.addfile(m)
                continue
            info = tarfile.TarInfo(m[0])
            info.size = len(m[1])
            tar.addfile(info, io.BytesIO(m[1]))
    return path


def link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(
    "member",
    [
        ("../../escaped.txt", b"x"),
        ("uploads/../../escaped.txt", b"x"),
        ("/tmp/escaped.txt", b"x"),
        ("uploads/not-a-stored-name.html", b"<script>"),
        ("site/settings.py", b"x"),
        link(GOOD, "/etc/passwd"),
    ],
    ids=["parent", "parent-inside", "absolute", "other-name", "other-folder", "symlink"],
)
def test_a_backup_archive_with_a_foreign_member_is_refused_before_anything_changes(
    tmp_path, member, db
):
    kept = default_storage.save("uploads/" + "d" * 32 + ".pdf", ContentFile(b"%PDF-1.4 ours"))
    with pytest.raises(BackupError, match="unexpected member"):
        restore(archive(tmp_path / "jahat.tar", (GOOD, b"png"), member))
    assert default_storage.open(kept).read() == b"%PDF-1.4 ours"
    assert not (tmp_path / "escaped.txt").exists()
    assert not Path("/tmp/escaped.txt").exists()
    default_storage.delete(kept)


def test_an_archive_without_the_manifest_or_the_database_is_not_a_backup(tmp_path, db):
    with tarfile.open(tmp_path / "a.tar", "w") as tar:
        info = tarfile.TarInfo(GOOD)
        tar.addfile(info, io.BytesIO(b""))
    with pytest.raises(BackupError, match="not a berakhlak backup"):
        restore(tmp_path / "a.tar")
    manifest = json.dumps({"format": 1, "database": "sqlite", "files": 0}).encode()
    with tarfile.open(tmp_path / "b.tar", "w") as tar:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(BackupError, match="no database"):
        restore(tmp_path / "b.tar")
