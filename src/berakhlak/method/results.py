"""What the method computes for instansi-years, their units and the nation: the result types
(docs/method.md §4-§11). `compute.compute_results` makes them; `results_data` and
`results_text` write them as the results JSON of §14.

The parts of an instansi-year's results by feature are computed in their own modules and
answered here: the units' figures (`unit_figures`), the reporting groups'
(`group_results`), the combined index (`combined_results`) and the local value set's
change (`local_comparisons`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from . import combined_results, group_results, local_comparisons
from .change import (
    GROUP_HIDDEN,
    HIDDEN,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    Unreported,
    find_baseline,
)
from .combined import Combined, Evaluation
from .comparison import Comparison, compare
from .counts import Counts, Layout
from .indices import IMPLEMENTASI, GroupStats, row
from .items import ItemPool
from .local import LocalSet
from .local_results import LocalComparison, LocalResult
from .narrative import NarrativeInput, headcount_warning, narrative
from .params import Params
from .unit_figures import UnitFigures


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
        return combined_results.unit_evidence(self)

    @cached_property
    def combined_now(self) -> Combined | None:
        """E and, where the instansi's figures are shown, G, without its change."""
        return combined_results.combined_now(self)

    @cached_property
    def combined(self) -> Combined | None:
        """The instansi's combined index (§12) with its change; None without evidence."""
        return combined_results.instansi_combined(self)

    @cached_property
    def unit_combined_now(self) -> list[Combined | None]:
        """Each unit's combined index without its change."""
        return combined_results.unit_combined_now(self)

    @cached_property
    def unit_combined(self) -> list[Combined | None]:
        """Each unit's combined index with its change (combined_results.unit_combined)."""
        return combined_results.unit_combined(self)

    def unit_combined_of(self, code: str) -> Combined | None:
        """The unit `code`'s combined index without its change (None: not in this year)."""
        for unit, figure in zip(self.info.units, self.unit_combined_now, strict=True):
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
        return group_results.reporting_group_stats(self)

    def group_status(self, code: str, members: frozenset[str]) -> Unreported | None:
        """Why the reporting group `code` with the units `members` shows no figures in this
        year; None when it shows them (group_results.group_status)."""
        return group_results.group_status(self, code, members)

    @cached_property
    def group_comparisons(self) -> list[Comparison | None]:
        """Each shown reporting group against its baseline year (docs/method.md §9)."""
        return group_results.group_comparisons(self)

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
        """The local figures against the baseline year of the instansi's comparison."""
        return local_comparisons.local_comparison(self)

    @cached_property
    def local_unit_comparisons(self) -> list[LocalComparison | None]:
        """Each unit's local figures against its own baseline year (`unit_baselines`)."""
        return local_comparisons.local_unit_comparisons(self)

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
