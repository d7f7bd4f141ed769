"""The national view: every published instansi-year, rolled up per year (docs/method.md §10).

Only included instansi-years enter a national figure, count or rank: eligible and shown
(at least k valid respondents). A hidden one is listed among those not included, with its
reason and no figure, and never next to a rank.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count, Max, Sum
from django.utils.translation import gettext as _

from ..evaluation.models import reported_evaluations
from ..method.change import Change
from ..method.compute import compute_results
from ..method.counts import Layout
from ..method.eligibility import min_required
from ..method.items import default_pool
from ..method.narrative import baseline_note
from ..method.params import METHOD_ID, Params
from ..method.results import (
    InstansiResult,
    InstansiYear,
    NationalResult,
    Results,
)
from ..method.rounding import category, competition_ranks, format_count
from ..orgs.models import Instansi
from ..surveys.models import Cycle, CycleUnit, Status
from .counts import ensure_closed_counts
from .followup import PlanStatus, national_plans
from .frozen import FrozenUnit, instansi_info
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
    change: Change | None = None
    baseline_year: int | None = None
    baseline_note: str = ""
    reason: str = ""
    plan: PlanStatus | None = None  # only for a ranked (shown) instansi
    cycle_pk: int | None = None  # the published cycle: its dashboard, for national roles
    combined: float | None = None  # G (docs/method.md §12), only where the survey is shown
    combined_rank: int | None = None


@dataclass
class NationalView:
    year: int | None
    years: list[int]
    summaries: dict[int, NationalResult]
    ranked: list[NationalRow]
    out: list[NationalRow]
    results: Results | None
    method: str = METHOD_ID
    ranked_combined: list[NationalRow] = field(default_factory=list)
    """The included instansi that have a G, ranked by the rounded G (ties share a rank)."""

    @property
    def summary(self) -> NationalResult | None:
        return self.summaries.get(self.year) if self.year is not None else None


def published_data() -> list[InstansiYear]:
    """Counts of every published cycle, loaded in bulk (one query for units, one for counts),
    as plain rows: at national size (27,000 units a year) building a model object per row
    took most of the national page's time (bench/RESULTS.md, "The whole nation")."""
    cycles = list(Cycle.objects.filter(status=Status.PUBLISHED).select_related("instansi"))
    ensure_closed_counts(cycles)
    units: dict[int, list[FrozenUnit]] = defaultdict(list)
    for cycle_id, *unit in (
        CycleUnit.objects.filter(cycle__in=cycles)
        .order_by("cycle_id", "code")
        .values_list("cycle_id", "pk", "code", "name", "headcount", "group_code", "group_name")
    ):
        units[cycle_id].append(FrozenUnit(*unit))
    layout = Layout.for_pool(default_pool())
    vectors = dict(
        UnitCounts.objects.filter(cycle__in=cycles, dimension="").values_list(
            "cycle_unit_id", "data"
        )
    )
    empty = layout.empty().astype("<i8").tobytes()
    evaluations = reported_evaluations(cycles)
    data = []
    for cycle in cycles:
        members = units[cycle.pk]
        counts = (
            np.frombuffer(b"".join(bytes(vectors.get(u.pk, empty)) for u in members), dtype="<i8")
            .reshape(len(members), layout.width)
            .astype(np.int64)
        )
        info = instansi_info(cycle.instansi, members)
        k = cycle.method_params().k  # no year shows more than its own cycle shows
        data.append(
            InstansiYear(info, cycle.year, counts, k=k, evaluation=evaluations.get(cycle.pk))
        )
    return data


def _row(r: InstansiResult, ranks: dict[str, tuple[int, int]], lang: str) -> NationalRow:
    shown = r.shown
    value = r.implementasi if shown else None
    lo, hi = r.stats.indices_ci[0, 0]
    cmp = r.comparison if shown else None
    change = cmp.indices["implementasi"] if cmp else None
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
        change=change,
        baseline_year=cmp.baseline_year if cmp else None,
        baseline_note=baseline_note(cmp.baseline_year, cmp.unreported, lang) if cmp else "",
        combined=r.combined.value if shown and r.combined is not None else None,
    )


_KEPT: dict[str, tuple[str, Results | None]] = {}


def published_fingerprint() -> str:
    """What the national results depend on, in two small queries: which cycles are
    published and when, when their counts were computed, and the instansi's names. Equal
    digests mean equal national results (also across processes: it names kept files)."""
    published = Cycle.objects.filter(status=Status.PUBLISHED)
    cycles = published.aggregate(
        n=Count("id"),
        ids=Sum("id"),
        last=Max("published_at"),
        counted=Count("counts_state"),
        counted_at=Max("counts_state__computed_at"),
        responses=Sum("counts_state__responses"),
    )
    names = list(Instansi.objects.order_by("pk").values_list("pk", "name", "region"))
    return hashlib.sha256(repr((sorted(cycles.items()), names)).encode()).hexdigest()


def national_results() -> Results | None:
    """The results of every published cycle, kept in this process until the published
    cycles, their counts or the instansi's names change. At national size (600 instansi,
    27,000 units a year) loading the counts and computing take about a second; checking
    that nothing changed takes two small queries, so a warm national page is fast
    (bench/RESULTS.md, "The whole nation"). One entry, replaced when stale: its memory is
    that of one set of results."""
    fingerprint = published_fingerprint()
    kept = _KEPT.get("results")
    if kept is not None and kept[0] == fingerprint:
        return kept[1]
    data = published_data()  # counts any published cycle not counted yet
    results = compute_results(data, default_pool(), Params()) if data else None
    _KEPT["results"] = (published_fingerprint(), results)
    return results


def national_view(year: int | None = None, lang: str = "id") -> NationalView:
    results = national_results()
    if results is None:
        return NationalView(None, [], {}, [], [], None)
    summaries = {nat.year: nat for nat in results.national}
    years = sorted(summaries)
    year = year if year in summaries else years[-1]
    ranks = {code: (rank, region_rank) for code, rank, region_rank in summaries[year].ranking}
    of_year = [r for r in results.instansi if r.year == year]
    rows = [_row(r, ranks, lang) for r in of_year]
    cycles = dict(
        Cycle.objects.filter(status=Status.PUBLISHED, year=year).values_list("instansi__code", "pk")
    )
    for row in rows:
        row.cycle_pk = cycles.get(row.code)
    order = {code: i for i, (code, _rank, _region) in enumerate(summaries[year].ranking)}
    ranked = sorted((r for r in rows if r.rank is not None), key=lambda r: order[r.code])
    plans = national_plans(year, [r.code for r in ranked])
    for r in ranked:
        r.plan = plans[r.code]
    out = []
    for result, row in zip(of_year, rows, strict=True):
        if row.rank is None:
            row.reason = _not_included(result, lang)
            out.append(row)
    out.extend(_missing(year, {r.code for r in rows}, lang))
    with_g = sorted((r for r in ranked if r.combined is not None), key=lambda r: r.code)
    for row, rank in zip(
        with_g, competition_ranks([r.combined or 0.0 for r in with_g]), strict=True
    ):
        row.combined_rank = rank
    with_g.sort(key=lambda r: (r.combined_rank or 0, r.code))
    return NationalView(year, years, summaries, ranked, out, results, ranked_combined=with_g)


def _not_included(r: InstansiResult, lang: str) -> str:
    """Why an instansi-year with a published cycle is not in the national figures."""
    if r.n == 0:
        return _("tidak ada respons sah")
    if r.suppressed:
        return _("kurang dari %(k)s responden") % {"k": r.k}
    return _("%(n)s responden, di bawah minimum %(need)s") % {
        "n": format_count(r.n, lang),
        "need": format_count(r.min_required, lang),
    }


def _missing(year: int, published: set[str], lang: str) -> list[NationalRow]:
    """Instansi without published results for the year, and why."""
    status = {c.instansi_id: c.get_status_display() for c in Cycle.objects.filter(year=year)}
    rows = []
    for inst in Instansi.objects.exclude(code__in=published).order_by("name"):
        headcount = inst.headcount
        if inst.pk in status:
            reason = _("siklus berstatus %(status)s, hasil belum dipublikasikan") % {
                "status": status[inst.pk].lower()
            }
        else:
            reason = _("tidak ada siklus survei")
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
