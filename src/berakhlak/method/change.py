"""Year-over-year change and whether it is bermakna (METHOD.md §4)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .params import Params
from .rounding import round1

NAIK, TURUN, TETAP = "naik", "turun", "tetap"


@dataclass(frozen=True)
class Change:
    delta: float
    direction: str
    significant: bool | None

    def as_dict(self) -> dict[str, object]:
        return {"delta": self.delta, "direction": self.direction, "significant": self.significant}


def direction(delta: float) -> str:
    """naik / turun, or tetap when the change rounds to 0.0."""
    if abs(delta) < 0.06 and round1(delta) == 0.0:  # (round1 is slow; only near 0.05 matters)
        return TETAP
    return NAIK if delta > 0 else TURUN


def change(
    current: float, previous: float, se_current: float, se_previous: float, params: Params
) -> Change | None:
    """Change of a figure against the baseline year; None when either year has no figure.

    With both standard errors known, the change is bermakna when |delta| >= z * se(delta)
    and |delta| >= the effect-size floor; otherwise `significant` is None (no test exists).
    """
    if math.isnan(current) or math.isnan(previous):
        return None
    delta = current - previous
    if math.isnan(se_current) or math.isnan(se_previous):
        return Change(delta, direction(delta), None)
    se = math.sqrt(se_current**2 + se_previous**2)
    # A tiny tolerance keeps a true 1.0-point change (62.1 - 61.1 = 0.99999...) at the floor.
    significant = abs(delta) >= params.z * se and abs(delta) >= params.min_change - 1e-9
    return Change(delta, direction(delta), bool(significant))
