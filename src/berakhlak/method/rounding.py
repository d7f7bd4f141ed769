"""Rounding, categories, ranks and number formatting (docs/method.md §5, §10)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

from .params import Params

CATEGORY_LABELS = {
    "A": ("Sehat", "Healthy"),
    "B": ("Cukup Sehat", "Fairly healthy"),
    "C": ("Tidak Sehat", "Unhealthy"),
    "D": ("Sangat Tidak Sehat", "Very unhealthy"),
}


def round1(x: float) -> float:
    """Round half away from zero to one decimal: 74.95 -> 75.0, -0.05 -> -0.1.

    The value is first taken to nine decimals so that binary noise of a computation
    (74.94999999999999 for a true 74.95) does not decide the rounding.
    """
    d = Decimal(f"{x:.9f}").quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return float(d) + 0.0  # + 0.0 turns -0.0 into 0.0


def round1_array(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Vectorised `round1`; NaN stays NaN."""
    scaled = np.round(np.abs(x) * 10.0, 8)
    return np.sign(x) * np.floor(scaled + 0.5) / 10.0 + 0.0


def competition_ranks(x: npt.ArrayLike) -> list[int]:
    """Ranks by the figure rounded to one decimal, highest first; ties share a rank and the
    next rank skips (standard competition ranking: 61.04, 61.0, 60.96, 59.2 -> 1, 1, 1, 4).

    A rank is 1 + the number of figures whose rounded value is higher.
    """
    r = round1_array(np.asarray(x, dtype=np.float64))
    ascending = np.sort(r)
    higher = len(r) - np.searchsorted(ascending, r, side="right")
    return [int(h) + 1 for h in higher.tolist()]


def category(x: float | None, params: Params | None = None) -> str | None:
    """Category letter of a value, decided on the value rounded to one decimal."""
    if x is None or math.isnan(x):
        return None
    p = params or Params()
    r = round1(x)
    if r >= p.band_a:
        return "A"
    if r >= p.band_b:
        return "B"
    if r >= p.band_c:
        return "C"
    return "D"


def category_array(x: npt.NDArray[np.float64], params: Params | None = None) -> list[str | None]:
    p = params or Params()
    r = round1_array(x)
    letters = np.select([r >= p.band_a, r >= p.band_b, r >= p.band_c], ["A", "B", "C"], "D")
    out = letters.astype(object)
    out[np.isnan(x)] = None
    return list(out.tolist())


def category_label(letter: str, lang: str = "id") -> str:
    label_id, label_en = CATEGORY_LABELS[letter]
    return label_en if lang == "en" else label_id


def format_decimal(x: float, lang: str = "id", digits: int = 1) -> str:
    """61.14 -> '61,1' (Indonesian) or '61.1' (English), rounded half away from zero."""
    if digits == 1:
        text = f"{round1(x):.1f}"
    else:
        q = Decimal(1).scaleb(-digits)
        text = str(Decimal(f"{x:.9f}").quantize(q, rounding=ROUND_HALF_UP))
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if lang == "id" else text


def format_percent(x: float, lang: str = "id") -> str:
    return f"{format_decimal(x, lang)}%"


def format_count(n: int, lang: str = "id") -> str:
    """4123 -> '4.123' (Indonesian) or '4,123' (English)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "id" else text
