"""The language of the sentences the method writes (the narrative, the baseline note, the
headcount warning): Indonesian msgids, translated with the standard library's gettext from the
project's one compiled catalogue (src/berakhlak/locale), the same catalogue the web app and the
command line read.

The method reads the catalogue file beside the package; it imports nothing of the project and
not Django, so `berakhlak compute` speaks English without starting the web app.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("id", "en")
DOMAIN = "django"


@functools.cache
def translation(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang`: none for Indonesian (the msgids are Indonesian)."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "id":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE, languages=[lang])
