"""Server time of the instansi dashboard with 10,000 respondents (target: under 300 ms).

    .venv/bin/python bench/dashboard_bench.py [--respondents 10000] [--database sqlite|postgres]

A regency of 40 units gets a published cycle of generated responses (and a previous year
for the change figures). The dashboard page, the unit page, the PDF and the Excel
workbook are requested in-process with Django's test client as the instansi leader; the
figure is the time Django takes to answer (no network). "Cold" is the first request after
the responses arrived (it recomputes the cached counts); "warm" is every later one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))


def measure(client, url: str, repeat: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    first = client.get(url)
    cold = time.perf_counter() - started
    assert first.status_code == 200, (url, first.status_code)
    warm = []
    for _ in range(repeat):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        warm.append(time.perf_counter() - started)
    return cold, warm


def run(respondents: int, repeat: int) -> list[str]:
    import django  # noqa: PLC0415 - the settings are chosen first

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ["BERAKHLAK_DATA_DIR"] = tempfile.mkdtemp(prefix="berakhlak-dash-")
    os.environ["BERAKHLAK_ENV"] = "development"
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()
    from django.db import connection  # noqa: PLC0415 - after django.setup()
    from django.test import Client  # noqa: PLC0415 - after django.setup()

    from berakhlak.accounts.models import Membership, Role  # noqa: PLC0415 - after django.setup()
    from berakhlak.orgs.models import Instansi, Unit  # noqa: PLC0415 - after django.setup()
    from berakhlak.results.actions import do_close_cycle  # noqa: PLC0415 - after django.setup()
    from berakhlak.surveys.actions import do_create_cycle, do_open_cycle  # noqa: PLC0415 - after django.setup()
    from berakhlak.surveys.models import Cycle  # noqa: PLC0415 - after django.setup()
    from helpers.web import add_responses  # noqa: PLC0415 - after django.setup()

    call_command("migrate", verbosity=0)
    inst = Instansi.objects.create(code="KAB-DASH", name="Kabupaten Dasbor", region="barat")
    weights = [((i * 37) % 11) + 1 for i in range(40)]
    for i, w in enumerate(weights):
        Unit.objects.create(
            instansi=inst, code=f"U{i + 1:02d}", name=f"Unit {i + 1}", headcount=w * 60
        )
    cycles = []
    for year in (2024, 2025):
        cycle = do_create_cycle(inst, year, actor=None)
        do_open_cycle(cycle, actor=None)
        sizes = {
            f"U{i + 1:02d}": max(3, round(respondents * w / sum(weights)))
            for i, w in enumerate(weights)
        }
        add_responses(cycle, sizes, seed=year)
        do_close_cycle(cycle, actor=None)
        Cycle.objects.filter(pk=cycle.pk).update(status="published")
        cycles.append(cycle)
    user = Membership.objects.model.user.field.related_model.objects.create_user("bupati", "x")
    Membership.objects.create(user=user, role=Role.LEADER, instansi=inst)
    client = Client()
    client.force_login(user)
    pk = cycles[-1].pk
    n = cycles[-1].responses.count()
    rows = []
    for name, url in (
        ("dashboard page", f"/hasil/siklus/{pk}/"),
        ("unit page", f"/hasil/siklus/{pk}/unit/U05/"),
        ("Excel workbook", f"/laporan/siklus/{pk}/hasil.xlsx"),
        ("PDF report", f"/laporan/siklus/{pk}/laporan.pdf"),
    ):
        cold, warm = measure(client, url, repeat if "PDF" not in name else 3)
        rows.append(
            f"| {connection.vendor} | {n:,} | {name} | {cold * 1000:,.0f} | "
            f"{statistics.median(warm) * 1000:,.0f} | {max(warm) * 1000:,.0f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    if args.database == "postgres" and "DATABASE_URL" not in os.environ:
        from with_postgres import postgres_cluster  # noqa: PLC0415 - only for --database postgres

        with postgres_cluster(durable=True) as (url, _):
            os.environ["DATABASE_URL"] = url
            rows = run(args.respondents, args.repeat)
    else:
        rows = run(args.respondents, args.repeat)
    print("| database | respondents | page | cold ms | warm median ms | warm max ms |")
    print("|---|---:|---|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
