"""The results JSON (docs/method.md §14) as data: what the web API answers.

Built straight from the results, key for key in the order of the text that `results_text`
writes for the command line, so that json.loads of that text equals this data (tested) and
an API answer encodes to the same keys in the same order. A figure that does not exist
(a group without responses, a hidden instansi) is None, a figure's interval None where it
has none.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from .change import Change
from .combined import Combined
from .comparison import Comparison
from .indices import INDEX_NAMES
from .local_results import LocalComparison, LocalResult, LocalStats, select_local
from .params import METHOD_ID, Params
from .results import InstansiResult, NationalResult, Results, Summary
from .rounding import category, category_array

Data = dict[str, Any]


def results_json(results: Results, lang: str = "id", year: int | None = None) -> Data:
    """The whole results JSON, narratives in `lang`; with `year`, only that year's instansi
    and national figures."""
    ranks = results.ranks
    return {
        "method": METHOD_ID,
        "params": results.params.as_dict(),
        "instansi": [
            instansi_data(r, ranks.get((r.info.code, r.year)), lang)
            for r in results.instansi
            if year is None or r.year == year
        ],
        "national": [national_data(n) for n in results.national if year is None or n.year == year],
    }


def instansi_data(r: InstansiResult, rank: tuple[int, int] | None, lang: str) -> Data:
    """One entry of "instansi": the instansi-year, its national ranks (None when it is not
    included) and every unit, hidden units without figures."""
    params = r.params
    shown = r.shown
    indices, values = r.stats.indices, r.stats.values
    unit_n = r.unit_stats.n.tolist()
    combined = r.unit_combined
    units = []
    for j, unit in enumerate(r.info.units):
        entry: Data = {
            "code": unit.code,
            "name": unit.name,
            "n": unit_n[j],
            "headcount": unit.headcount,
            "suppressed": r.unit_hidden[j],
        }
        if not r.unit_hidden[j]:
            s, blank = r.unit_stats, unit_n[j] == 0
            entry["indices"] = _figures(s.indices[j], s.indices_ci[j], INDEX_NAMES, params, blank)
            entry["values"] = _figures(
                s.values[j], s.values_ci[j], r.pool.value_codes, params, blank
            )
        local = None
        if r.local is not None and not r.unit_hidden[j]:
            cmp = r.local_unit_comparisons[j]
            local = local_data(r.local, j, unit_n[j] == 0, cmp, params)
        entry |= {
            "combined": combined_data(combined[j], r.unit_hidden[j]),
            "local": local,
            "group": unit.group,
        }
        units.append(entry)
    return {
        "code": r.info.code,
        "name": r.info.name,
        "region": r.info.region,
        "year": r.year,
        "n": r.n,
        "n_excluded": int(r.stats.n_excluded[0]),
        "headcount": r.info.headcount,
        "min_required": r.min_required,
        "eligible": r.eligible,
        "rank": None if rank is None else rank[0],
        "rank_region": None if rank is None else rank[1],
        "indices": _figures(indices[0], r.stats.indices_ci[0], INDEX_NAMES, params, not shown),
        "values": _figures(values[0], r.stats.values_ci[0], r.pool.value_codes, params, not shown),
        "change": comparison_data(r.comparison if shown else None),
        "narrative": r.narrative(lang),
        "warnings": r.warnings(lang),
        "combined": combined_data(r.combined, False),
        "local": local_data(r.local, None, not shown, r.local_comparison, params),
        "units": units,
        "groups": groups_data(r),
    }


def groups_data(r: InstansiResult) -> list[Data]:
    """The "groups" of an instansi entry: each reporting group (docs/method.md §9) with its
    units' codes, its n and headcount (its units' sums), whether it is hidden (the first step
    of the two), and unless hidden its figures, computed from its summed counts."""
    if not r.info.groups:
        return []
    out = []
    s = r.group_stats
    group_n = s.n.tolist()
    for g, group in enumerate(r.info.groups):
        members = [r.info.units[j] for j in r.info.group_members[g]]
        entry: Data = {
            "code": group.code,
            "name": group.name,
            "units": [u.code for u in members],
            "n": group_n[g],
            "headcount": sum(u.headcount for u in members),
            "suppressed": r.group_hidden[g],
        }
        if not r.group_hidden[g]:
            blank = group_n[g] == 0
            params = r.params
            entry["indices"] = _figures(s.indices[g], s.indices_ci[g], INDEX_NAMES, params, blank)
            entry["values"] = _figures(
                s.values[g], s.values_ci[g], r.pool.value_codes, params, blank
            )
        out.append(entry)
    return out


def _figures(
    values: npt.NDArray[np.float64],
    cis: npt.NDArray[np.float64],
    names: Sequence[str],
    params: Params,
    blank: bool,
) -> Data:
    """{name: {"value", "category", "ci95"}} of one group's figures; all None when blank."""
    if blank:
        return {name: {"value": None, "category": None, "ci95": None} for name in names}
    categories = category_array(values, params)
    out = {}
    for name, value, (lo, hi), letter in zip(
        names, values.tolist(), cis.tolist(), categories, strict=True
    ):
        _check_finite(value, lo, hi)
        out[name] = {
            "value": None if math.isnan(value) else value,
            "category": letter,
            "ci95": None if math.isnan(lo) else [lo, hi],
        }
    return out


def _check_finite(*figures: float) -> None:
    """A figure is a number or NaN (no figure); infinity is not JSON (as json.dumps says)."""
    for x in figures:
        if math.isinf(x):
            raise ValueError(f"Out of range float values are not JSON compliant: {x!r}")


def comparison_data(cmp: Comparison | None) -> Data | None:
    """The "change" object: the baseline year and the change of every index and value."""
    if cmp is None:
        return None
    return {
        "baseline_year": cmp.baseline_year,
        "indices": {name: change_data(c) for name, c in cmp.indices.items()},
        "values": {code: change_data(c) for code, c in cmp.values.items()},
    }


def change_data(c: Change | None) -> Data | None:
    if c is None:
        return None
    _check_finite(c.delta, c.delta_shown)
    return {
        "delta": c.delta,
        "delta_shown": c.delta_shown,
        "direction": c.direction,
        "significant": c.significant,
    }


def local_data(
    local: LocalResult | None,
    unit: int | None,
    blank: bool,
    comparison: LocalComparison | None,
    params: Params,
) -> Data | None:
    """The "local" object (docs/method.md §18) of the instansi (`unit` None) or of one of its
    units: the set's code, the local index, each value's current and desired reach, and the
    change against the baseline year; None without a set. Blank: every figure None."""
    if local is None:
        return None
    stats = local.stats if unit is None else select_local(local.unit_stats, slice(unit, unit + 1))
    codes = local.local_set.value_codes
    return local_object(local.local_set.code, codes, stats, blank, comparison, params)


def local_object(
    code: str,
    value_codes: Sequence[str],
    stats: LocalStats,
    blank: bool,
    comparison: LocalComparison | None,
    params: Params,
) -> Data:
    """The "local" object of the first row of `stats`."""
    index = None if blank else float(stats.index[0])
    lo, hi = (None, None) if blank else stats.index_ci[0].tolist()
    values = {}
    for j, code_j in enumerate(value_codes):
        values[code_j] = {
            "current": _reach(stats.current[0, j], stats.current_ci[0, j], blank),
            "desired": _reach(stats.desired[0, j], stats.desired_ci[0, j], blank),
        }
    return {
        "set": code,
        "index": {
            "value": _number(index),
            "category": None if index is None else category(index, params),
            "ci95": None if lo is None or math.isnan(lo) else [lo, hi],
        },
        "values": values,
        "change": None if blank or comparison is None else local_change_data(comparison),
    }


def _number(x: float | None) -> float | None:
    if x is None or math.isnan(x):
        return None
    _check_finite(x)
    return x


def _reach(value: np.float64, ci: npt.NDArray[np.float64], blank: bool) -> Data:
    if blank or math.isnan(value):
        return {"value": None, "ci95": None}
    lo, hi = ci.tolist()
    _check_finite(float(value), lo, hi)
    return {"value": float(value), "ci95": None if math.isnan(lo) else [lo, hi]}


def local_change_data(cmp: LocalComparison) -> Data:
    """The "change" of a local object: the baseline year, the change of the index and of
    each value's current reach (None where the baseline year measured it otherwise)."""
    return {
        "baseline_year": cmp.baseline_year,
        "index": change_data(cmp.index),
        "values": {code: change_data(c) for code, c in cmp.values.items()},
    }


def combined_data(c: Combined | None, hidden: bool) -> Data | None:
    """The "combined" object of §12: None without evidence; E alone for a hidden unit (its
    G would give its survey figure away); else E, G, its category, interval and change
    (G and what comes with it None where the survey figures are not shown)."""
    if c is None:
        return None
    if hidden:
        return {"evidence": c.evidence}
    change = None
    if c.change is not None:
        change = {"baseline_year": c.baseline_year} | (change_data(c.change) or {})
    return {
        "evidence": c.evidence,
        "value": c.value,
        "category": c.category,
        "ci95": None if c.ci95 is None else list(c.ci95),
        "change": change,
    }


def national_data(nat: NationalResult) -> Data:
    """One year of "national": the included instansi's mean, median and quartiles."""

    def part(summaries: dict[str, Summary]) -> Data:
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

    out: Data = {
        "year": nat.year,
        "eligible_instansi": nat.eligible_instansi,
        "instansi_total": nat.instansi_total,
        "indices": part(nat.indices),
        "values": part(nat.values),
    }
    if nat.combined is not None:
        out["combined"] = {"value": nat.combined.value, "instansi": nat.combined.instansi}
    return out
