"""The combined index as a leader reads it (docs/method.md §12): E and G beside the survey
index, and the traffic-light matrix of criteria x units. Part of the one dashboard object the
page, the PDF report and the workbook present; nothing here reads the database.

A hidden unit shows its evidence score E_u and its lights (evaluators' scores, no
respondent data) but never G, which would give its survey index away.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ..method.combined import HIJAU, KUNING, MERAH, Combined, light
from ..method.results import InstansiResult

LIGHT_WORDS = {MERAH: _("Merah"), KUNING: _("Kuning"), HIJAU: _("Hijau")}


@dataclass(frozen=True)
class Light:
    score: int
    colour: str  # merah, kuning, hijau: the class of the cell

    @property
    def word(self) -> str:
        """The colour in words, so that the colour is never the only sign."""
        return str(LIGHT_WORDS[self.colour])


@dataclass(frozen=True)
class MatrixRow:
    code: str
    name: str
    hidden: bool
    evidence: float
    combined: Combined  # its value (G) is None for a hidden unit
    lights: list[Light]


@dataclass(frozen=True)
class CombinedView:
    evidence: float
    """E of the instansi."""
    figure: Combined
    """G with its interval, category and change (value None when the survey is hidden)."""
    criteria: list[tuple[str, str]]
    """(code, name) of the rubric's criteria, in its order."""
    scale_max: int
    rows: list[MatrixRow]
    survey_weight: float
    evidence_weight: float

    @property
    def survey_percent(self) -> int:
        return round(self.survey_weight * 100)

    @property
    def evidence_percent(self) -> int:
        return round(self.evidence_weight * 100)


def combined_view(r: InstansiResult, lang: str) -> CombinedView | None:
    """The combined index of an instansi-year; None when it has no evidence (no E, no G)."""
    c, units = r.combined, r.unit_combined
    if c is None or r.evaluation is None:
        return None
    rubric = r.evaluation.rubric
    rows = []
    for j, unit in enumerate(r.info.units):
        figure = units[j]
        assert figure is not None
        scores = r.evaluation.scores.get(unit.code, {})
        lights = [
            Light(scores.get(code, 0), light(scores.get(code, 0), rubric.scale_max))
            for code in rubric.codes
        ]
        rows.append(
            MatrixRow(unit.code, unit.name, r.unit_hidden[j], figure.evidence, figure, lights)
        )
    return CombinedView(
        evidence=c.evidence,
        figure=c,
        criteria=[(cr.code, cr.name(lang)) for cr in rubric.criteria],
        scale_max=rubric.scale_max,
        rows=rows,
        survey_weight=r.params.survey_weight,
        evidence_weight=r.params.evidence_weight,
    )
