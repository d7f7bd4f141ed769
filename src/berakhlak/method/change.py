"""Year-over-year change, its shown value and whether it is bermakna (docs/method.md §7).

A change is read by people who compare two published one-decimal figures, so what they see
is the *shown change* Δ̂ = round(this) − round(baseline), and the direction word comes from
it: 61,8% → 61,0% is "turun 0,8", never 0,9. Whether a change is *bermakna* is decided on
the unrounded change Δ and its standard error.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .params import Params
from .rounding import round1, round1_array

NAIK, TURUN, TETAP = "naik", "turun", "tetap"
DIRECTIONS = (TURUN, TETAP, NAIK)
"""Indexed by the sign of the shown change plus one."""

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Change:
    delta: float
    """Δ, this year's figure minus the baseline's, at full precision."""
    delta_shown: float
    """Δ̂, the difference of the two figures rounded to one decimal, itself on one decimal."""
    direction: str
    """naik, turun or tetap: the sign of `delta_shown`."""
    significant: bool | None
    """bermakna; None for a figure without a standard error (no test exists)."""
    baseline: float = math.nan
    """The baseline year's figure, unrounded (what the change is against)."""

    def as_dict(self) -> dict[str, object]:
        return {
            "delta": self.delta,
            "delta_shown": self.delta_shown,
            "direction": self.direction,
            "significant": self.significant,
        }


def shown_change(current: float, previous: float) -> float:
    """round(current) − round(previous), on one decimal: 61.04 and 61.76 give -0.8."""
    return round1(round1(current) - round1(previous))


def direction(delta_shown: float) -> str:
    """naik / turun from the sign of the shown change, tetap when it is 0.0."""
    if delta_shown > 0:
        return NAIK
    return TURUN if delta_shown < 0 else TETAP


def _significant(delta: float, se: float, params: Params) -> bool:
    # A tiny tolerance keeps a true 1.0-point change (62.1 - 61.1 = 0.99999...) at the floor.
    return abs(delta) >= params.z * se and abs(delta) >= params.min_change - 1e-9


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
    shown = shown_change(current, previous)
    if math.isnan(se_current) or math.isnan(se_previous):
        return Change(delta, shown, direction(shown), None, previous)
    se = math.sqrt(se_current**2 + se_previous**2)
    return Change(delta, shown, direction(shown), _significant(delta, se, params), previous)


def changes(
    current: Floats, previous: Floats, se_current: Floats, se_previous: Floats, params: Params
) -> list[list[Change | None]]:
    """`change` of every figure of (G, K) arrays at once: one list of K changes per row.

    The same numbers as `change` (the vectorised rounding agrees with the scalar one), for
    the changes of every instansi-year of a national file in one pass.
    """
    missing = np.isnan(current) | np.isnan(previous)
    delta = current - previous
    shown = round1_array(round1_array(current) - round1_array(previous))
    with np.errstate(invalid="ignore"):
        se = np.sqrt(se_current**2 + se_previous**2)
        test = (np.abs(delta) >= params.z * se) & (np.abs(delta) >= params.min_change - 1e-9)
    untested = np.isnan(se)
    sign = np.sign(np.where(missing, 0.0, shown)).astype(np.int64) + 1
    columns = (delta, shown + 0.0, sign, test, untested, missing, previous)
    return [_row(*row) for row in zip(*(c.tolist() for c in columns), strict=True)]


def _row(
    delta: Sequence[float],
    shown: Sequence[float],
    sign: Sequence[int],
    test: Sequence[bool],
    untested: Sequence[bool],
    missing: Sequence[bool],
    previous: Sequence[float],
) -> list[Change | None]:
    return [
        None if m else Change(d, s, DIRECTIONS[g], None if u else t, p)
        for d, s, g, t, u, m, p in zip(
            delta, shown, sign, test, untested, missing, previous, strict=True
        )
    ]


# --- The baseline year ------------------------------------------------------------------------

HIDDEN, PROTECTED, NO_RESPONSES, NO_RESULTS = "hidden", "protected", "no_responses", "no_results"
REGROUPED, GROUP_HIDDEN = "regrouped", "group_hidden"
"""Why a year was not reported: fewer than k respondents; hidden to protect a small sibling
(complementary suppression); no valid response; no results at all (no survey that year, or
the group did not exist); a reporting group of the same code had other units that year (its
figures are not of the same people); a unit of k or more hidden with its reporting group
(docs/method.md §9)."""


@dataclass(frozen=True)
class Unreported:
    """An earlier year in which a group showed no figures, and why."""

    year: int
    reason: str
    k: int = 0
    """The anonymity threshold of that year, for HIDDEN."""


def find_baseline(
    year: int, earlier: Sequence[tuple[int, Unreported | None]]
) -> tuple[int | None, tuple[Unreported, ...]]:
    """The baseline year of a group shown in `year`, and the years between, oldest first.

    `earlier`: each earlier year for which there are data, latest first, with why the group
    was not shown then (None when it was). The baseline is the latest year in which it was
    shown; a year without data in between is NO_RESULTS. Without a baseline, the years from
    the earliest year with data on are returned (to say why there is no comparison).
    """
    skipped: list[Unreported] = []
    expected = year - 1
    for y, why in earlier:
        skipped.extend(Unreported(gap, NO_RESULTS) for gap in range(expected, y, -1))
        if why is None:
            return y, tuple(reversed(skipped))
        skipped.append(why)
        expected = y - 1
    return None, tuple(reversed(skipped))
