"""Onboarding walked in a real browser (issue 18 item 2), at a phone width (360 px) and a
desktop width (1280 px): the national admin uploads a structure file with a new instansi and
its operator's e-mail and confirms it; the e-mail is read from the file backend; the operator
opens its link, sets a password and lands signed in on the instansi's page. Screenshots of
each step are saved to /tmp/berakhlak-onboarding-<width>-<step>.png for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from helpers.web import World

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the ORM is used next to Playwright's loop

pytestmark = pytest.mark.browser

WIDTHS = {
    360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    1280: {"viewport": {"width": 1280, "height": 900}},
}
FILE = (
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region,operator_email\n"
    "KAB-ONB,Kabupaten Onboarding,U01,Sekretariat Daerah,240,tengah,operator@onboarding.go.id\n"
    "KAB-ONB,Kabupaten Onboarding,U02,Dinas Kesehatan,610,tengah,\n"
)


def shot(page: Any, width: int, step: str) -> None:
    page.screenshot(path=f"/tmp/berakhlak-onboarding-{width}-{step}.png", full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= page.viewport_size["width"], f"{step}: the page is {wide} px wide"


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_admin_onboards_an_instansi_and_its_operator_sets_a_password_from_the_e_mail(
    browser, live_server, world: World, width, tmp_path: Path, settings
):
    # The file backend, as in the demo (pytest-django itself would keep mail in memory), and
    # the live server's address as the site's.
    mailbox = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mailbox)
    settings.SITE_URL = live_server.url
    client = Client()
    client.force_login(world.admin)  # type: ignore[arg-type]
    admin_context = browser.new_context(**WIDTHS[width])
    admin_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    admin = admin_context.new_page()
    admin.set_default_timeout(10_000)
    org_file = tmp_path / "onboarding.csv"
    org_file.write_text(FILE, encoding="utf-8")

    admin.goto(f"{live_server.url}/instansi/impor/")
    admin.set_input_files("input[type=file]", str(org_file))
    with admin.expect_navigation():
        admin.click("main button[type=submit]")
    row = admin.locator("#import-instansi tbody tr", has_text="KAB-ONB")
    assert "baru" in row.inner_text() and "850" in row.inner_text()
    assert "operator@onboarding.go.id" in row.inner_text()
    assert "akun baru, diundang" in row.inner_text()
    shot(admin, width, "1-preview")
    with admin.expect_navigation():
        admin.click("main button:has-text('Simpan semua perubahan')")
    assert "Undangan dikirim: 1." in admin.inner_text("body")
    admin.goto(f"{live_server.url}/akun/pengguna/undangan/")
    assert "terkirim, belum dipakai" in admin.inner_text("#invitations")
    shot(admin, width, "2-invitations")

    [message] = list(mailbox.iterdir())
    text = message.read_text()
    assert "operator@onboarding.go.id" in text and "Kabupaten Onboarding" in text
    link = re.search(r"http://\S+/akun/undangan/\S+/", text).group(0)
    assert link.startswith(live_server.url)

    operator = browser.new_context(**WIDTHS[width]).new_page()
    operator.set_default_timeout(10_000)
    operator.goto(link)
    assert operator.url == f"{live_server.url}/akun/undangan/sandi/"  # the token is gone
    assert "operator@onboarding.go.id" in operator.inner_text("main")
    shot(operator, width, "3-set-password")
    operator.fill("input[name=new_password1]", "Kebun-Raya-Bogor-1817")
    operator.fill("input[name=new_password2]", "Kebun-Raya-Bogor-1817")
    with operator.expect_navigation():
        operator.click("main button[type=submit]")
    assert operator.url == f"{live_server.url}/instansi/KAB-ONB/"
    assert "Kata sandi dibuat" in operator.inner_text("body")
    assert "Kabupaten Onboarding" in operator.inner_text("h1")
    shot(operator, width, "4-signed-in")
    # The link is used up: opened again, it is the neutral page.
    again = browser.new_context(**WIDTHS[width]).new_page()
    again.goto(link)
    assert "Tautan undangan tidak berlaku" in again.inner_text("h1")
