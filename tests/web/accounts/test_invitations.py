"""Bulk onboarding: the national admin's org file with operators' e-mails, the accounts and
invitations its import makes, the e-mails sent after the commit, the invitations page, and
the set-password page of the link (the attacks on it are listed in docs/SECURITY.md)."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from berakhlak.accounts.models import Invitation, Membership, Role
from berakhlak.audit.models import Event
from berakhlak.orgs.models import Instansi, Unit
from helpers.onboarding import (
    MEMORY,
    PICKY,
    REFUSING,
    ROWS,
    confirm,
    instansi_table,
    link_of,
    onboard,
    org_upload,
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


# --- the file and its preview ----------------------------------------------------------


def test_the_preview_says_per_instansi_new_or_unchanged_its_units_and_which_operators_are_made(
    admin,
):
    page = preview(admin, ROWS)
    text = page.content.decode()
    assert [[" ".join(cell) for cell in row] for row in instansi_table(text)] == [
        ["KAB-T01", "Kabupaten Uji", "tetap", "4", "684", "operator.t01@uji.go.id sudah ada"],
        [
            "KAB-BARU",
            "Kabupaten Baru",
            "baru",
            "2",
            "1.500",
            "andi@baru.go.id akun baru, diundang sari@baru.go.id akun baru, diundang",
        ],
    ]
    assert not Instansi.objects.filter(code="KAB-BARU").exists()
    assert not get_user_model().objects.filter(username="andi@baru.go.id").exists()


def test_a_changed_instansi_is_called_changed(admin):
    rows = [r.replace("U02,Dinas Pendidikan,400", "U02,Dinas Pendidikan,410") for r in ROWS]
    table = instansi_table(preview(admin, rows).content.decode())
    assert table[0][2] == ["berubah"]


@pytest.mark.parametrize(
    ("username", "role", "reason"),
    [
        ("andi@baru.go.id", Role.ADMIN, "(Admin nasional) yang bukan operator instansi KAB-BARU"),
        (
            "andi@baru.go.id",
            Role.OPERATOR,
            "(Operator instansi) yang bukan operator instansi KAB-BARU",
        ),
    ],
)
def test_an_address_of_another_account_refuses_the_whole_file(
    admin, make_user, username, role, reason
):
    make_user(username, role, Instansi.objects.get(code="KAB-T01") if role != Role.ADMIN else None)
    text = preview(admin, ROWS).content.decode()
    assert "Berkas belum dapat diimpor" in text
    assert f"alamat andi@baru.go.id sudah dipakai akun lain {reason}" in text
    assert 'name="berkas"' not in text  # nothing to confirm


def test_a_bad_address_is_named_with_its_row_and_nothing_is_imported(admin):
    rows = [*ROWS[:5], ROWS[5].replace(",timur,", ",timur,kepala@baru")]
    text = preview(admin, rows).content.decode()
    assert "baris 7: operator_email &#x27;kepala@baru&#x27; bukan alamat e-mail" in text
    assert not Instansi.objects.filter(code="KAB-BARU").exists()


def test_an_operators_own_import_may_not_name_operators(make_instansi, make_user):
    inst = make_instansi()
    client = login(Client(), make_user("operator.impor", Role.OPERATOR, inst))
    page = client.post(
        reverse("orgs:import", args=["KAB-T01"]), {"file": org_upload(ROWS[:4])}, follow=True
    )
    assert (
        "kolom operator_email hanya dapat diisi pada impor admin nasional" in page.content.decode()
    )


# --- accounts and invitations ------------------------------------------------------------


def test_confirming_makes_operator_accounts_without_password_and_invitations_in_the_import(
    admin, django_capture_on_commit_callbacks
):
    outbox = onboard(admin, django_capture_on_commit_callbacks)
    users = get_user_model().objects.filter(username__endswith="@baru.go.id").order_by("username")
    assert [u.username for u in users] == ["andi@baru.go.id", "sari@baru.go.id"]
    for user in users:
        assert not user.has_usable_password()
        assert user.email == user.username
        m = Membership.objects.get(user=user)
        assert (m.role, m.instansi.code, m.unit) == (Role.OPERATOR, "KAB-BARU", None)
        [invitation] = Invitation.objects.filter(user=user)
        assert invitation.sent_at is not None and invitation.used_at is None
        assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    assert Unit.objects.filter(instansi__code="KAB-BARU").count() == 2
    # The operator already there gets nothing.
    assert not Invitation.objects.filter(user__username="operator.t01@uji.go.id").exists()
    actions = list(Event.objects.order_by("pk").values_list("action", flat=True))
    assert actions.count("user.create") == 2 and actions.count("invitation.create") == 2
    assert sorted(m.to[0] for m in outbox) == ["andi@baru.go.id", "sari@baru.go.id"]
    [andi] = [m for m in outbox if m.to == ["andi@baru.go.id"]]
    assert andi.subject == "Undangan operator BerAKHLAK"
    assert "Anda diundang sebagai operator instansi Kabupaten Baru" in andi.body
    assert "Nama pengguna Anda: andi@baru.go.id" in andi.body
    assert re.search(r"berlaku sampai \d+ \w+ 20\d\d, \d\d:\d\d WIB:", andi.body)
    assert link_of(andi).startswith("http://127.0.0.1:8000/akun/undangan/")


def test_the_e_mail_is_in_english_when_the_admin_reads_english(
    admin, django_capture_on_commit_callbacks
):
    admin.cookies["django_language"] = "en"
    outbox = onboard(admin, django_capture_on_commit_callbacks)
    assert outbox[0].subject == "BerAKHLAK operator invitation"
    assert "You are invited as an operator of Kabupaten Baru" in outbox[0].body


def test_no_e_mail_leaves_before_the_import_commits_and_none_after_a_rollback(
    admin, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    page = preview(admin, ROWS)
    monkeypatch.setattr("berakhlak.accounts.onboarding.record", broken)
    with pytest.raises(RuntimeError):
        confirm(admin, page, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert not Instansi.objects.filter(code="KAB-BARU").exists()
    assert not Invitation.objects.exists()
    assert not get_user_model().objects.filter(username__endswith="@baru.go.id").exists()


def test_a_failed_send_keeps_the_import_is_reported_and_can_be_sent_again(
    transactional_db, admin, settings
):
    """With real commits (the e-mails leave as the import's transaction commits, before
    the page that reports them is made)."""
    settings.EMAIL_BACKEND = REFUSING
    page = preview(admin, ROWS)
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    done = admin.post(page.redirect_chain[-1][0], {"berkas": token}, follow=True)
    assert "2 dari 2 undangan gagal dikirim" in done.content.decode()
    assert Instansi.objects.filter(code="KAB-BARU").exists()
    page = admin.get(reverse("accounts:invitations")).content.decode()
    assert page.count("gagal terkirim") == 2
    settings.EMAIL_BACKEND = MEMORY  # the server is back
    andi = get_user_model().objects.get(username="andi@baru.go.id")
    again = admin.post(reverse("accounts:invitations"), {"resend": andi.pk}, follow=True)
    assert "Undangan dikirim: 1." in again.content.decode()
    assert [m.to for m in mail.outbox] == [["andi@baru.go.id"]]
    assert Event.objects.filter(action="invitation.resend", details__username=andi.username)


def test_one_refused_address_does_not_stop_the_others(transactional_db, admin, settings):
    settings.EMAIL_BACKEND = PICKY
    page = preview(admin, ROWS)
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    done = admin.post(page.redirect_chain[-1][0], {"berkas": token}, follow=True)
    assert "1 dari 2 undangan gagal dikirim" in done.content.decode()
    assert [m.to for m in mail.outbox] == [["andi@baru.go.id"]]
    states = dict(Invitation.objects.values_list("user__username", "send_failed"))
    assert states == {"andi@baru.go.id": False, "sari@baru.go.id": True}


def test_the_invitations_page_shows_sent_used_and_expired(
    admin, django_capture_on_commit_callbacks
):
    outbox = onboard(admin, django_capture_on_commit_callbacks)
    sari = Invitation.objects.get(user__username="sari@baru.go.id")
    sari.expires_at = timezone.now() - datetime.timedelta(minutes=1)
    sari.save()
    [andi] = [m for m in outbox if m.to == ["andi@baru.go.id"]]
    set_password(Client(), token_of(andi))
    page = admin.get(reverse("accounts:invitations")).content.decode()
    rows = dict(
        re.findall(
            r"<td>([a-z.]+@baru\.go\.id)</td>\s*<td><span class=\"badge[^\"]*\">([^<]+)<", page
        )
    )
    assert rows == {"andi@baru.go.id": "sudah dipakai", "sari@baru.go.id": "kedaluwarsa"}
    assert page.count("kirim ulang") == 1  # the used one cannot be sent again


def test_a_national_file_previews_every_instansi_and_the_first_thousand_units(admin):
    rows = [
        f"KAB-N{i:02d},Kabupaten {i},U{u:02d},Unit {u},{100 + u},timur,"
        for i in range(30)
        for u in range(40)
    ]
    text = preview(admin, rows).content.decode()
    assert "1200 unit baru, 0 berubah, 0 tetap, 0 tidak ada di berkas." in text
    assert len(instansi_table(text)) == 30
    body = text.split('id="import-changes"')[1]
    assert body.count("<tr><td>KAB-N") == 1000
    assert "… dan 200 unit lainnya, terhitung dalam ringkasan di atas." in body


def test_confirming_a_new_instansi_saves_its_units_and_groups(
    admin, django_capture_on_commit_callbacks
):
    header = (
        "instansi_code,instansi_name,unit_code,unit_name,headcount,region,group_code,group_name"
    )
    upload = io.BytesIO(
        (
            f"{header}\n"
            "KAB-G,Kabupaten G,U01,Sekretariat,300,timur,,\n"
            "KAB-G,Kabupaten G,K01,Kecamatan A,20,timur,KEC,Kantor kecamatan\n"
            "KAB-G,Kabupaten G,K02,Kecamatan B,25,timur,KEC,Kantor kecamatan\n"
        ).encode()
    )
    upload.name = "g.csv"
    page = admin.post(reverse("orgs:import_all"), {"file": upload}, follow=True)
    confirm(admin, page, django_capture_on_commit_callbacks)
    assert sorted(
        Unit.objects.filter(instansi__code="KAB-G").values_list(
            "code", "name", "headcount", "active", "group_code", "group_name"
        )
    ) == [
        ("K01", "Kecamatan A", 20, True, "KEC", "Kantor kecamatan"),
        ("K02", "Kecamatan B", 25, True, "KEC", "Kantor kecamatan"),
        ("U01", "Sekretariat", 300, True, "", ""),
    ]
    assert Event.objects.get(action="org.import", instansi_code="KAB-G").details["new"] == 3
