"""Sign-in with lockout, sign-out, password change and account management."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ..audit.actions import record
from ..common import throttle
from ..common.client import client_address
from ..common.forms import is_id
from . import limits
from .access import admin_required, member_required, membership_of
from .actions import do_create_user, do_reset_password, do_set_user_active
from .apikeys import do_create_api_key, do_revoke_api_key
from .forms import SignInForm, UserCreateForm
from .invitations import (
    do_accept_invitation,
    do_resend_invitation,
    invitation_lines,
    report_invitations,
    valid_invitation,
)
from .models import ApiKey, Membership, Role

LOGIN_PER_USER = throttle.Limit(
    "login-user", 5, datetime.timedelta(minutes=15), datetime.timedelta(minutes=15)
)
LOGIN_PER_CLIENT = throttle.Limit(
    "login-client", 30, datetime.timedelta(minutes=15), datetime.timedelta(minutes=15)
)


def login_view(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        username = (request.POST.get("username") or "").strip().lower()
        address = client_address(request)
        if throttle.blocked(LOGIN_PER_USER, username) or throttle.blocked(
            LOGIN_PER_CLIENT, address
        ):
            form = SignInForm(request)  # unbound: add_error would fail on it
            messages.error(request, _("Terlalu banyak percobaan masuk. Coba lagi dalam 15 menit."))
        elif form.is_valid():
            throttle.clear(LOGIN_PER_USER, username)
            user = form.get_user()
            login(request, user)
            record(user, "auth.login", f"{user.get_username()} masuk")
            if url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                return redirect(next_url or "home")
            return redirect("home")
        else:
            throttle.hit(LOGIN_PER_USER, username)
            throttle.hit(LOGIN_PER_CLIENT, address)
    return render(
        request, "accounts/login.html", {"form": form, "next": next_url, "hide_login": True}
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@member_required
def password_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        record(user, "user.change_password", f"{user.get_username()} mengganti kata sandi")
        messages.success(request, _("Kata sandi sudah diganti."))
        return redirect("home")
    return render(request, "accounts/password.html", {"form": form})


def _managed_users(actor: Membership):  # type: ignore[no-untyped-def]
    users = (
        get_user_model()
        .objects.select_related("membership", "membership__instansi", "membership__unit")
        .filter(membership__isnull=False)
    )
    if actor.is_admin:
        return users.order_by("membership__instansi__name", "username")
    if actor.is_operator:
        return users.filter(membership__instansi_id=actor.instansi_id).order_by("username")
    return users.none()


def _manager(request: HttpRequest) -> Membership:
    actor = membership_of(request.user)
    if actor is None or not (actor.is_admin or actor.is_operator):
        raise Http404
    return actor


@never_cache  # shows a password just issued
@member_required
def users_view(request: HttpRequest) -> HttpResponse:
    actor = _manager(request)
    form = UserCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = do_create_user(
            data["username"],
            data["role"],
            instansi=data["instansi"],
            unit=data["unit"],
            actor=request.user,
        )
        return render(
            request,
            "accounts/password_issued.html",
            {"account": user, "password": password, "nav": "users"},
        )
    return render(
        request,
        "accounts/users.html",
        {"users": _managed_users(actor), "form": form, "nav": "users", "roles": Role},
    )


@never_cache  # shows a password just issued
@member_required
@require_POST
def user_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    actor = _manager(request)
    user = get_object_or_404(_managed_users(actor), pk=pk)
    if user.pk == request.user.pk:
        raise Http404
    if action == "reset":
        password = do_reset_password(user, actor=request.user)
        return render(
            request,
            "accounts/password_issued.html",
            {"account": user, "password": password, "nav": "users"},
        )
    if action in ("activate", "deactivate"):
        do_set_user_active(user, action == "activate", actor=request.user)
        messages.success(request, _("Status akun diperbarui."))
        return redirect("accounts:users")
    raise Http404


@never_cache  # shows a key just made
@member_required
def api_keys_view(request: HttpRequest) -> HttpResponse:
    """The user's own API keys for the read-only results API."""
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST["revoke"]
            if not is_id(revoke):  # not a key's id as the page writes it
                raise Http404
            key = get_object_or_404(ApiKey, pk=int(revoke), user=request.user)
            do_revoke_api_key(key, actor=request.user)
            messages.success(request, _("Kunci API dicabut."))
            return redirect("accounts:api_keys")
        name = (request.POST.get("name") or "").replace("\x00", "").strip()[:100]
        if name:
            key = do_create_api_key(request.user, name, actor=request.user)
            return render(request, "accounts/api_key_issued.html", {"key": key, "name": name})
        messages.error(request, _("Beri nama kunci, misalnya nama skrip yang memakainya."))
    keys = ApiKey.objects.filter(user=request.user)
    return render(request, "accounts/api_keys.html", {"keys": keys})


@admin_required
def invitations_view(request: HttpRequest) -> HttpResponse:
    """The national admin's invitations: per operator, sent, used or expired; resend."""
    if request.method == "POST":
        pk = request.POST.get("resend") or ""
        if not is_id(pk):
            raise Http404
        user = get_object_or_404(
            get_user_model().objects.filter(invitations__isnull=False).distinct(), pk=int(pk)
        )
        if not user.has_usable_password():
            report_invitations(request, [do_resend_invitation(user, actor=request.user)])
        return redirect("accounts:invitations")
    return render(
        request,
        "accounts/invitations.html",
        {
            "lines": invitation_lines(),
            "days": settings.BERAKHLAK_INVITATION_DAYS,
            "nav": "users",
        },
    )


INVITATION_SESSION_KEY = "invitation_token"


def _invitation_headers(response: HttpResponse) -> HttpResponse:
    """Neither kept by a cache nor named in a Referer: the page's address held a secret.
    `strict-origin` sends the site's origin alone, never the path; `no-referrer` would also
    make the browser send `Origin: null` with the page's forms, which CSRF refuses."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "strict-origin"
    return response


def _invalid_invitation(request: HttpRequest) -> HttpResponse:
    """The one answer to an unknown, used, resent or expired link (no oracle)."""
    limits.count_wrong_invitation(request)
    return _invitation_headers(render(request, "accounts/invitation_invalid.html", status=404))


def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: its token moves into the session and the browser
    goes on to an address without it (as Django's password reset does), so the token is
    not left in the history, a Referer or the next page's address."""
    if limits.invitations_blocked(request):
        return _invitation_headers(limits.too_many(request))
    if valid_invitation(token) is None:
        return _invalid_invitation(request)
    request.session[INVITATION_SESSION_KEY] = token
    return _invitation_headers(redirect("accounts:invitation_password"))


def invitation_password_view(request: HttpRequest) -> HttpResponse:
    """Set the first password; the account is signed in at once (the link proved the
    e-mail, and the password was just typed: asking for it again proves nothing)."""
    if limits.invitations_blocked(request):
        return _invitation_headers(limits.too_many(request))
    token = request.session.get(INVITATION_SESSION_KEY, "")
    invitation = valid_invitation(token) if isinstance(token, str) else None
    if invitation is None:
        return _invalid_invitation(request)
    form = SetPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = do_accept_invitation(invitation, form.cleaned_data["new_password1"])
        if user is None:
            return _invalid_invitation(request)
        request.session.pop(INVITATION_SESSION_KEY, None)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Kata sandi dibuat. Selamat datang."))
        return redirect("home")
    return _invitation_headers(
        render(
            request,
            "accounts/invitation_password.html",
            {"form": form, "account": invitation.user, "hide_login": True},
        )
    )
