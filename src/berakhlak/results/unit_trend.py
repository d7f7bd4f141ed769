"""A unit's trend on its page: its Indeks BerAKHLAK in every year of the instansi's data, each
year exactly as that year's results show it, gaps with their reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..method.narrative import unreported_reason
from ..method.results import InstansiResult
from ..method.rounding import category_array


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
