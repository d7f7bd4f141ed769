"""Everything a leader reads about one instansi-year, computed by the method core.

The dashboard page, the PDF report and the Excel workbook all present this one object, so
they cannot disagree. Suppression is decided here, once: a hidden group carries no figure.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..common.labels import bilingual
from ..method.change import Change
from ..method.compute import compute_results
from ..method.counts import exclusion_flags
from ..method.details import GroupDetails, group_details
from ..method.indices import INDEX_LABELS, INDEX_NAMES, group_stats
from ..method.instrument import CATEGORY_LABELS, DEMOGRAPHIC_LABELS, DEMOGRAPHICS
from ..method.items import AREAS, QUESTION_NAMES, QUESTIONS, ItemPool, default_pool
from ..method.narrative import baseline_note
from ..method.params import METHOD_ID, Params
from ..method.results import (
    InstansiInfo,
    InstansiResult,
    InstansiYear,
    Results,
    UnitInfo,
)
from ..method.rounding import category_array, competition_ranks
from ..method.suppression import suppress_siblings
from ..responses.models import Response
from ..surveys.models import Cycle, Status
from .counts import CycleCounts, cycle_counts, parse_picks


@dataclass
class Figure:
    """One index or value of a group, as displayed."""

    key: str
    label: str
    value: float | None
    category: str | None
    ci: tuple[float, float] | None
    change: Change | None = None
    baseline: float | None = None  # the baseline year's figure, unrounded


@dataclass
class UnitRow:
    code: str
    name: str
    n: int
    headcount: int
    hidden: bool
    implementasi: float | None = None
    values: list[Figure] = field(default_factory=list)
    change: Change | None = None
    rank: int | None = None
    baseline_year: int | None = None  # the unit's own (the latest year it was shown)
    baseline_note: str = ""  # why that is not the year before


@dataclass
class CutRow:
    code: str
    label: str
    n: int
    hidden: bool
    implementasi: float | None = None
    values: list[float | None] = field(default_factory=list)


@dataclass
class Cut:
    dimension: str
    label: str
    rows: list[CutRow]


@dataclass
class Dashboard:
    cycle: Cycle
    lang: str
    pool: ItemPool
    params: Params
    result: InstansiResult
    baseline_year: int | None  # of the instansi's change: the latest earlier year shown
    indices: list[Figure]
    values: list[Figure]
    details: GroupDetails | None
    units: list[UnitRow]
    cuts: list[Cut]
    texts: dict[str, list[str]]
    suppressed: bool
    baseline_note: str = ""  # 'dibandingkan 2022; tahun 2023 tidak dilaporkan karena …'
    warnings: list[str] = field(default_factory=list)  # the instansi's and its units'
    method: str = METHOD_ID

    @property
    def narrative(self) -> str:
        return self.result.narrative(self.lang)

    @property
    def implementasi(self) -> Figure:
        return self.indices[0]

    @property
    def units_compared(self) -> bool:
        """Whether any unit has a change against its own baseline year."""
        return any(u.change is not None for u in self.units)

    @property
    def ranked_units(self) -> list[UnitRow]:
        ranked = (u for u in self.units if u.rank is not None)
        return sorted(ranked, key=lambda u: (u.rank or 0, u.code))


def instansi_year(cycle: Cycle, counts: CycleCounts) -> InstansiYear:
    """A cycle's counts for the method core, with its own anonymity threshold: results of
    several cycles are computed with one set of parameters, and no year may show more than
    its own cycle shows."""
    info = InstansiInfo(
        code=cycle.instansi.code,
        name=cycle.instansi.name,
        region=cycle.instansi.region,
        units=tuple(UnitInfo(u.code, u.name, u.headcount) for u in counts.units),
    )
    return InstansiYear(info, cycle.year, counts.totals, k=cycle.method_params().k)


def earlier_cycles(cycle: Cycle) -> list[Cycle]:
    """The earlier cycles of the same instansi that have results: where the instansi's and
    each unit's baseline year are looked for (the latest earlier year each was shown)."""
    return list(
        Cycle.objects.filter(
            instansi=cycle.instansi,
            year__lt=cycle.year,
            status__in=[Status.CLOSED, Status.PUBLISHED],
        ).order_by("year")
    )


def cycle_results(cycle: Cycle) -> tuple[Results, CycleCounts]:
    """The results of a cycle computed with its parameters, with every earlier year that
    has results (recomputed, under the current method)."""
    counts = cycle_counts(cycle)
    data = [instansi_year(cycle, counts)]
    data += [instansi_year(c, cycle_counts(c)) for c in earlier_cycles(cycle)]
    return compute_results(data, default_pool(), cycle.method_params()), counts


def _figures(
    keys: list[str],
    labels: list[str],
    values: np.ndarray,
    cis: np.ndarray,
    changes: dict[str, Change | None] | None,
    params: Params,
) -> list[Figure]:
    categories = category_array(values, params)
    out = []
    for j, key in enumerate(keys):
        value = float(values[j])
        lo, hi = (float(v) for v in cis[j])
        change = changes.get(key) if changes else None
        out.append(
            Figure(
                key=key,
                label=labels[j],
                value=None if math.isnan(value) else value,
                category=categories[j],
                ci=None if math.isnan(lo) else (lo, hi),
                change=change,
                baseline=change.baseline if change is not None else None,
            )
        )
    return out


def _units(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> list[UnitRow]:
    s = r.unit_stats
    rows = []
    value_labels = [v.name(lang) for v in pool.values]
    for j, unit in enumerate(r.info.units):
        row = UnitRow(unit.code, unit.name, int(s.n[j]), unit.headcount, r.unit_hidden[j])
        if not row.hidden and row.n > 0:
            row.implementasi = float(s.indices[j, 0])
            cmp = r.unit_comparisons[j]
            row.values = _figures(
                list(pool.value_codes),
                value_labels,
                s.values[j],
                s.values_ci[j],
                cmp.values if cmp else None,
                params,
            )
            if cmp is not None:
                row.change = cmp.indices["implementasi"]
                row.baseline_year = cmp.baseline_year
                row.baseline_note = baseline_note(cmp.baseline_year, cmp.unreported, lang)
        rows.append(row)
    # Only the shown units are ranked, by the rounded index; ties share a rank (1, 2, 2, 4).
    shown = [u for u in rows if u.implementasi is not None]
    for u, rank in zip(shown, competition_ranks([u.implementasi for u in shown]), strict=True):
        u.rank = rank
    return rows


def demographic_cuts(
    by_dimension: dict[str, np.ndarray],
    pool: ItemPool,
    params: Params,
    lang: str,
    unit_index: int | None = None,
    k: int | None = None,
) -> list[Cut]:
    """Each demographic of the instansi (or of one unit), categories suppressed as siblings
    with the threshold k that applies to the instansi-year (default: the parameters')."""
    cuts = []
    for name, options in DEMOGRAPHICS.items():
        block = by_dimension[name]
        per_category = block.sum(axis=0) if unit_index is None else block[unit_index]
        stats = group_stats(per_category, np.nan, pool, params)
        ns = [int(n) for n in stats.n]
        hidden = suppress_siblings(ns, list(options), k or params.k)
        rows = []
        for j, code in enumerate(options):
            row = CutRow(code, bilingual(CATEGORY_LABELS[code], lang), ns[j], hidden[j])
            if not hidden[j] and ns[j] > 0:
                row.implementasi = float(stats.indices[j, 0])
                row.values = [float(v) for v in stats.values[j]]
            rows.append(row)
        cuts.append(Cut(name, bilingual(DEMOGRAPHIC_LABELS[name], lang), rows))
    return cuts


def free_texts(
    cycle: Cycle, n: int, k: int, cycle_unit_id: int | None = None
) -> dict[str, list[str]]:
    """Non-empty free texts of a group of n >= k valid respondents, in a shuffled order that
    is stable for the cycle but says nothing about when anything was written."""
    if n < k:
        return {"harapan": [], "saran": []}
    qs = Response.objects.filter(cycle=cycle).exclude(harapan="", saran="")
    if cycle_unit_id is not None:
        qs = qs.filter(cycle_unit_id=cycle_unit_id)
    rows = list(qs.values_list("harapan", "saran", "duration_s", *QUESTIONS))
    valid = _valid(rows, cycle.method_params())
    seed = int(hashlib.sha256(f"texts:{cycle.pk}:{cycle_unit_id}".encode()).hexdigest(), 16)
    out = {}
    for i, name in enumerate(("harapan", "saran")):
        texts = sorted(row[i] for row, ok in zip(rows, valid, strict=True) if ok and row[i])
        random.Random(seed).shuffle(texts)
        out[name] = texts
    return out


def _valid(rows: list[tuple[Any, ...]], params: Params) -> list[bool]:
    """Which rows (harapan, saran, duration_s, pv, cc, dc) are valid responses: the texts of
    speeders and straight-liners are excluded like the rest of their answers."""
    if not rows:
        return []
    duration = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=np.float64)
    pv, cc, dc = (parse_picks([r[3 + j] for r in rows]) for j in range(3))
    speeder, straight = exclusion_flags(pv, cc, dc, duration, params)
    return (~(speeder | straight)).tolist()


def build_dashboard(cycle: Cycle, lang: str = "id") -> Dashboard:
    """The dashboard of a cycle from the database."""
    results, counts = cycle_results(cycle)
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    texts = free_texts(cycle, r.n, r.k)
    return assemble_dashboard(cycle, results, counts.by_dimension, texts, lang)


def assemble_dashboard(
    cycle: Any,
    results: Results,
    by_dimension: dict[str, np.ndarray],
    texts: dict[str, list[str]],
    lang: str,
) -> Dashboard:
    """A dashboard from computed results, whether they came from the database or from files.

    `cycle` needs `.instansi.code`, `.instansi.name`, `.year` and `.item_pool`;
    `by_dimension` holds the cycle's counts per unit x demographic category.
    """
    pool = results.pool
    params = results.params
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    suppressed = not r.shown
    index_labels = [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES]
    value_labels = [v.name(lang) for v in pool.values]
    cmp = r.comparison
    indices = _figures(
        list(INDEX_NAMES),
        index_labels,
        r.stats.indices[0],
        r.stats.indices_ci[0],
        cmp.indices if cmp else None,
        params,
    )
    values = _figures(
        list(pool.value_codes),
        value_labels,
        r.stats.values[0],
        r.stats.values_ci[0],
        cmp.values if cmp else None,
        params,
    )
    if suppressed:
        for f in indices + values:
            f.value = f.category = f.ci = f.change = f.baseline = None
    return Dashboard(
        cycle=cycle,
        lang=lang,
        pool=pool,
        params=params,
        result=r,
        baseline_year=cmp.baseline_year if cmp is not None else None,
        indices=indices,
        values=values,
        details=None if suppressed else group_details(r.counts, pool),
        units=_units(r, pool, params, lang),
        cuts=[] if suppressed else demographic_cuts(by_dimension, pool, params, lang, k=r.k),
        texts={"harapan": [], "saran": []} if suppressed else texts,
        suppressed=suppressed,
        baseline_note=baseline_note(cmp.baseline_year, cmp.unreported, lang) if cmp else "",
        warnings=r.warnings(lang),
    )


def area_names(lang: str) -> list[str]:
    return [bilingual(a, lang) for a in AREAS]


def question_names(lang: str) -> dict[str, str]:
    return {q: bilingual(names, lang) for q, names in QUESTION_NAMES.items()}


@dataclass
class UnitDashboard:
    cycle: Cycle
    lang: str
    pool: ItemPool
    params: Params
    code: str
    name: str
    n: int
    headcount: int
    hidden: bool
    baseline_year: int | None = None  # the unit's own: the latest earlier year it was shown
    baseline_note: str = ""
    warnings: list[str] = field(default_factory=list)
    method: str = METHOD_ID
    indices: list[Figure] = field(default_factory=list)
    values: list[Figure] = field(default_factory=list)
    details: GroupDetails | None = None
    texts: dict[str, list[str]] = field(default_factory=dict)
    rank: int | None = None
    ranked_units: int = 0


def build_unit_dashboard(cycle: Cycle, code: str, lang: str = "id") -> UnitDashboard:
    """One unit's results, or nothing but its n when it is hidden (threshold or complement)."""
    pool = default_pool()
    params = cycle.method_params()
    results, counts = cycle_results(cycle)
    r = results.find(cycle.instansi.code, cycle.year)
    assert r is not None
    j = [u.code for u in r.info.units].index(code)
    unit = r.info.units[j]
    s = r.unit_stats
    view = UnitDashboard(
        cycle,
        lang,
        pool,
        params,
        unit.code,
        unit.name,
        int(s.n[j]),
        unit.headcount,
        r.unit_hidden[j] or int(s.n[j]) == 0,
    )
    warning = r.unit_warning(j, lang)
    view.warnings = [warning] if warning else []
    if view.hidden:
        return view
    cmp = r.unit_comparisons[j]
    if cmp is not None:
        view.baseline_year = cmp.baseline_year
        view.baseline_note = baseline_note(cmp.baseline_year, cmp.unreported, lang)
    view.indices = _figures(
        list(INDEX_NAMES),
        [bilingual(INDEX_LABELS[n], lang) for n in INDEX_NAMES],
        s.indices[j],
        s.indices_ci[j],
        cmp.indices if cmp else None,
        params,
    )
    view.values = _figures(
        list(pool.value_codes),
        [v.name(lang) for v in pool.values],
        s.values[j],
        s.values_ci[j],
        cmp.values if cmp else None,
        params,
    )
    view.details = group_details(r.unit_counts[j], pool)
    view.texts = free_texts(cycle, view.n, r.k, counts.units[j].pk)
    rows = _units(r, pool, params, lang)
    view.rank = rows[j].rank
    view.ranked_units = sum(1 for u in rows if u.rank is not None)
    return view


@dataclass
class DetailsView:
    """GroupDetails ready for templates: labels in the page's language."""

    details: GroupDetails
    pool: ItemPool
    lang: str

    def _item(self, index: int, **extra: object) -> dict[str, object]:
        item = self.pool.items[index]
        return {
            "code": item.code,
            "label": item.label(self.lang),
            "limiting": item.limiting,
            **extra,
        }

    def top10(self) -> list[dict[str, object]]:
        d = self.details
        names = question_names(self.lang)
        partners = {"pv": ("cc",), "cc": ("pv", "dc"), "dc": ("cc",)}
        columns = []
        for q in ("pv", "cc", "dc"):
            matched = set().union(*(d.top_matches(q, other) for other in partners[q]))
            columns.append(
                {
                    "question": q,
                    "name": names[q],
                    "items": [
                        self._item(i, share=d.share(q, i), match=i in matched) for i in d.top10[q]
                    ],
                }
            )
        return columns

    def behaviours(self) -> list[dict[str, object]]:
        return [
            {
                "value": v.name(self.lang),
                "code": v.code,
                "items": [
                    self._item(f.index, votes=f.votes, share=f.share)
                    for f in self.details.behaviours[v.code]
                ],
            }
            for v in self.pool.values
        ]

    def limiting(self, limit: int = 10) -> list[dict[str, object]]:
        return [
            self._item(f.index, votes=f.votes, share=f.share) for f in self.details.limiting[:limit]
        ]

    def jumps(self, limit: int = 10) -> list[dict[str, object]]:
        return [self._item(i, jump=j) for i, j in self.details.jumps[:limit] if j > 0]
