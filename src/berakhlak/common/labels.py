"""Domain labels come from the method core as (Indonesian, English) pairs; pick one."""

from __future__ import annotations

from django.utils.translation import get_language


def lang() -> str:
    """The active language as the method core names it: 'id' or 'en'."""
    return "en" if (get_language() or "id").startswith("en") else "id"


def bilingual(pair: tuple[str, str], language: str | None = None) -> str:
    """The English or Indonesian label: of `language`, or of the active language."""
    return pair[1] if (language or lang()) == "en" else pair[0]
