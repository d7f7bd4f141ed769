"""The national view: every published instansi-year, rolled up per year (METHOD.md §7)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..method.counts import Layout
from ..method.eligibility import min_required
from ..method.items import default_pool
from ..method.params import Params
from ..method.results import (
    InstansiInfo,
    InstansiResult,
    InstansiYear,
    NationalResult,
    Results,
    UnitInfo,
    compute_results,
)
from ..method.rounding import category
from ..method.suppression import below_threshold, suppress_siblings
from ..orgs.models import Instansi
from ..surveys.models import Cycle, CycleUnit, Status
from .counts import refresh_counts
from .models import UnitCounts


@dataclass
class NationalRow:
    code: str
    name: str
    region: str
    n: int
    headcount: int
    min_required: int
    eligible: bool
    implementasi: float | None
    ci: tuple[float, float] | None
    category: str | None
    values: list[float | None] = field(default_factory=list)
    rank: int | None = None
    region_rank: int | None = None
    change: float | None = None
    reason: str = ""


@dataclass
class NationalView:
    year: int | None
    years: list[int]
    summaries: dict[int, NationalResult]
    ranked: list[NationalRow]
    out: list[NationalRow]
    results: Results | None

    @property
    def summary(self) -> NationalResult | None:
        return self.summaries.get(self.year) if self.year is not None else None


def published_data() -> list[InstansiYear]:
    """Counts of every published cycle, loaded in bulk (one query for units, one for counts)."""
    cycles = list(Cycle.objects.filter(status=Status.PUBLISHED).select_related("instansi"))
    for cycle in cycles:
        refresh_counts(cycle)
    units: dict[int, list[CycleUnit]] = defaultdict(list)
    for unit in CycleUnit.objects.filter(cycle__in=cycles).order_by("cycle_id", "code"):
        units[unit.cycle_id].append(unit)
    layout = Layout.for_pool(default_pool())
    vectors: dict[int, np.ndarray] = {}
    for record in UnitCounts.objects.filter(cycle__in=cycles, dimension="").only(
        "cycle_unit_id", "data"
    ):
        vectors[record.cycle_unit_id] = record.vector()
    data = []
    for cycle in cycles:
        members = units[cycle.pk]
        counts = np.array(
            [vectors.get(u.pk, layout.empty()) for u in members], dtype=np.int64
        ).reshape(len(members), layout.width)
        info = InstansiInfo(
            cycle.instansi.code,
            cycle.instansi.name,
            cycle.instansi.region,
            tuple(UnitInfo(u.code, u.name, u.headcount) for u in members),
        )
        data.append(InstansiYear(info, cycle.year, counts))
    return data


def _row(r: InstansiResult, ranks: dict[str, tuple[int, int]]) -> NationalRow:
    shown = not r.suppressed and r.n > 0
    value = r.implementasi if shown else None
    lo, hi = r.stats.indices_ci[0, 0]
    change = r.comparison.indices["implementasi"] if r.comparison else None
    rank = ranks.get(r.info.code)
    return NationalRow(
        code=r.info.code,
        name=r.info.name,
        region=r.info.region,
        n=r.n,
        headcount=r.info.headcount,
        min_required=r.min_required,
        eligible=r.eligible,
        implementasi=value,
        ci=None if not shown or math.isnan(lo) else (float(lo), float(hi)),
        category=category(value) if value is not None else None,
        values=[float(v) for v in r.stats.values[0]] if shown else [],
        rank=rank[0] if rank else None,
        region_rank=rank[1] if rank else None,
        change=change.delta if change else None,
    )


def apply_cycle_thresholds(results: Results) -> None:
    """Hide what each cycle hides on its own pages, never less than `results` hides: k is a
    cycle parameter, and results of several cycles are computed with one k (the national
    roll-up with the default, a dashboard with its cycle's also for the baseline year)."""
    cycles = Cycle.objects.filter(status__in=[Status.CLOSED, Status.PUBLISHED])
    thresholds = {
        (code, year): Params.from_dict(params).k if params else Params().k
        for code, year, params in cycles.values_list("instansi__code", "year", "params")
    }
    for r in results.instansi:
        k = max(thresholds.get((r.info.code, r.year), 0), results.params.k)
        codes = [u.code for u in r.info.units]
        r.unit_hidden = suppress_siblings(r.unit_stats.n.tolist(), codes, k)
        r.suppressed = below_threshold(r.n, k)
    for r in results.instansi:  # no change against a baseline that is now hidden
        if r.suppressed or (r.baseline is not None and r.baseline.suppressed):
            r.comparison = r.baseline = None


def national_view(year: int | None = None, lang: str = "id") -> NationalView:
    data = published_data()
    if not data:
        return NationalView(None, [], {}, [], [], None)
    results = compute_results(data, default_pool(), Params())
    apply_cycle_thresholds(results)
    summaries = {nat.year: nat for nat in results.national}
    years = sorted(summaries)
    year = year if year in summaries else years[-1]
    ranks = {code: (rank, region_rank) for code, rank, region_rank in summaries[year].ranking}
    rows = [_row(r, ranks) for r in results.instansi if r.year == year]
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: r.rank or 0)
    out = [r for r in rows if r.rank is None]
    published = {r.code for r in rows}
    for r in out:
        r.reason = _no_responses(lang) if r.n == 0 else _below(lang, r.n, r.min_required)
    out.extend(_missing(year, published, lang))
    return NationalView(year, years, summaries, ranked, out, results)


def _no_responses(lang: str) -> str:
    return "no valid responses" if lang == "en" else "tidak ada respons sah"


def _below(lang: str, n: int, need: int) -> str:
    from ..method.rounding import format_count

    if lang == "en":
        return (
            f"{format_count(n, lang)} respondents, below the minimum of {format_count(need, lang)}"
        )
    return f"{format_count(n, lang)} responden, di bawah minimum {format_count(need, lang)}"


def _missing(year: int, published: set[str], lang: str) -> list[NationalRow]:
    """Instansi without published results for the year, and why."""
    status = {c.instansi_id: c.get_status_display() for c in Cycle.objects.filter(year=year)}
    rows = []
    for inst in Instansi.objects.exclude(code__in=published).order_by("name"):
        headcount = inst.headcount
        if inst.pk in status:
            reason = (
                f"cycle {status[inst.pk].lower()}, results not published"
                if lang == "en"
                else f"siklus berstatus {status[inst.pk].lower()}, hasil belum dipublikasikan"
            )
        else:
            reason = "no survey cycle" if lang == "en" else "tidak ada siklus survei"
        rows.append(
            NationalRow(
                inst.code,
                inst.name,
                inst.region,
                0,
                headcount,
                min_required(headcount),
                False,
                None,
                None,
                None,
                reason=reason,
            )
        )
    return rows
