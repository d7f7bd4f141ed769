"""Results of instansi-years, their units and the national roll-up (METHOD.md §2-§8, §10).

Input is counts per unit per instansi-year; everything else is computed here, vectorised
over all units and instansi at once.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from .change import Change, change
from .counts import Counts
from .eligibility import min_required
from .indices import IMPLEMENTASI, INDEX_NAMES, GroupStats, group_stats
from .items import ItemPool
from .narrative import NarrativeInput, narrative
from .params import METHOD_ID, Params
from .rounding import category_array
from .suppression import below_threshold, suppress_siblings

REGIONS = ("barat", "tengah", "timur", "pusat")
REGION_NAMES = {"barat": "Barat", "tengah": "Tengah", "timur": "Timur", "pusat": "Pusat"}


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    headcount: int


@dataclass(frozen=True)
class InstansiInfo:
    code: str
    name: str
    region: str
    units: tuple[UnitInfo, ...]

    @property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units)


@dataclass(frozen=True)
class InstansiYear:
    """Counts of one instansi in one year, one row per unit in `instansi.units` order."""

    instansi: InstansiInfo
    year: int
    unit_counts: Counts


def _row(stats: GroupStats, i: int) -> GroupStats:
    return GroupStats(
        **{name: getattr(stats, name)[i : i + 1] for name in stats.__dataclass_fields__}
    )


def _rows(stats: GroupStats, start: int, stop: int) -> GroupStats:
    return GroupStats(
        **{name: getattr(stats, name)[start:stop] for name in stats.__dataclass_fields__}
    )


@dataclass
class Comparison:
    baseline_year: int
    indices: dict[str, Change | None]
    values: dict[str, Change | None]


@dataclass
class InstansiResult:
    info: InstansiInfo
    year: int
    counts: Counts  # (W,) the instansi's own counts
    unit_counts: Counts  # (U, W)
    stats: GroupStats  # one row
    unit_stats: GroupStats  # U rows
    unit_hidden: list[bool]
    min_required: int
    eligible: bool
    suppressed: bool
    comparison: Comparison | None = None
    unit_comparisons: list[Comparison | None] = field(default_factory=list)
    narrative_id: str = ""
    narrative_en: str = ""

    @property
    def n(self) -> int:
        return int(self.stats.n[0])

    @property
    def implementasi(self) -> float:
        return float(self.stats.indices[0, IMPLEMENTASI])

    def narrative(self, lang: str = "id") -> str:
        return self.narrative_en if lang == "en" else self.narrative_id


@dataclass(frozen=True)
class Summary:
    value: float | None
    category: str | None
    median: float | None
    q1: float | None
    q3: float | None
    weighted: float | None


@dataclass
class NationalResult:
    year: int
    eligible_instansi: int
    instansi_total: int
    indices: dict[str, Summary]
    values: dict[str, Summary]
    ranking: list[tuple[str, int, int]]  # (instansi code, rank overall, rank in region)


@dataclass
class Results:
    pool: ItemPool
    params: Params
    instansi: list[InstansiResult]
    national: list[NationalResult]

    def find(self, code: str, year: int) -> InstansiResult | None:
        for r in self.instansi:
            if r.info.code == code and r.year == year:
                return r
        return None

    def to_json(self) -> dict[str, Any]:
        return results_json(self)


def compute_results(data: Sequence[InstansiYear], pool: ItemPool, params: Params) -> Results:
    """Every instansi-year with its units, changes, narratives, and the national roll-up."""
    ordered = sorted(data, key=lambda d: (d.instansi.code, d.year))
    width = ordered[0].unit_counts.shape[1] if ordered else 0
    unit_counts = (
        np.concatenate([d.unit_counts for d in ordered]) if ordered else np.zeros((0, width))
    ).astype(np.int64)
    unit_headcounts = np.array(
        [u.headcount for d in ordered for u in d.instansi.units], dtype=np.float64
    )
    inst_counts = np.array([d.unit_counts.sum(axis=0) for d in ordered], dtype=np.int64)
    inst_headcounts = np.array([d.instansi.headcount for d in ordered], dtype=np.float64)
    all_units = group_stats(unit_counts, unit_headcounts, pool, params)
    all_inst = group_stats(inst_counts.reshape(len(ordered), -1), inst_headcounts, pool, params)

    results = []
    start = 0
    for i, d in enumerate(ordered):
        stop = start + len(d.instansi.units)
        units = _rows(all_units, start, stop)
        ns = units.n.tolist()
        hidden = suppress_siblings(ns, [u.code for u in d.instansi.units], params.k)
        stats = _row(all_inst, i)
        n = int(stats.n[0])
        need = min_required(d.instansi.headcount, params.margin)
        results.append(
            InstansiResult(
                info=d.instansi,
                year=d.year,
                counts=inst_counts[i],
                unit_counts=d.unit_counts,
                stats=stats,
                unit_stats=units,
                unit_hidden=hidden,
                min_required=need,
                eligible=d.instansi.headcount > 0 and n >= need,
                suppressed=below_threshold(n, params.k),
            )
        )
        start = stop
    _compare_years(results, pool, params)
    for r in results:
        r.narrative_id = narrative(narrative_input(r, pool, params, "id"), "id")
        r.narrative_en = narrative(narrative_input(r, pool, params, "en"), "en")
    return Results(pool, params, results, national_rollup(results, pool, params))


def compare(
    current: GroupStats, previous: GroupStats, baseline_year: int, pool: ItemPool, params: Params
) -> Comparison:
    """Change of every index and value of a one-row group against its baseline."""
    indices = {
        name: change(
            float(current.indices[0, j]),
            float(previous.indices[0, j]),
            float(current.indices_se[0, j]),
            float(previous.indices_se[0, j]),
            params,
        )
        for j, name in enumerate(INDEX_NAMES)
    }
    values = {
        code: change(
            float(current.values[0, j]),
            float(previous.values[0, j]),
            float(current.values_se[0, j]),
            float(previous.values_se[0, j]),
            params,
        )
        for j, code in enumerate(pool.value_codes)
    }
    return Comparison(baseline_year, indices, values)


def _compare_years(results: list[InstansiResult], pool: ItemPool, params: Params) -> None:
    """Compare each instansi-year (and its units) with the latest earlier year present."""
    by_code: dict[str, list[InstansiResult]] = {}
    for r in results:
        by_code.setdefault(r.info.code, []).append(r)
    for years in by_code.values():
        years.sort(key=lambda r: r.year)
        for previous, current in itertools.pairwise(years):
            if previous.suppressed or current.suppressed or 0 in (previous.n, current.n):
                continue
            current.comparison = compare(current.stats, previous.stats, previous.year, pool, params)
            before = {u.code: j for j, u in enumerate(previous.info.units)}
            current.unit_comparisons = [
                compare(
                    _row(current.unit_stats, j),
                    _row(previous.unit_stats, before[u.code]),
                    previous.year,
                    pool,
                    params,
                )
                if u.code in before
                else None
                for j, u in enumerate(current.info.units)
            ]


def narrative_input(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> NarrativeInput:
    values = r.stats.values[0].tolist()
    index = None if r.suppressed or r.n == 0 else r.implementasi
    cmp = r.comparison
    baseline_index = None
    if cmp is not None:
        prev = cmp.indices["implementasi"]
        baseline_index = None if prev is None or index is None else index - prev.delta
    return NarrativeInput(
        year=r.year,
        n=r.n,
        k=params.k,
        index=index,
        category=category_array(np.array([index]), params)[0] if index is not None else None,
        value_names=[v.name(lang) for v in pool.values],
        values=values,
        baseline_year=cmp.baseline_year if cmp else None,
        baseline_index=baseline_index,
        index_change=cmp.indices["implementasi"] if cmp else None,
        value_changes=[cmp.values[c] for c in pool.value_codes] if cmp else (),
        eligible=r.eligible,
        min_required=r.min_required,
    )


def _quantiles(x: npt.NDArray[np.float64]) -> tuple[float, float, float]:
    q1, med, q3 = np.percentile(x, [25, 50, 75])
    return float(q1), float(med), float(q3)


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
    """Per year: unweighted mean, median and quartiles over eligible instansi; ranks by I1."""
    out = []
    for year in sorted({r.year for r in results}):
        of_year = [r for r in results if r.year == year]
        eligible = [r for r in of_year if r.eligible and r.n > 0]
        indices = np.array([r.stats.indices[0] for r in eligible]).reshape(
            len(eligible), len(INDEX_NAMES)
        )
        values = np.array([r.stats.values[0] for r in eligible]).reshape(
            len(eligible), len(pool.values)
        )
        weights = np.array([r.n for r in eligible], dtype=np.float64)
        ranked = sorted(eligible, key=lambda r: (-r.implementasi, r.info.code))
        region_seen: dict[str, int] = {}
        ranking = []
        for rank, r in enumerate(ranked, start=1):
            region_seen[r.info.region] = region_seen.get(r.info.region, 0) + 1
            ranking.append((r.info.code, rank, region_seen[r.info.region]))
        out.append(
            NationalResult(
                year=year,
                eligible_instansi=len(eligible),
                instansi_total=len(of_year),
                indices=_summaries(indices, weights, INDEX_NAMES, params),
                values=_summaries(values, weights, pool.value_codes, params),
                ranking=ranking,
            )
        )
    return out


# --- Results JSON (METHOD.md §10) -------------------------------------------------------------


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def _figures(
    values: npt.NDArray[np.float64],
    cis: npt.NDArray[np.float64],
    names: Sequence[str],
    params: Params,
) -> dict[str, dict[str, Any]]:
    categories = category_array(values, params)
    out = {}
    for j, name in enumerate(names):
        lo, hi = cis[j].tolist()
        out[name] = {
            "value": _num(float(values[j])),
            "category": categories[j],
            "ci95": None if math.isnan(lo) else [lo, hi],
        }
    return out


def _blank(names: Sequence[str]) -> dict[str, dict[str, Any]]:
    return {name: {"value": None, "category": None, "ci95": None} for name in names}


def _comparison_json(cmp: Comparison | None) -> dict[str, Any] | None:
    if cmp is None:
        return None

    def part(changes: dict[str, Change | None]) -> dict[str, Any]:
        return {k: (c.as_dict() if c else None) for k, c in changes.items()}

    return {
        "baseline_year": cmp.baseline_year,
        "indices": part(cmp.indices),
        "values": part(cmp.values),
    }


def _unit_json(r: InstansiResult, j: int, pool: ItemPool, params: Params) -> dict[str, Any]:
    unit = r.info.units[j]
    s = r.unit_stats
    entry: dict[str, Any] = {
        "code": unit.code,
        "name": unit.name,
        "n": int(s.n[j]),
        "headcount": unit.headcount,
        "suppressed": r.unit_hidden[j],
    }
    if not r.unit_hidden[j]:
        if s.n[j] == 0:
            entry["indices"] = _blank(INDEX_NAMES)
            entry["values"] = _blank(pool.value_codes)
        else:
            entry["indices"] = _figures(s.indices[j], s.indices_ci[j], INDEX_NAMES, params)
            entry["values"] = _figures(s.values[j], s.values_ci[j], pool.value_codes, params)
    return entry


def instansi_json(r: InstansiResult, pool: ItemPool, params: Params) -> dict[str, Any]:
    s = r.stats
    shown = not r.suppressed and r.n > 0
    return {
        "code": r.info.code,
        "name": r.info.name,
        "region": r.info.region,
        "year": r.year,
        "n": r.n,
        "n_excluded": int(s.n_excluded[0]),
        "headcount": r.info.headcount,
        "min_required": r.min_required,
        "eligible": r.eligible,
        "indices": _figures(s.indices[0], s.indices_ci[0], INDEX_NAMES, params)
        if shown
        else _blank(INDEX_NAMES),
        "values": _figures(s.values[0], s.values_ci[0], pool.value_codes, params)
        if shown
        else _blank(pool.value_codes),
        "change": _comparison_json(r.comparison) if shown else None,
        "narrative": r.narrative_id,
        "units": [_unit_json(r, j, pool, params) for j in range(len(r.info.units))],
    }


def _national_json(nat: NationalResult) -> dict[str, Any]:
    def part(summaries: dict[str, Summary]) -> dict[str, Any]:
        return {
            name: {
                "value": s.value,
                "category": s.category,
                "median": s.median,
                "q1": s.q1,
                "q3": s.q3,
            }
            for name, s in summaries.items()
        }

    return {
        "year": nat.year,
        "eligible_instansi": nat.eligible_instansi,
        "instansi_total": nat.instansi_total,
        "indices": part(nat.indices),
        "values": part(nat.values),
    }


def results_json(results: Results) -> dict[str, Any]:
    params = results.params
    return {
        "method": METHOD_ID,
        "params": params.as_dict(),
        "instansi": [instansi_json(r, results.pool, params) for r in results.instansi],
        "national": [_national_json(n) for n in results.national],
    }
