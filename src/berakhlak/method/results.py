"""Results of instansi-years, their units and the national roll-up (METHOD.md §2-§8, §10).

Input is counts per unit per instansi-year; everything else is computed here, vectorised
over all units and instansi at once.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from json.encoder import encode_basestring
from typing import Any

import numpy as np
import numpy.typing as npt

from .change import Change, change
from .counts import Counts, Layout
from .eligibility import min_required
from .indices import IMPLEMENTASI, INDEX_NAMES, GroupStats, concatenated, group_stats
from .items import ItemPool
from .narrative import NarrativeInput, narrative
from .params import METHOD_ID, Params
from .rounding import category_array
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
    units: UnitFigures = field(repr=False, compare=False)  # where `unit_stats` comes from
    span: tuple[int, int]  # this instansi-year's rows in `units`
    unit_hidden: list[bool]
    min_required: int
    eligible: bool
    suppressed: bool
    pool: ItemPool
    params: Params
    category: str | None  # of the implementation index
    comparison: Comparison | None = None
    baseline: InstansiResult | None = field(default=None, repr=False, compare=False)
    """The earlier year `comparison` is against."""

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

    @cached_property
    def unit_comparisons(self) -> list[Comparison | None]:
        """Each unit against the same unit in the baseline year; [] without a baseline.

        None for a unit hidden in either year: a change against a hidden baseline would give
        the hidden figures away (this year's figure minus the change).
        Computed when first asked for: a national file has tens of thousands of units.
        """
        previous = self.baseline
        if previous is None:
            return []
        before = {
            u.code: j
            for j, u in enumerate(previous.info.units)
            if not previous.unit_hidden[j] and previous.unit_stats.n[j] > 0
        }
        return [
            compare(
                _row(self.unit_stats, j),
                _row(previous.unit_stats, before[u.code]),
                previous.year,
                self.pool,
                self.params,
            )
            if u.code in before and not self.unit_hidden[j]
            else None
            for j, u in enumerate(self.info.units)
        ]

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
    hidden_units = suppress_sibling_groups(
        unit_n,
        [len(d.instansi.units) for d in ordered],
        lambda i: [u.code for u in ordered[i].instansi.units],
        params.k,
    )
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
            suppressed=below_threshold(n, params.k),
            pool=pool,
            params=params,
            category=categories[i],
        )
        results.append(result)
        start = stop
    _compare_years(results, pool, params)
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
    """Compare each instansi-year with the latest earlier year present (units: when asked)."""
    by_code: dict[str, list[InstansiResult]] = {}
    for r in results:
        by_code.setdefault(r.info.code, []).append(r)
    for years in by_code.values():
        years.sort(key=lambda r: r.year)
        for previous, current in itertools.pairwise(years):
            if previous.suppressed or current.suppressed or 0 in (previous.n, current.n):
                continue
            current.comparison = compare(current.stats, previous.stats, previous.year, pool, params)
            current.baseline = previous


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
        category=r.category if index is not None else None,
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
    lang: str,
    level: int,
) -> str:
    """One entry of "instansi", given its encoded figures and those of each unit that is
    not hidden (None for a hidden unit)."""
    pad = "\n" + " " * (level + 3)
    keys = ("code", "name", "n", "headcount", "suppressed", "indices", "values")
    slots = [f"{pad}{encode_basestring(key)}: %s" for key in keys]
    close = "\n" + " " * (level + 2) + "}"
    hidden_unit = "{" + ",".join(slots[:5]) + close
    shown_unit = "{" + ",".join(slots) + close
    units = []
    for unit, n, hidden, shown in zip(
        r.info.units, r.unit_stats.n.tolist(), r.unit_hidden, unit_figures, strict=True
    ):
        head = (encode_basestring(unit.code), encode_basestring(unit.name), n, unit.headcount)
        if shown is None:
            units.append(hidden_unit % (*head, "true" if hidden else "false"))
        else:
            units.append(shown_unit % (*head, "true" if hidden else "false", *shown))
    blank = r.suppressed or r.n == 0
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
        ("indices", figures[0]),
        ("values", figures[1]),
        ("change", _encode(None if blank else _comparison_json(r.comparison), level + 1)),
        ("narrative", encode_basestring(r.narrative(lang))),
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
    blank = np.array([r.suppressed or r.n == 0 for r in results])
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
    """The results JSON (METHOD.md §10) in pieces, narratives in `lang`; ends with a newline.

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
        for i, r in enumerate(entries):
            text = _instansi_text(r, figures[i], unit_figures[i], lang, level=2)
            yield ("[\n  " if start + i == 0 else ",\n  ") + text
    if stop >= len(results.instansi):
        yield "\n ]" if results.instansi else "[]"


def results_json_tail(results: Results) -> str:
    """The results JSON after the list of instansi: the national roll-up."""
    national = [_national_json(n) for n in results.national]
    return f',\n "national": {_encode(national, 1)}\n}}\n'


def results_json(results: Results, lang: str = "id") -> dict[str, Any]:
    """The results JSON (METHOD.md §10) as data."""
    data: dict[str, Any] = json.loads("".join(results_json_text(results, lang)))
    return data
