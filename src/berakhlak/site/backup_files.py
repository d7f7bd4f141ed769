"""A backup as one tar archive: the database (backup.py's dump) and the files people
uploaded (the storage's `uploads/` folder), with a small manifest.

Backing up: the database first, then the files. A file is stored before the row that names
it is committed, so every file the database copy names is already there; a file removed
while the backup runs may be missing from the archive (its row then names nothing, as
after any removal). Restoring: the archive is checked and its files unpacked beside the
storage before the database is replaced; only then do they take the place of the current
`uploads/` folder (files no restored row names go with it). A failed database restore leaves
the files as they were.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.storage import default_storage

from .backup import BackupError, backup_database, restore_database

MANIFEST = "berakhlak-backup.json"
FORMAT = 1
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
UPLOADS = "uploads"
# What store_all names a file: uploads/<32 hex>.<extension>
STORED_NAME = re.compile(r"^uploads/[0-9a-f]{32}\.(pdf|jpg|png|docx|xlsx)$")


@dataclass(frozen=True)
class Done:
    kind: str  # sqlite or postgresql
    files: int  # uploaded files in the backup
    with_files: bool = True  # False: a database-only backup of an earlier release


def storage_root() -> Path:
    return Path(default_storage.location)  # type: ignore[attr-defined]


def backup(target: Path) -> Done:
    """The database and the uploaded files into one archive at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".berakhlak-backup-") as work:
        dump = Path(work) / "database"
        kind = backup_database(dump)
        uploads = storage_root() / UPLOADS
        names = sorted(p.name for p in uploads.iterdir() if p.is_file()) if uploads.is_dir() else []
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            manifest = json.dumps({"format": FORMAT, "database": kind, "files": len(names)})
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DATABASE[kind], recursive=False)
            for name in names:
                tar.add(uploads / name, arcname=f"{UPLOADS}/{name}", recursive=False)
        os.replace(partial, target)
    return Done(kind, len(names))


def restore(source: Path) -> Done:
    """Replace the database and the uploaded files with those of the backup in `source`."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if not tarfile.is_tarfile(source):
        return Done(restore_database(source), 0, with_files=False)  # an earlier release's
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root, prefix=".restore-") as work:
        kind, files = _unpack(source, Path(work))
        restore_database(Path(work) / DATABASE[kind])
        old = root / f".before-restore-{os.getpid()}"
        if (root / UPLOADS).exists():
            os.replace(root / UPLOADS, old)
        os.replace(Path(work) / UPLOADS, root / UPLOADS)
        shutil.rmtree(old, ignore_errors=True)
    return Done(kind, files)


def _unpack(source: Path, into: Path) -> tuple[str, int]:
    """Check the archive (a manifest, one database, regular files with the names the
    storage gives) and unpack it into `into`; the database kind and the number of files."""
    with tarfile.open(source, "r:") as tar:
        members = tar.getmembers()
        by_name = {m.name: m for m in members}
        manifest_member = by_name.get(MANIFEST)
        if manifest_member is None or not manifest_member.isfile():
            raise BackupError(f"{source} is not a berakhlak backup (no {MANIFEST})")
        manifest_file = tar.extractfile(manifest_member)
        assert manifest_file is not None
        manifest = json.loads(manifest_file.read(10_000))
        kind = manifest.get("database")
        if manifest.get("format") != FORMAT or kind not in DATABASE:
            raise BackupError(f"{source}: unknown backup format")
        if DATABASE[kind] not in by_name:
            raise BackupError(f"{source}: no database in the backup")
        files = [m for m in members if m.name.startswith(f"{UPLOADS}/")]
        allowed = {MANIFEST, DATABASE[kind]}
        for m in members:
            if not m.isfile() or (m.name not in allowed and not STORED_NAME.match(m.name)):
                raise BackupError(f"{source}: unexpected member {m.name!r}")
        (into / UPLOADS).mkdir()
        tar.extractall(into, members=[by_name[DATABASE[kind]], *files], filter="data")
    return kind, len(files)
