"""Number formatting of the method (decimal comma in Indonesian, 61,1%) for templates."""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ...common.labels import bilingual, lang
from ...method.params import METHOD_ID
from ...method.rounding import (
    category,
    category_label,
    format_count,
    format_decimal,
    format_percent,
    round1,
)
from ..glossary import BY_KEY, INDEX_TERMS

register = template.Library()


@register.simple_tag
def method_id() -> str:
    """The version of the method every figure is computed with (docs/method.md §17)."""
    return METHOD_ID


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@register.simple_tag(name="help")
def term_help(key: str) -> SafeString:
    """Short help next to a term: a small link to its entry in the glossary, whose title is
    the entry's one sentence (what a mouse shows; the glossary says it on every screen)."""
    term = BY_KEY.get(key) or BY_KEY.get(INDEX_TERMS.get(key, ""))
    if term is None:  # an index without an entry of its own (the Total)
        return SafeString("")
    return format_html(
        '<a class="term-help no-print" href="{}#{}" title="{}"><span aria-hidden="true">?</span>'
        '<span class="visually-hidden">{}</span></a>',
        reverse("glossary"),
        term.key,
        term.short,
        _("Apa artinya %(term)s?") % {"term": term.term},
    )


@register.simple_tag
def value_names(pool: Any) -> list[tuple[str, str]]:
    """(code, name) of each value of an item pool, in the active language: the legend of
    tables headed by value codes."""
    language = lang()
    return [(v.code, v.name(language)) for v in pool.values]


@register.filter
def pct(value: Any) -> str:
    """61.14 -> '61,1%' (Indonesian) / '61.1%' (English); '–' when missing."""
    return "–" if _missing(value) else format_percent(float(value), lang())


@register.filter
def num1(value: Any) -> str:
    return "–" if _missing(value) else format_decimal(float(value), lang())


@register.filter
def num2(value: Any) -> str:
    """1.96 -> '1,96' (Indonesian) / '1.96' (English): a parameter such as z."""
    return "–" if _missing(value) else format_decimal(float(value), lang(), digits=2)


@register.filter
def points(value: Any) -> str:
    """A shown change without its sign, '0,8': the direction word beside it says which way
    (docs/method.md §7: never 'turun −0,8')."""
    return "–" if _missing(value) else format_decimal(abs(float(value)), lang())


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


@register.filter
def minus(value: Any, other: Any) -> str:
    """The difference of two figures as shown (each rounded to one decimal first), signed:
    '+3,2', '−1,0', '0,0'; '–' when either is missing."""
    if _missing(value) or _missing(other):
        return "–"
    delta = round1(round1(float(value)) - round1(float(other)))
    text = format_decimal(abs(delta), lang())
    return f"+{text}" if delta > 0 else f"−{text}" if delta < 0 else text
