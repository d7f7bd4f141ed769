"""Counts computed by PostgreSQL with GROUP BY over the responses table (results/sql_counts.py)
are the app's counts, and give the national results of `berakhlak compute` on the same
answers exported to files: the way past one machine (README, "Scale beyond one machine")
computes the same numbers."""

from __future__ import annotations

import csv
import datetime
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from berakhlak.generate.synthetic import GeneratorConfig, Synthetic
from berakhlak.method.compute import compute_results
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from berakhlak.method.results import InstansiInfo, InstansiYear, UnitInfo
from berakhlak.method.results_data import results_json
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.responses.models import Response
from berakhlak.results.actions import do_close_cycle
from berakhlak.results.models import UnitCounts
from berakhlak.results.sql_counts import group_by_counts
from berakhlak.surveys.actions import do_create_cycle, do_open_cycle, do_publish_cycle
from berakhlak.surveys.models import Cycle, CycleUnit

FIELDS = ("status", "jabatan", "gender", "age_band", "tenure_band", "pv", "cc", "dc")
YEARS = (2024, 2025)


def load_generated_nation() -> list[Cycle]:
    """A small generated national set (8 instansi, two years, speeders, straight-liners and
    missing durations included), stored as the questionnaire stores it, then closed and
    published."""
    synthetic = Synthetic(GeneratorConfig(seed=5, instansi=8, respondents=6_000, years=YEARS))
    cycles: dict[tuple[str, int], Cycle] = {}
    for plan in synthetic.instansi:
        inst = Instansi.objects.create(code=plan.code, name=plan.name, region=plan.region)
        Unit.objects.bulk_create(
            Unit(instansi=inst, code=u.code, name=u.name, headcount=u.headcount) for u in plan.units
        )
        for year in YEARS:
            cycle = do_create_cycle(inst, year, actor=None)
            cycles[(plan.code, year)] = do_open_cycle(cycle, actor=None)
    for batch in synthetic.response_batches():
        columns = batch.to_pydict()
        cycle = cycles[(columns["instansi_code"][0], columns["year"][0])]
        units = {u.code: u for u in cycle.units.all()}
        Response.objects.bulk_create(
            Response(
                cycle=cycle,
                cycle_unit=units[columns["unit_code"][i]],
                submitted_on=datetime.date(cycle.year, 9, 15),
                duration_s=columns["duration_s"][i],
                **{name: columns[name][i] for name in FIELDS},
            )
            for i in range(batch.num_rows)
        )
    assert Response.objects.filter(duration_s__isnull=True).exists()
    for cycle in cycles.values():
        do_publish_cycle(do_close_cycle(cycle, actor=None), actor=None)
    return list(Cycle.objects.filter(pk__in=[c.pk for c in cycles.values()]))


def export_files(folder: Path) -> tuple[Path, Path]:
    """The database's organisation and answers, as `berakhlak compute` reads them."""
    org, responses = folder / "org.csv", folder / "responses.csv"
    with org.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
        )
        for unit in Unit.objects.select_related("instansi").order_by("instansi__code", "code"):
            i = unit.instansi
            writer.writerow([i.code, i.name, unit.code, unit.name, unit.headcount, i.region])
    with responses.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "response_id",
                "year",
                "instansi_code",
                "unit_code",
                *FIELDS[:5],
                "duration_s",
                *FIELDS[5:],
            ]
        )
        rows = Response.objects.values_list(
            "id",
            "cycle__year",
            "cycle__instansi__code",
            "cycle_unit__code",
            *FIELDS[:5],
            "duration_s",
            *FIELDS[5:],
        )
        for row in rows.iterator(chunk_size=5_000):
            writer.writerow(["" if v is None else v for v in row])
    return org, responses


def sql_data(cycles: list[Cycle]) -> list[InstansiYear]:
    """The national data of the published cycles, from the GROUP BY counts alone."""
    vectors = group_by_counts([c.pk for c in cycles])
    width = len(next(iter(vectors.values())))
    data = []
    for cycle in sorted(cycles, key=lambda c: (c.year, c.instansi.code)):
        units = list(CycleUnit.objects.filter(cycle=cycle).order_by("code"))
        counts = np.array([vectors.get(u.pk, np.zeros(width, np.int64)) for u in units])
        info = InstansiInfo(
            cycle.instansi.code,
            cycle.instansi.name,
            cycle.instansi.region,
            tuple(UnitInfo(u.code, u.name, u.headcount) for u in units),
        )
        data.append(InstansiYear(info, cycle.year, counts))
    return data


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgresql_group_by_counts_give_the_national_results_of_berakhlak_compute(tmp_path):
    cycles = load_generated_nation()
    vectors = group_by_counts([c.pk for c in cycles])

    # The same counts as the app's own (NumPy over the rows), unit by unit, to the last vote.
    app = {
        r.cycle_unit_id: r.vector()
        for r in UnitCounts.objects.filter(cycle__in=cycles, dimension="")
    }
    assert set(vectors) <= set(app)  # a unit without answers has no row from the query
    empty = np.zeros_like(next(iter(vectors.values())))
    assert all(np.array_equal(app[unit], vectors.get(unit, empty)) for unit in app)
    excluded = sum(int(v[1] + v[2]) for v in vectors.values())
    assert excluded > 0  # speeders and straight-liners were counted as excluded

    # The same national results as `berakhlak compute` on the answers exported to files.
    org, responses = export_files(tmp_path)
    out = tmp_path / "results.json"
    subprocess.run(
        [
            str(Path(sys.executable).with_name("berakhlak")),
            "compute",
            "--org",
            str(org),
            "--responses",
            str(responses),
            "--json",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    from_files = json.loads(out.read_text(encoding="utf-8"))
    from_sql = json.loads(
        json.dumps(results_json(compute_results(sql_data(cycles), default_pool(), Params())))
    )
    assert [n["year"] for n in from_sql["national"]] == list(YEARS)
    assert from_sql["national"] == from_files["national"]
    assert from_sql["instansi"] == from_files["instansi"]
