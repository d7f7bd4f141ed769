"""Problems of input files in English: the words the tests were written in. A problem is
worded from the catalogue (files/problems.py); these read it with the English one."""

from __future__ import annotations

import gettext
from pathlib import Path

from berakhlak.files.problems import InputError, Problem

LOCALE = Path(__file__).resolve().parents[2] / "src" / "berakhlak" / "locale"
ENGLISH = gettext.translation("django", LOCALE, languages=["en"])


def english(problem: Problem) -> str:
    """The reason of a problem, in English."""
    return problem.message.text(ENGLISH, "en")


def english_lines(error: InputError) -> list[str]:
    """The lines the command line prints for `error` under --lang en."""
    return error.lines(ENGLISH, "en")
