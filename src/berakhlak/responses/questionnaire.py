"""The respondent's progress through the questionnaire, kept in a signed cookie.

Steps: mulai (intro and consent) -> profil (demographics) -> pv -> cc -> dc -> saran (optional
free text) -> selesai. Each finished step is written to a cookie scoped to the unit link,
signed by the server: progress survives a reload, a lost connection or a closed tab, the
server keeps nothing about a respondent before the submission (no session rows to
correlate with the stored response), and no app server needs to share state with another.

The item order of each pick question is shuffled once per respondent from a random seed in
the cookie, so a reload shows the same list. After the submission only the nonce and a
"done" mark remain: the same browser is recognised and cannot submit twice.
"""

from __future__ import annotations

import random
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from ..method.items import QUESTIONS, default_pool
from ..surveys.models import CycleUnit
from .actions import DEMOGRAPHIC_FIELDS, Answers

STEPS = ("mulai", "profil", "pv", "cc", "dc", "saran", "selesai")
SALT = "berakhlak.questionnaire"
MAX_AGE = 60 * 60 * 24 * 60  # a survey window is a few weeks


def cookie_name(cycle_unit: CycleUnit) -> str:
    return f"bkq{cycle_unit.pk}"


@dataclass
class Progress:
    """One respondent's answers so far for one unit link."""

    cycle_unit: CycleUnit
    data: dict[str, Any]
    changed: bool = field(default=False)

    @classmethod
    def load(cls, request: HttpRequest, cycle_unit: CycleUnit) -> Progress:
        """The progress of this browser (a fresh one when there is none or it was forged)."""
        cached = getattr(request, "_questionnaire", None)
        if cached is not None and cached.cycle_unit.pk == cycle_unit.pk:
            return cached
        raw = request.COOKIES.get(cookie_name(cycle_unit), "")
        try:
            data = signing.loads(raw, salt=SALT, max_age=MAX_AGE) if raw else None
        except signing.BadSignature:
            data = None
        progress = cls(cycle_unit, data if isinstance(data, dict) and "n" in data else {})
        if not progress.data:
            progress.data = {
                "n": secrets.token_urlsafe(24),
                "s": secrets.randbits(63),
                "t": int(time.time()),
            }
            progress.changed = True
        request._questionnaire = progress  # type: ignore[attr-defined]
        return progress

    def write(self, response: HttpResponse) -> HttpResponse:
        """Put the progress into the response's cookie when it changed."""
        if self.changed:
            response.set_cookie(
                cookie_name(self.cycle_unit),
                signing.dumps(self.data, salt=SALT, compress=True),
                max_age=MAX_AGE,
                path=f"/s/{self.cycle_unit.link_token}/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    # --- reading ------------------------------------------------------------------------

    @property
    def nonce(self) -> str:
        return str(self.data["n"])

    @property
    def done(self) -> bool:
        return bool(self.data.get("d"))

    def order(self, question: str) -> list[str]:
        """The shuffled item order of a question, the same on every visit."""
        codes = list(default_pool().codes)
        random.Random(f"{self.data['s']}:{question}").shuffle(codes)
        return codes

    def picks(self, question: str) -> list[str]:
        return list(self.data.get(question) or [])

    def demographics(self) -> dict[str, str]:
        return dict(self.data.get("profil") or {})

    def texts(self) -> dict[str, str]:
        return dict(self.data.get("saran") or {})

    @property
    def token(self) -> str | None:
        return self.data.get("tk")

    def completed(self, step: str) -> bool:
        if step == "mulai":
            return bool(self.data.get("mulai"))
        if step == "profil":
            return all(self.demographics().get(f) for f in DEMOGRAPHIC_FIELDS)
        if step in QUESTIONS:
            return len(self.picks(step)) == 10
        if step == "saran":
            return "saran" in self.data
        return self.done

    def first_open_step(self) -> str:
        """The step a respondent must complete next."""
        if self.done:
            return "selesai"
        for step in STEPS[:-1]:
            if not self.completed(step):
                return step
        return "saran"

    def may_visit(self, step: str) -> bool:
        """A step is reachable once every step before it is complete."""
        if step == "selesai":
            return self.done
        return STEPS.index(step) <= STEPS.index(self.first_open_step())

    # --- writing ------------------------------------------------------------------------

    def set(self, key: str, value: Any) -> None:
        self.data[key] = value
        self.changed = True

    def finish(self) -> None:
        """After the submission: forget the answers, keep the nonce and the done mark."""
        self.data = {"n": self.data["n"], "s": self.data["s"], "d": 1}
        self.changed = True

    def answers(self) -> Answers:
        texts = self.texts()
        started = int(self.data.get("t") or time.time())
        return Answers(
            demographics=self.demographics(),
            picks={q: self.picks(q) for q in QUESTIONS},
            harapan=texts.get("harapan", ""),
            saran=texts.get("saran", ""),
            duration_s=max(0, int(time.time()) - started),
        )
