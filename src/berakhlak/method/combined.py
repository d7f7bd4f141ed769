"""The combined index of self-run cycles (docs/method.md §12).

Indeks BerAKHLAK gabungan = w_s * I1 + w_e * E, where E (0-100) is the evidence score of
the *Evaluasi Implementasi BerAKHLAK*: evaluators score each unit's documented activities
(change agents, role models, internalisation programmes, ...) on a rubric. The instansi's E
is the mean of its units' E. The survey-only I1 is always reported beside the combined one.
The rubric (criteria, weights, scoring scale) is configuration of the cycle.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .params import Params


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
    scale_max: int = 4
    """Each criterion is scored 0..scale_max; E is the weighted mean as a percentage."""

    def __post_init__(self) -> None:
        if not self.criteria:
            raise ValueError("a rubric needs at least one criterion")
        if len({c.code for c in self.criteria}) != len(self.criteria):
            raise ValueError("criterion codes must be unique")
        if any(not c.weight > 0 for c in self.criteria):
            raise ValueError("criterion weights must be positive")
        if self.scale_max < 1:
            raise ValueError("the scale needs at least two points (0 and 1)")


DEFAULT_RUBRIC = Rubric(
    criteria=(
        Criterion(
            "agen", "Agen perubahan aktif dan berkegiatan", "Active change agents with activities"
        ),
        Criterion("teladan", "Keteladanan pimpinan (role model)", "Leaders as role models"),
        Criterion(
            "internalisasi",
            "Program internalisasi nilai BerAKHLAK",
            "Programmes internalising the BerAKHLAK values",
        ),
        Criterion(
            "bukti", "Dokumentasi dan bukti dampak kegiatan", "Documentation and evidence of impact"
        ),
    ),
    scale_max=4,
)


def evidence_score(scores: Mapping[str, float], rubric: Rubric = DEFAULT_RUBRIC) -> float | None:
    """E of one unit: 100 x weighted mean of score / scale_max; None unless every criterion
    has a score within the scale."""
    total = weight = 0.0
    for c in rubric.criteria:
        score = scores.get(c.code)
        if score is None or not 0 <= score <= rubric.scale_max:
            return None
        total += c.weight * score / rubric.scale_max
        weight += c.weight
    return 100.0 * total / weight


def instansi_evidence(unit_scores: Sequence[float | None]) -> float | None:
    """E of the instansi: the mean of its evaluated units' E (None when none is evaluated)."""
    known = [e for e in unit_scores if e is not None]
    return sum(known) / len(known) if known else None


def combined_index(
    implementasi: float | None, evidence: float | None, params: Params | None = None
) -> float | None:
    """w_s * I1 + w_e * E, or None when either is missing (I1 suppressed or no evaluation)."""
    if implementasi is None or evidence is None or math.isnan(implementasi):
        return None
    p = params or Params()
    return p.survey_weight * implementasi + p.evidence_weight * evidence
