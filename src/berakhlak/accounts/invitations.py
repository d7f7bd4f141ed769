"""Invitations of operators: a single-use, expiring link, e-mailed after the transaction
that made it commits, with which the operator sets the first password of their account.

The token is 256 random bits (`secrets`) and only its SHA-256 is stored, like a password
reset: a copy of the database holds no usable link. A link is found by the hash of what
the visitor brings (one indexed lookup: no comparison of secrets whose time could leak a
prefix). Sending again makes a new token and kills the old one.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..audit.actions import record
from ..common.hashing import hash_secret
from .models import Invitation

log = logging.getLogger(__name__)

TOKEN_BYTES = 32  # 256 bits


def lifetime() -> datetime.timedelta:
    return datetime.timedelta(days=settings.BERAKHLAK_INVITATION_DAYS)


@dataclass(frozen=True)
class Outgoing:
    """An invitation and its token, held in memory only until its e-mail is sent."""

    invitation_id: int
    token: str


def _issue(user: AbstractBaseUser, language: str) -> Outgoing:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    invitation = Invitation.objects.create(
        user=user,
        token_hash=hash_secret(token),
        created_at=now,
        expires_at=now + lifetime(),
        language=language,
    )
    return Outgoing(invitation.pk, token)


def mail_language() -> str:
    """The language of an invitation: English when the inviting admin reads English."""
    return "en" if (translation.get_language() or "").startswith("en") else "id"


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("accounts:invitation", kwargs={"token": token})


def _message(invitation: Invitation, token: str, connection: BaseEmailBackend) -> EmailMessage:
    """The invitation's e-mail, plain text, in its language."""
    user = invitation.user
    membership = user.membership  # type: ignore[attr-defined]
    with translation.override(invitation.language):
        context = {
            "link": invitation_link(token),
            "username": user.get_username(),
            "instansi": membership.instansi.name if membership.instansi else "",
            "expires": invitation.expires_at,
            "site": settings.SITE_URL,
        }
        subject = render_to_string("accounts/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/invitation_email.txt", context)
    to = [user.email or user.get_username()]
    return EmailMessage(subject, body, None, to, connection=connection)


def send_invitations(outgoing: list[Outgoing]) -> int:
    """Send the e-mails (after the commit that made them) over one connection to the mail
    server (a national import invites hundreds); returns how many failed. A failure is
    kept on its invitation, shown on the invitations page and sent again from there;
    nothing else is undone, and one refused address does not stop the others."""
    invitations = Invitation.objects.select_related("user__membership__instansi").in_bulk(
        [item.invitation_id for item in outgoing]
    )
    sent: list[int] = []
    failed: list[int] = []
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        log.warning("the mail server cannot be reached: %d invitations not sent", len(outgoing))
        failed = [item.invitation_id for item in outgoing]
    else:
        try:
            for item in outgoing:
                try:
                    _message(invitations[item.invitation_id], item.token, connection).send()
                except Exception:
                    log.warning("sending invitation %s failed", item.invitation_id)  # no token
                    failed.append(item.invitation_id)
                else:
                    sent.append(item.invitation_id)
        finally:
            with contextlib.suppress(Exception):
                connection.close()
    Invitation.objects.filter(pk__in=sent).update(sent_at=timezone.now(), send_failed=False)
    Invitation.objects.filter(pk__in=failed).update(send_failed=True)
    return len(failed)


def invite_on_commit(users: list[AbstractBaseUser], language: str) -> list[Outgoing]:
    """Make an invitation for each user now (inside the caller's transaction) and send the
    e-mails once it commits; never inside it (a rolled back import sends nothing)."""
    outgoing = [_issue(user, language) for user in users]
    if outgoing:
        transaction.on_commit(lambda: send_invitations(outgoing))
    return outgoing


def _instansi_code(user: AbstractBaseUser) -> str:
    m = getattr(user, "membership", None)
    return m.instansi.code if m is not None and m.instansi is not None else ""


@transaction.atomic
def do_resend_invitation(user: AbstractBaseUser, *, actor: AbstractBaseUser) -> Outgoing:
    """A new link for an operator who has not set a password yet; every older link of the
    account dies now."""
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at=None, revoked_at=None).update(revoked_at=now)
    outgoing = invite_on_commit([user], mail_language())[0]
    record(
        actor,
        "invitation.resend",
        f"Mengirim ulang undangan {user.get_username()}",
        instansi_code=_instansi_code(user),
        username=user.get_username(),
    )
    return outgoing


def report_invitations(request: HttpRequest, sent: list[Outgoing]) -> None:
    """After an import or a resend: how many invitations went out, and which failed."""
    if not sent:
        return
    failed = Invitation.objects.filter(
        pk__in=[o.invitation_id for o in sent], send_failed=True
    ).count()
    if failed:
        messages.error(
            request,
            _(
                "%(failed)d dari %(n)d undangan gagal dikirim. Periksa pengaturan e-mail, lalu "
                "kirim ulang dari halaman Undangan."
            )
            % {"failed": failed, "n": len(sent)},
        )
    else:
        messages.success(request, _("Undangan dikirim: %(n)d.") % {"n": len(sent)})


def valid_invitation(token: str) -> Invitation | None:
    """The invitation a token opens, or None for an unknown, used, revoked or expired one
    (the caller answers all of them alike)."""
    if not 20 <= len(token) <= 100:
        return None
    invitation = (
        Invitation.objects.select_related("user")
        .filter(token_hash=hash_secret(token), used_at=None, revoked_at=None)
        .first()
    )
    if invitation is None or invitation.expires_at <= timezone.now():
        return None
    if not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def do_accept_invitation(invitation: Invitation, password: str) -> AbstractBaseUser | None:
    """Set the account's password and use the link up; None if it was used meanwhile (two
    submissions at once: the row is locked, the second finds it used)."""
    locked = Invitation.objects.select_for_update().filter(pk=invitation.pk, used_at=None).first()
    if locked is None:
        return None
    now = timezone.now()
    locked.used_at = now
    locked.save(update_fields=["used_at"])
    user = locked.user
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        user,
        "invitation.accept",
        f"{user.get_username()} membuat kata sandi dari undangan",
        instansi_code=_instansi_code(user),
        username=user.get_username(),
    )
    return user


@dataclass(frozen=True)
class InvitationLine:
    """An invited account as the invitations page shows it: its latest invitation."""

    user_id: int
    username: str
    instansi: str
    status: str  # used, expired, failed, sent, unsent
    created_at: datetime.datetime
    expires_at: datetime.datetime
    sent_at: datetime.datetime | None
    used_at: datetime.datetime | None
    resendable: bool


def _status(invitation: Invitation, now: datetime.datetime) -> str:
    if invitation.used_at is not None:
        return "used"
    if invitation.expires_at <= now:
        return "expired"
    if invitation.send_failed:
        return "failed"
    return "sent" if invitation.sent_at is not None else "unsent"


def invitation_lines() -> list[InvitationLine]:
    """Every invited account, by instansi and address, with the state of its latest link."""
    now = timezone.now()
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.select_related("user__membership__instansi").order_by(
        "user_id", "-created_at", "-pk"
    ):
        latest.setdefault(invitation.user_id, invitation)
    lines = []
    for invitation in latest.values():
        user = invitation.user
        m = getattr(user, "membership", None)
        status = _status(invitation, now)
        lines.append(
            InvitationLine(
                user.pk,
                user.get_username(),
                m.instansi.name if m is not None and m.instansi is not None else "",
                status,
                invitation.created_at,
                invitation.expires_at,
                invitation.sent_at,
                invitation.used_at,
                resendable=status != "used" and not user.has_usable_password(),
            )
        )
    return sorted(lines, key=lambda line: (line.instansi, line.username))
