"""Questionnaire submissions under load: gunicorn + PostgreSQL on this machine.

    .venv/bin/python bench/submit_bench.py [--clients 50] [--seconds 60]

50 concurrent clients answer the whole questionnaire again and again (13 requests each:
every step's page and POST, as a browser does). Measured in the same run: a trivial JSON
view (/livez) under the same 50 clients, the framework's own ceiling on this server.
Afterwards the responses are counted in the database: every acknowledged submission must
be there exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import aiohttp

from webapp import (
    Timings,
    answer_questionnaire,
    api_answers,
    machine,
    percentile,
    running_app,
)

OUT = Path(__file__).resolve().parent / "RESULTS.md"
T = TypeVar("T")


def process_cpu(server_pid: int) -> dict[str, float]:
    """CPU seconds used so far by the server (gunicorn and its workers), by PostgreSQL (all
    its processes) and by this process (the load generator). A process's count includes
    its children that have ended: PostgreSQL's backend of a database connection ends when
    the app server recycles the connection (CONN_MAX_AGE), and its CPU time moves to the
    postmaster's."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    database = 0.0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
            command = Path(f"/proc/{name}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        seconds = sum(int(f) for f in fields[11:15]) / tick  # own and ended children's
        if command.startswith(b"postgres") or b"/postgres\0" in command:
            database += seconds
        parents[int(name)] = int(fields[1])
        used[int(name)] = seconds

    def in_server(pid: int) -> bool:
        while pid > 1:
            if pid == server_pid:
                return True
            pid = parents.get(pid, 1)
        return False

    own = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "server": sum(t for pid, t in used.items() if in_server(pid)),
        "database": database,
        "client": own.ru_utime + own.ru_stime,
    }


def with_cpu(server_pid: int, run: Callable[[], T]) -> tuple[T, dict[str, float]]:
    """run() and the CPU seconds each side used meanwhile."""
    before = process_cpu(server_pid)
    result = run()
    after = process_cpu(server_pid)
    return result, {k: after[k] - before[k] for k in before}


async def ceiling(base: str, clients: int, seconds: float) -> Timings:
    timings = Timings()
    stop = time.monotonic() + seconds

    async def client() -> None:
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < stop:
                started = time.perf_counter()
                async with session.get(base + "/livez") as r:
                    await r.read()
                    if r.status != 200:
                        timings.errors += 1
                timings.add("livez", time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(clients)))
    return timings


def api_bodies(links: list[str], rng: random.Random, count: int) -> list[bytes]:
    """Whole questionnaires as JSON, made before the clock starts so that the load
    generator's CPU (on the same two cores as the server) goes to sending them; each
    ends in an open nonce string that the request completes."""
    bodies = []
    for _ in range(count):
        body = {"link": rng.choice(links), "answers": api_answers(rng)}
        bodies.append(json.dumps(body)[:-1].encode() + b', "nonce": "')
    return bodies


async def api_submissions(
    base: str, bodies: list[list[bytes]], seconds: float, phase: int = 0
) -> tuple[Timings, int]:
    """Each request is one whole questionnaire sent to POST /api/v1/responses; one client
    per list of `bodies` (see api_bodies)."""
    timings = Timings()
    stored = 0
    headers = {"Content-Type": "application/json"}
    clients = len(bodies)
    stop = time.monotonic() + seconds

    async def client(i: int) -> None:
        nonlocal stored
        sent = 0
        async with aiohttp.ClientSession() as session:
            while time.monotonic() < stop:
                body = (
                    bodies[i][sent % len(bodies[i])] + f'bench-{phase}-{i}-{sent:012d}"}}'.encode()
                )
                sent += 1
                started = time.perf_counter()
                async with session.post(
                    base + "/api/v1/responses", data=body, headers=headers
                ) as r:
                    await r.read()
                    timings.add("api submit", time.perf_counter() - started)
                    if r.status == 201:
                        stored += 1
                    else:
                        timings.errors += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    return timings, stored


async def submissions(
    base: str, links: list[str], clients: int, seconds: float
) -> tuple[Timings, int]:
    timings = Timings()
    stop = time.monotonic() + seconds
    stored = 0

    async def client(i: int) -> None:
        nonlocal stored
        rng = random.Random(i)
        while time.monotonic() < stop:
            # A fresh cookie jar per respondent: each is a different person.
            jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address
            async with aiohttp.ClientSession(cookie_jar=jar) as session:
                if await answer_questionnaire(session, base, rng.choice(links), rng, timings):
                    stored += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    return timings, stored


def row(name: str, count: int, seconds: float, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"| {name} | {count:,} | {count / seconds:,.1f} | {percentile(ms, 50):.0f} | "
        f"{percentile(ms, 95):.0f} | {percentile(ms, 99):.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="the ceiling and the API submissions alternate in this many phases each, so "
        "that a change in the machine's speed during the run falls on both",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--rate-limit",
        action="store_true",
        help="count every submission against its address as production does (all clients "
        "share one address: an office behind NAT at its busiest)",
    )
    parser.add_argument(
        "--fast", action="store_true", help="PostgreSQL without fsync (to see what the disk costs)"
    )
    args = parser.parse_args()
    with running_app(
        workers=args.workers,
        threads=args.threads,
        durable=not args.fast,
        rate_limit=args.rate_limit,
    ) as app:
        asyncio.run(ceiling(app.base, args.clients, 5))  # warm-up
        assert app.server is not None
        pid = app.server.pid
        phase = args.seconds / args.rounds
        base_t, api_t, api_stored = Timings(), Timings(), 0
        base_cpu = dict.fromkeys(("server", "database", "client"), 0.0)
        api_cpu = dict(base_cpu)
        bodies = [api_bodies(app.links, random.Random(1000 + i), 50) for i in range(args.clients)]
        for n in range(args.rounds):
            timings, cpu = with_cpu(
                pid, lambda: asyncio.run(ceiling(app.base, args.clients, phase))
            )
            base_t.merge(timings)
            base_cpu = {k: base_cpu[k] + cpu[k] for k in base_cpu}
            (timings, stored), cpu = with_cpu(
                pid,
                lambda n=n: asyncio.run(api_submissions(app.base, bodies, phase, n)),
            )
            api_t.merge(timings)
            api_stored += stored
            api_cpu = {k: api_cpu[k] + cpu[k] for k in api_cpu}
        sub_t, acknowledged = asyncio.run(
            submissions(app.base, app.links, args.clients, args.seconds)
        )
        rows = int(app.sql("SELECT count(*) FROM responses_response"))
        receipts = int(app.sql("SELECT count(*) FROM responses_receipt"))
    s = args.seconds
    livez = base_t.by_kind["livez"]
    api = api_t.by_kind.get("api submit", [])
    requests = sub_t.all()
    api_ratio = len(api) / len(livez)
    api_p99 = percentile([v * 1000 for v in api], 99)
    flow_p99 = percentile([v * 1000 for v in requests], 99)
    expected = acknowledged + api_stored
    per_livez = {k: v / len(livez) * 1000 for k, v in base_cpu.items()}
    per_api = {k: v / max(len(api), 1) * 1000 for k, v in api_cpu.items()}
    # A submission whose server side cost no more than /livez: the database and the load
    # generator's part of a submission remain.
    bound = sum(per_livez.values()) / (
        per_livez["server"] + per_api["database"] + per_api["client"]
    )

    def cpu_row(name: str, per: dict[str, float]) -> str:
        return (
            f"| {name} | {per['server']:.2f} | {per['database']:.2f} | {per['client']:.2f} | "
            f"{sum(per.values()):.2f} |"
        )

    lines = [
        "## Questionnaire submissions under load (gunicorn + PostgreSQL)",
        "",
        f"{time.strftime('%Y-%m-%d')}, {machine()}; gunicorn {args.workers} workers x "
        f"{args.threads} threads, PostgreSQL 15 (fsync on) on the same machine, "
        f"{args.clients} concurrent clients, {s:.0f} s of each kind of request (the ceiling "
        f"and the API submissions in {args.rounds} alternating phases each), the load "
        "generator on the same 2 cores. Command: `.venv/bin/python bench/submit_bench.py`.",
        "",
        "| requests | count | per second | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
        row("trivial JSON view `/livez` (ceiling)", len(livez), s, livez),
        row("submissions, `POST /api/v1/responses`", len(api), s, api),
        row("web questionnaire, all requests", len(requests), s, requests),
        *(row(f"… {kind}", len(v), s, v) for kind, v in sorted(sub_t.by_kind.items())),
        "",
        f"* Submissions (one request = one stored questionnaire): **{api_ratio:.0%}** of the "
        f"ceiling (target ≥ 50%: {'met' if api_ratio >= 0.5 else 'NOT met'}), p99 "
        f"{api_p99:.0f} ms (target < 250 ms: {'met' if api_p99 < 250 else 'NOT met'}).",
        f"* Web questionnaire: {acknowledged:,} complete questionnaires "
        f"({acknowledged / s:,.1f} per second, 13 requests each: every page and every POST); "
        f"all requests p99 {flow_p99:.0f} ms.",
        f"* Rows afterwards: {rows:,} responses and {receipts:,} receipts for {expected:,} "
        f"acknowledged submissions ({api_stored:,} API + {acknowledged:,} web); errors "
        f"{api_t.errors + sub_t.errors}. Lost: {max(expected - rows, 0)}, duplicated: "
        f"{max(rows - expected, 0)}.",
        "",
        "Where the two cores go, in ms of CPU per request (all processes of each side, "
        "measured over the same phases):",
        "",
        "| requests | server (gunicorn) | PostgreSQL | load generator | total |",
        "|---|---:|---:|---:|---:|",
        cpu_row("`/livez`", per_livez),
        cpu_row("`POST /api/v1/responses`", per_api),
        "",
        "Throughput on two busy cores follows CPU per request: the ratio of the totals, "
        f"{sum(per_livez.values()):.2f} / {sum(per_api.values()):.2f} ms = "
        f"{sum(per_livez.values()) / sum(per_api.values()):.0%}, is close to the measured "
        "ratio. `/livez` goes through all of Django and touches no database; a submission "
        "takes the short way to its view (site/wsgi.py: Django's request object, host "
        "check and security headers, no middleware chain) and is a durable write: one "
        "prepared statement (the cycle's status under a lock against closing, the receipt, "
        "the response) and the commit's WAL flush. Its server-side extra "
        f"({per_api['server'] - per_livez['server']:.2f} ms) is reading and checking the "
        "questionnaire, the statement and waiting for it; PostgreSQL's part "
        f"({per_api['database']:.2f} ms) is mostly the flush. The per-address rate limit is "
        f"{'on (`--rate-limit`)' if args.rate_limit else 'off (`BERAKHLAK_THROTTLE=off`)'} "
        "for this run; all clients share one address. "
        "Were the server to spend no more on a submission than on `/livez`, the database's "
        f"and the load generator's share would still hold submissions to {bound:.0%}.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    replace_section(OUT, "## Questionnaire submissions under load", text)


def replace_section(path: Path, heading: str, text: str) -> None:
    """Put `text` in place of the section starting with `heading` (or append it)."""
    old = path.read_text() if path.exists() else "# Benchmark results\n\n"
    start = old.find(heading)
    if start < 0:
        path.write_text(old.rstrip() + "\n\n" + text)
        return
    end = old.find("\n## ", start + len(heading))
    text = text.rstrip("\n") + "\n\n"
    path.write_text(old[:start] + text + (old[end + 1 :] if end >= 0 else ""))


if __name__ == "__main__":
    main()
