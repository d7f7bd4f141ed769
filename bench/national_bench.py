"""The web app at national size: 600 instansi, ~27,000 units, a published year of 1,000,000
answers and a year under fieldwork, in PostgreSQL (docs: bench/RESULTS.md, "The whole nation").

    .venv/bin/python bench/national_bench.py [--instansi 600] [--answers 1000000] [--repeat 7]

1. A throwaway PostgreSQL 15 cluster with fsync and synchronous commit on
   (scripts/with_postgres.py).
2. The load (a fast path, not what is measured): the project's generator plans 600
   instansi; the one with the most staff is made the largest (about 60,000 staff and
   50,000 answers). Instansi and units go in through the ORM, every cycle is created and
   opened through its action (`do_create_cycle`, `do_open_cycle`), and the generated
   answers are copied into the responses table with PostgreSQL's COPY (CSV written by
   Arrow). The published year's cycles are then marked published with an UPDATE instead
   of being closed one by one (closing is measured on the largest instansi below); the
   fieldwork year's cycles stay open, with about 30% of the answers of the year before and
   closing dates from 5 to 30 days ahead.
3. Measured, each in processes of their own: refreshing the counts of every cycle
   (`berakhlak manage refresh_counts --all`, after the cached counts were deleted), and
   of the open ones only (the timer's work during fieldwork); then one process that serves
   the pages in-process through Django's test client as the national admin (server time,
   no network): the national page, the national participation page, the dashboard of the
   largest instansi, the national PDF and Excel files, the open data of the year (publishing
   it, its page and its files), and closing the largest instansi's cycle (its status set
   back to open before each run). Its peak resident memory is the worker's memory.
   Every figure is the median of `--repeat` runs after one untimed run (warm), except
   where the table says otherwise.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

PUBLISHED, FIELDWORK = 2025, 2026
LARGEST_ANSWERS = 50_000
LARGEST_STAFF = 60_000
FIELDWORK_SHARE = 0.3


def setup_django() -> None:
    import django  # noqa: PLC0415 - the settings are chosen first

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ["BERAKHLAK_ENV"] = "development"
    django.setup()


# --- the load -------------------------------------------------------------------------------


def plan(n_instansi: int, answers: int):  # type: ignore[no-untyped-def]
    """The generator's plan, with the largest instansi made national-sized."""
    from berakhlak.generate.synthetic import GeneratorConfig, Synthetic  # noqa: PLC0415

    others = answers - LARGEST_ANSWERS
    config = GeneratorConfig(
        seed=1,
        instansi=n_instansi,
        respondents=2 * others,
        years=(PUBLISHED, FIELDWORK),
        texts=True,
    )
    synthetic = Synthetic(config)
    largest = max(synthetic.instansi, key=lambda p: p.headcount)
    scale = LARGEST_STAFF / largest.headcount
    for unit in largest.units:
        unit.headcount = max(5, round(unit.headcount * scale))
    largest.sizes[PUBLISHED] = LARGEST_ANSWERS
    for p in synthetic.instansi:
        p.sizes[FIELDWORK] = round(FIELDWORK_SHARE * p.sizes[PUBLISHED])
    return synthetic, largest.code


def load(n_instansi: int, answers: int) -> dict[str, object]:  # noqa: PLR0915 - one load, step by step
    """Fill the empty database; returns what the measuring process needs to know."""
    import numpy as np  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.csv as pacsv  # noqa: PLC0415
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from berakhlak.accounts.models import Membership, Role  # noqa: PLC0415
    from berakhlak.orgs.models import Instansi, Unit  # noqa: PLC0415
    from berakhlak.surveys.actions import do_create_cycle, do_open_cycle  # noqa: PLC0415
    from berakhlak.surveys.models import Cycle, CycleUnit  # noqa: PLC0415

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    synthetic, largest = plan(n_instansi, answers)
    instansi = {}
    for p in synthetic.instansi:
        inst = Instansi.objects.create(code=p.code, name=p.name, region=p.region)
        Unit.objects.bulk_create(
            Unit(instansi=inst, code=u.code, name=u.name, headcount=u.headcount) for u in p.units
        )
        instansi[p.code] = inst
    today = timezone.localdate()
    rng = np.random.default_rng(7)
    cycles: dict[tuple[str, int], Cycle] = {}
    for year in (PUBLISHED, FIELDWORK):
        for code, inst in instansi.items():
            if year == PUBLISHED:
                opens, closes = datetime.date(year, 9, 1), datetime.date(year, 10, 10)
            else:
                opens = today - datetime.timedelta(days=20)
                closes = today + datetime.timedelta(days=int(rng.integers(5, 31)))
            cycle = do_create_cycle(inst, year, opens_on=opens, closes_on=closes, actor=None)
            cycles[(code, year)] = do_open_cycle(cycle, actor=None)
    unit_ids = {
        (c.cycle_id, c.code): c.pk for c in CycleUnit.objects.only("pk", "cycle_id", "code")
    }
    planned = time.perf_counter() - started
    columns = (
        "id,cycle_id,cycle_unit_id,submitted_on,status,jabatan,gender,age_band,tenure_band,"
        "duration_s,pv,cc,dc,harapan,saran"
    )
    copy_sql = (
        f"COPY responses_response ({columns}) FROM STDIN "
        "WITH (FORMAT csv, FORCE_NOT_NULL (harapan, saran))"
    )
    written = 0
    copying = 0.0
    with connection.cursor() as cursor:
        for batch in synthetic.response_batches():
            n = batch.num_rows
            year = batch.column("year")[0].as_py()
            code = batch.column("instansi_code")[0].as_py()
            cycle = cycles[(code, year)]
            units = batch.column("unit_code").to_pylist()
            first = cycle.opens_on
            span = 28 if year == PUBLISHED else 20
            days = rng.integers(0, span, n)
            table = pa.table(
                {
                    "id": pa.array([str(uuid.uuid4()) for _ in range(n)]),
                    "cycle_id": pa.array(np.full(n, cycle.pk, dtype=np.int64)),
                    "cycle_unit_id": pa.array([unit_ids[(cycle.pk, u)] for u in units]),
                    "submitted_on": pa.array(
                        [first + datetime.timedelta(days=int(d)) for d in days], pa.date32()
                    ),
                    **{
                        name: batch.column(name)
                        for name in (
                            "status",
                            "jabatan",
                            "gender",
                            "age_band",
                            "tenure_band",
                            "duration_s",
                            "pv",
                            "cc",
                            "dc",
                            "harapan",
                            "saran",
                        )
                    },
                }
            )
            buffer = io.BytesIO()
            pacsv.write_csv(
                table, buffer, pacsv.WriteOptions(include_header=False, quoting_style="needed")
            )
            t = time.perf_counter()
            with cursor.copy(copy_sql) as copy:
                copy.write(buffer.getvalue())
            copying += time.perf_counter() - t
            written += n
        cursor.execute("ANALYZE")
    now = timezone.now()
    Cycle.objects.filter(year=PUBLISHED).update(status="published", closed_at=now, published_at=now)
    admin = get_user_model().objects.create_user("admin.bench", password="x")
    Membership.objects.create(user=admin, role=Role.ADMIN)
    largest_cycle = cycles[(largest, PUBLISHED)]
    return {
        "largest": largest,
        "largest_cycle": largest_cycle.pk,
        "largest_answers": largest_cycle.responses.count(),
        "answers": {
            str(y): Cycle.objects.filter(year=y).aggregate(n=models_count("responses"))["n"]
            for y in (PUBLISHED, FIELDWORK)
        },
        "instansi": len(instansi),
        "units": Unit.objects.count(),
        "written": written,
        "load_seconds": round(time.perf_counter() - started, 1),
        "copy_seconds": round(copying, 1),
        "setup_seconds": round(planned, 1),
    }


def models_count(field: str):  # type: ignore[no-untyped-def]
    from django.db.models import Count  # noqa: PLC0415

    return Count(field)


# --- measuring ------------------------------------------------------------------------------


def run_timed(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of a command run as a process of its own.
    Its CPU time leaves out PostgreSQL's; on a shared machine it varies less than the wall."""
    started = time.perf_counter()
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    assert status == 0, args
    cpu = usage.ru_utime + usage.ru_stime
    return time.perf_counter() - started, cpu, usage.ru_maxrss / 1024


def forget_counts(env: dict[str, str], open_only: bool) -> None:
    code = (
        "from berakhlak.results.models import CountsState, UnitCounts\n"
        f"f = {{'cycle__status': 'open'}} if {open_only} else {{}}\n"
        "UnitCounts.objects.filter(**f).delete(); CountsState.objects.filter(**f).delete()"
    )
    subprocess.run(
        [BERAKHLAK, "manage", "shell", "-c", code], env=env, check=True, stdout=subprocess.DEVNULL
    )


BERAKHLAK = str(Path(sys.executable).with_name("berakhlak"))


def measure_refresh(env: dict[str, str], repeat: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for label, flags, open_only in (("all", ["--all"], False), ("open", [], True)):
        walls, cpus, peaks = [], [], []
        for _ in range(repeat):
            forget_counts(env, open_only)
            wall, cpu, peak = run_timed([BERAKHLAK, "manage", "refresh_counts", *flags], env)
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
        out[label] = {"walls": walls, "cpus": cpus, "peak_mib": max(peaks)}
    return out


def timed(call, repeat: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Wall and this process's CPU time (PostgreSQL's left out) of `call`: one cold run,
    then `repeat` warm ones."""
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return {"cold": cold, "walls": walls, "cpus": cpus}


def serve_pages(info: dict[str, object], repeat: int) -> dict[str, object]:
    """The pages, in this process as one worker would serve them."""
    setup_django()
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415

    call_command("migrate", verbosity=0)  # a build newer than the load's (open data)

    from berakhlak.results.actions import do_close_cycle  # noqa: PLC0415
    from berakhlak.surveys.models import Cycle  # noqa: PLC0415

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin.bench"))

    def get(url: str, expect: bytes = b""):  # type: ignore[no-untyped-def]
        def call() -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if expect:
                assert expect in response.content, url

        return call

    largest = info["largest_cycle"]
    out: dict[str, object] = {}
    pages = {
        "national page": (f"/hasil/nasional/{PUBLISHED}/", repeat),
        "national participation page": (f"/hasil/nasional/partisipasi/{FIELDWORK}/", repeat),
        "dashboard of the largest instansi": (f"/hasil/siklus/{largest}/", repeat),
        "national Excel": (f"/laporan/nasional/{PUBLISHED}/hasil.xlsx", max(3, repeat // 2)),
        "national PDF": (f"/laporan/nasional/{PUBLISHED}/laporan.pdf", max(3, repeat // 2)),
    }
    out.update(render_reports())
    for name, (url, times) in pages.items():
        out[name] = timed(get(url), times)
    out.update(open_data(client, repeat))

    def close() -> None:
        Cycle.objects.filter(pk=largest).update(status="open", closed_at=None)
        cycle = Cycle.objects.get(pk=largest)
        do_close_cycle(cycle, actor=None)  # its counts are computed when it commits
        Cycle.objects.filter(pk=largest).update(status="published")

    out["closing the largest instansi's cycle"] = timed(close, max(3, repeat // 2))
    out["worker peak RSS MiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def render_reports() -> dict[str, object]:
    """The timer's rendering of the national PDFs (every year, two languages), once: the
    PDF requests measured after it find them kept (reports/national_files.py)."""
    from berakhlak.reports.national_files import render_national_reports  # noqa: PLC0415

    started = time.perf_counter()
    rendered = render_national_reports()
    seconds = time.perf_counter() - started
    name = f"rendering the {rendered} national PDFs (the timer's work, once)"
    return {name: {"cold": seconds, "walls": [seconds]}}


def open_data(client, repeat: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Publishing the open data of the published year, then its public page and files."""
    try:
        from berakhlak.opendata.actions import do_publish_open_data  # noqa: PLC0415
    except ImportError:  # a build without open data
        return {}
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    admin = get_user_model().objects.get(username="admin.bench")
    out: dict[str, object] = {
        "publishing the open data": timed(
            lambda: do_publish_open_data(PUBLISHED, actor=admin), max(3, repeat // 2)
        )
    }
    public = type(client)()
    for name, path in (
        ("open data page", f"/data/{PUBLISHED}/"),
        ("open data CSV", f"/data/{PUBLISHED}/berakhlak-{PUBLISHED}-instansi.csv"),
        ("open data Parquet", f"/data/{PUBLISHED}/berakhlak-{PUBLISHED}-instansi.parquet"),
        ("open data Excel", f"/data/{PUBLISHED}/berakhlak-{PUBLISHED}.xlsx"),
    ):

        def call(path: str = path) -> None:
            response = public.get(path)
            assert response.status_code == 200, path

        out[name] = timed(call, repeat)
    return out


# --- the report -----------------------------------------------------------------------------


TARGETS = {
    "national page": 0.3,
    "national participation page": 0.3,
    "dashboard of the largest instansi": 0.3,
    "national PDF": 5.0,
    "national Excel": 5.0,
    "closing the largest instansi's cycle": 30.0,
}


def report(info: dict[str, object], refresh: dict[str, object], pages: dict[str, object]) -> str:
    lines = [
        f"- {info['instansi']} instansi, {info['units']:,} units; {PUBLISHED} published: "
        f"{info['answers'][str(PUBLISHED)]:,} answers; {FIELDWORK} under fieldwork: "
        f"{info['answers'][str(FIELDWORK)]:,} answers; the largest instansi "
        f"({info['largest']}): {info['largest_answers']:,} answers in {PUBLISHED}",
        f"- Load (fast path, not a target): {info['load_seconds']} s in all, of which "
        f"{info['setup_seconds']} s instansi, units and cycles through the ORM and the actions "
        f"and {info['copy_seconds']} s COPY",
        "",
        "| what | target | median | min–max | runs | cold (first) | CPU median |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label, name in (("all", "every cycle"), ("open", "the open cycles (the timer's work)")):
        walls = refresh[label]["walls"]
        lines.append(
            f"| refreshing the counts of {name} | – | {fmt(statistics.median(walls))} | "
            f"{fmt(min(walls))}–{fmt(max(walls))} | {len(walls)} | – | "
            f"{fmt(statistics.median(refresh[label]['cpus']))} |"
        )
    for name, value in pages.items():
        if not isinstance(value, dict):
            continue
        walls = value["walls"]
        target = TARGETS.get(name)
        median = statistics.median(walls)
        verdict = "" if target is None else (" met" if median < target else " **missed**")
        lines.append(
            f"| {name} | {fmt(target) if target else '–'}{verdict} | {fmt(median)} | "
            f"{fmt(min(walls))}–{fmt(max(walls))} | {len(walls)} | {fmt(value['cold'])} | "
            f"{fmt(statistics.median(value['cpus'])) if value.get('cpus') else '–'} |"
        )
    rss = pages["worker peak RSS MiB"]
    verdict = "met" if rss < 500 else "**missed**"
    lines.append(f"| a worker's peak memory (RSS) | 500 MiB {verdict} | {rss:.0f} MiB | | | | |")
    for label in ("all", "open"):
        lines.append(
            f"\nPeak RSS of `refresh_counts` ({label}): {refresh[label]['peak_mib']:.0f} MiB"
        )
    return "\n".join(lines)


def fmt(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instansi", type=int, default=600)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--refresh-repeat", type=int, default=3, help="runs of each counts refresh")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the measuring process
    args = parser.parse_args()
    if args.measure:
        info = json.loads(args.measure)
        print(json.dumps(serve_pages(info, args.repeat)))
        return
    from with_postgres import postgres_cluster  # noqa: PLC0415 - only when run

    load_before = os.getloadavg()
    with postgres_cluster(durable=True) as (url, _data):
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "BERAKHLAK_ENV": "development",
            "BERAKHLAK_DATA_DIR": tempfile.mkdtemp(prefix="berakhlak-national-"),
        }
        os.environ.update(env)
        setup_django()
        info = load(args.instansi, args.answers)
        print(json.dumps(info), file=sys.stderr)
        refresh = measure_refresh(env, args.refresh_repeat)
        print(json.dumps(refresh), file=sys.stderr)
        done = subprocess.run(
            [sys.executable, __file__, "--repeat", str(args.repeat), "--measure", json.dumps(info)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        pages = json.loads(done.stdout.strip().splitlines()[-1])
    load_after = os.getloadavg()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        # UTC: Django's settings set this process's time zone to Asia/Jakarta.
        f"- {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{os.cpu_count()} cores, {mem:.0f} GiB, "
        f"Python {platform.python_version()}, PostgreSQL 15 with fsync on; load average "
        f"{load_before[0]:.1f} before and {load_after[0]:.1f} after"
    )
    print(report(info, refresh, pages))
    print(json.dumps({"info": info, "refresh": refresh, "pages": pages}), file=sys.stderr)


if __name__ == "__main__":
    main()
