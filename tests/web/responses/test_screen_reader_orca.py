"""A real screen reader on a pick page: Debian's Orca, listening to Chromium through AT-SPI on
a virtual display, with its utterances read from its debug log. Opt-in, because it needs
Orca, Xvfb and a session D-Bus: run it through `scripts/with_orca.sh`, which sets them up and
names the log in BERAKHLAK_ORCA_LOG (skipped otherwise).

A respondent picks ten items with Tab and Space, tries two more (both refused), and goes
back with Shift+Tab: Orca must say the counter after each pick, the refusal both times, and
the rank of a picked item with its name."""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import sync_playwright

from helpers.web import PROFILE

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

LOG = os.environ.get("BERAKHLAK_ORCA_LOG", "")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not LOG, reason="needs Orca: run through scripts/with_orca.sh"),
]
REFUSED = "Anda sudah memilih 10. Hapus salah satu pilihan untuk menggantinya."
UTTERANCE = re.compile(r"SPEECH OUTPUT: '(.*)'(\{[^{}]*\})?( voice=\S+)?$")
"""A line of Orca's log: the text, then possibly the voice settings."""


class Orca:
    """What Orca said since this object was made, from its debug log."""

    def __init__(self, log: str) -> None:
        self.path = Path(log)
        self.start = self.path.stat().st_size

    def said(self) -> list[str]:
        with self.path.open("rb") as f:
            f.seek(self.start)
            text = f.read().decode("utf-8", "replace")
        found = (UTTERANCE.search(line) for line in text.splitlines())
        return [m.group(1) for m in found if m]

    def wait_for(self, utterance: str, times: int = 1, timeout: float = 10.0) -> None:
        """Until Orca has said `utterance` (or something starting with it ending in "…")
        `times` times."""

        def count() -> int:
            if utterance.endswith("…"):
                return sum(u.startswith(utterance[:-1]) for u in self.said())
            return self.said().count(utterance)

        deadline = time.monotonic() + timeout
        while count() < times:
            assert time.monotonic() < deadline, f"Orca did not say {utterance!r}: {self.said()}"
            time.sleep(0.1)


def headful_chromium(playwright: Any) -> Any:
    """Chromium on the virtual display, exposing its accessibility tree to AT-SPI."""
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium",
        headless=False,
        env=dict(os.environ),
        args=[
            "--no-sandbox",
            "--no-first-run",
            "--force-renderer-accessibility",
            "--disable-features=Translate,TranslateUI",
            "--lang=id",
        ],
    )


def press(key: str) -> None:
    """A key pressed on the X display (as by a person), so that Orca sees it too; keys sent
    through Playwright reach only the page, and Orca would not know why the focus moved."""
    subprocess.run(["xdotool", "key", "--clearmodifiers", key], check=True)


def next_item(page: Any, orca: Orca) -> str:
    """Tab to the next item and wait until Orca has said it; returns its label."""
    press("Tab")
    page.wait_for_function("document.activeElement.name === 'item'")
    label = page.evaluate("document.activeElement.labels[0].textContent.trim()")
    orca.wait_for(f"{label} check box not checked.")
    return str(label)


def test_orca_reads_the_rank_of_each_pick_the_counter_and_every_refusal(survey, live_server):
    unit = survey.units.get(code="U01")
    client = Client()
    client.post(f"/s/{unit.link_token}/mulai/", {"consent": "on"})
    client.post(f"/s/{unit.link_token}/profil/", PROFILE)
    cookie = client.cookies[f"bkq{unit.pk}"]
    url = f"{live_server.url}/s/{unit.link_token}/"
    with sync_playwright() as playwright:
        chromium = headful_chromium(playwright)
        context = chromium.new_context(viewport={"width": 1000, "height": 800})
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        orca = Orca(LOG)
        page.goto(f"{url}pv/")
        page.bring_to_front()
        window = subprocess.run(
            ["xdotool", "search", "--sync", "--name", "Nilai pribadi"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True)
        page.click("h1")  # the window's focus moves from the address bar into the page
        page.focus("#pick-search")
        orca.wait_for("Cari dalam daftar…")
        labels = []
        for n in range(1, 13):
            labels.append(next_item(page, orca))
            press("space")
            if n <= 10:
                orca.wait_for(f"{n}/10 dipilih")
            else:  # refused, the second time as the first
                orca.wait_for(REFUSED, n - 10)
        press("shift+Tab")
        press("shift+Tab")  # back on the tenth pick
        orca.wait_for(f"{labels[9]} (peringkat 10) check box checked.")
        chromium.close()
