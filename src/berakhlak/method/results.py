"""What the method computes for instansi-years, their units and the nation: the result types
(docs/method.md §4-§11). `compute.compute_results` makes them; `results_data` and
`results_text` write them as the results JSON of §14.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from .change import (
    GROUP_HIDDEN,
    HIDDEN,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    REGROUPED,
    Unreported,
    find_baseline,
)
from .combined import Combined, Evaluation, combined, instansi_evidence, with_change
from .comparison import Comparison, compare
from .counts import Counts, Layout
from .indices import IMPLEMENTASI, GroupStats, concatenated, group_stats, select
from .items import ItemPool
from .local import LocalSet
from .local_results import LocalComparison, LocalResult, compare_local, select_local
from .narrative import NarrativeInput, headcount_warning, narrative
from .params import Params


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    headcount: int
    group: str | None = None
    """The code of the unit's reporting group (docs/method.md §9), None when it has none."""


@dataclass(frozen=True)
class GroupInfo:
    """A reporting group of an instansi (docs/method.md §9): units gathered to be reported
    as one. Its members are the units whose `group` is its code."""

    code: str
    name: str


@dataclass(frozen=True)
class InstansiInfo:
    code: str
    name: str
    region: str
    units: tuple[UnitInfo, ...]
    groups: tuple[GroupInfo, ...] = ()

    def __post_init__(self) -> None:
        """One level of groups, a unit in at most one of them (it names it), and a group's
        code never a unit's: siblings of the first step are told apart by code."""
        if not self.groups and all(u.group is None for u in self.units):
            return
        codes = [g.code for g in self.groups]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: a reporting group code appears twice")
        if set(codes) & {u.code for u in self.units}:
            raise ValueError(f"{self.code}: a reporting group has the code of a unit")
        unknown = {u.group for u in self.units if u.group is not None} - set(codes)
        if unknown:
            raise ValueError(f"{self.code}: units name unknown reporting groups {sorted(unknown)}")

    @cached_property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units)

    @cached_property
    def group_of(self) -> tuple[int, ...]:
        """Per unit: the position of its group in `groups`, or -1."""
        position = {g.code: i for i, g in enumerate(self.groups)}
        return tuple(-1 if u.group is None else position[u.group] for u in self.units)

    @cached_property
    def group_members(self) -> tuple[tuple[int, ...], ...]:
        """Per group: the positions of its units in `units`."""
        members: list[list[int]] = [[] for _ in self.groups]
        for j, g in enumerate(self.group_of):
            if g >= 0:
                members[g].append(j)
        return tuple(tuple(m) for m in members)

    def group_units(self, code: str) -> frozenset[str] | None:
        """The unit codes of group `code`; None when the instansi has no such group."""
        for g, group in enumerate(self.groups):
            if group.code == code:
                return frozenset(self.units[j].code for j in self.group_members[g])
        return None


@dataclass(frozen=True)
class InstansiYear:
    """Counts of one instansi in one year, one row per unit in `instansi.units` order."""

    instansi: InstansiInfo
    year: int
    unit_counts: Counts
    k: int | None = None
    """The anonymity threshold of this year's own survey cycle, where it has one: the larger
    of it and the computation's k applies (a year is never shown more than its cycle shows)."""
    local_set: LocalSet | None = None
    """The instansi's local value set that year (docs/method.md §18), if it has one."""
    local_counts: Counts | None = None
    """(U, LocalLayout.WIDTH) the local counts of each unit, with `local_set`."""
    evaluation: Evaluation | None = None
    """The evaluators' scores of the year's evidence (docs/method.md §12), where it has any."""


def row(stats: GroupStats, i: int) -> GroupStats:
    """Group i of `stats`, as a GroupStats of one row."""
    return select(stats, slice(i, i + 1))


@dataclass
class InstansiResult:
    info: InstansiInfo
    year: int
    counts: Counts  # (W,) the instansi's own counts
    unit_counts: Counts  # (U, W)
    stats: GroupStats  # one row
    units: UnitFigures = field(repr=False, compare=False)  # where `unit_stats` comes from
    span: tuple[int, int]  # this instansi-year's rows in `units`
    unit_hidden: list[bool]
    min_required: int
    eligible: bool
    suppressed: bool
    pool: ItemPool
    params: Params
    category: str | None  # of the implementation index
    k: int = 10
    """The anonymity threshold that applies to this instansi-year."""
    over_headcount: list[int] = field(default_factory=list)
    """The units with more valid respondents than staff (their headcount is out of date)."""
    comparison: Comparison | None = None
    baseline: InstansiResult | None = field(default=None, repr=False, compare=False)
    """The earlier year `comparison` is against."""
    unreported: tuple[Unreported, ...] = ()
    """Earlier years without shown figures: those since the baseline year, or without a
    baseline those since the first year of the instansi's data."""
    history: list[InstansiResult] = field(default_factory=list, repr=False, compare=False)
    """The earlier years of the same instansi, oldest first."""
    group_counts: Counts | None = None
    """(G, W): the counts of each reporting group of `info.groups`, its units' sums."""
    groups: UnitFigures | None = field(default=None, repr=False, compare=False)
    """Where `group_stats` comes from."""
    group_span: tuple[int, int] = (0, 0)
    group_hidden: list[bool] = field(default_factory=list)
    """Per reporting group: hidden by the first step of docs/method.md §9. `unit_hidden` is
    already the outcome of both steps (a unit of a hidden group is hidden)."""
    local: LocalResult | None = field(default=None, repr=False, compare=False)
    """The figures of the instansi's local value set (docs/method.md §18), if it has one."""
    evaluation: Evaluation | None = None
    """The evaluators' scores of this year's evidence (§12); None: no evaluation."""

    @cached_property
    def unit_evidence(self) -> list[float] | None:
        """E_u of each unit; None when the instansi-year has no evidence at all."""
        if self.evaluation is None or self.evaluation.empty:
            return None
        return self.evaluation.unit_scores([u.code for u in self.info.units])

    @cached_property
    def _combined_now(self) -> Combined | None:
        """E and, where the instansi's figures are shown, G, without its change."""
        scores = self.unit_evidence
        evidence = instansi_evidence(scores) if scores is not None else None
        if evidence is None:
            return None
        if not self.shown:
            return combined(evidence, None, None, math.nan, self.params)
        column = self.stats.indices_ci[0, IMPLEMENTASI]
        lo, hi = float(column[0]), float(column[1])
        se = float(self.stats.indices_se[0, IMPLEMENTASI])
        return combined(evidence, self.implementasi, (lo, hi), se, self.params)

    @cached_property
    def combined(self) -> Combined | None:
        """The instansi's combined index (§12) with its change against the latest earlier
        year in which it had a shown G; None without evidence."""
        now = self._combined_now
        if now is None or now.value is None:
            return now
        for earlier in reversed(self.history):
            before = earlier._combined_now
            if before is not None and before.value is not None:
                return with_change(now, before, earlier.year, self.params)
        return now

    @cached_property
    def _unit_combined_now(self) -> list[Combined | None]:
        scores = self.unit_evidence
        if scores is None:
            return [None] * len(self.info.units)
        s = self.unit_stats
        out: list[Combined | None] = []
        for j, evidence in enumerate(scores):
            if self.unit_hidden[j] or int(s.n[j]) == 0:
                out.append(combined(evidence, None, None, math.nan, self.params))
                continue
            lo, hi = (float(x) for x in s.indices_ci[j, IMPLEMENTASI])
            i1, se = float(s.indices[j, IMPLEMENTASI]), float(s.indices_se[j, IMPLEMENTASI])
            out.append(combined(evidence, i1, (lo, hi), se, self.params))
        return out

    @cached_property
    def unit_combined(self) -> list[Combined | None]:
        """Each unit's combined index: E alone for a unit whose survey figures are not shown
        (a hidden unit's G would give its I1 away), G with its change against the latest
        earlier year in which the unit had a shown G; None without evidence."""
        out = []
        for unit, now in zip(self.info.units, self._unit_combined_now, strict=True):
            figure = now
            if now is not None and now.value is not None:
                for earlier in reversed(self.history):
                    before = earlier.unit_combined_of(unit.code)
                    if before is not None and before.value is not None:
                        figure = with_change(now, before, earlier.year, self.params)
                        break
            out.append(figure)
        return out

    def unit_combined_of(self, code: str) -> Combined | None:
        """The unit `code`'s combined index without its change (None: not in this year)."""
        for unit, figure in zip(self.info.units, self._unit_combined_now, strict=True):
            if unit.code == code:
                return figure
        return None

    @cached_property
    def unit_stats(self) -> GroupStats:
        """The figures of each unit (U rows), from the pass of `units` that holds them."""
        return self.units.rows(*self.span)

    @cached_property
    def group_stats(self) -> GroupStats:
        """The figures of each reporting group (G rows), computed from their summed counts."""
        if self.groups is None or not self.info.groups:
            empty = Layout.for_pool(self.pool).empty(0)
            return group_stats(empty, np.zeros(0), self.pool, self.params)
        return self.groups.rows(*self.group_span)

    def group_status(self, code: str, members: frozenset[str]) -> Unreported | None:
        """Why the reporting group `code` with the units `members` shows no figures in this
        year; None when it shows them. A group of the same code with other units is not the
        same group (REGROUPED): its figures are of other people."""
        found = self.info.group_units(code)
        if found is None:
            return Unreported(self.year, NO_RESULTS)
        if found != members:
            return Unreported(self.year, REGROUPED)
        g = [group.code for group in self.info.groups].index(code)
        assert self.group_counts is not None
        n = int(self.group_counts[g, Layout.N])
        if n == 0:
            return Unreported(self.year, NO_RESPONSES)
        if self.group_hidden[g]:
            return Unreported(self.year, HIDDEN if n < self.k else PROTECTED, self.k)
        return None

    @cached_property
    def group_comparisons(self) -> list[Comparison | None]:
        """Each shown reporting group against its baseline year: the latest earlier year in
        which a group of the same code and exactly the same units was shown (docs/method.md
        §9); None for a group without one or not shown now."""
        by_year = {r.year: r for r in self.history}
        out: list[Comparison | None] = []
        stats = self.group_stats
        for g, group in enumerate(self.info.groups):
            if self.group_hidden[g] or stats.n[g] == 0:
                out.append(None)
                continue
            members = self.info.group_units(group.code)
            assert members is not None
            earlier = [
                (r.year, r.group_status(group.code, members)) for r in reversed(self.history)
            ]
            year, unreported = find_baseline(self.year, earlier)
            if year is None:
                out.append(None)
                continue
            previous = by_year[year]
            i = [other.code for other in previous.info.groups].index(group.code)
            cmp = compare(row(stats, g), row(previous.group_stats, i), year, self.pool, self.params)
            cmp.unreported = unreported
            out.append(cmp)
        return out

    @cached_property
    def narrative_id(self) -> str:
        return narrative(narrative_input(self, self.pool, self.params, "id"), "id")

    @cached_property
    def narrative_en(self) -> str:
        return narrative(narrative_input(self, self.pool, self.params, "en"), "en")

    @property
    def shown(self) -> bool:
        """Whether the instansi-year shows figures (some valid responses, at least k)."""
        return not self.suppressed and self.n > 0

    @property
    def included(self) -> bool:
        """Whether it enters the national figures, counts and ranks: eligible and shown."""
        return self.eligible and self.shown

    @cached_property
    def unit_baselines(self) -> list[tuple[int | None, tuple[Unreported, ...]]]:
        """Per unit: the latest earlier year in which that unit was shown (None if none, or
        if the unit is not shown now), and the unreported years since then."""
        shown_now = self.unit_stats.n > 0
        out: list[tuple[int | None, tuple[Unreported, ...]]] = []
        for j, unit in enumerate(self.info.units):
            if self.unit_hidden[j] or not shown_now[j]:
                out.append((None, ()))
                continue
            earlier = [(r.year, r.unit_status(unit.code)) for r in reversed(self.history)]
            out.append(find_baseline(self.year, earlier))
        return out

    def unit_status(self, code: str) -> Unreported | None:
        """Why the unit `code` shows no figures in this year; None when it shows them."""
        codes = [u.code for u in self.info.units]
        if code not in codes:
            return Unreported(self.year, NO_RESULTS)
        j = codes.index(code)
        n = int(self.unit_counts[j, Layout.N])
        if n == 0:
            return Unreported(self.year, NO_RESPONSES)
        if self.unit_hidden[j]:
            if n < self.k:
                return Unreported(self.year, HIDDEN, self.k)
            g = self.info.group_of[j] if self.info.groups else -1
            return Unreported(
                self.year, GROUP_HIDDEN if g >= 0 and self.group_hidden[g] else PROTECTED, self.k
            )
        return None

    @cached_property
    def unit_comparisons(self) -> list[Comparison | None]:
        """Each unit against the same unit in its own baseline year (the latest earlier year
        in which that unit was shown); None for a unit without one or not shown now.

        A unit hidden in a year is never a baseline: a change against it would give the
        hidden figures away (this year's figure minus the change).
        Computed when first asked for: a national file has tens of thousands of units.
        """
        by_year = {r.year: r for r in self.history}
        out: list[Comparison | None] = []
        for j, (year, unreported) in enumerate(self.unit_baselines):
            if year is None:
                out.append(None)
                continue
            previous = by_year[year]
            i = [u.code for u in previous.info.units].index(self.info.units[j].code)
            cmp = compare(
                row(self.unit_stats, j), row(previous.unit_stats, i), year, self.pool, self.params
            )
            cmp.unreported = unreported
            out.append(cmp)
        return out

    @cached_property
    def local_comparison(self) -> LocalComparison | None:
        """The local figures against the baseline year of the instansi's comparison, when
        both years have the same local set (None otherwise, or when nothing is shown)."""
        cmp, baseline = self.comparison, self.baseline
        if self.local is None or cmp is None or baseline is None or not self.shown:
            return None
        before = baseline.local
        return compare_local(
            self.local.local_set,
            self.local.stats,
            before.local_set if before else None,
            before.stats if before else None,
            cmp.baseline_year,
            self.params,
        )

    @cached_property
    def local_unit_comparisons(self) -> list[LocalComparison | None]:
        """Each unit's local figures against its own baseline year (`unit_baselines`)."""
        if self.local is None:
            return [None] * len(self.info.units)
        by_year = {r.year: r for r in self.history}
        out: list[LocalComparison | None] = []
        for j, (year, _unreported) in enumerate(self.unit_baselines):
            before = by_year[year].local if year is not None else None
            if year is None or before is None:
                out.append(None)
                continue
            i = [u.code for u in by_year[year].info.units].index(self.info.units[j].code)
            out.append(
                compare_local(
                    self.local.local_set,
                    select_local(self.local.unit_stats, slice(j, j + 1)),
                    before.local_set,
                    select_local(before.unit_stats, slice(i, i + 1)),
                    year,
                    self.params,
                )
            )
        return out

    def warnings(self, lang: str = "id") -> list[str]:
        """Warnings about the instansi-year and its units: more valid respondents than staff
        (the headcount is out of date, so no finite population correction is applied)."""
        out = []
        if self.n > self.info.headcount:
            out.append(headcount_warning(self.info.name, self.n, self.info.headcount, lang))
        return out + [self.unit_warning(j, lang) or "" for j in self.over_headcount]

    def unit_warning(self, j: int, lang: str = "id") -> str | None:
        """The warning of unit j, if it has more valid respondents than staff."""
        if j not in self.over_headcount:
            return None
        unit = self.info.units[j]
        n = int(self.unit_counts[j, Layout.N])
        return headcount_warning(f"{unit.code} {unit.name}", n, unit.headcount, lang, unit=True)

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


@dataclass(frozen=True)
class NationalCombined:
    value: float | None
    """The mean of G over the included instansi that have one (None when none has)."""
    instansi: int
    """How many included instansi have a G."""


@dataclass
class NationalResult:
    year: int
    eligible_instansi: int
    """The included instansi: eligible and shown (n >= k), the only ones in any figure."""
    instansi_total: int
    indices: dict[str, Summary]
    values: dict[str, Summary]
    ranking: list[tuple[str, int, int]]
    """(instansi code, rank overall, rank in region) of each included instansi, best first
    (ties in code order); ties of the rounded I1 share a rank (1, 2, 2, 4)."""
    combined: NationalCombined | None = None
    """The mean of G (§12); None when no instansi-year of the results has evidence."""


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

    @cached_property
    def ranks(self) -> dict[tuple[str, int], tuple[int, int]]:
        """(code, year) -> (rank, rank in region) of each instansi-year in a national roll-up."""
        return {
            (code, nat.year): (rank, region_rank)
            for nat in self.national
            for code, rank, region_rank in nat.ranking
        }


class UnitFigures:
    """The figures of every unit of every instansi-year, computed where first asked for.

    Suppression needs only each unit's n; the summary table and the national roll-up need
    no unit figure at all, so a national file of 46,000 units computes them only when a
    report or the results JSON asks, and only for the units it asks about. They are
    computed in passes over consecutive instansi-years of a few thousand units: the
    intermediate arrays then stay in the processor's cache and in memory already mapped,
    three to five times faster than one pass over a copy of all the counts (72 MB).
    """

    CHUNK = 2048  # units per pass

    def __init__(
        self,
        counts: Sequence[Counts],
        headcounts: npt.NDArray[np.float64],
        pool: ItemPool,
        params: Params,
    ) -> None:
        """`counts`: the (U, W) counts of each instansi-year in turn; `headcounts`: (sum U,)."""
        self.counts, self.headcounts, self.pool, self.params = counts, headcounts, pool, params
        # Pass p: unit rows starts[p]..ends[p], those of instansi-years years[p].
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._years: list[range] = []
        row = first = pass_start = 0
        for i, c in enumerate(counts):
            row += len(c)
            if row - pass_start >= self.CHUNK or i == len(counts) - 1:
                self._starts.append(pass_start)
                self._ends.append(row)
                self._years.append(range(first, i + 1))
                first, pass_start = i + 1, row
        self.size = row
        self._done: dict[int, GroupStats] = {}

    @cached_property
    def stats(self) -> GroupStats:
        """The figures of all units."""
        return self.rows(0, self.size)

    def rows(self, start: int, stop: int) -> GroupStats:
        """The figures of unit rows start..stop (those of one instansi-year are in one pass)."""
        parts = []
        for p in range(max(bisect.bisect_right(self._starts, start) - 1, 0), len(self._starts)):
            if self._starts[p] >= stop:
                break
            offset = self._starts[p]
            parts.append(select(self._pass(p), slice(max(start, offset) - offset, stop - offset)))
        if len(parts) == 1:
            return parts[0]
        if not parts:
            empty = Layout.for_pool(self.pool).empty(0)
            return group_stats(empty, self.headcounts[:0], self.pool, self.params)
        return concatenated(parts)

    def _pass(self, p: int) -> GroupStats:
        if p not in self._done:
            chunk = np.concatenate([self.counts[i] for i in self._years[p]])
            headcounts = self.headcounts[self._starts[p] : self._ends[p]]
            self._done[p] = group_stats(chunk, headcounts, self.pool, self.params)
        return self._done[p]


def narrative_input(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> NarrativeInput:
    values = r.stats.values[0].tolist()
    index = r.implementasi if r.shown else None
    cmp = r.comparison
    i1 = cmp.indices["implementasi"] if cmp else None
    return NarrativeInput(
        year=r.year,
        n=r.n,
        k=r.k,
        index=index,
        category=r.category if index is not None else None,
        value_names=[v.name(lang) for v in pool.values],
        values=values,
        baseline_year=cmp.baseline_year if cmp else None,
        baseline_index=i1.baseline if i1 is not None else None,
        index_change=i1,
        value_changes=[cmp.values[c] for c in pool.value_codes] if cmp else (),
        eligible=r.eligible,
        min_required=r.min_required,
        unreported=r.unreported,
    )
