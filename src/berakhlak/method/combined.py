"""The combined index of self-run cycles (docs/method.md §12).

Since 2025 an instansi's result is 80% survey and 20% *Evaluasi Implementasi BerAKHLAK*: an
evaluation team scores each unit's evidence on a rubric of criteria, 0 .. scale_max (by
default 0 merah, 1 kuning, 2 hijau). A unit's evidence score E_u is the weighted share of the
points it could earn, a criterion without a score earning 0; the instansi's E is the mean of
E_u over all its units (none at all when the instansi has no score whatever). The Indeks
BerAKHLAK gabungan G = w_s * I1 + w_e * E, for the instansi and each unit whose survey
figures are shown; a hidden unit shows E alone (it holds no respondent data). The survey-only
I1 is always shown beside G and never replaced by it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .change import Change, change
from .params import Params
from .rounding import category


@dataclass(frozen=True)
class Criterion:
    code: str
    name_id: str
    name_en: str
    weight: float = 1.0

    def name(self, lang: str = "id") -> str:
        return self.name_en if lang == "en" else self.name_id


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    scale_max: int = 2
    """Each criterion is scored 0..scale_max; E is the weighted share of the points."""

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ValueError("a rubric needs at least one criterion")
        if len({c.code for c in self.criteria}) != len(self.criteria):
            raise ValueError("criterion codes must be unique")
        if any(not (c.weight > 0 and math.isfinite(c.weight)) for c in self.criteria):
            raise ValueError("criterion weights must be positive")
        if not isinstance(self.scale_max, int) or self.scale_max < 1:
            raise ValueError("the scale needs at least two points (0 and 1)")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)

    def find(self, code: str) -> Criterion | None:
        return next((c for c in self.criteria if c.code == code), None)

    def as_dict(self) -> dict[str, object]:
        """The rubric as stored with a cycle (and read back by `rubric_from_dict`)."""
        return {
            "scale_max": self.scale_max,
            "criteria": [
                {"code": c.code, "name_id": c.name_id, "name_en": c.name_en, "weight": c.weight}
                for c in self.criteria
            ],
        }


def rubric_from_dict(data: Mapping[str, object]) -> Rubric:
    criteria = data["criteria"]
    scale_max = data["scale_max"]
    assert isinstance(criteria, list) and isinstance(scale_max, int)
    return Rubric(
        tuple(
            Criterion(str(c["code"]), str(c["name_id"]), str(c["name_en"]), float(c["weight"]))
            for c in criteria
        ),
        scale_max,
    )


DEFAULT_RUBRIC = Rubric(
    criteria=(
        Criterion("KP", "Komitmen pimpinan", "Leadership commitment"),
        Criterion("AG", "Agen perubahan", "Change agents"),
        Criterion("RM", "Role model", "Role models"),
        Criterion("IN", "Internalisasi", "Internalisation"),
        Criterion("KM", "Komunikasi", "Communication"),
        Criterion("PS", "Penyelarasan sistem", "Aligning systems"),
        Criterion("RA", "Rencana aksi", "Action plan"),
        Criterion("AP", "Apresiasi", "Recognition"),
    ),
    scale_max=2,
)
"""The method's default rubric (docs/method.md §12): eight criteria, weight 1, scale 0..2."""

MERAH, KUNING, HIJAU = "merah", "kuning", "hijau"


def light(score: int, scale_max: int) -> str:
    """The traffic light of a score: 0 merah, the top of the scale hijau, between kuning."""
    if score <= 0:
        return MERAH
    return HIJAU if score >= scale_max else KUNING


def unit_evidence(scores: Mapping[str, int], rubric: Rubric = DEFAULT_RUBRIC) -> float:
    """E_u = 100 * sum_c w_c * s_uc / (scale_max * sum_c w_c); a criterion without a score
    scores 0 (nothing submitted earns nothing)."""
    points = sum(c.weight * scores.get(c.code, 0) for c in rubric.criteria)
    total = sum(c.weight for c in rubric.criteria)
    return 100.0 * points / (rubric.scale_max * total)


def instansi_evidence(unit_scores: Sequence[float]) -> float | None:
    """E of the instansi: the mean of E_u over all its units (those without evidence count
    with their 0); None for an instansi without units."""
    return sum(unit_scores) / len(unit_scores) if unit_scores else None


@dataclass(frozen=True)
class Evaluation:
    """The evaluators' scores of one instansi-year: unit code -> criterion code -> score.

    An instansi-year without an Evaluation (or with one that has no score at all) has no E
    and no combined index; a unit of an evaluated instansi without scores has E_u = 0."""

    rubric: Rubric
    scores: Mapping[str, Mapping[str, int]]

    @property
    def empty(self) -> bool:
        return not any(self.scores.values())

    def unit_scores(self, unit_codes: Sequence[str]) -> list[float]:
        """E_u of each unit, in the order given."""
        return [unit_evidence(self.scores.get(code, {}), self.rubric) for code in unit_codes]


def combined_index(implementasi: float, evidence: float, params: Params) -> float:
    """G = w_s * I1 + w_e * E."""
    return params.survey_weight * implementasi + params.evidence_weight * evidence


@dataclass(frozen=True)
class Combined:
    """The combined index of one group: E, and G where the group's survey figures are
    shown (else None, and so are its category, interval and change)."""

    evidence: float
    value: float | None = None
    category: str | None = None
    ci95: tuple[float, float] | None = None
    se: float = math.nan
    """se(G) = w_s * se(I1), for the change test; NaN without one."""
    change: Change | None = None
    baseline_year: int | None = None


def combined(
    evidence: float,
    implementasi: float | None,
    ci95: tuple[float, float] | None,
    se: float,
    params: Params,
) -> Combined:
    """E and, when I1 is given (the group's survey figures are shown), G with its category
    and interval [w_s * lo + w_e * E, w_s * hi + w_e * E]."""
    if implementasi is None or math.isnan(implementasi):
        return Combined(evidence)
    g = combined_index(implementasi, evidence, params)
    interval = None
    if ci95 is not None and not math.isnan(ci95[0]):
        w_s, w_e = params.survey_weight, params.evidence_weight
        interval = (w_s * ci95[0] + w_e * evidence, w_s * ci95[1] + w_e * evidence)
    return Combined(evidence, g, category(g, params), interval, params.survey_weight * se)


def with_change(current: Combined, baseline: Combined, year: int, params: Params) -> Combined:
    """`current` with its change against `baseline` (the latest earlier year in which the
    group had a shown G): as for I1, with se(G) = w_s * se(I1)."""
    if current.value is None or baseline.value is None:
        return current
    c = change(current.value, baseline.value, current.se, baseline.se, params)
    return Combined(
        current.evidence, current.value, current.category, current.ci95, current.se, c, year
    )
