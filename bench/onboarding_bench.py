"""Bulk onboarding at national size: the national admin's org file with every instansi's
operator e-mail, uploaded, previewed and confirmed through the web app.

A fresh SQLite database in a temporary folder (migrated), one national admin, and a file of
INSTANSI instansi x UNITS units with one operator address each (all new). The e-mails go
over SMTP to a sink on localhost (Python's smtpd, in a thread), so the time of the mail part
includes a real SMTP conversation (without TLS). Measures the upload and preview page, the
confirmation (structure, accounts, invitations, audit records, then the e-mails on commit)
and the sending alone. Prints the figures; bench/RESULTS.md "Bulk onboarding" holds them.

Usage: .venv/bin/python bench/onboarding_bench.py [--instansi 600] [--units 40]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
import tempfile
import threading
import time
import warnings
from typing import Any

warnings.filterwarnings("ignore", category=DeprecationWarning)
import asyncore  # noqa: E402 - deprecated (Python 3.11 still has both): a sink is all it is
import smtpd  # noqa: E402


class Sink(smtpd.SMTPServer):
    received = 0

    def process_message(self, *args: Any, **kwargs: Any) -> None:
        Sink.received += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instansi", type=int, default=600)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--port", type=int, default=8025)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="berakhlak-onboarding-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="berakhlak.site.settings",
        BERAKHLAK_ENV="development",
        BERAKHLAK_DATA_DIR=folder,
        BERAKHLAK_EMAIL="smtp",
        BERAKHLAK_EMAIL_HOST="127.0.0.1",
        BERAKHLAK_EMAIL_PORT=str(args.port),
        BERAKHLAK_EMAIL_STARTTLS="0",
    )
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 - after django.setup()
    from django.test import Client  # noqa: PLC0415 - after django.setup()

    from berakhlak.accounts import invitations  # noqa: PLC0415 - after django.setup()
    from berakhlak.accounts.actions import do_create_user  # noqa: PLC0415 - as above
    from berakhlak.accounts.models import Invitation  # noqa: PLC0415 - as above

    call_command("migrate", verbosity=0)
    admin, _password = do_create_user("admin", "admin", instansi=None, unit=None, actor=None)
    client = Client()
    client.force_login(admin)
    sink = Sink(("127.0.0.1", args.port), None)
    threading.Thread(target=asyncore.loop, kwargs={"timeout": 0.1}, daemon=True).start()
    sending: list[float] = []
    real = invitations.send_invitations

    def timed(outgoing: list[Any]) -> int:
        start = time.perf_counter()
        failed = real(outgoing)
        sending.append(time.perf_counter() - start)
        return failed

    invitations.send_invitations = timed  # type: ignore[assignment]
    rows = ["instansi_code,instansi_name,unit_code,unit_name,headcount,region,operator_email"]
    for i in range(args.instansi):
        for u in range(args.units):
            email = f"operator@kab{i:03d}.go.id" if u == 0 else ""
            rows.append(f"KAB-{i:03d},Kabupaten {i},U{u:02d},Unit {u},{100 + u},barat,{email}")
    upload = io.BytesIO(("\n".join(rows) + "\n").encode())
    upload.name = "nasional.csv"

    start = time.perf_counter()
    page = client.post("/instansi/impor/", {"file": upload}, follow=True)
    previewed = time.perf_counter()
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode())
    assert token is not None, page.content[:2000]
    done = client.post(page.redirect_chain[-1][0], {"berkas": token.group(1)}, follow=True)
    confirmed = time.perf_counter()
    assert f"Undangan dikirim: {args.instansi}." in done.content.decode()
    sent = Invitation.objects.filter(sent_at__isnull=False).count()
    sink.close()
    print(
        f"{args.instansi} instansi x {args.units} units, {args.instansi} operators\n"
        f"  upload and preview: {previewed - start:.2f} s ({len(page.content) / 1e6:.2f} MB)\n"
        f"  confirm: {confirmed - previewed:.2f} s, of it sending {sending[0]:.2f} s\n"
        f"  e-mails received by the sink: {Sink.received}; invitations marked sent: {sent}\n"
        f"  load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        file=sys.stdout,
    )


if __name__ == "__main__":
    main()
