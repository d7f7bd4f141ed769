"""The read-only results API with personal API keys: created by their owner, shown once,
stored as a hash, scoped like the pages, revocable; and nothing else accepts them."""

from __future__ import annotations

import hashlib
import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from berakhlak.accounts.models import ApiKey
from berakhlak.audit.models import Event
from helpers.web import login


def issue_key(client: Client, name: str = "skrip dasbor") -> str:
    page = client.post(reverse("accounts:api_keys"), {"name": name})
    assert page.status_code == 200
    [key] = re.findall(r'<code id="issued-key">(bk_[^<]+)</code>', page.content.decode())
    return key


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_key_is_shown_once_stored_as_a_hash_and_reads_what_its_owner_may_read(world):
    owner = login(Client(), world.leader)
    key = issue_key(owner)
    assert len(key) >= 3 + 43  # 256 random bits
    stored = ApiKey.objects.get(user=world.leader)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiKey.objects.values_list()))
    listing = owner.get(reverse("accounts:api_keys")).content.decode()
    assert key not in listing and "skrip dasbor" in listing

    anyone = Client()  # no session: the key alone
    cycles = anyone.get(reverse("api_cycles"), **bearer(key)).json()["cycles"]
    assert {c["instansi"]["code"] for c in cycles} == {"KAB-T01"}
    own = anyone.get(reverse("api_cycle", args=[world.published.pk]), **bearer(key))
    assert own.status_code == 200 and own.json()["instansi"][0]["code"] == "KAB-T01"
    for out_of_scope in (
        reverse("api_cycle", args=[world.other_published.pk]),  # another instansi
        reverse("api_cycle", args=[world.open.pk]),  # no results yet
        reverse("api_national", args=[2024]),  # the national admin's
    ):
        answer = anyone.get(out_of_scope, **bearer(key))
        assert answer.status_code == 404 and answer.json() == {"error": "not found"}
    assert ApiKey.objects.get(pk=stored.pk).last_used_on is not None  # a day, no time


def test_a_revoked_key_a_wrong_key_and_the_key_of_an_inactive_account_are_refused(world):
    owner = login(Client(), world.operator)
    key = issue_key(owner)
    url = reverse("api_cycles")
    assert Client().get(url, **bearer(key)).status_code == 200
    for wrong in (key[:-1], key + "x", "bk_", "Basic " + key, key.removeprefix("bk_")):
        header = {"HTTP_AUTHORIZATION": wrong if wrong.startswith("Basic") else f"Bearer {wrong}"}
        assert Client().get(url, **header).status_code == 401, wrong
    get_user_model().objects.filter(pk=world.operator.pk).update(is_active=False)
    assert Client().get(url, **bearer(key)).status_code == 401
    get_user_model().objects.filter(pk=world.operator.pk).update(is_active=True)

    stored = ApiKey.objects.get(user=world.operator)
    assert owner.post(reverse("accounts:api_keys"), {"revoke": stored.pk}).status_code == 302
    assert Client().get(url, **bearer(key)).status_code == 401
    actions = list(Event.objects.filter(actor=world.operator).values_list("action", flat=True))
    assert "apikey.create" in actions and "apikey.revoke" in actions


def test_nobody_revokes_another_users_key_and_odd_values_are_not_found(world):
    key = issue_key(login(Client(), world.leader))
    theirs = ApiKey.objects.get(user=world.leader)
    intruder = login(Client(), world.other_operator)
    for value in (str(theirs.pk), "abc", "", "1; DROP TABLE", "9" * 30, "\x00"):
        answer = intruder.post(reverse("accounts:api_keys"), {"revoke": value})
        assert answer.status_code == 404, value
    assert ApiKey.objects.filter(pk=theirs.pk).exists()
    assert Client().get(reverse("api_cycles"), **bearer(key)).status_code == 200


def test_a_key_opens_the_api_only_not_the_pages_and_not_for_writing(world):
    key = issue_key(login(Client(), world.admin))
    page = Client().get(reverse("results:dashboard", args=[world.published.pk]), **bearer(key))
    assert page.status_code == 302 and page["Location"].startswith(reverse("accounts:login"))
    xlsx = Client().get(reverse("reports:cycle_xlsx", args=[world.published.pk]), **bearer(key))
    assert xlsx.status_code == 302
    assert Client().post(reverse("api_cycles"), **bearer(key)).status_code == 405
    assert Client().get(reverse("api_national", args=[2024]), **bearer(key)).status_code == 200


def test_an_api_key_without_a_name_is_not_made_and_a_name_with_a_nul_is_cleaned(world):
    client = login(Client(), world.leader)
    page = client.post(reverse("accounts:api_keys"), {"name": "  "}, follow=True)
    assert "Beri nama kunci" in page.content.decode()
    assert not ApiKey.objects.exists()
    issue_key(client, "kunci\x00nul")
    assert ApiKey.objects.get().name == "kuncinul"
