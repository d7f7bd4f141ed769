"""The set-password page of an operator's invitation link, and the attacks on it (listed in
docs/SECURITY.md): reuse, expiry, a link sent again, guessing, the token at rest, timing,
scope, caches and Referers, rate limit, logs."""

from __future__ import annotations

import datetime
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.accounts import invitations
from berakhlak.accounts.models import Invitation, Role
from berakhlak.audit.models import Event
from berakhlak.common.hashing import hash_secret
from helpers.onboarding import (
    MEMORY,
    NEW_PASSWORD,
    PICKY,
    ROWS,
    confirm,
    onboard,
    preview,
    set_password,
    token_of,
)
from helpers.web import login


@pytest.fixture
def admin(make_instansi, make_user):
    inst = make_instansi()
    make_user("operator.t01@uji.go.id", Role.OPERATOR, inst)
    return login(Client(), make_user("admin.nasional", Role.ADMIN))


def test_the_link_sets_the_password_and_signs_the_operator_in_to_their_instansi(
    admin, django_capture_on_commit_callbacks
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    client = Client()
    opened = client.get(reverse("accounts:invitation", kwargs={"token": token_of(andi)}))
    assert opened["Location"] == reverse("accounts:invitation_password")  # no token in it
    form = client.get(opened["Location"])
    assert "Buat kata sandi" in form.content.decode() and "andi@baru.go.id" in form.content.decode()
    weak = client.post(
        opened["Location"], {"new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "Kata sandi ini terlalu umum" in weak.content.decode()
    done = client.post(
        opened["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == reverse("orgs:instansi", args=["KAB-BARU"])
    assert "Kata sandi dibuat" in done.content.decode()
    user = get_user_model().objects.get(username="andi@baru.go.id")
    assert user.check_password(NEW_PASSWORD)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("orgs:instansi", args=["KAB-BARU"])).status_code == 200
    assert Invitation.objects.get(user=user).used_at is not None
    event = Event.objects.get(action="invitation.accept")
    assert (event.actor_name, event.instansi_code) == ("andi@baru.go.id", "KAB-BARU")


INVALID = "Tautan undangan tidak berlaku"


def test_attack_an_invitation_link_works_once(admin, django_capture_on_commit_callbacks):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    set_password(Client(), token_of(andi))
    again = set_password(Client(), token_of(andi), "Another-Password-99")
    assert again.status_code == 404 and INVALID in again.content.decode()
    assert get_user_model().objects.get(username="andi@baru.go.id").check_password(NEW_PASSWORD)


def test_attack_a_session_holding_a_used_invitation_cannot_set_the_password_again(
    admin, django_capture_on_commit_callbacks
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    slow, fast = Client(), Client()
    for client in (slow, fast):
        client.get(reverse("accounts:invitation", kwargs={"token": token_of(andi)}))
    set_password_page = reverse("accounts:invitation_password")
    fast.post(set_password_page, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    late = slow.post(
        set_password_page,
        {"new_password1": "Another-Password-99", "new_password2": "Another-Password-99"},
    )
    assert late.status_code == 404 and INVALID in late.content.decode()
    assert get_user_model().objects.get(username="andi@baru.go.id").check_password(NEW_PASSWORD)


def test_attack_an_expired_invitation_sets_nothing(admin, django_capture_on_commit_callbacks):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    page = set_password(Client(), token_of(andi))
    assert page.status_code == 404 and INVALID in page.content.decode()
    assert not get_user_model().objects.get(username="andi@baru.go.id").has_usable_password()


def test_attack_the_link_of_an_invitation_sent_again_is_dead(
    admin, django_capture_on_commit_callbacks
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    user = get_user_model().objects.get(username="andi@baru.go.id")
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("accounts:invitations"), {"resend": user.pk})
    fresh = mail.outbox[-1]
    assert token_of(fresh) != token_of(andi)
    old = set_password(Client(), token_of(andi))
    assert old.status_code == 404 and INVALID in old.content.decode()
    done = set_password(Client(), token_of(fresh))
    assert done.redirect_chain[-1][0] == reverse("orgs:instansi", args=["KAB-BARU"])


def test_attack_guessed_used_expired_and_resent_tokens_get_the_same_answer(
    admin, django_capture_on_commit_callbacks
):
    outbox = onboard(admin, django_capture_on_commit_callbacks)
    [andi] = [m for m in outbox if m.to == ["andi@baru.go.id"]]
    [sari] = [m for m in outbox if m.to == ["sari@baru.go.id"]]
    set_password(Client(), token_of(andi))  # used
    Invitation.objects.filter(user__username="sari@baru.go.id").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    answers = []
    for token in (token_of(andi), token_of(sari), "A" * 43, "x", token_of(andi)[:-1] + "A"):
        response = Client().get(reverse("accounts:invitation", kwargs={"token": token}))
        body = re.sub(  # the form's CSRF token, and the page's own address (the language switch)
            r'name="(csrfmiddlewaretoken|next)" value="[^"]+"', "", response.content.decode()
        )
        answers.append((response.status_code, body, response["Cache-Control"]))
    assert len(set(answers)) == 1
    assert answers[0][0] == 404


def test_attack_the_token_is_not_in_the_database_only_its_hash(
    admin, django_capture_on_commit_callbacks
):
    outbox = onboard(admin, django_capture_on_commit_callbacks)
    tokens = [token_of(m) for m in outbox]
    assert all(len(t) >= 43 for t in tokens)  # 32 random bytes: 256 bits
    stored = list(Invitation.objects.values_list("token_hash", flat=True))
    assert sorted(stored) == sorted(hash_secret(t) for t in tokens)
    rows = repr(list(Invitation.objects.values())) + repr(list(Event.objects.values()))
    assert not any(t in rows for t in tokens)


def test_attack_a_token_is_found_by_its_hash_not_compared_in_clear(
    admin, django_capture_on_commit_callbacks, django_assert_num_queries
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    token = token_of(andi)
    with django_assert_num_queries(1) as queries:
        assert invitations.valid_invitation(token) is not None
    sql = queries.captured_queries[0]["sql"]
    assert hash_secret(token) in sql and token not in sql
    with django_assert_num_queries(1):
        assert invitations.valid_invitation(token[:-1] + "B") is None


def test_attack_an_operator_invited_for_one_instansi_cannot_reach_another(
    admin, django_capture_on_commit_callbacks
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    client = Client()
    set_password(client, token_of(andi))
    assert client.get(reverse("orgs:instansi", args=["KAB-BARU"])).status_code == 200
    for url in (
        reverse("orgs:instansi", args=["KAB-T01"]),
        reverse("orgs:import", args=["KAB-T01"]),
        reverse("orgs:list"),
        reverse("accounts:invitations"),
    ):
        assert client.get(url).status_code == 404, url


def test_attack_the_invitation_pages_are_not_cached_nor_named_in_a_referer(
    admin, django_capture_on_commit_callbacks
):
    [andi] = [
        m for m in onboard(admin, django_capture_on_commit_callbacks) if m.to == ["andi@baru.go.id"]
    ]
    client = Client()
    opened = client.get(reverse("accounts:invitation", kwargs={"token": token_of(andi)}))
    form = client.get(opened["Location"])
    wrong = Client().get(reverse("accounts:invitation", kwargs={"token": "B" * 43}))
    for response in (opened, form, wrong):
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "strict-origin"  # the origin, never the path


def test_attack_guessing_invitation_tokens_is_rate_limited(settings, db):
    settings.BERAKHLAK_CODE_LIMIT = 3
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [
        client.get(reverse("accounts:invitation", kwargs={"token": f"{i:043d}"})).status_code
        for i in range(5)
    ]
    assert codes == [404, 404, 404, 429, 429]
    other = Client(REMOTE_ADDR="203.0.113.10")
    assert other.get(reverse("accounts:invitation", kwargs={"token": "0" * 43})).status_code == 404


def test_attack_no_token_reaches_a_log(admin, django_capture_on_commit_callbacks, caplog, settings):
    with caplog.at_level(logging.DEBUG):
        settings.EMAIL_BACKEND = PICKY  # sari's address is refused: a failure is logged
        confirm(admin, preview(admin, ROWS), django_capture_on_commit_callbacks)
        settings.EMAIL_BACKEND = MEMORY
        user = get_user_model().objects.get(username="sari@baru.go.id")
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(reverse("accounts:invitations"), {"resend": user.pk})
        tokens = [token_of(m) for m in mail.outbox]
        for token in tokens:
            set_password(Client(), token)
            set_password(Client(), token)  # the 404 of a used one
    assert len(tokens) == 2
    assert "sending invitation" in caplog.text  # the failure is logged ...
    assert not any(token in caplog.text for token in tokens)  # ... and no token ever
