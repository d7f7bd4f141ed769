"""The leader's PDF report, the one action slower than a second: where its time goes.

    .venv/bin/python bench/pdf_bench.py [--respondents 10000] [--profile]

The same regency as bench/dashboard_bench.py (40 units, two published years of generated
responses). The report is built 3 times after a first one; the figures are the medians of
its phases: the dashboard object from the database, the HTML (template and SVG charts), and
WeasyPrint's layout and PDF. --profile prints the 25 costliest functions of one report.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))


def regency(respondents: int):  # type: ignore[no-untyped-def]
    """The regency of bench/dashboard_bench.py; returns its latest (published) cycle."""
    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()

    from berakhlak.accounts.models import Membership, Role  # noqa: PLC0415 - after django.setup()
    from berakhlak.orgs.models import Instansi, Unit  # noqa: PLC0415 - after django.setup()
    from berakhlak.results.actions import do_close_cycle  # noqa: PLC0415 - after django.setup()
    from berakhlak.surveys.actions import do_create_cycle, do_open_cycle  # noqa: PLC0415 - after django.setup()
    from berakhlak.surveys.models import Cycle  # noqa: PLC0415 - after django.setup()
    from helpers.web import add_responses  # noqa: PLC0415 - after django.setup()

    call_command("migrate", verbosity=0)
    inst = Instansi.objects.create(code="KAB-PDF", name="Kabupaten Laporan", region="barat")
    weights = [((i * 37) % 11) + 1 for i in range(40)]
    for i, w in enumerate(weights):
        Unit.objects.create(
            instansi=inst, code=f"U{i + 1:02d}", name=f"Unit {i + 1}", headcount=w * 60
        )
    cycle = None
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
    assert cycle is not None
    user = Membership.objects.model.user.field.related_model.objects.create_user("bupati", "x")
    Membership.objects.create(user=user, role=Role.LEADER, instansi=inst)

    return cycle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    import django  # noqa: PLC0415 - the settings are chosen first

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ["BERAKHLAK_DATA_DIR"] = tempfile.mkdtemp(prefix="berakhlak-pdf-")
    os.environ["BERAKHLAK_ENV"] = "development"
    django.setup()
    from django.template.loader import render_to_string  # noqa: PLC0415 - after django.setup()
    from weasyprint import HTML  # noqa: PLC0415 - after django.setup()

    from berakhlak.common.pdf import STATIC, _fetcher  # noqa: PLC0415 - after django.setup()
    from berakhlak.reports import documents  # noqa: PLC0415 - after django.setup()
    from berakhlak.results.cycle_results import build_dashboard  # noqa: PLC0415 - after django.setup()

    cycle = regency(args.respondents)

    captured: dict[str, str] = {}
    real = documents.render_pdf

    def timed_render(template: str, context: dict) -> bytes:  # type: ignore[type-arg]
        started = time.process_time()
        html = render_to_string(template, context)
        captured["html"] = f"{time.process_time() - started:.3f}"
        started = time.process_time()
        pdf = HTML(string=html, base_url=str(STATIC) + "/", url_fetcher=_fetcher()).write_pdf()
        captured["weasy"] = f"{time.process_time() - started:.3f}"
        return bytes(pdf)

    documents.render_pdf = timed_render  # type: ignore[assignment]
    phases: dict[str, list[float]] = {"dashboard": [], "html": [], "weasyprint": [], "total": []}
    for i in range(4):
        started = time.process_time()
        d = build_dashboard(cycle)
        built = time.process_time()
        documents.cycle_report_pdf(d)
        done = time.process_time()
        if i == 0:
            continue  # the first pays WeasyPrint's and the fonts' start
        phases["dashboard"].append(built - started)
        phases["html"].append(float(captured["html"]))
        phases["weasyprint"].append(float(captured["weasy"]))
        phases["total"].append(done - started)
    documents.render_pdf = real
    print("| respondents | dashboard ms | HTML ms | WeasyPrint ms | total ms |")
    print("|---:|---:|---:|---:|---:|")
    med = {k: statistics.median(v) * 1000 for k, v in phases.items()}
    print(
        f"| {cycle.responses.count():,} | {med['dashboard']:,.0f} | {med['html']:,.0f} | "
        f"{med['weasyprint']:,.0f} | {med['total']:,.0f} |"
    )
    kept_report(cycle)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        documents.cycle_report_pdf(build_dashboard(cycle))
        profile.disable()
        pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(25)


def kept_report(cycle) -> None:  # type: ignore[no-untyped-def]
    """The leader's download of a published cycle's PDF through the view: the first request
    renders and keeps the file (reports/cycle_files.py), the next ones build the dashboard
    and the HTML, find the file named by the HTML's digest and send it."""
    from django.test import Client  # noqa: PLC0415 - after django.setup()

    from berakhlak.accounts.models import Membership, Role  # noqa: PLC0415 - after django.setup()

    leader = Membership.objects.get(role=Role.LEADER, instansi=cycle.instansi).user
    client = Client()
    client.force_login(leader)
    url = f"/laporan/siklus/{cycle.pk}/laporan.pdf"
    times: list[tuple[float, float]] = []
    for _ in range(6):
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        times.append((time.process_time() - cpu, time.perf_counter() - wall))
    first, kept = times[0], times[1:]
    print()
    print("| leader's PDF request | CPU ms | wall ms |")
    print("|---|---:|---:|")
    print(f"| first (rendered and kept) | {first[0] * 1000:,.0f} | {first[1] * 1000:,.0f} |")
    cpu = statistics.median(t[0] for t in kept) * 1000
    wall = statistics.median(t[1] for t in kept) * 1000
    print(f"| kept (median of {len(kept)}) | {cpu:,.0f} | {wall:,.0f} |")


if __name__ == "__main__":
    main()
