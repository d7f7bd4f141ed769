"""Run a command against a throwaway PostgreSQL 15 cluster, then remove the cluster.

    python scripts/with_postgres.py -- pytest tests/web

The cluster lives in a temporary directory, listens on a Unix socket only, and is started
and stopped here: nothing relies on a server being up. The command gets DATABASE_URL.
Benchmarks import `postgres_cluster` from this file for the same purpose.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SETTINGS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"


@contextlib.contextmanager
def postgres_cluster(durable: bool = False) -> Iterator[tuple[str, Path]]:
    """A fresh cluster with a database `berakhlak`: yields (DATABASE_URL, data directory).

    `durable=True` keeps fsync and synchronous commit on (for crash and load tests).
    """
    root = Path(tempfile.mkdtemp(prefix="berakhlak-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # postgres refuses to run as root: use a throwaway system user
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "berakhlakpg"],
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.chown(root, "berakhlakpg")
        shutil.chown(sock, "berakhlakpg")
        as_user = ["runuser", "-u", "berakhlakpg", "--"]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run(
        [
            *as_user,
            str(BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    options = f"-c listen_addresses='' -c unix_socket_directories={sock} "
    options += "-c max_connections=200" if durable else SETTINGS
    pg_ctl = [*as_user, str(BIN / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*pg_ctl, "-o", options, "-w", "-l", str(root / "log"), "start"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run(
            [str(BIN / "createdb"), "-h", str(sock), "-U", "postgres", "berakhlak"],
            check=True,
            env=env,
        )
        yield f"postgres://postgres@/berakhlak?host={sock}", data
    finally:
        subprocess.run(
            [*pg_ctl, "-m", "fast", "-w", "stop"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(root, ignore_errors=True)


def restart(data: Path, url: str) -> None:
    """Restart the cluster of `postgres_cluster` (a fast shutdown, then start again)."""
    sock = url.split("host=")[1]
    as_user = ["runuser", "-u", "berakhlakpg", "--"] if os.geteuid() == 0 else []
    pg_ctl = [*as_user, str(BIN / "pg_ctl"), "-D", str(data)]
    options = f"-c listen_addresses='' -c unix_socket_directories={sock} -c max_connections=200"
    subprocess.run(
        [*pg_ctl, "-o", options, "-m", "fast", "-w", "-l", str(data.parent / "log"), "restart"],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def run(args: list[str]) -> int:
    with postgres_cluster() as (url, _data):
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.run(args, env=env, check=False).returncode


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv:
        sys.exit("usage: with_postgres.py -- COMMAND [ARGS...]")
    sys.exit(run(argv))
