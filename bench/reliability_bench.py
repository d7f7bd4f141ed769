"""Reliability under sustained load and faults: gunicorn + PostgreSQL (fsync on).

    .venv/bin/python bench/reliability_bench.py [--minutes 10] [--fault-minutes 3]

Phase 1 sustains submissions for `--minutes` (default 10): every request must succeed.
Phase 2 runs for `--fault-minutes`; a third of the way in one gunicorn worker is killed
with SIGKILL, two thirds of the way in PostgreSQL is restarted. Clients retry a failed
submission with the same nonce until it is acknowledged (201 stored, or 200 "already
stored"). Afterwards the database must hold exactly one response and one receipt per
acknowledged questionnaire: none lost, none duplicated. Half of the clients use the JSON
API, half answer the web questionnaire and retry its final POST with the same cookie.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from submit_bench import replace_section
from webapp import (
    CSRF,
    App,
    api_answers,
    machine,
    manage,
    percentile,
    running_app,
)
from with_postgres import restart  # on sys.path through webapp

OUT = Path(__file__).resolve().parent / "RESULTS.md"
PROFILE = [
    ("status", "PNS"),
    ("jabatan", "pelaksana"),
    ("gender", "L"),
    ("age_band", "40-49"),
    ("tenure_band", "15+"),
]


@dataclass
class Tally:
    acknowledged: set[str] = field(default_factory=set)  # nonces (API) or cookie ids (web)
    web_nonces: list[str] = field(default_factory=list)
    attempts: int = 0
    failures: int = 0  # attempts that did not get an answer (retried)
    latencies: list[float] = field(default_factory=list)


async def api_client(app: App, stop: float, tally: Tally, i: int) -> None:
    rng = random.Random(i)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        while time.monotonic() < stop:
            nonce = f"rel-{i}-{rng.getrandbits(64):x}"
            body = {"link": rng.choice(app.links), "nonce": nonce, "answers": api_answers(rng)}
            while True:  # retry the same questionnaire until it is acknowledged
                tally.attempts += 1
                started = time.perf_counter()
                try:
                    async with session.post(app.base + "/api/v1/responses", json=body) as r:
                        await r.read()
                        if r.status in (200, 201):
                            tally.latencies.append(time.perf_counter() - started)
                            tally.acknowledged.add(nonce)
                            break
                except (TimeoutError, aiohttp.ClientError):
                    pass
                tally.failures += 1
                await asyncio.sleep(0.2)


async def web_client(app: App, stop: float, tally: Tally, i: int) -> None:
    """The web questionnaire; the final POST is retried with the same cookie (and nonce)."""
    rng = random.Random(10_000 + i)
    timeout = aiohttp.ClientTimeout(total=30)
    while time.monotonic() < stop:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(timeout=timeout, cookie_jar=jar) as session:
            link = rng.choice(app.links)
            base = f"{app.base}/s/{link}"
            csrf = await _until_ok(session, tally, "GET", f"{base}/", None)
            token = CSRF.search(csrf or "")
            if token is None:
                continue
            fields = {"mulai": [("consent", "on")], "profil": PROFILE}
            for q in ("pv", "cc", "dc"):
                picks = rng.sample(api_answers(rng)["pv"], 10)  # type: ignore[arg-type]
                fields[q] = [("item", c) for c in picks] + [("order", ",".join(picks))]
            fields["saran"] = [("harapan", ""), ("saran", "")]
            for step, data in fields.items():
                form = [("csrfmiddlewaretoken", token.group(1)), *data]
                await _until_ok(session, tally, "POST", f"{base}/{step}/", form)
            cookie = next(c.value for c in jar if c.key.startswith("bkq"))
            tally.acknowledged.add("web:" + cookie[:40])
            tally.web_nonces.append(cookie)


async def _until_ok(
    session: aiohttp.ClientSession,
    tally: Tally,
    method: str,
    url: str,
    form: list[tuple[str, str]] | None,
) -> str | None:
    while True:
        tally.attempts += 1
        started = time.perf_counter()
        try:
            data = aiohttp.FormData(form) if form is not None else None
            async with session.request(method, url, data=data, allow_redirects=False) as r:
                text = await r.text()
                if r.status in (200, 302):
                    tally.latencies.append(time.perf_counter() - started)
                    return text
        except (TimeoutError, aiohttp.ClientError):
            pass
        tally.failures += 1
        await asyncio.sleep(0.2)


async def load(app: App, seconds: float, clients: int) -> Tally:
    tally = Tally()
    stop = time.monotonic() + seconds
    half = clients // 2
    await asyncio.gather(
        *(api_client(app, stop, tally, i) for i in range(half)),
        *(web_client(app, stop, tally, i) for i in range(clients - half)),
    )
    return tally


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


async def with_faults(app: App, seconds: float, clients: int) -> tuple[Tally, list[str]]:
    events: list[str] = []

    async def faults() -> None:
        assert app.server is not None
        await asyncio.sleep(seconds / 3)
        victim = worker_pids(app.server.pid)[0]
        os.kill(victim, signal.SIGKILL)
        events.append(f"t={seconds / 3:.0f}s: SIGKILL to gunicorn worker {victim}")
        await asyncio.sleep(seconds / 3)
        started = time.monotonic()
        await asyncio.to_thread(restart, app.data, app.env["DATABASE_URL"])
        events.append(
            f"t={2 * seconds / 3:.0f}s: PostgreSQL restarted "
            f"({time.monotonic() - started:.1f} s down)"
        )

    tally, _ = await asyncio.gather(load(app, seconds, clients), faults())
    return tally, events


def verify(app: App, tally: Tally) -> tuple[int, int, int, int]:
    """(responses, receipts, acknowledged, acknowledged API nonces missing a receipt)."""
    responses = int(app.sql("SELECT count(*) FROM responses_response"))
    receipts = int(app.sql("SELECT count(*) FROM responses_receipt"))
    api = [n for n in tally.acknowledged if not n.startswith("web:")]
    listing = Path(app.env["BERAKHLAK_DATA_DIR"]) / "acknowledged.txt"
    listing.write_text("\n".join(hashlib.sha256(n.encode()).hexdigest() for n in api))
    code = (
        "from berakhlak.responses.models import Receipt\n"
        f"hashes = open({str(listing)!r}).read().split()\n"
        "print(sum(Receipt.objects.filter(nonce_hash__in=hashes[i:i + 5000]).count()"
        " for i in range(0, len(hashes), 5000)))"
    )
    found = int(manage(app.env, "shell", "-c", code).strip().splitlines()[-1])
    return responses, receipts, len(tally.acknowledged), len(api) - found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--fault-minutes", type=float, default=3)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    lines = [
        "## Reliability: sustained load, a killed worker, a restarted database",
        "",
        f"{time.strftime('%Y-%m-%d')}, {machine()}; gunicorn 3 workers x 4 threads, "
        "PostgreSQL 15 with fsync on, rate limits off; half of the clients send whole "
        "questionnaires to `POST /api/v1/responses`, half answer the web questionnaire "
        "(13 requests each). Command: `.venv/bin/python bench/reliability_bench.py`.",
        "",
        "| run | minutes | clients | acknowledged | responses | receipts | lost | "
        "duplicated | failed attempts (retried) | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    notes: list[str] = []
    for name, minutes, faulty in (
        ("sustained", args.minutes, False),
        ("with faults", args.fault_minutes, True),
    ):
        if minutes <= 0:
            continue
        with running_app() as app:
            if faulty:
                tally, events = asyncio.run(with_faults(app, minutes * 60, args.clients))
            else:
                tally, events = asyncio.run(load(app, minutes * 60, args.clients)), []
            responses, receipts, acknowledged, missing = verify(app, tally)
        lost = max(acknowledged - responses, 0) + missing
        duplicated = max(responses - acknowledged, 0)
        p99 = percentile([v * 1000 for v in tally.latencies], 99)
        lines.append(
            f"| {name} | {minutes:g} | {args.clients} | {acknowledged:,} | "
            f"{responses:,} | {receipts:,} | {lost} | {duplicated} | "
            f"{tally.failures:,} | {p99:.0f} |"
        )
        notes += [f"* {name}: {e}" for e in events]
    lines += ["", *notes, ""]
    text = "\n".join(lines)
    print(text)
    replace_section(OUT, "## Reliability", text)


if __name__ == "__main__":
    main()
