"""The deployment kit (deploy/) run on loopback as the README's "Running it for real" sets it
up: a throwaway PostgreSQL, the example settings file, `berakhlak-run` for migrate,
collectstatic and the first account, `berakhlak serve` with the systemd unit's command line,
and Debian's nginx with its own nginx.conf and the kit's site in front, over HTTPS with a
throwaway certificate. Through nginx: the security headers, the rate limit counts each
client's own address (a forged X-Forwarded-For does not dodge it), nginx answers 413 to an
oversized body, and a questionnaire answered through it leaves nothing in nginx's logs while
staff requests are logged. The systemd units, the backup script, berakhlak-run and the
logrotate file are checked on their own."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE_FILE = DEPLOY / "nginx" / "berakhlak.conf"
BERAKHLAK = Path(sys.executable).with_name("berakhlak")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
INVITATION = "UndanganPalsu-0123456789abcdefghijklmnopqrstu"  # a token of an invitation link
DEBIAN_NGINX_CONF = Path("/etc/nginx/nginx.conf")
SITE_NAME = "survei.contoh.go.id"
ORIGIN = f"https://{SITE_NAME}"

sys.path.insert(0, str(ROOT / "scripts"))
from with_postgres import postgres_cluster  # noqa: E402

PROFILE = {
    "status": "PPPK",
    "jabatan": "fungsional",
    "gender": "P",
    "age_band": "30-39",
    "tenure_band": "5-14",
}
PICKS = {
    "pv": ["AK1", "P18", "P21", "P07", "LO1", "KO1", "P03", "HA1", "P09", "P06"],
    "cc": ["BP1", "AK1", "KO1", "HA1", "LO1", "AD1", "KL1", "P01", "P05", "P09"],
    "dc": ["AD2", "AD1", "P12", "P03", "P13", "P15", "P22", "KO1", "BP1", "BP3"],
}
MAKE_CYCLE = """
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
inst = Instansi.objects.create(code="KAB-NGX", name="Kabupaten Nginx", region="barat")
Unit.objects.create(instansi=inst, code="U01", name="Sekretariat Daerah", headcount=50)
cycle = do_create_cycle(inst, 2026, actor=None)
do_open_cycle(cycle, actor=None)
print(cycle.units.get().link_token)
"""
COUNT = "from berakhlak.responses.models import Response; print(Response.objects.count())"

# Respondents each have an address of their own on loopback (nginx sees the real peer);
# staff use 127.0.0.1.
RESPONDENT, OFFICE, OTHER_OFFICE = "127.0.0.2", "127.0.0.3", "127.0.0.4"
STAFF, VISITOR = "127.0.0.1", "127.0.0.5"
FORGED = "198.51.100."


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as systemd's EnvironmentFile= reads the kit's file."""
    settings = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings[key] = value
    return settings


def unit_values(unit: Path, key: str) -> list[str]:
    return [
        line.partition("=")[2]
        for line in unit.read_text().splitlines()
        if line.startswith(f"{key}=")
    ]


def replaced(text: str, replacements: dict[str, str]) -> str:
    """`text` with each key replaced; each must be there (the kit's files changed if not)."""
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in the file"
        text = text.replace(old, new)
    return text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Answer:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Site:
    """The kit running on loopback."""

    https: int
    http: int
    link: str
    admin_password: str
    run_env: dict[str, str]
    tls: ssl.SSLContext

    def berakhlak_run(self, *args: str) -> str:
        return berakhlak_run(self.run_env, *args)


@dataclass
class Browser:
    """One client at one loopback address, keeping its cookies like a browser."""

    site: Site
    address: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPSConnection(
            "127.0.0.1",
            self.site.https,
            context=self.site.tls,
            source_address=(self.address, 0),
            timeout=30,
        )
        sent = {"Host": SITE_NAME, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            connection.request(method, path, body=body or None, headers=sent)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict[str, str | list[str]]) -> Answer:
        """A form posted as a browser on the site's own pages posts it."""
        data = {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        return self.request(
            "POST",
            path,
            urlencode(data, doseq=True).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN},
        )

    def submit(self, link: str, nonce: str, forwarded_for: str | None = None) -> Answer:
        """A whole questionnaire to the submission API."""
        body = {"link": link, "nonce": nonce, "answers": {**PROFILE, **PICKS, "duration_s": 400}}
        headers = {"Content-Type": "application/json"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        return self.request("POST", "/api/v1/responses", json.dumps(body).encode(), headers)


def berakhlak_run(run_env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(DEPLOY / "bin" / "berakhlak-run"), *args],
        env=run_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def readme_command(start: str) -> list[str]:
    """The one command of the README's "Running it for real" that starts with `start`."""
    section = README.read_text().split("## Running it for real", 1)[1].split("\n## ", 1)[0]
    [line] = [line.strip() for line in section.splitlines() if line.strip().startswith(start)]
    return shlex.split(line)


README = ROOT / "README.md"


def throwaway_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "fullchain.pem", directory / "privkey.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={SITE_NAME}",
            "-addext", f"subjectAltName=DNS:{SITE_NAME},IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_config(root: Path, data: Path, logs: Path, ports: dict[str, int]) -> Path:
    """Debian's own nginx.conf with the kit's site, on loopback ports and temporary paths."""
    cert, key = throwaway_certificate(root)
    (root / "acme").mkdir()
    site = root / "berakhlak.conf"
    site.write_text(
        replaced(
            SITE_FILE.read_text(),
            {
                "listen 80;": f"listen 127.0.0.1:{ports['http']};",
                "listen [::]:80;": "",
                "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
                "listen [::]:443 ssl http2;": "",
                "server 127.0.0.1:8000;": f"server 127.0.0.1:{ports['app']};",
                f"/etc/letsencrypt/live/{SITE_NAME}/fullchain.pem": str(cert),
                f"/etc/letsencrypt/live/{SITE_NAME}/privkey.pem": str(key),
                "/var/lib/berakhlak/static/": f"{data}/static/",
                "/var/log/nginx/berakhlak/": f"{logs}/",
                "/var/www/html": str(root / "acme"),
            },
        )
    )
    temp = "".join(
        f"\t{kind}_temp_path {root}/nginx-temp/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = replaced(
        DEBIAN_NGINX_CONF.read_text(),
        {
            "pid /run/nginx.pid;": f"pid {root}/nginx.pid;\ndaemon off;",
            "worker_processes auto;": "worker_processes 1;",
            "error_log /var/log/nginx/error.log;": f"error_log {logs}/error-main.log;",
            "access_log /var/log/nginx/access.log;": f"access_log {logs}/access-main.log;",
            "include /etc/nginx/conf.d/*.conf;": "",
            "include /etc/nginx/sites-enabled/*;": f"{temp}\tinclude {site};",
        },
    )
    if os.geteuid() != 0:  # workers run as www-data only under a master run by root
        main = main.replace("user www-data;", "")
    (root / "nginx-temp").mkdir()
    conf = root / "nginx.conf"
    conf.write_text(main)
    return conf


def start_app(root: Path, settings: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    """`berakhlak serve` as berakhlak.service starts it: its ExecStart=, its settings file
    and Environment=, and Type=notify (gunicorn says READY=1 once it listens)."""
    unit = DEPLOY / "systemd" / "berakhlak.service"
    [command] = unit_values(unit, "ExecStart")
    argv = shlex.split(
        replaced(
            command,
            {"/opt/berakhlak/bin/berakhlak": str(BERAKHLAK), "127.0.0.1:8000": f"127.0.0.1:{port}"},
        )
    )
    env = {"PATH": os.environ["PATH"], "LC_ALL": "C.UTF-8", **settings}
    for assignment in unit_values(unit, "Environment"):
        key, _, value = assignment.partition("=")
        env[key] = value.replace("/var/cache/berakhlak", str(root / "cache"))
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(root / "notify"))
    notify.settimeout(90)
    env["NOTIFY_SOCKET"] = str(root / "notify")
    with log.open("ab") as out:
        app = subprocess.Popen(
            argv, env=env, cwd=settings["BERAKHLAK_DATA_DIR"], stdout=out, stderr=out
        )
    try:
        assert b"READY=1" in notify.recv(4096), log.read_text()
    except BaseException:
        app.kill()
        raise
    finally:
        notify.close()
    return app


def wait_for_tls(port: int, tls: ssl.SSLContext) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as raw:
                tls.wrap_socket(raw, server_hostname="127.0.0.1").close()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop(process: subprocess.Popen, sig: signal.Signals) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def kit_on_loopback(logs: Path, **overrides: str) -> Iterator[Site]:
    """The kit set up as the README says, with `overrides` in the settings file, writing
    nginx's and the app's logs into `logs`. Stops nginx (gracefully, so that its logs are
    complete) and the app on leaving."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: install Debian's nginx (scripts/test.sh does)")
    root = Path(tempfile.mkdtemp(prefix="berakhlak-deploy-"))
    root.chmod(0o755)  # nginx's workers (www-data) reach the static files as on a server
    data = root / "data"
    data.mkdir()
    data.chmod(0o751)  # as the README creates /var/lib/berakhlak
    ports = {"app": free_port(), "http": free_port(), "https": free_port()}
    try:
        with postgres_cluster() as (url, _):
            settings = read_env_file(DEPLOY / "berakhlak.env")
            settings.update(
                BERAKHLAK_SECRET_KEY=secrets.token_urlsafe(50),
                DATABASE_URL=url,
                BERAKHLAK_DATA_DIR=str(data),
                **overrides,
            )
            env_file = root / "env"
            env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
            run_env = {
                "PATH": os.environ["PATH"],
                "LC_ALL": "C.UTF-8",
                "BERAKHLAK_ENV_FILE": str(env_file),
                "BERAKHLAK_BIN": str(BERAKHLAK),
                "BERAKHLAK_USER": pwd.getpwuid(os.geteuid()).pw_name,
            }
            berakhlak_run(run_env, "manage", "migrate", "--verbosity", "0")
            berakhlak_run(run_env, "manage", "collectstatic", "--noinput", "--verbosity", "0")
            first_admin = readme_command("berakhlak-run manage shell")
            password = berakhlak_run(run_env, *first_admin[1:]).strip()
            assert re.fullmatch(r"[A-Za-z0-9]{16}", password), password  # printed, alone
            link = berakhlak_run(run_env, "manage", "shell", "-c", MAKE_CYCLE).split()[-1]

            conf = nginx_config(root, data, logs, ports)
            checked = subprocess.run(
                [NGINX, "-t", "-p", f"{root}/", "-c", str(conf)],
                capture_output=True,
                text=True,
                check=False,
            )
            assert checked.returncode == 0, checked.stderr
            tls = ssl.create_default_context(cafile=str(root / "fullchain.pem"))
            app = start_app(root, settings, ports["app"], logs / "app.log")
            nginx = None
            try:
                with (logs / "nginx-stderr.log").open("ab") as out:
                    nginx = subprocess.Popen(
                        [NGINX, "-p", f"{root}/", "-c", str(conf)], stdout=out, stderr=out
                    )
                wait_for_tls(ports["https"], tls)
                yield Site(ports["https"], ports["http"], link, password, run_env, tls)
            finally:
                if nginx is not None:
                    stop(nginx, signal.SIGQUIT)  # a graceful shutdown: the logs are complete
                stop(app, signal.SIGTERM)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def answer_questionnaire(respondent: Browser, link: str) -> None:
    """Every step of the web questionnaire through nginx, as a browser without script."""
    steps: dict[str, dict[str, str | list[str]]] = {
        "mulai": {"consent": "on"},
        "profil": dict(PROFILE),
        **{q: {"item": sorted(picks), "order": ",".join(picks)} for q, picks in PICKS.items()},
        "saran": {"harapan": "Rapat lebih singkat", "saran": ""},
    }
    for step, fields in steps.items():
        moved = respondent.post(f"/s/{link}/{step}/", fields)
        assert moved.status == 302, (step, moved.status, moved.text[:500])
    assert moved.headers["Location"] == f"/s/{link}/selesai/"
    assert respondent.get(f"/s/{link}/selesai/").status == 200


def security_headers_of_a_page(page: Answer) -> None:
    h = page.headers
    assert "default-src 'self'" in h["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in h["Content-Security-Policy"]
    assert "unsafe-inline" not in h["Content-Security-Policy"]
    # HSTS is sent only for a request the app knows came over HTTPS (X-Forwarded-Proto).
    assert h["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert h["X-Frame-Options"] == "DENY"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["Referrer-Policy"] == "same-origin"
    assert h["Cross-Origin-Opener-Policy"] == "same-origin"
    assert h["Permissions-Policy"].startswith("camera=()")
    assert h["Server"] == "nginx"  # no version


def raw_tls_request(site: Site, address: str, head: str) -> bytes:
    """Send only a request's head (its body announced, never sent) and read nginx's error
    page (then nginx would wait 5 s for the body before closing)."""
    with socket.create_connection(
        ("127.0.0.1", site.https), timeout=30, source_address=(address, 0)
    ) as raw, site.tls.wrap_socket(raw, server_hostname="127.0.0.1") as tls:  # fmt: skip
        tls.sendall(head.encode())
        answer = b""
        while (chunk := tls.recv(65_536)) and b"</html>" not in answer + chunk:
            answer += chunk
        return answer + chunk


def oversized_head(path: str, length: int, content_type: str) -> str:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {SITE_NAME}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {length}\r\nConnection: close\r\n\r\n"
    )


def respondent_visits(site: Site) -> None:
    """A questionnaire answered through nginx, and every other way a respondent comes by."""
    link, respondent = site.link, Browser(site, RESPONDENT)
    # The questionnaire over HTTPS, with the app's security headers passed on.
    page = respondent.get(f"/s/{link}/")
    assert page.status == 200 and "Kabupaten Nginx" in page.text
    security_headers_of_a_page(page)
    assert "no-store" in page.headers["Cache-Control"]
    # Its stylesheet comes from collectstatic's folder, served by nginx, cached a year.
    [stylesheet] = re.findall(r'href="(/static/berakhlak/css/site\.[0-9a-f]+\.css)"', page.text)
    css = respondent.get(stylesheet, **{"Accept-Encoding": "gzip"})
    assert css.status == 200 and css.headers["Content-Encoding"] == "gzip"
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in css.headers  # nginx's answer, not the app's
    # The language switch, a personal link, an old /t/ link, plain HTTP, and a body too
    # large for the questionnaire.
    switched = respondent.post("/bahasa/", {"language": "en", "next": f"/s/{link}/"})
    assert switched.status == 302 and switched.headers["Location"] == f"/s/{link}/"
    assert respondent.get(f"/s/{link}/kode/BUKANKODE1/").status == 302
    assert respondent.get("/t/BUKANKODE1/").status == 404
    assert respondent.get(f"/akun/undangan/{INVITATION}/").status == 404  # an invitation link
    assert respondent.get(f"/S/{link}/").status == 404  # typed by hand
    assert respondent.get(f"/%73/{link}/").status == 200  # nginx and Django decode it
    plain = http.client.HTTPConnection(
        "127.0.0.1", site.http, timeout=30, source_address=(RESPONDENT, 0)
    )
    plain.request("GET", f"/s/{link}/", headers={"Host": SITE_NAME})
    redirected = plain.getresponse()
    assert redirected.status == 301
    assert redirected.headers["Location"] == f"{ORIGIN}/s/{link}/"
    plain.close()
    too_big = raw_tls_request(
        site, RESPONDENT, oversized_head("/api/v1/responses", 100_000, "application/json")
    )
    assert too_big.startswith(b"HTTP/1.1 413 "), too_big[:300]
    answer_questionnaire(respondent, link)
    # Someone who goes on from the questionnaire to the home page is logged there, but not
    # the page they came from (a browser sends it as the Referer).
    home = Browser(site, VISITOR).get("/", Referer=f"{ORIGIN}/s/{link}/selesai/")
    assert home.status == 200


def offices_submit(site: Site) -> None:
    """The rate limit counts the address nginx saw: three submissions per address
    (BERAKHLAK_SUBMIT_LIMIT=3), whatever X-Forwarded-For a client writes itself."""
    office = Browser(site, OFFICE)
    for i in range(3):
        accepted = office.submit(site.link, f"office-nonce-{i:04d}-xxxxxxxx", f"{FORGED}{i + 1}")
        assert accepted.status == 201, accepted.text
        assert accepted.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    refused = office.submit(site.link, "office-nonce-0003-xxxxxxxx", f"{FORGED}99")
    assert refused.status == 429, refused.text
    assert office.submit(site.link, "office-nonce-0004-xxxxxxxx").status == 429
    # ... and only that address: another office still submits.
    other = Browser(site, OTHER_OFFICE).submit(site.link, "other-nonce-0000-xxxxxxxx")
    assert other.status == 201
    assert site.berakhlak_run("manage", "shell", "-c", COUNT).split()[-1] == "5"


def staff_work(site: Site) -> None:
    """The README's first account signs in; an upload of 2 MB passes nginx (its default
    limit is 1 MB), 30 MB is refused by nginx itself, with the app's page of the limits."""
    staff = Browser(site, STAFF)
    assert staff.get("/akun/masuk/").status == 200
    password = site.admin_password
    signed_in = staff.post("/akun/masuk/", {"username": "admin", "password": password})
    assert signed_in.status == 302, signed_in.text[:2000]
    assert staff.get("/instansi/").status == 200
    boundary = "kit-boundary"
    upload = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{staff.cookies['csrftoken']}\r\n--{boundary}\r\nContent-Disposition: form-data; "
            'name="file"; filename="org.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + b"x" * 2_000_000
        + f"\r\n--{boundary}--\r\n".encode()
    )
    imported = staff.request(
        "POST",
        "/instansi/impor/",
        upload,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": ORIGIN},
    )
    assert imported.status == 302, imported.text[:2000]  # stored, on to its preview
    assert imported.headers["Location"].startswith("/instansi/impor/pratinjau/")
    refused = raw_tls_request(
        site, STAFF, oversized_head("/instansi/impor/", 30 << 20, "multipart/form-data")
    )
    assert refused.startswith(b"HTTP/1.1 413 "), refused[:300]
    # the app's page that says the limits, with the way back to the form
    assert b"Kiriman terlalu besar" in refused, refused[:2000]
    assert b'href="/instansi/impor/"' in refused


@pytest.mark.slow
def test_behind_the_kit_s_nginx_the_questionnaire_leaves_no_trace_and_limits_see_each_client(
    tmp_path: Path,
) -> None:
    with kit_on_loopback(tmp_path, BERAKHLAK_SUBMIT_LIMIT="3") as site:
        link = site.link
        respondent_visits(site)
        offices_submit(site)
        staff_work(site)

    # nginx has stopped: its logs are complete. Nothing of the questionnaire is in them,
    # nor in the app's.
    written = {path.name: path.read_text() for path in tmp_path.iterdir()}
    assert {"access.log", "error.log", "app.log", "nginx-stderr.log"} <= written.keys()
    for name, text in written.items():
        for trace in (link, RESPONDENT, OFFICE, OTHER_OFFICE, FORGED, "BUKANKODE1", INVITATION):
            assert trace not in text, f"{trace} in {name}:\n{text}"
    for path in ("/s/", "/t/", "/api/v1/responses", "/bahasa/", "/static/", "/akun/undangan/"):
        assert f" {path}" not in written["access.log"], written["access.log"]
    # ... while staff requests are: logging works.
    assert f"{STAFF} [" in written["access.log"]
    assert '"GET /akun/masuk/ HTTP/1.1" 200' in written["access.log"]
    assert '"GET /instansi/ HTTP/1.1" 200' in written["access.log"]
    assert f"{VISITOR} [" in written["access.log"]
    assert "client intended to send too large body" in written["error.log"]
    assert f"client: {STAFF}" in written["error.log"]


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: install Debian's systemd (scripts/test.sh does)")
    programs = {
        "/opt/berakhlak/bin/berakhlak": str(BERAKHLAK),
        "/usr/local/sbin/berakhlak-backup": str(DEPLOY / "bin" / "berakhlak-backup"),
    }
    units = sorted((DEPLOY / "systemd").iterdir())
    assert {u.name for u in units} == {
        "berakhlak.service",
        "berakhlak-backup.service",
        "berakhlak-backup.timer",
        "berakhlak-counts.service",
        "berakhlak-counts.timer",
        "berakhlak-purge.service",
        "berakhlak-purge.timer",
    }
    for unit in units:  # the programs where this checkout has them, for the check only
        text = unit.read_text()
        for installed, here in programs.items():
            text = text.replace(installed, here)
        (tmp_path / unit.name).write_text(text)
    done = subprocess.run(
        [analyze, "verify", *(str(tmp_path / u.name) for u in units)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and not done.stdout and not done.stderr, done.stdout + done.stderr
    services = ("berakhlak.service", "berakhlak-backup.service", "berakhlak-purge.service")
    for service in (*services, "berakhlak-counts.service"):
        [env_file] = unit_values(DEPLOY / "systemd" / service, "EnvironmentFile")
        assert env_file == "/etc/berakhlak/env"
        assert unit_values(DEPLOY / "systemd" / service, "User") == ["berakhlak"]


def test_the_backup_script_writes_today_s_backup_then_deletes_those_past_the_days_kept(
    tmp_path: Path,
) -> None:
    unit = DEPLOY / "systemd" / "berakhlak-backup.service"
    settings = dict(line.partition("=")[::2] for line in unit_values(unit, "Environment"))
    assert settings == {
        "BERAKHLAK_BACKUP_DIR": "/var/backups/berakhlak",
        "BERAKHLAK_BACKUP_KEEP_DAYS": "14",
    }
    backups = tmp_path / "backups"
    backups.mkdir()
    stored = tmp_path / "files" / "uploads" / f"{'a' * 32}.pdf"  # as the storage names them
    stored.parent.mkdir(parents=True)
    stored.write_bytes(b"%PDF-1.4 uploaded")
    day = 24 * 3600
    old = {"berakhlak-2026-01-01.dump": 15, "berakhlak-2026-01-02.tar": 14}
    kept = {"berakhlak-2026-01-03.dump": 13, "berakhlak-2026-01-10.tar": 6, "catatan.txt": 40}
    for name, age in {**old, **kept}.items():
        (backups / name).write_text("an older backup")
        os.utime(backups / name, (time.time() - age * day - 60,) * 2)
    env = {
        "PATH": os.environ["PATH"],
        "BERAKHLAK_ENV": "production",
        "BERAKHLAK_SECRET_KEY": secrets.token_urlsafe(50),
        "BERAKHLAK_ALLOWED_HOSTS": SITE_NAME,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'berakhlak.sqlite3'}",
        "BERAKHLAK_DATA_DIR": str(tmp_path),
        "BERAKHLAK_BIN": str(BERAKHLAK),
        **settings,
        "BERAKHLAK_BACKUP_DIR": str(backups),
    }
    done = subprocess.run(
        [str(DEPLOY / "bin" / "berakhlak-backup")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # Today as the script saw it: in its environment's time zone, not in this process's
    # (Django sets TZ to Asia/Jakarta here; the script runs in the system's, UTC in tests).
    day_of_script = subprocess.run(
        ["date", "+%Y-%m-%d"], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    today = backups / f"berakhlak-{day_of_script}.tar"
    with tarfile.open(today) as archive:
        names = archive.getnames()
        uploaded = archive.extractfile(f"uploads/{stored.name}").read()  # type: ignore[union-attr]
        database = archive.extractfile("database.sqlite3").read(16)  # type: ignore[union-attr]
    assert database == b"SQLite format 3\x00"
    assert uploaded == b"%PDF-1.4 uploaded" and len(names) == 3  # manifest, database, file
    assert today.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert sorted(p.name for p in backups.iterdir()) == sorted([*kept, today.name])

    env["BERAKHLAK_BACKUP_KEEP_DAYS"] = "0"
    refused = subprocess.run(
        [str(DEPLOY / "bin" / "berakhlak-backup")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 2 and "at least 1" in refused.stderr


def test_berakhlak_run_passes_the_settings_file_on_without_a_shell_reading_it(
    tmp_path: Path,
) -> None:
    trap = tmp_path / "evaluated"
    env_file = tmp_path / "env"
    env_file.write_text(
        "# comment\n\nBERAKHLAK_SECRET_KEY=a$(touch " + str(trap) + ")b`id`c d'e\"f\n"
        "; another comment\nDATABASE_URL=postgres:///berakhlak?host=/var/run/postgresql"
    )  # the last line without a newline, as editors may leave it
    done = subprocess.run(
        [str(DEPLOY / "bin" / "berakhlak-run"), "-0"],
        env={
            "PATH": os.environ["PATH"],
            "BERAKHLAK_ENV_FILE": str(env_file),
            "BERAKHLAK_BIN": "/usr/bin/env",
            "BERAKHLAK_USER": pwd.getpwuid(os.geteuid()).pw_name,
        },
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    seen = dict(item.split("=", 1) for item in done.stdout.decode().split("\0") if item)
    assert seen["BERAKHLAK_SECRET_KEY"] == f"a$(touch {trap})b`id`c d'e\"f"
    assert seen["DATABASE_URL"] == "postgres:///berakhlak?host=/var/run/postgresql"
    assert not trap.exists()


def test_the_logrotate_file_parses_and_does_not_overlap_debian_s_nginx_logs(tmp_path: Path) -> None:
    """Both files over the same logs, moved under tmp_path: logrotate reports a log that two
    files rotate as an error ("duplicate log entry")."""
    logrotate = shutil.which("logrotate") or "/usr/sbin/logrotate"
    debian = Path("/etc/logrotate.d/nginx")
    if not Path(logrotate).exists() or not debian.exists():
        pytest.fail("logrotate or nginx is missing: scripts/test.sh installs both")
    logs = tmp_path / "var" / "log" / "nginx"
    (logs / "berakhlak").mkdir(parents=True)
    for name in ("access.log", "error.log", "berakhlak/access.log", "berakhlak/error.log"):
        (logs / name).write_text("a line\n")
    configs = []
    for config in (debian, DEPLOY / "logrotate" / "berakhlak-nginx"):
        configs.append(tmp_path / config.name)
        configs[-1].write_text(config.read_text().replace("/var/log/nginx/", f"{logs}/"))
    done = subprocess.run(
        [logrotate, "--debug", "--state", str(tmp_path / "state"), *map(str, configs)],
        capture_output=True,
        text=True,
        check=False,
    )
    problems = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert done.returncode == 0 and not problems, done.stderr
    assert f"considering log {logs}/berakhlak/access.log" in done.stderr
    assert f"rotating pattern: {logs}/berakhlak/*.log  after 1 days (30 rotations)" in done.stderr


def test_the_readme_installs_every_file_of_the_kit_and_nginx_allows_the_app_s_uploads() -> None:
    readme = README.read_text()
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            assert str(path.relative_to(ROOT)) in readme, path
    settings = read_env_file(DEPLOY / "berakhlak.env")
    assert settings["BERAKHLAK_SECRET_KEY"] == ""  # no example secret can go into service
    limit = int(settings["BERAKHLAK_MAX_UPLOAD_BYTES"])
    [nginx_limit] = re.findall(r"^    client_max_body_size (\d+)m;", SITE_FILE.read_text(), re.M)
    # The app refuses bodies over the limit plus 64 KiB itself (site/middleware.py).
    assert int(nginx_limit) << 20 >= limit + 65_536 + 1_000_000
