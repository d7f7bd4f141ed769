"""Number formatting of the method (decimal comma in Indonesian, 61,1%) for templates."""

from __future__ import annotations

import math
from typing import Any

from django import template

from ...method.rounding import (
    category,
    category_label,
    format_count,
    format_decimal,
    format_percent,
)
from ...site.labels import bilingual, lang

register = template.Library()


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@register.filter
def pct(value: Any) -> str:
    """61.14 -> '61,1%' (Indonesian) / '61.1%' (English); '–' when missing."""
    return "–" if _missing(value) else format_percent(float(value), lang())


@register.filter
def num1(value: Any) -> str:
    return "–" if _missing(value) else format_decimal(float(value), lang())


@register.filter
def signed(value: Any) -> str:
    """+1,2 / −0,8 with a real minus sign."""
    if _missing(value):
        return "–"
    text = format_decimal(abs(float(value)), lang())
    if text in ("0,0", "0.0"):
        return text
    return ("+" if value > 0 else "−") + text


@register.filter
def count(value: Any) -> str:
    return "–" if _missing(value) else format_count(int(value), lang())


@register.filter
def cat(value: Any) -> str:
    """Category letter of a value (decided on the rounded value)."""
    return "" if _missing(value) else category(float(value)) or ""


@register.filter
def label(pair: Any) -> str:
    """An (Indonesian, English) pair in the active language."""
    return bilingual(tuple(pair)) if pair else ""


@register.filter
def category_name(letter: Any) -> str:
    """'B' -> 'Cukup Sehat' (Indonesian) / 'Fairly healthy' (English)."""
    return category_label(str(letter), lang()) if letter else ""
