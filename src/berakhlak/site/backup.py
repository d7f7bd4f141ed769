"""`berakhlak backup` and `berakhlak restore`: the whole database, and the files people
uploaded, to one file and back.

SQLite uses its online backup API (consistent while the app runs); PostgreSQL uses
pg_dump's custom format and pg_restore (from /usr/lib/postgresql/15/bin or PATH). A backup
restores only into the same kind of database it came from. The database and the uploaded
files (the storage's `uploads/` folder under BERAKHLAK_DATA_DIR/files) travel together in
one tar archive (backup_files.py); a bare database file of an earlier release still
restores, its database only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    pass


def _pg_tool(name: str) -> str:
    candidate = PG_BIN / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found (install postgresql-client-15)")
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", s["HOST"]]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", s["USER"]]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return args, env


def backup_database(target: Path) -> str:
    """Write a backup of the configured database to `target`; returns the database kind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.partial")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        out = sqlite3.connect(tmp)
        try:
            connection.connection.backup(out)
        finally:
            out.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args()
        done = subprocess.run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            tmp.unlink(missing_ok=True)
            raise BackupError(done.stderr.strip() or "pg_dump failed")
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported")
    os.replace(tmp, target)
    return connection.vendor


def restore_database(source: Path) -> str:
    """Replace the configured database's contents with the database backup in `source`."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    with source.open("rb") as f:
        head = f.read(16)
    if connection.vendor == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup")
        connection.ensure_connection()
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    elif connection.vendor == "postgresql":
        if not head.startswith(PG_MAGIC):
            raise BackupError(f"{source} is not a PostgreSQL (pg_dump custom format) backup")
        connection.close()
        args, env = _pg_args()
        done = subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BackupError(done.stderr.strip() or "pg_restore failed")
    else:
        raise BackupError(f"restoring {connection.vendor} databases is not supported")
    return connection.vendor
