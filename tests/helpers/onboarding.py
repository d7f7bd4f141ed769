"""Shared steps of the onboarding tests (tests/web/accounts/test_invitation*.py): the
national admin's org file with operators' e-mails, its preview and confirmation, and the
invitation link's set-password page."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.test import Client
from django.urls import reverse

HEADER = "instansi_code,instansi_name,unit_code,unit_name,headcount,region,operator_email"
# Against make_instansi's KAB-T01 (U01 120, U02 400, U03 150, U04 14): KAB-T01 unchanged
# with an operator already there, KAB-BARU new with two operators.
ROWS = [
    "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,120,barat,operator.t01@uji.go.id",
    "KAB-T01,Kabupaten Uji,U02,Dinas Pendidikan,400,barat,",
    "KAB-T01,Kabupaten Uji,U03,Dinas Kesehatan,150,barat,",
    "KAB-T01,Kabupaten Uji,U04,Kecamatan Kecil,14,barat,",
    "KAB-BARU,Kabupaten Baru,U01,Sekretariat,300,timur,Andi@Baru.go.id;sari@baru.go.id",
    "KAB-BARU,Kabupaten Baru,U02,Dinas Kesehatan,1200,timur,",
]


def org_upload(rows: list[str]) -> io.BytesIO:
    upload = io.BytesIO(("\n".join([HEADER, *rows]) + "\n").encode())
    upload.name = "onboarding.csv"
    return upload


def preview(client: Client, rows: list[str]) -> Any:
    return client.post(reverse("orgs:import_all"), {"file": org_upload(rows)}, follow=True)


def confirm(client: Client, page: Any, capture: Callable[..., Any]) -> Any:
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    with capture(execute=True):
        return client.post(page.redirect_chain[-1][0], {"berkas": token}, follow=True)


def link_of(message: Any) -> str:
    return re.search(r"http://\S+/akun/undangan/(\S+)/", message.body).group(0)


def token_of(message: Any) -> str:
    return re.search(r"/akun/undangan/([^/\s]+)/", message.body).group(1)


def instansi_table(page: str) -> list[list[str]]:
    body = page.split('id="import-instansi"')[1].split("</table>", maxsplit=1)[0]
    rows = re.findall(r"<tr><td>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", " ", cell).split()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", "<td>" + row, re.S)
        ]
        for row in rows
    ]


def onboard(admin: Client, capture: Callable[..., Any]) -> list[Any]:
    confirm(admin, preview(admin, ROWS), capture)
    return list(mail.outbox)


NEW_PASSWORD = "Tanjung-Priok-2026"


def set_password(client: Client, token: str, password: str = NEW_PASSWORD) -> Any:
    opened = client.get(reverse("accounts:invitation", kwargs={"token": token}))
    if opened.status_code != 302:
        return opened
    return client.post(
        opened["Location"],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )


class RefusingBackend(BaseEmailBackend):
    """A mail server that cannot be reached (settings.EMAIL_BACKEND in a test)."""

    def open(self) -> bool:
        raise ConnectionRefusedError("smtp down")

    def send_messages(self, messages: Any) -> int:
        raise ConnectionRefusedError("smtp down")


class PickyBackend(MemoryBackend):
    """A mail server that refuses one address (sari@...) and takes the others."""

    def send_messages(self, messages: Any) -> int:
        if any(to.startswith("sari@") for m in messages for to in m.to):
            raise ConnectionRefusedError("550 mailbox unavailable")
        return super().send_messages(messages)


REFUSING = "helpers.onboarding.RefusingBackend"
PICKY = "helpers.onboarding.PickyBackend"
MEMORY = "django.core.mail.backends.locmem.EmailBackend"
