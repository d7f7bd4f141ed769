"""Operations through the real command line, in fresh processes: migrations from an empty
database, and backup/restore round trips on SQLite (and PostgreSQL in its pass)."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from berakhlak.site.server import AnonymousLogger

BERAKHLAK = str(Path(sys.executable).with_name("berakhlak"))

MAKE = """
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
from berakhlak.responses.actions import Answers, do_submit_response
from berakhlak.method.items import default_pool
inst = Instansi.objects.create(code="KAB-B", name="Kabupaten Cadangan", region="timur")
Unit.objects.create(instansi=inst, code="U01", name="Setda", headcount=50)
cycle = do_create_cycle(inst, 2026, actor=None)
do_open_cycle(cycle, actor=None)
codes = list(default_pool().codes)
demo = dict(status="PNS", jabatan="fungsional", gender="L", age_band="<30", tenure_band="<5")
for i in range(3):
    picks = {q: codes[i + j * 3: i + j * 3 + 10] for j, q in enumerate(("pv", "cc", "dc"))}
    do_submit_response(cycle.units.get(), Answers(demo, picks, duration_s=300), f"nonce-{i}")
import io
from PIL import Image
from berakhlak.files.attachments import check_attachment
from berakhlak.uploads.store import store_all
png = io.BytesIO()
Image.new("RGB", (8, 8), (200, 10, 10)).save(png, "PNG")
store_all([check_attachment(png.getvalue(), "foto.png")], inst, actor=None)
"""
COUNT = """
import hashlib
from django.core.files.storage import default_storage
from berakhlak.responses.models import Response
from berakhlak.orgs.models import Instansi
from berakhlak.uploads.models import StoredFile
files = sorted(
    hashlib.sha256(default_storage.open(f.storage_name).read()).hexdigest()[:8]
    for f in StoredFile.objects.all() if default_storage.exists(f.storage_name)
)
on_disk = len(default_storage.listdir("uploads")[1]) if default_storage.exists("uploads") else 0
print(Response.objects.count(), Instansi.objects.count(), files, on_disk)
"""
DAMAGE = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from berakhlak.responses.models import Response
from berakhlak.orgs.models import Instansi
from berakhlak.uploads.models import StoredFile
Response.objects.all().delete()
Instansi.objects.create(code="X", name="Tambahan", region="barat")
for f in StoredFile.objects.all():
    default_storage.delete(f.storage_name)
default_storage.save("uploads/" + "b" * 32 + ".pdf", ContentFile(b"%PDF-1.4 stray"))
"""


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [BERAKHLAK, *args],
        env=env,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def shell(env: dict[str, str], code: str) -> str:
    return run(env, "manage", "shell", "-c", code).strip().splitlines()[-1]


def environment(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "BERAKHLAK_ENV": "development", "BERAKHLAK_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests in this process
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def round_trip(env: dict[str, str], backup_file: Path) -> None:
    run(env, "manage", "migrate", "--verbosity", "0")
    shell(env, MAKE)
    before = shell(env, COUNT)
    assert before.startswith("3 1 ['") and before.endswith("'] 1"), before
    out = run(env, "backup", str(backup_file))
    assert backup_file.exists() and backup_file.stat().st_size > 0, out
    assert "dan 1 berkas unggahan" in out
    shell(env, DAMAGE)
    assert shell(env, COUNT) == "0 2 [] 1"  # the file gone, a stray one in its place
    out = run(env, "restore", "--yes", str(backup_file))
    assert "dengan 1 berkas unggahan" in out
    assert shell(env, COUNT) == before  # the same file back, the stray one gone


@pytest.mark.slow
def test_migrations_run_on_an_empty_database_and_none_are_missing(tmp_path: Path) -> None:
    env = environment(tmp_path, None)
    run(env, "manage", "migrate", "--verbosity", "0")
    assert (tmp_path / "berakhlak.sqlite3").exists()
    run(env, "manage", "makemigrations", "--check", "--dry-run")


@pytest.mark.slow
def test_a_sqlite_backup_restores_the_data_it_was_taken_from(tmp_path: Path) -> None:
    round_trip(environment(tmp_path, None), tmp_path / "cadangan.tar")


@pytest.mark.slow
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    env = environment(tmp_path, None)
    run(env, "manage", "migrate", "--verbosity", "0")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a database")
    done = subprocess.run(
        [BERAKHLAK, "restore", "--yes", str(junk)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "is not a SQLite backup" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.postgres
def test_a_postgresql_backup_restores_the_data_it_was_taken_from(tmp_path: Path) -> None:
    # The test database belongs to pytest-django; this round trip uses a database of its own.
    url = os.environ["DATABASE_URL"]
    socket_dir = url.split("host=")[1]
    subprocess.run(
        [
            "/usr/lib/postgresql/15/bin/createdb",
            "-h",
            socket_dir,
            "-U",
            "postgres",
            "backup_round_trip",
        ],
        check=True,
    )
    round_trip(
        environment(tmp_path, url.replace("/berakhlak?", "/backup_round_trip?")),
        tmp_path / "cadangan.tar",
    )


def production(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = environment(tmp_path, None)
    env.update(
        {
            "BERAKHLAK_ENV": "production",
            "BERAKHLAK_SECRET_KEY": "k" * 20
            + "-production-secret-for-the-deploy-check-"
            + "x" * 20,
            "BERAKHLAK_ALLOWED_HOSTS": "survei.contoh.go.id",
            "DATABASE_URL": "postgres://berakhlak:rahasia@db.internal:5432/berakhlak",
        }
    )
    env.update(overrides)
    return env


@pytest.mark.slow
def test_the_deploy_check_is_clean_under_production_settings(tmp_path: Path) -> None:
    done = subprocess.run(
        [BERAKHLAK, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=production(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    "missing", ["BERAKHLAK_SECRET_KEY", "BERAKHLAK_ALLOWED_HOSTS", "DATABASE_URL"]
)
def test_production_refuses_to_start_without_a_secret_and_names_it(
    tmp_path: Path, missing: str
) -> None:
    env = production(tmp_path)
    del env[missing]
    done = subprocess.run(
        [BERAKHLAK, "manage", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert missing in done.stderr
    assert "Traceback" not in done.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def raw_request(port: int, data: bytes) -> bytes:
    """What the server answers to `data`, b"" when it does not (yet) listen or answer."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(data)
            return s.recv(65_536)
    except OSError:
        return b""


MARKER = "198.51.100.23"  # a respondent's address, as a trusted proxy forwards it


@pytest.mark.slow
def test_no_log_line_of_the_bundled_server_carries_a_respondent_s_address(tmp_path: Path) -> None:
    """Bad requests to the questionnaire's paths, of every kind the server and Django log
    (malformed HTTP, a wrong host, a missing CSRF token, a malformed submission, an unknown
    link), leave no client address in the bundled server's log (gunicorn said 'Invalid
    request from ip=…' for malformed HTTP)."""
    env = environment(tmp_path, None)
    env["BERAKHLAK_TRUSTED_PROXIES"] = "1"
    run(env, "manage", "migrate", "--verbosity", "0")
    link = shell(env, MAKE + "\nprint(cycle.units.get().link_token)")
    port = free_port()
    server = subprocess.Popen(
        [BERAKHLAK, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(300):
            if b" 200 " in raw_request(port, b"GET /livez HTTP/1.0\r\nHost: localhost\r\n\r\n"):
                break
            time.sleep(0.1)
        forwarded = f"X-Forwarded-For: {MARKER}\r\n"
        head = f"Host: localhost\r\n{forwarded}"
        requests = [
            f"GET /s/{link}/ HTTP/1.1\r\n{head}Connection: close\r\n\r\n",
            f"GET /s/tautan-yang-salah/ HTTP/1.1\r\n{head}Connection: close\r\n\r\n",
            f"POST /s/{link}/mulai/ HTTP/1.1\r\n{head}Content-Length: 0\r\n"
            "Connection: close\r\n\r\n",
            f"GET /s/{link}/ HTTP/1.1\r\nHost: jahat.example\r\n{forwarded}"
            "Connection: close\r\n\r\n",
            f"POST /api/v1/responses HTTP/1.1\r\n{head}Content-Type: application/json\r\n"
            "Content-Length: 1000\r\nConnection: close\r\n\r\n" + "[" * 1000,
            f"POST /api/v1/responses HTTP/1.1\r\n{head}Content-Type: text/plain\r\n"
            "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
            f"GET /s/{link}/ HTTP/1.1\r\n{head}Bad Header: x\r\n\r\n",
            f"GET /s/{link}/ HTTP/1.1\r\n{head}X-Big: {'x' * 9000}\r\n\r\n",
            f"GARBAGE /s/{link}/ HTTP/9.9\r\n\r\n",
            "\x16\x03\x01 not http at all\r\n\r\n",
        ]
        answers = [raw_request(port, r.encode("latin-1")) for r in requests]
        assert answers[0].startswith(b"HTTP/1.1 200"), answers[0][:200]
    finally:
        server.terminate()
        _out, log = server.communicate(timeout=60)
    assert "Invalid request" in log  # the malformed requests were logged, without their address
    assert MARKER not in log and "127.0.0.1" not in log, log


@pytest.mark.parametrize("address", ["203.0.113.9", "2001:db8::7", "::1"])
def test_the_server_s_log_filter_drops_ipv4_and_ipv6_addresses(address: str) -> None:
    record = logging.LogRecord(
        "gunicorn.error", logging.WARNING, "", 0,
        f"Invalid request from ip={address}: Invalid HTTP method: 'X'", None, None,
    )  # fmt: skip
    [keep] = AnonymousLogger.address_filters
    assert keep.filter(record) and record.getMessage() == (
        "Invalid request: Invalid HTTP method: 'X'"
    )


@pytest.mark.slow
def test_a_database_only_backup_of_an_earlier_release_still_restores(tmp_path: Path) -> None:
    env = environment(tmp_path, None)
    run(env, "manage", "migrate", "--verbosity", "0")
    shell(env, MAKE)
    old = tmp_path / "lama.dump"
    shell(
        env,
        "from pathlib import Path; from berakhlak.site.backup import backup_database; "
        f"backup_database(Path({str(old)!r}))",
    )
    shell(env, DAMAGE)
    out = run(env, "restore", "--yes", str(old))
    assert "cadangan lama tanpa berkas unggahan" in out
    assert shell(env, COUNT).startswith("3 1 []")  # the rows back; the files were not in it
