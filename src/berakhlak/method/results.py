"""Results of instansi-years, their units and the national roll-up (docs/method.md §4-§11,
§14).

Input is counts per unit per instansi-year; everything else is computed here, vectorised
over all units and instansi at once.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from json.encoder import encode_basestring
from typing import Any

import numpy as np
import numpy.typing as npt

from .change import (
    HIDDEN,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    Change,
    Unreported,
    changes,
    find_baseline,
)
from .counts import Counts, Layout
from .eligibility import min_required
from .indices import IMPLEMENTASI, INDEX_NAMES, GroupStats, concatenated, group_stats
from .items import ItemPool
from .narrative import NarrativeInput, headcount_warning, narrative
from .params import METHOD_ID, Params
from .rounding import category_array, competition_ranks
from .suppression import below_threshold, suppress_sibling_groups

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

    @cached_property
    def headcount(self) -> int:
        return sum(u.headcount for u in self.units)


@dataclass(frozen=True)
class InstansiYear:
    """Counts of one instansi in one year, one row per unit in `instansi.units` order."""

    instansi: InstansiInfo
    year: int
    unit_counts: Counts
    k: int | None = None
    """The anonymity threshold of this year's own survey cycle, where it has one: the larger
    of it and the computation's k applies (a year is never shown more than its cycle shows)."""


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
    unreported: tuple[Unreported, ...] = ()
    """The years between the baseline year and this one, none of them reported, and why."""


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

    @cached_property
    def unit_stats(self) -> GroupStats:
        """The figures of each unit (U rows), from the pass of `units` that holds them."""
        return self.units.rows(*self.span)

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
            return Unreported(self.year, HIDDEN if n < self.k else PROTECTED, self.k)
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
                _row(self.unit_stats, j), _row(previous.unit_stats, i), year, self.pool, self.params
            )
            cmp.unreported = unreported
            out.append(cmp)
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

    def to_json(self, lang: str = "id") -> dict[str, Any]:
        return results_json(self, lang)


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
            parts.append(_rows(self._pass(p), max(start, offset) - offset, stop - offset))
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
    over = np.flatnonzero(unit_n > unit_headcounts).tolist()  # few: out-of-date headcounts
    all_inst = group_stats(inst_counts.reshape(len(ordered), width), inst_headcounts, pool, params)
    categories = category_array(all_inst.indices[:, IMPLEMENTASI], params)

    results = []
    start = 0
    for i, d in enumerate(ordered):
        stop = start + len(d.instansi.units)
        stats = _row(all_inst, i)
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
        )
        results.append(result)
        start = stop
    _compare_years(results, all_inst, pool, params)
    return Results(pool, params, results, national_rollup(results, pool, params))


def compare(
    current: GroupStats, previous: GroupStats, baseline_year: int, pool: ItemPool, params: Params
) -> Comparison:
    """Change of every index and value of a one-row group against its baseline."""
    return _comparisons(current, previous, [baseline_year], pool, params)[0]


def _comparisons(
    current: GroupStats,
    previous: GroupStats,
    baseline_years: Sequence[int],
    pool: ItemPool,
    params: Params,
) -> list[Comparison]:
    """Comparison of each row of `current` with the same row of `previous`, all at once."""
    indices = changes(
        current.indices, previous.indices, current.indices_se, previous.indices_se, params
    )
    values = changes(current.values, previous.values, current.values_se, previous.values_se, params)
    return [
        Comparison(
            year,
            dict(zip(INDEX_NAMES, idx, strict=True)),
            dict(zip(pool.value_codes, val, strict=True)),
        )
        for year, idx, val in zip(baseline_years, indices, values, strict=True)
    ]


def _status(r: InstansiResult) -> Unreported | None:
    """Why an instansi-year shows no figures; None when it shows them."""
    if r.n == 0:
        return Unreported(r.year, NO_RESPONSES)
    return Unreported(r.year, HIDDEN, r.k) if r.suppressed else None


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
    current_rows = GroupStats(**{f: getattr(stats, f)[now] for f in stats.__dataclass_fields__})
    previous_rows = GroupStats(**{f: getattr(stats, f)[before] for f in stats.__dataclass_fields__})
    for (i, j), cmp in zip(
        pairs, _comparisons(current_rows, previous_rows, years, pool, params), strict=True
    ):
        cmp.unreported = results[i].unreported
        results[i].comparison = cmp
        results[i].baseline = results[j]


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
            )
        )
    return out


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
    return sorted(rows, key=lambda row: (row[1], row[0]))


# --- Results JSON (docs/method.md §14) --------------------------------------------------------
#
# The JSON is written as text straight from the arrays: building a dict for every figure of
# tens of thousands of units and encoding them with json.dumps(indent=1), which has no fast
# path for indented output, takes many times longer than computing the results. The text is
# exactly what json.dumps(data, ensure_ascii=False, allow_nan=False, indent=1) gives for the
# data (`results_json` parses it back into that data); the figures of all units are
# formatted at once from templates, everything else by `_encode`.


def _encode(obj: Any, level: int) -> str:
    """json.dumps(obj, ensure_ascii=False, allow_nan=False, indent=1), nested `level` deep."""
    if isinstance(obj, dict):
        return _object([(key, _encode(value, level + 1)) for key, value in obj.items()], level)
    if isinstance(obj, list | tuple):
        return _array([_encode(value, level + 1) for value in obj], level)
    if isinstance(obj, str):
        return encode_basestring(obj)
    if obj is None:
        return "null"
    if obj is True:
        return "true"
    if obj is False:
        return "false"
    if isinstance(obj, int):
        return int.__repr__(obj)
    if isinstance(obj, float):
        return _float(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _float(x: float) -> str:
    if not math.isfinite(x):
        raise ValueError(f"Out of range float values are not JSON compliant: {x!r}")
    return float.__repr__(x)


def _object(fields: Sequence[tuple[str, str]], level: int) -> str:
    """A JSON object of already encoded values, laid out as json.dumps(indent=1) does."""
    if not fields:
        return "{}"
    pad = "\n" + " " * (level + 1)
    body = ("," + pad).join(f"{encode_basestring(key)}: {value}" for key, value in fields)
    return "{" + pad + body + "\n" + " " * level + "}"


def _array(items: Sequence[str], level: int) -> str:
    if not items:
        return "[]"
    pad = "\n" + " " * (level + 1)
    return "[" + pad + ("," + pad).join(items) + "\n" + " " * level + "]"


def _texts(
    x: npt.NDArray[np.float64], encode: Callable[[list[str], npt.NDArray[np.float64]], list[str]]
) -> npt.NDArray[np.object_]:
    """An object array of x's shape: encode(JSON of the floats, the floats) of each value.

    Many figures repeat (a share k/n for small n), so each distinct value is encoded once;
    distinct by its bits, so that 0.0 and -0.0 stay apart.
    """
    bits, inverse = np.unique(np.ascontiguousarray(x).view(np.int64), return_inverse=True)
    distinct = bits.view(np.float64)
    texts = np.array(encode(list(map(float.__repr__, distinct.tolist())), distinct), dtype=object)
    return texts[inverse.reshape(x.shape)]


def _figure_blocks(
    values: npt.NDArray[np.float64],
    cis: npt.NDArray[np.float64],
    names: Sequence[str],
    params: Params,
    level: int,
) -> list[str]:
    """Per row of `values` (G, K) and `cis` (G, K, 2): the encoded object
    {name: {"value", "category", "ci95"}} of its K figures; NaN is "no figure" (null)."""
    if len(values) == 0:
        return []
    lo = cis[..., 0]
    interval = ~np.isnan(lo)
    for x in (values[~np.isnan(values)], lo[interval], cis[..., 1][interval]):
        if not np.isfinite(x).all():
            _float(float(x[~np.isfinite(x)][0]))  # raises as json.dumps does
    hi = np.where(interval, cis[..., 1], np.nan)
    p1 = "\n" + " " * (level + 2)  # the fields of a figure
    p2 = p1 + " "  # the bounds of its interval

    def value_and_category(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        categories = category_array(x, params)
        return [
            f'null,{p1}"category": null' if c is None else f'{t},{p1}"category": "{c}"'
            for t, c in zip(texts, categories, strict=True)
        ]

    def lower(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        nan = np.isnan(x).tolist()
        return ["null" if n else f"[{p2}{t},{p2}" for t, n in zip(texts, nan, strict=True)]

    def upper(texts: list[str], x: npt.NDArray[np.float64]) -> list[str]:
        nan = np.isnan(x).tolist()
        return ["" if n else f"{t}{p1}]" for t, n in zip(texts, nan, strict=True)]

    # The block with three %s per figure: value and category; "[" and the lower bound, or
    # "null"; the upper bound and "]", or "".
    figure = f'{{{p1}"value": %s,{p1}"ci95": %s%s{p1[:-1]}}}'
    template = (
        "{"
        + ",".join(
            f"\n{' ' * (level + 1)}{encode_basestring(name).replace('%', '%%')}: {figure}"
            for name in names
        )
        + "\n"
        + " " * level
        + "}"
    )
    slots = [_texts(values, value_and_category), _texts(lo, lower), _texts(hi, upper)]
    rows = np.stack(slots, axis=2).reshape(len(values), -1)  # the %s of a block in order
    return [template % row for row in zip(*rows.T.tolist(), strict=True)]


def _comparison_text(cmp: Comparison | None, level: int) -> str:
    """The encoded "change" object at `level`: what _encode gives for its data, written
    straight from the Change objects (a national file has thirteen of them per instansi)."""
    if cmp is None:
        return "null"
    pad = "\n" + " " * (level + 1)
    names, fields = pad + " ", pad + "  "
    close = pad + " }"
    template = (
        f'{{{fields}"delta": %s,{fields}"delta_shown": %s,{fields}"direction": "%s",'
        f'{fields}"significant": %s{close}'
    )
    significant = {None: "null", True: "true", False: "false"}

    def part(changes: dict[str, Change | None]) -> str:
        items = [
            f"{names}{encode_basestring(key)}: "
            + (
                "null"
                if c is None
                else template
                % (_float(c.delta), _float(c.delta_shown), c.direction, significant[c.significant])
            )
            for key, c in changes.items()
        ]
        return "{" + ",".join(items) + pad + "}" if items else "{}"

    return (
        f'{{{pad}"baseline_year": {cmp.baseline_year},{pad}"indices": {part(cmp.indices)},'
        f'{pad}"values": {part(cmp.values)}\n{" " * level}}}'
    )


def _encoded_figures(
    stats: Sequence[GroupStats],
    rows: npt.NDArray[np.intp],
    blank: npt.NDArray[np.bool_],
    pool: ItemPool,
    params: Params,
    level: int,
) -> list[tuple[str, str]]:
    """The encoded "indices" and "values" objects of `rows` of the concatenated `stats`;
    a blank row shows no figures (all null)."""
    arrays = []
    for name in ("indices", "indices_ci", "values", "values_ci"):
        x = np.concatenate([getattr(s, name) for s in stats])[rows]
        arrays.append(np.where(blank.reshape((-1,) + (1,) * (x.ndim - 1)), np.nan, x))
    indices = _figure_blocks(arrays[0], arrays[1], INDEX_NAMES, params, level)
    values = _figure_blocks(arrays[2], arrays[3], pool.value_codes, params, level)
    return list(zip(indices, values, strict=True))


def _instansi_text(
    r: InstansiResult,
    figures: tuple[str, str],
    unit_figures: Sequence[tuple[str, str] | None],
    rank: tuple[int, int] | None,
    lang: str,
    level: int,
) -> str:
    """One entry of "instansi", given its encoded figures, those of each unit that is not
    hidden (None for a hidden unit) and its national ranks (None when not included)."""
    pad = "\n" + " " * (level + 3)
    keys = ("code", "name", "n", "headcount", "suppressed", "indices", "values")
    slots = [f"{pad}{encode_basestring(key)}: %s" for key in keys]
    # §12 and §13 (the combined index, local value sets) are not computed by this version:
    # their keys are there, null, so that the shape of an entry is that of §14.
    later = f'{pad}"combined": null,{pad}"local": null'
    close = "\n" + " " * (level + 2) + "}"
    hidden_unit = "{" + ",".join(slots[:5]) + "," + later + close
    shown_unit = "{" + ",".join(slots) + "," + later + close
    units = []
    for unit, n, hidden, shown in zip(
        r.info.units, r.unit_stats.n.tolist(), r.unit_hidden, unit_figures, strict=True
    ):
        head = (encode_basestring(unit.code), encode_basestring(unit.name), n, unit.headcount)
        if shown is None:
            units.append(hidden_unit % (*head, "true" if hidden else "false"))
        else:
            units.append(shown_unit % (*head, "true" if hidden else "false", *shown))
    fields = [
        ("code", encode_basestring(r.info.code)),
        ("name", encode_basestring(r.info.name)),
        ("region", encode_basestring(r.info.region)),
        ("year", str(r.year)),
        ("n", str(r.n)),
        ("n_excluded", str(int(r.stats.n_excluded[0]))),
        ("headcount", str(r.info.headcount)),
        ("min_required", str(r.min_required)),
        ("eligible", "true" if r.eligible else "false"),
        ("rank", "null" if rank is None else str(rank[0])),
        ("rank_region", "null" if rank is None else str(rank[1])),
        ("indices", figures[0]),
        ("values", figures[1]),
        ("change", _comparison_text(r.comparison if r.shown else None, level + 1)),
        ("narrative", encode_basestring(r.narrative(lang))),
        ("warnings", _encode(r.warnings(lang), level + 1)),
        ("combined", "null"),
        ("local", "null"),
        ("units", _array(units, level + 1)),
    ]
    return _object(fields, level)


def _all_figures(
    results: Sequence[InstansiResult], level: int
) -> tuple[list[tuple[str, str]], list[list[tuple[str, str] | None]]]:
    """Encoded figures of every instansi-year (at `level`) and of each of its units (two
    levels deeper; None for a hidden unit), computed for all of them at once."""
    if not results:
        return [], []
    pool, params = results[0].pool, results[0].params
    blank = np.array([not r.shown for r in results])
    instansi = _encoded_figures(
        [r.stats for r in results], np.arange(len(results)), blank, pool, params, level
    )
    stats = [r.unit_stats for r in results]
    hidden = np.concatenate([np.asarray(r.unit_hidden, dtype=bool) for r in results])
    shown = np.flatnonzero(~hidden)
    n = np.concatenate([s.n for s in stats])[shown]
    encoded = _encoded_figures(stats, shown, n == 0, pool, params, level + 2)
    flat: list[tuple[str, str] | None] = [None] * len(hidden)
    for i, row in enumerate(shown.tolist()):
        flat[row] = encoded[i]
    units = []
    start = 0
    for r in results:
        units.append(flat[start : start + len(r.info.units)])
        start += len(r.info.units)
    return instansi, units


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


def results_json_text(results: Results, lang: str = "id") -> Iterator[str]:
    """The results JSON (docs/method.md §14) in pieces, narratives in `lang`; ends with a newline.

    Joined, the pieces are json.dumps(results_json(results), ensure_ascii=False,
    allow_nan=False, indent=1) + "\n".
    """
    yield results_json_head(results)
    yield from instansi_json_texts(results, lang, 0, len(results.instansi))
    yield results_json_tail(results)


def results_json_head(results: Results) -> str:
    """The results JSON up to the list of instansi."""
    params = _encode(results.params.as_dict(), 1)
    return f'{{\n "method": {encode_basestring(METHOD_ID)},\n "params": {params},\n "instansi": '


def instansi_json_texts(results: Results, lang: str, start: int, stop: int) -> Iterator[str]:
    """The entries start..stop of the JSON list of instansi, each with the "[" or "," before
    it, and after the last entry of all the "]" that closes the list: the texts of
    consecutive spans, joined, are those of their union."""
    entries = results.instansi[start:stop]
    if entries:
        figures, unit_figures = _all_figures(entries, level=3)
        ranks = results.ranks
        for i, r in enumerate(entries):
            rank = ranks.get((r.info.code, r.year))
            text = _instansi_text(r, figures[i], unit_figures[i], rank, lang, level=2)
            yield ("[\n  " if start + i == 0 else ",\n  ") + text
    if stop >= len(results.instansi):
        yield "\n ]" if results.instansi else "[]"


def results_json_tail(results: Results) -> str:
    """The results JSON after the list of instansi: the national roll-up."""
    national = [_national_json(n) for n in results.national]
    return f',\n "national": {_encode(national, 1)}\n}}\n'


def results_json(results: Results, lang: str = "id") -> dict[str, Any]:
    """The results JSON (docs/method.md §14) as data."""
    data: dict[str, Any] = json.loads("".join(results_json_text(results, lang)))
    return data
