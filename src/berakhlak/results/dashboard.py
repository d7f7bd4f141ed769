"""Everything a leader reads about one instansi-year (or one of its units), assembled from
results the method core computed.

The dashboard page, the PDF report and the Excel workbook all present this one object, so
they cannot disagree, and so does `berakhlak report`, which makes it from files: nothing
here reads the database (`cycle_results.py` does, for the web). Suppression is decided in
this assembly, once: a hidden group carries no figure.

The parts by feature are assembled in their own modules: the figures and unit rows
(`figures`), the reporting groups (`group_rows`), the demographic cuts
(`demographic_cuts`), a unit's trend (`unit_trend`), the local value set
(`local_section`) and the combined index (`combined_view`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..common.labels import bilingual
from ..method.comments import GroupedTexts
from ..method.counts import Counts
from ..method.details import GroupDetails, group_details
from ..method.focus import FocusProposals, propose_focus
from ..method.indices import INDEX_LABELS, INDEX_NAMES
from ..method.items import ItemPool
from ..method.narrative import baseline_note
from ..method.params import METHOD_ID, Params
from ..method.results import InstansiResult, Results
from .combined_view import CombinedView, combined_view
from .demographic_cuts import Cut, demographic_cuts
from .figures import Figure, UnitRow, figures, unit_rows
from .group_rows import GroupRow, group_rows
from .local_section import LocalSection, local_section, local_unit_section
from .unit_evaluation import with_unit_evaluation
from .unit_trend import TrendPoint, unit_trend


@dataclass(frozen=True)
class ReportSubject:
    """Whose results a dashboard or report shows: an instansi in a year. The web makes it
    from a survey cycle, the command line from the files' instansi and year."""

    instansi_code: str
    instansi_name: str
    year: int
    item_pool: str
    texts_key: str
    """Keys the order the free texts' groups are shown in: stable for the subject,
    unrelated to when anything was written (see `method.comments.group_texts`)."""
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
    texts: GroupedTexts
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


def assemble_dashboard(
    subject: ReportSubject,
    results: Results,
    by_dimension: dict[str, Counts],
    texts: GroupedTexts,
    lang: str,
) -> Dashboard:
    """The dashboard, PDF report and workbook of a subject, whether its results came from
    the database (the web) or from files (`berakhlak report`).

    `by_dimension` holds the subject's counts per unit x demographic category; `texts` the
    free texts of its valid responses, grouped (`method.comments.group_all`).
    """
    pool = results.pool
    params = results.params
    r = results.find(subject.instansi_code, subject.year)
    assert r is not None
    suppressed = not r.shown
    index_labels = [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES]
    value_labels = [v.name(lang) for v in pool.values]
    cmp = r.comparison
    indices = figures(
        list(INDEX_NAMES),
        index_labels,
        r.stats.indices[0],
        r.stats.indices_ci[0],
        cmp.indices if cmp else None,
        params,
    )
    values = figures(
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
        units=with_unit_evaluation(unit_rows(r, pool, params, lang), r),
        groups=group_rows(r, pool, params, lang),
        cuts=[] if suppressed else demographic_cuts(by_dimension, pool, params, lang, k=r.k),
        texts={"harapan": [], "saran": []} if suppressed else texts,
        suppressed=suppressed,
        baseline_note=baseline_note(cmp.baseline_year, cmp.unreported, lang) if cmp else "",
        warnings=r.warnings(lang),
        local=local_section(r, lang),
        combined=combined_view(r, lang),
    )


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
    texts: GroupedTexts = field(default_factory=dict)
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
    texts: GroupedTexts,
    lang: str,
) -> UnitDashboard:
    """One unit's results, or nothing but its n when it is hidden (threshold or complement).
    `texts` are the unit's free texts, grouped with the unit's `texts_key`."""
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
        view.instansi_indices = figures(
            list(INDEX_NAMES),
            [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES],
            r.stats.indices[0],
            r.stats.indices_ci[0],
            None,
            params,
        )
        view.instansi_values = figures(
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
    view.indices = figures(
        list(INDEX_NAMES),
        [bilingual(INDEX_LABELS[name], lang) for name in INDEX_NAMES],
        s.indices[j],
        s.indices_ci[j],
        cmp.indices if cmp else None,
        params,
    )
    view.values = figures(
        list(pool.value_codes),
        [v.name(lang) for v in pool.values],
        s.values[j],
        s.values_ci[j],
        cmp.values if cmp else None,
        params,
    )
    view.details = group_details(r.unit_counts[j], pool)
    view.texts = texts
    rows = unit_rows(r, pool, params, lang)
    view.rank = rows[j].rank
    view.ranked_units = sum(1 for u in rows if u.rank is not None)
    view.local = local_unit_section(r, j, lang)
    return view
