"""Shared pieces of the web benchmarks: a PostgreSQL-backed app under gunicorn, and a
respondent that answers the whole questionnaire over HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from with_postgres import postgres_cluster  # noqa: E402

BERAKHLAK = str(Path(sys.executable).with_name("berakhlak"))
POOL_CODES = [
    line.split(",")[0]
    for line in (ROOT / "src/berakhlak/data/items.csv").read_text().splitlines()[1:]
]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP = """
import json, sys
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle
inst = Instansi.objects.create(code="KAB-BENCH", name="Kabupaten Bench", region="barat")
for i in range(1, {units} + 1):
    Unit.objects.create(instansi=inst, code=f"U{{i:02d}}", name=f"Unit {{i}}", headcount=500)
cycle = do_create_cycle(inst, 2026, actor=None)
do_open_cycle(cycle, actor=None)
print(json.dumps([u.link_token for u in cycle.units.order_by("code")]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class App:
    env: dict[str, str]
    base: str
    links: list[str]
    data: Path
    server: subprocess.Popen[bytes] | None = None
    options: tuple[int, int] = (3, 4)

    def start(self) -> None:
        workers, threads = self.options
        log = (Path(self.env["BERAKHLAK_DATA_DIR"]) / "server.log").open("ab")
        self.server = subprocess.Popen(
            [
                BERAKHLAK,
                "serve",
                "--bind",
                self.base.removeprefix("http://"),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env=self.env,
            stdout=log,
            stderr=log,
        )
        wait_ready(self.base)

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def sql(self, query: str) -> str:
        code = (
            "from django.db import connection\n"
            "with connection.cursor() as c:\n"
            f"    c.execute({query!r}); print(c.fetchone()[0])"
        )
        return manage(self.env, "shell", "-c", code).strip().splitlines()[-1]


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [BERAKHLAK, "manage", *args], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def wait_ready(base: str, timeout: float = 60.0) -> None:

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/livez", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


@contextlib.contextmanager
def running_app(
    units: int = 40,
    workers: int = 3,
    threads: int = 4,
    durable: bool = True,
    rate_limit: bool = False,
) -> Iterator[App]:
    """With `rate_limit`, every submission is counted against its address as in production
    (all clients share one address here, so the limit itself is set out of reach)."""
    with postgres_cluster(durable=durable) as (url, data):
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "BERAKHLAK_ENV": "development",
            "BERAKHLAK_DATA_DIR": tempfile.mkdtemp(prefix="berakhlak-bench-"),
            "BERAKHLAK_SITE_URL": f"http://127.0.0.1:{port}",
            "BERAKHLAK_THROTTLE": "on" if rate_limit else "off",
            "BERAKHLAK_SUBMIT_LIMIT": str(10**9),
        }
        manage(env, "migrate", "--verbosity", "0")
        links = json.loads(manage(env, "shell", "-c", SETUP.format(units=units)).splitlines()[-1])
        app = App(env, f"http://127.0.0.1:{port}", links, data, options=(workers, threads))
        app.start()
        try:
            yield app
        finally:
            app.stop()


@dataclass
class Timings:
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0

    def add(self, kind: str, seconds: float) -> None:
        self.by_kind.setdefault(kind, []).append(seconds)

    def all(self) -> list[float]:
        return [t for ts in self.by_kind.values() for t in ts]

    def merge(self, other: Timings) -> None:
        for kind, seconds in other.by_kind.items():
            self.by_kind.setdefault(kind, []).extend(seconds)
        self.errors += other.errors


def _picks(rng: random.Random) -> list[str]:
    return rng.sample(POOL_CODES, 10)


def api_answers(rng: random.Random) -> dict[str, object]:
    return {
        "status": "PNS",
        "jabatan": "fungsional",
        "gender": rng.choice("LP"),
        "age_band": "30-39",
        "tenure_band": "5-14",
        "pv": _picks(rng),
        "cc": _picks(rng),
        "dc": _picks(rng),
        "harapan": "",
        "saran": "",
        "duration_s": rng.randint(200, 900),
    }


async def _request(
    session: aiohttp.ClientSession,
    timings: Timings,
    kind: str,
    method: str,
    url: str,
    data: object = None,
) -> tuple[int, str, str]:
    started = time.perf_counter()
    async with session.request(method, url, data=data, allow_redirects=False) as r:
        text = await r.text()
        timings.add(kind, time.perf_counter() - started)
        return r.status, text, r.headers.get("Location", "")


async def answer_questionnaire(
    session: aiohttp.ClientSession, base: str, link: str, rng: random.Random, timings: Timings
) -> bool:
    """One respondent from the first page to the thank-you page, as a browser would:
    each POST is followed by the GET of the page it redirects to. True when stored."""
    start = f"{base}/s/{link}/"
    status, html, _ = await _request(session, timings, "get page", "GET", start)
    token = CSRF.search(html)
    if status != 200 or token is None:
        timings.errors += 1
        return False
    csrf = token.group(1)
    steps: list[tuple[str, list[tuple[str, str]]]] = [
        ("mulai", [("consent", "on")]),
        (
            "profil",
            [
                ("status", "PNS"),
                ("jabatan", "fungsional"),
                ("gender", "P"),
                ("age_band", "30-39"),
                ("tenure_band", "5-14"),
            ],
        ),
    ]
    for q in ("pv", "cc", "dc"):
        picks = _picks(rng)
        steps.append((q, [("item", c) for c in picks] + [("order", ",".join(picks))]))
    steps.append(("saran", [("harapan", "Lebih banyak pelatihan."), ("saran", "")]))
    for step, fields in steps:
        form = aiohttp.FormData([("csrfmiddlewaretoken", csrf), *fields])
        kind = "submit" if step == "saran" else "post step"
        status, _, location = await _request(
            session, timings, kind, "POST", f"{base}/s/{link}/{step}/", form
        )
        if status != 302:
            timings.errors += 1
            return False
        status, _, _ = await _request(session, timings, "get page", "GET", base + location)
        if status != 200:
            timings.errors += 1
            return False
        if step == "saran":
            return location.endswith("/selesai/")
    return False


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def machine() -> str:

    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"
