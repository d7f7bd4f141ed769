"""Minimum number of respondents and eligibility (docs/method.md §8)."""

from __future__ import annotations

from fractions import Fraction


def min_required(headcount: int, margin: float = 0.05) -> int:
    """Slovin: ceil(N / (1 + N e^2)), in exact arithmetic so that whole results stay whole."""
    if headcount <= 0:
        return 0
    e = Fraction(str(margin))
    # N / (1 + N e^2) with e = p/q is N q^2 / (q^2 + N p^2), whose ceiling is taken exactly.
    p, q = e.numerator, e.denominator
    return -(-headcount * q * q // (q * q + headcount * p * p))


def unit_target(required: int, unit_headcount: int, headcount: int) -> int:
    """A unit's share of the instansi minimum: ceil(min_required * N_unit / N)."""
    if headcount <= 0:
        return 0
    return -(-required * unit_headcount // headcount)


def is_eligible(n: int, headcount: int, margin: float = 0.05) -> bool:
    return headcount > 0 and n >= min_required(headcount, margin)
