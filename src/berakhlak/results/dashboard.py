"""Everything a leader reads about one instansi-year (or one of its units), assembled from
results the method core computed.

The dashboard page, the PDF report and the Excel workbook all present this one object, so
they cannot disagree, and so does `berakhlak report`, which makes it from files: nothing
here reads the database (`cycle_results.py` does, for the web). Suppression is decided
here, once: a hidden group carries no figure.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ..common.labels import bilingual
from ..method.change import Change
from ..method.counts import Counts
from ..method.details import GroupDetails, group_details
from ..method.focus import FocusProposals, propose_focus
from ..method.indices import INDEX_LABELS, INDEX_NAMES, group_stats
from ..method.instrument import CATEGORY_LABELS, DEMOGRAPHIC_LABELS, DEMOGRAPHICS
from ..method.items import ItemPool
from ..method.narrative import baseline_note, unreported_reason
from ..method.params import METHOD_ID, Params
from ..method.results import InstansiResult, Results
from ..method.rounding import category_array, competition_ranks
from ..method.suppression import suppress_siblings
from .combined_view import CombinedView, combined_view
from .local_section import LocalSection, local_section, local_unit_section

Floats = npt.NDArray[np.float64]


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
    group: str = ""  # the name of its reporting group (docs/method.md §9), if any


@dataclass
class GroupRow(UnitRow):
    """A reporting group (docs/method.md §9): its units reported as one. Never ranked."""

    units: list[str] = field(default_factory=list)  # the names of its units


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


@dataclass(frozen=True)
class ReportSubject:
    """Whose results a dashboard or report shows: an instansi in a year. The web makes it
    from a survey cycle, the command line from the files' instansi and year."""

    instansi_code: str
    instansi_name: str
    year: int
    item_pool: str
    texts_key: str
    """Seeds the order the free texts are shown in: stable for the subject, unrelated to
    when anything was written (see `shuffled_texts`)."""
    cycle_pk: int | None = None
    """The survey cycle on the web (its pages link to it); None for files."""


@dataclass
class Dashboard:
    subject: ReportSubject
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
    groups: list[GroupRow] = field(default_factory=list)
    local: LocalSection | None = None  # the instansi's local value set (docs/method.md §18)
    combined: CombinedView | None = None  # E and G of a cycle with an evaluation (§12)

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
    def k(self) -> int:
        """The anonymity threshold that applies to this instansi-year (docs/method.md §9)."""
        return self.result.k

    @property
    def ranked_units(self) -> list[UnitRow]:
        ranked = (u for u in self.units if u.rank is not None)
        return sorted(ranked, key=lambda u: (u.rank or 0, u.code))

    @property
    def focus_proposals(self) -> FocusProposals:
        """What to work on next (docs/method.md, "Usulan nilai fokus"): from shown figures
        only, so nothing for a hidden instansi-year."""
        return propose_focus(
            [f.key for f in self.values],
            [f.value for f in self.values],
            {f.key: f.change for f in self.values},
            self.details,
            self.pool,
        )


def _figures(
    keys: list[str],
    labels: list[str],
    values: Floats,
    cis: Floats,
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
    group_names = {g.code: g.name for g in r.info.groups}
    for j, unit in enumerate(r.info.units):
        row = UnitRow(unit.code, unit.name, int(s.n[j]), unit.headcount, r.unit_hidden[j])
        row.group = group_names.get(unit.group or "", "")
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


def _groups(r: InstansiResult, pool: ItemPool, params: Params, lang: str) -> list[GroupRow]:
    """The reporting groups with their figures, from their units' summed counts; a group
    hidden by the first step of docs/method.md §9 shows nothing but its n."""
    s = r.group_stats
    rows = []
    value_labels = [v.name(lang) for v in pool.values]
    comparisons = r.group_comparisons
    for g, group in enumerate(r.info.groups):
        members = r.info.group_members[g]
        row = GroupRow(
            group.code,
            group.name,
            int(s.n[g]),
            sum(r.info.units[j].headcount for j in members),
            r.group_hidden[g],
            units=[r.info.units[j].name for j in members],
        )
        if not row.hidden and row.n > 0:
            row.implementasi = float(s.indices[g, 0])
            cmp = comparisons[g]
            row.values = _figures(
                list(pool.value_codes),
                value_labels,
                s.values[g],
                s.values_ci[g],
                cmp.values if cmp else None,
                params,
            )
            if cmp is not None:
                row.change = cmp.indices["implementasi"]
                row.baseline_year = cmp.baseline_year
                row.baseline_note = baseline_note(cmp.baseline_year, cmp.unreported, lang)
        rows.append(row)
    return rows


def demographic_cuts(
    by_dimension: dict[str, Counts],
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


def shuffled_texts(texts: dict[str, list[str]], subject: ReportSubject) -> dict[str, list[str]]:
    """The free texts in an order that is stable for the subject but says nothing about when
    anything was written: sorted, then shuffled from a seed of the subject's `texts_key`."""
    seed = int(hashlib.sha256(subject.texts_key.encode()).hexdigest(), 16)
    out = {}
    for name, given in texts.items():
        ordered = sorted(given)
        random.Random(seed).shuffle(ordered)
        out[name] = ordered
    return out


def assemble_dashboard(
    subject: ReportSubject,
    results: Results,
    by_dimension: dict[str, Counts],
    texts: dict[str, list[str]],
    lang: str,
) -> Dashboard:
    """The dashboard, PDF report and workbook of a subject, whether its results came from
    the database (the web) or from files (`berakhlak report`).

    `by_dimension` holds the subject's counts per unit x demographic category; `texts` the
    free texts of its valid responses, in any order (they are shuffled here).
    """
    pool = results.pool
    params = results.params
    r = results.find(subject.instansi_code, subject.year)
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
        subject=subject,
        lang=lang,
        pool=pool,
        params=params,
        result=r,
        baseline_year=cmp.baseline_year if cmp is not None else None,
        indices=indices,
        values=values,
        details=None if suppressed else group_details(r.counts, pool),
        units=_units(r, pool, params, lang),
        groups=_groups(r, pool, params, lang),
        cuts=[] if suppressed else demographic_cuts(by_dimension, pool, params, lang, k=r.k),
        texts={"harapan": [], "saran": []} if suppressed else shuffled_texts(texts, subject),
        suppressed=suppressed,
        baseline_note=baseline_note(cmp.baseline_year, cmp.unreported, lang) if cmp else "",
        warnings=r.warnings(lang),
        local=local_section(r, lang),
        combined=combined_view(r, lang),
    )


@dataclass
class TrendPoint:
    """One year of a unit's trend: its Indeks BerAKHLAK as shown that year, or a gap with
    the reason; the instansi's index beside it (None when the instansi was not shown)."""

    year: int
    value: float | None
    category: str | None
    instansi: float | None
    reason: str = ""


def unit_trend(r: InstansiResult, code: str, lang: str) -> list[TrendPoint]:
    """The unit `code` (matched by its code) in every year of the instansi's data up to
    r's, oldest first: each year exactly as that year's results show it."""
    out = []
    for year_result in [*r.history, r]:
        status = year_result.unit_status(code)
        instansi = year_result.implementasi if year_result.shown else None
        if status is not None:
            reason = unreported_reason(status, lang)
            out.append(TrendPoint(year_result.year, None, None, instansi, reason))
            continue
        j = [u.code for u in year_result.info.units].index(code)
        value = float(year_result.unit_stats.indices[j, 0])
        [cat] = category_array(np.array([value]), year_result.params)
        out.append(TrendPoint(year_result.year, value, cat, instansi))
    return out


@dataclass
class UnitDashboard:
    subject: ReportSubject
    lang: str
    pool: ItemPool
    params: Params
    code: str
    name: str
    n: int
    headcount: int
    hidden: bool
    k: int  # the anonymity threshold that applies (docs/method.md §9)
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
    group: str = ""  # the name of its reporting group (docs/method.md §9), if any
    local: LocalSection | None = None  # the unit's figures of the local value set
    # The instansi's figures beside the unit's (empty when the instansi is not shown), and
    # the unit's trend over every year of the instansi's data.
    instansi_indices: list[Figure] = field(default_factory=list)
    instansi_values: list[Figure] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)

    @property
    def value_pairs(self) -> list[tuple[Figure, Figure | None]]:
        """Each value of the unit with the instansi's (None when the instansi is hidden)."""
        others: list[Figure | None] = list(self.instansi_values) or [None] * len(self.values)
        return list(zip(self.values, others, strict=True))

    @property
    def index_pairs(self) -> list[tuple[Figure, Figure | None]]:
        others: list[Figure | None] = list(self.instansi_indices) or [None] * len(self.indices)
        return list(zip(self.indices, others, strict=True))

    @property
    def trend_gaps(self) -> list[TrendPoint]:
        return [p for p in self.trend if p.value is None]


def assemble_unit_dashboard(
    subject: ReportSubject,
    results: Results,
    code: str,
    texts: dict[str, list[str]],
    lang: str,
) -> UnitDashboard:
    """One unit's results, or nothing but its n when it is hidden (threshold or complement).
    `subject` is the unit's: its `texts_key` orders the unit's free texts."""
    pool, params = results.pool, results.params
    r = results.find(subject.instansi_code, subject.year)
    assert r is not None
    j = [u.code for u in r.info.units].index(code)
    unit = r.info.units[j]
    s = r.unit_stats
    n = int(s.n[j])
    view = UnitDashboard(
        subject,
        lang,
        pool,
        params,
        unit.code,
        unit.name,
        n,
        unit.headcount,
        r.unit_hidden[j] or n == 0,
        r.k,
    )
    view.group = {g.code: g.name for g in r.info.groups}.get(unit.group or "", "")
    warning = r.unit_warning(j, lang)
    view.warnings = [warning] if warning else []
    if view.hidden:  # nothing but its n, not even earlier years
        return view
    view.trend = unit_trend(r, code, lang)
    if r.shown:  # the instansi's own figures, as its dashboard shows them
        view.instansi_indices = _figures(
            list(INDEX_NAMES),
            [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES],
            r.stats.indices[0],
            r.stats.indices_ci[0],
            None,
            params,
        )
        view.instansi_values = _figures(
            list(pool.value_codes),
            [v.name(lang) for v in pool.values],
            r.stats.values[0],
            r.stats.values_ci[0],
            None,
            params,
        )
    cmp = r.unit_comparisons[j]
    if cmp is not None:
        view.baseline_year = cmp.baseline_year
        view.baseline_note = baseline_note(cmp.baseline_year, cmp.unreported, lang)
    view.indices = _figures(
        list(INDEX_NAMES),
        [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES],
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
    view.texts = shuffled_texts(texts, subject)
    rows = _units(r, pool, params, lang)
    view.rank = rows[j].rank
    view.ranked_units = sum(1 for u in rows if u.rank is not None)
    view.local = local_unit_section(r, j, lang)
    return view
