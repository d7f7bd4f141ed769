"""Results of instansi-years, their units and the national roll-up from counts (docs/method.md
§4-§11): everything vectorised over all units and instansi at once.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .change import HIDDEN, NO_RESPONSES, Unreported, find_baseline
from .comparison import comparisons
from .counts import Counts, Layout
from .eligibility import min_required
from .indices import IMPLEMENTASI, INDEX_NAMES, GroupStats, group_stats, row, select
from .items import ItemPool
from .local_results import LocalPart, local_figures
from .params import Params
from .results import (
    InstansiResult,
    InstansiYear,
    NationalCombined,
    NationalResult,
    Results,
    Summary,
)
from .rounding import category_array, competition_ranks
from .suppression import below_threshold, suppress_sibling_groups, suppress_with_groups
from .unit_figures import UnitFigures


def compute_results(data: Sequence[InstansiYear], pool: ItemPool, params: Params) -> Results:
    """Every instansi-year with its units, changes, narratives, and the national roll-up."""
    ordered = sorted(data, key=lambda d: (d.instansi.code, d.year))
    width = Layout.for_pool(pool).width
    unit_headcounts = np.array(
        [u.headcount for d in ordered for u in d.instansi.units], dtype=np.float64
    )
    inst_counts = np.array([d.unit_counts.sum(axis=0) for d in ordered], dtype=np.int64)
    inst_headcounts = np.array([d.instansi.headcount for d in ordered], dtype=np.float64)
    all_units = UnitFigures([d.unit_counts for d in ordered], unit_headcounts, pool, params)
    unit_n = np.concatenate([np.zeros(0, np.int64), *(d.unit_counts[:, Layout.N] for d in ordered)])
    ks = [max(params.k, d.k or 0) for d in ordered]
    hidden_units = suppress_sibling_groups(
        unit_n,
        [len(d.instansi.units) for d in ordered],
        lambda i: [u.code for u in ordered[i].instansi.units],
        ks,
    )
    group_counts = [_group_counts(d) for d in ordered]
    all_groups = UnitFigures(
        group_counts,
        np.array(
            [sum(d.instansi.units[j].headcount for j in m) for d in ordered
             if d.instansi.groups for m in d.instansi.group_members],
            dtype=np.float64,
        ),
        pool,
        params,
    )  # fmt: skip
    hidden_groups: list[list[bool]] = [[] for _ in ordered]
    for i, d in enumerate(ordered):
        if d.instansi.groups:
            hidden_units[i], hidden_groups[i] = suppress_with_groups(
                d.unit_counts[:, Layout.N].tolist(),
                [u.code for u in d.instansi.units],
                d.instansi.group_of,
                [g.code for g in d.instansi.groups],
                ks[i],
            )
    over = np.flatnonzero(unit_n > unit_headcounts).tolist()  # few: out-of-date headcounts
    all_inst = group_stats(inst_counts.reshape(len(ordered), width), inst_headcounts, pool, params)
    categories = category_array(all_inst.indices[:, IMPLEMENTASI], params)

    results = []
    start = group_start = 0
    for i, d in enumerate(ordered):
        stop = start + len(d.instansi.units)
        group_stop = group_start + len(d.instansi.groups)
        stats = row(all_inst, i)
        n = int(stats.n[0])
        need = min_required(d.instansi.headcount, params.margin)
        result = InstansiResult(
            info=d.instansi,
            year=d.year,
            counts=inst_counts[i],
            unit_counts=d.unit_counts,
            stats=stats,
            units=all_units,
            span=(start, stop),
            unit_hidden=hidden_units[i],
            min_required=need,
            eligible=d.instansi.headcount > 0 and n >= need,
            suppressed=below_threshold(n, ks[i]),
            pool=pool,
            params=params,
            category=categories[i],
            k=ks[i],
            over_headcount=[
                j - start
                for j in over[bisect.bisect_left(over, start) : bisect.bisect_left(over, stop)]
            ],
            group_counts=group_counts[i],
            groups=all_groups,
            group_span=(group_start, group_stop),
            group_hidden=hidden_groups[i],
            evaluation=d.evaluation,
        )
        results.append(result)
        start, group_start = stop, group_stop
    _local_figures(ordered, results, params)
    _compare_years(results, all_inst, pool, params)
    return Results(pool, params, results, national_rollup(results, pool, params))


def _group_counts(d: InstansiYear) -> Counts:
    """(G, W): the counts of each reporting group, the sums of its units' counts."""
    if not d.instansi.groups:
        return d.unit_counts[:0]  # most instansi: nothing to sum
    out = np.zeros((len(d.instansi.groups), d.unit_counts.shape[1]), dtype=np.int64)
    for g, members in enumerate(d.instansi.group_members):
        if members:
            out[g] = d.unit_counts[list(members)].sum(axis=0)
    return out


def _local_figures(
    data: Sequence[InstansiYear], results: Sequence[InstansiResult], params: Params
) -> None:
    """The figures of the local value sets (docs/method.md §18), for every instansi-year that
    has one, in one pass; nothing at all is done when none has."""
    with_local = [(d, r) for d, r in zip(data, results, strict=True) if d.local_set is not None]
    parts = [
        LocalPart(
            local_set=d.local_set,
            unit_counts=d.local_counts,
            n=r.n,
            unit_n=d.unit_counts[:, Layout.N],
            headcount=float(d.instansi.headcount),
            unit_headcounts=np.array([u.headcount for u in d.instansi.units], dtype=np.float64),
        )
        for d, r in with_local
        if d.local_set is not None and d.local_counts is not None
    ]
    for (_d, r), local in zip(with_local, local_figures(parts, params), strict=True):
        r.local = local


def _status(r: InstansiResult) -> Unreported | None:
    """Why an instansi-year shows no figures; None when it shows them."""
    if r.n == 0:
        return Unreported(r.year, NO_RESPONSES)
    return Unreported(r.year, HIDDEN, r.k) if r.suppressed else None


def instansi_status(r: InstansiResult) -> Unreported | None:
    """Why an instansi-year shows no figures (a gap of its trend); None when it shows them."""
    return _status(r)


def _compare_years(
    results: list[InstansiResult], stats: GroupStats, pool: ItemPool, params: Params
) -> None:
    """Compare each shown instansi-year with its baseline year: the latest earlier year in
    which the instansi was shown (units: when asked, each against its own)."""
    by_code: dict[str, list[int]] = {}
    for i, r in enumerate(results):  # in (code, year) order
        by_code.setdefault(r.info.code, []).append(i)
    pairs: list[tuple[int, int]] = []
    for rows in by_code.values():
        for position, i in enumerate(rows):
            current = results[i]
            current.history = [results[j] for j in rows[:position]]
            if not current.shown:
                continue
            earlier = [(r.year, _status(r)) for r in reversed(current.history)]
            year, current.unreported = find_baseline(current.year, earlier)
            if year is not None:
                pairs.append((i, next(j for j in rows if results[j].year == year)))
    if not pairs:
        return
    now, before = (np.array(side, dtype=np.intp) for side in zip(*pairs, strict=True))
    years = [results[j].year for _, j in pairs]
    current_rows, previous_rows = select(stats, now), select(stats, before)
    for (i, j), cmp in zip(
        pairs, comparisons(current_rows, previous_rows, years, pool, params), strict=True
    ):
        cmp.unreported = results[i].unreported
        results[i].comparison = cmp
        results[i].baseline = results[j]


def _quantiles(x: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    """The quartiles exactly as np.percentile(x, [25, 50, 75]) gives them (its 'linear'
    method, with its interpolation), without calling it: on first use it imports numpy.ma,
    50 ms of every `berakhlak compute`."""
    if np.isnan(x).any():
        return math.nan, math.nan, math.nan
    ordered = np.sort(x)
    n = len(ordered)
    quartiles = []
    for q in (0.25, 0.5, 0.75):
        virtual = n * q + (1 - q) - 1
        below = math.floor(virtual)
        a, b = ordered[below], ordered[min(below + 1, n - 1)]
        t = virtual - below
        quartiles.append(float(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t))
    return quartiles[0], quartiles[1], quartiles[2]


def _summaries(
    matrix: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    names: Sequence[str],
    params: Params,
) -> dict[str, Summary]:
    out = {}
    if len(matrix) == 0:
        return {name: Summary(None, None, None, None, None, None) for name in names}
    means = matrix.mean(axis=0)
    categories = category_array(means, params)
    weighted = (matrix * weights[:, None]).sum(axis=0) / weights.sum()
    for j, name in enumerate(names):
        q1, med, q3 = _quantiles(matrix[:, j])
        out[name] = Summary(float(means[j]), categories[j], med, q1, q3, float(weighted[j]))
    return out


def national_rollup(
    results: Sequence[InstansiResult], pool: ItemPool, params: Params
) -> list[NationalResult]:
    """Per year, over the included instansi (eligible and shown, n >= k): unweighted mean,
    median, quartiles and respondent-weighted mean; ranks by the rounded I1, ties shared.

    An eligible instansi hidden by k is left out of every figure, count and rank: otherwise
    the mean times the count minus the shown instansi would give its index away.
    """
    out = []
    any_evidence = any(r.unit_evidence is not None for r in results)
    for year in sorted({r.year for r in results}):
        of_year = [r for r in results if r.year == year]
        included = sorted((r for r in of_year if r.included), key=lambda r: r.info.code)
        indices = np.array([r.stats.indices[0] for r in included]).reshape(
            len(included), len(INDEX_NAMES)
        )
        values = np.array([r.stats.values[0] for r in included]).reshape(
            len(included), len(pool.values)
        )
        weights = np.array([r.n for r in included], dtype=np.float64)
        out.append(
            NationalResult(
                year=year,
                eligible_instansi=len(included),
                instansi_total=len(of_year),
                indices=_summaries(indices, weights, INDEX_NAMES, params),
                values=_summaries(values, weights, pool.value_codes, params),
                ranking=_ranking(included, indices[:, IMPLEMENTASI]),
                combined=_national_combined(included) if any_evidence else None,
            )
        )
    return out


def _national_combined(included: Sequence[InstansiResult]) -> NationalCombined:
    """The mean of G over the included instansi that have one, and their count (§12)."""
    values = [c.value for r in included if (c := r.combined) is not None and c.value is not None]
    return NationalCombined(sum(values) / len(values) if values else None, len(values))


def _ranking(
    included: Sequence[InstansiResult], implementasi: npt.NDArray[np.float64]
) -> list[tuple[str, int, int]]:
    """(code, rank, rank in region) by the rounded I1, best first, ties in code order."""
    overall = competition_ranks(implementasi)
    in_region = [0] * len(included)
    for region in {r.info.region for r in included}:
        members = [i for i, r in enumerate(included) if r.info.region == region]
        for i, rank in zip(members, competition_ranks(implementasi[members]), strict=True):
            in_region[i] = rank
    rows = [
        (r.info.code, rank, region_rank)
        for r, rank, region_rank in zip(included, overall, in_region, strict=True)
    ]
    return sorted(rows, key=lambda entry: (entry[1], entry[0]))
