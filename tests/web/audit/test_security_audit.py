"""The audit log: every action of an operator or the national admin, and every download of
results, links or codes, is an event with who, what and when; only the national admin
reads the log, and the log holds no password, key or code."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.accounts.models import ApiKey
from berakhlak.audit.models import Event
from helpers.web import PASSWORD, World, login

Step = tuple[str, str, str, Callable[[World, Client], Any]]
"""(who acts, the action recorded, the instansi recorded, the request(s))"""

ORG_FILE = (
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
    "KAB-T01,Kabupaten Uji,U01,Sekretariat Daerah,125,barat\n"
)
ADMIN_FILE = (
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
    "KAB-N09,Kabupaten Baru,U01,Sekretariat Daerah,80,tengah\n"
)
SECRETS: list[str] = []  # passwords, keys and codes handed out during the walk


def import_org(code: str | None, content: str) -> Callable[[World, Client], Any]:
    def do(world: World, client: Client) -> Any:
        upload = io.BytesIO(content.encode())
        upload.name = "org.csv"
        start = reverse("orgs:import", args=[code]) if code else reverse("orgs:import_all")
        preview = client.post(start, {"file": upload})["Location"]
        return client.post(preview, {"berkas": preview.split("berkas=")[1]})

    return do


def keep(pattern: str, response: Any) -> Any:
    SECRETS.extend(re.findall(pattern, response.content.decode()))
    return response


def post(name: str, data: dict | Callable[[World], dict], *args: Any) -> Callable:
    def do(world: World, client: Client) -> Any:
        resolved = [a(world) if callable(a) else a for a in args]
        payload = data(world) if callable(data) else data
        return client.post(reverse(name, args=resolved), payload)

    return do


def get(name: str, *args: Any, query: str = "") -> Callable:
    def do(world: World, client: Client) -> Any:
        resolved = [a(world) if callable(a) else a for a in args]
        return client.get(reverse(name, args=resolved) + query)

    return do


def draft(w: World) -> int:
    return w.draft.pk


def published(w: World) -> int:
    return w.published.pk


def reset_leader(world: World, client: Client) -> Any:
    url = reverse("accounts:user_action", args=[world.leader.pk, "reset"])
    return keep(r'id="issued-password">([^<]+)<', client.post(url))


def new_key(world: World, client: Client) -> Any:
    return keep(
        r'id="issued-key">([^<]+)<', client.post(reverse("accounts:api_keys"), {"name": "k"})
    )


def revoke_key(world: World, client: Client) -> Any:
    key = ApiKey.objects.filter(user=world.operator).first()
    return client.post(reverse("accounts:api_keys"), {"revoke": key.pk})


def issue_codes(world: World, client: Client) -> Any:
    unit = world.draft.units.get(code="U02")
    response = client.post(
        reverse("surveys:tokens", args=[draft(world)]), {"unit": unit.pk, "count": 2}
    )
    SECRETS.extend(line.split(",")[3] for line in response.content.decode().splitlines()[1:])
    return response


def sign_in(world: World, client: Client) -> Any:
    return Client().post(
        reverse("accounts:login"), {"username": "operator.t", "password": PASSWORD}
    )


def change_password(world: World, client: Client) -> Any:
    new = "sandi-baru-yang-panjang-7"
    SECRETS.append(new)
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    return client.post(reverse("accounts:password"), data)


def create_account(world: World, client: Client) -> Any:
    data = {"username": "kepala.audit", "role": "pimpinan", "instansi": world.instansi.pk}
    return keep(r'id="issued-password">([^<]+)<', client.post(reverse("accounts:users"), data))


NEW_UNIT = {"code": "U09", "name": "Badan Baru", "headcount": 30, "active": "on"}
EDITED_UNIT = {"code": "U01", "name": "Setda", "headcount": 121, "active": "on"}
NEW_CYCLE = {"year": 2027, "access": "link", "k": 10, "margin": 0.05}
EDITED_CYCLE = {"access": "token", "k": 12, "margin": 0.05}
CONFIRM = {"konfirmasi": "ya"}  # closing and publishing are asked for twice
TRANSITION = "surveys:transition"
EXTENDED = {"closes_on": "2100-12-31"}
EXPORT, USER, DOWNLOAD = "surveys:participation_export", "accounts:user_action", "?unduh=1"
NEW_INSTANSI = {"code": "KAB-N01", "name": "Kabupaten Nol", "region": "timur"}


def leader(w: World) -> int:
    return w.leader.pk


STEPS: list[Step] = [
    ("operator", "auth.login", "", sign_in),
    ("operator", "unit.create", "KAB-T01", post("orgs:unit_add", NEW_UNIT, "KAB-T01")),
    ("operator", "unit.update", "KAB-T01", post("orgs:unit_edit", EDITED_UNIT, "KAB-T01", "U01")),
    ("operator", "org.import", "KAB-T01", import_org("KAB-T01", ORG_FILE)),
    ("operator", "org.export", "KAB-T01", get("orgs:export", "KAB-T01", "xlsx")),
    ("operator", "cycle.create", "KAB-T01", post("surveys:create", NEW_CYCLE, "KAB-T01")),
    ("operator", "cycle.update", "KAB-T01", post("surveys:edit", EDITED_CYCLE, draft)),
    ("operator", "cycle.open", "KAB-T01", post("surveys:transition", {}, draft, "buka")),
    ("operator", "tokens.issue", "KAB-T01", issue_codes),
    ("operator", "cycle.extend", "KAB-T01", post("surveys:extend", EXTENDED, draft)),
    ("operator", "participation.export", "KAB-T01", get(EXPORT, draft, "csv")),
    ("operator", "participation.export", "KAB-T01", get(EXPORT, draft, "xlsx")),
    ("operator", "qr.download", "KAB-T01", get("surveys:qr", draft, "U01", "png", query=DOWNLOAD)),
    ("operator", "poster.download", "KAB-T01", get("surveys:poster", draft, "U01")),
    ("operator", "cycle.close", "KAB-T01", post(TRANSITION, CONFIRM, draft, "tutup")),
    ("operator", "cycle.publish", "KAB-T01", post(TRANSITION, CONFIRM, draft, "publikasi")),
    ("operator", "report.download", "KAB-T01", get("reports:cycle_xlsx", published)),
    ("operator", "report.download", "KAB-T01", get("reports:cycle_pdf", published)),
    ("operator", "user.create", "KAB-T01", create_account),
    ("operator", "user.reset_password", "KAB-T01", reset_leader),
    ("operator", "user.deactivate", "KAB-T01", post(USER, {}, leader, "deactivate")),
    ("operator", "user.activate", "KAB-T01", post(USER, {}, leader, "activate")),
    ("operator", "apikey.create", "", new_key),
    ("operator", "apikey.revoke", "", revoke_key),
    ("operator", "user.change_password", "", change_password),
    ("admin", "instansi.create", "KAB-N01", post("orgs:list", NEW_INSTANSI)),
    ("admin", "org.import", "KAB-N09", import_org(None, ADMIN_FILE)),
    ("admin", "report.download", "", get("reports:national_xlsx", 2024)),
]  # fmt: skip


def test_every_operator_and_admin_action_is_in_the_log_with_who_what_and_when(world):
    SECRETS.clear()
    clients = {"operator": login(Client(), world.operator), "admin": login(Client(), world.admin)}
    for who, action, instansi, do in STEPS:
        before = set(Event.objects.values_list("pk", flat=True))
        started = timezone.now() - datetime.timedelta(seconds=1)
        response = do(world, clients[who])
        assert response.status_code in (200, 302), (action, response.status_code)
        new = list(Event.objects.exclude(pk__in=before))
        matching = [e for e in new if e.action == action]
        assert len(matching) == 1, (action, [e.action for e in new])
        [event] = matching
        user = getattr(world, who)
        assert (event.actor_id, event.actor_name) == (user.pk, user.get_username()), action
        assert started <= event.at <= timezone.now(), action
        assert event.instansi_code == instansi, action
        assert event.summary, action

    assert len(SECRETS) >= 6  # two passwords, a key, two codes, a new password
    log = [str(v) for e in Event.objects.all() for v in (e.summary, e.details)]
    for secret in SECRETS:
        assert not any(secret in entry for entry in log), "a secret in the audit log"


def test_only_the_national_admin_reads_the_audit_log(world):
    url = reverse("audit:log")
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/akun/masuk/")
    nobody = get_user_model().objects.create_user("tanpa.peran.audit", password=PASSWORD)
    readers = ("operator", "leader", "unit_leader", "other_operator", "other_leader")
    for user in [nobody, *(getattr(world, r) for r in readers)]:
        response = login(Client(), user).get(url, {"instansi": "KAB-T01"})
        assert response.status_code == 404, user
    login(Client(), world.operator).post(
        reverse("surveys:transition", args=[world.open.pk, "tutup"]), CONFIRM
    )
    page = login(Client(), world.admin).get(url, {"instansi": "KAB-T01"}).content.decode()
    assert "cycle.close" in page and "operator.t" in page
    assert "KOT-T02" not in page.split('id="audit-log"')[1]  # the filter holds
