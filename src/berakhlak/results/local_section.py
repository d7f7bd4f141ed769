"""The local value set of an instansi-year as the dashboard, the PDF report and the workbook
show it (docs/method.md §18): clearly apart from BerAKHLAK, named with the set's name and
legal basis; the local index and each value's current and desired reach with their
intervals, the gap, and the change against the baseline year; for the instansi and every
shown unit. A hidden unit (or a suppressed instansi) carries no local figure at all."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..method.change import Change
from ..method.local_results import LocalComparison, LocalStats, select_local
from ..method.params import Params
from ..method.results import InstansiResult
from ..method.rounding import category, round1


@dataclass
class Reach:
    value: float | None
    ci: tuple[float, float] | None


@dataclass
class LocalValueRow:
    code: str
    name: str
    current: Reach
    desired: Reach
    gap: float | None  # round(desired) - round(current): what a reader can check
    change: Change | None = None  # of the current reach against the baseline year

    @property
    def baseline(self) -> float | None:
        return self.change.baseline if self.change is not None else None


@dataclass
class LocalGroup:
    """The local figures of the instansi or of one shown unit."""

    code: str
    name: str
    n: int
    index: float | None
    category: str | None
    index_ci: tuple[float, float] | None
    values: list[LocalValueRow]
    index_change: Change | None = None
    baseline_year: int | None = None


@dataclass
class LocalSection:
    code: str
    name: str
    legal_basis: str
    instansi: LocalGroup
    units: list[LocalGroup] = field(default_factory=list)  # the shown units with responses
    hidden_units: int = 0

    @property
    def baseline_year(self) -> int | None:
        return self.instansi.baseline_year

    @property
    def units_compared(self) -> bool:
        return any(u.index_change is not None for u in self.units)


def _pair(lo: float, hi: float) -> tuple[float, float] | None:
    return None if math.isnan(lo) else (lo, hi)


def _number(x: float) -> float | None:
    return None if math.isnan(x) else x


def _group(
    r: InstansiResult,
    stats: LocalStats,
    code: str,
    name: str,
    comparison: LocalComparison | None,
    params: Params,
    lang: str,
) -> LocalGroup:
    assert r.local is not None
    rows = []
    for j, value in enumerate(r.local.local_set.values):
        current, desired = _number(float(stats.current[0, j])), _number(float(stats.desired[0, j]))
        gap = None
        if current is not None and desired is not None:
            gap = round1(round1(desired) - round1(current))
        rows.append(
            LocalValueRow(
                code=value.code,
                name=value.name(lang),
                current=Reach(current, _pair(*stats.current_ci[0, j].tolist())),
                desired=Reach(desired, _pair(*stats.desired_ci[0, j].tolist())),
                gap=gap,
                change=comparison.values.get(value.code) if comparison else None,
            )
        )
    index = _number(float(stats.index[0]))
    return LocalGroup(
        code=code,
        name=name,
        n=int(stats.n[0]),
        index=index,
        category=category(index, params),
        index_ci=_pair(*stats.index_ci[0].tolist()),
        values=rows,
        index_change=comparison.index if comparison else None,
        baseline_year=comparison.baseline_year if comparison else None,
    )


def local_section(r: InstansiResult, lang: str) -> LocalSection | None:
    """The section of a shown instansi-year with a local set; None otherwise."""
    if r.local is None or not r.shown:
        return None
    local = r.local
    instansi = _group(r, local.stats, r.info.code, r.info.name, r.local_comparison, r.params, lang)
    units = []
    hidden = 0
    comparisons = r.local_unit_comparisons
    for j, unit in enumerate(r.info.units):
        if r.unit_hidden[j]:
            hidden += 1
            continue
        if int(r.unit_stats.n[j]) == 0:
            continue
        stats = select_local(local.unit_stats, slice(j, j + 1))
        units.append(_group(r, stats, unit.code, unit.name, comparisons[j], r.params, lang))
    s = local.local_set
    return LocalSection(s.code, s.name, s.legal_basis, instansi, units, hidden)


def local_unit_section(r: InstansiResult, j: int, lang: str) -> LocalSection | None:
    """The section of unit j alone (its own page): None when the unit is hidden or has no
    valid response, or the instansi-year has no local set. Its `instansi` group is the unit."""
    if r.local is None or r.unit_hidden[j] or int(r.unit_stats.n[j]) == 0:
        return None
    unit = r.info.units[j]
    stats = select_local(r.local.unit_stats, slice(j, j + 1))
    group = _group(r, stats, unit.code, unit.name, r.local_unit_comparisons[j], r.params, lang)
    s = r.local.local_set
    return LocalSection(s.code, s.name, s.legal_basis, group)
