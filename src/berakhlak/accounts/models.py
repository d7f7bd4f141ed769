"""Roles: national admin, operator of an instansi, leader of an instansi or of a unit, and
the change agent (agen perubahan) of a unit, who reports the unit's follow-up activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..orgs.models import Instansi, Unit


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin nasional")
    OPERATOR = "operator", _("Operator instansi")
    LEADER = "pimpinan", _("Pimpinan")
    CHANGE_AGENT = "agen", _("Agen perubahan")
    EVALUATOR = "evaluator", _("Evaluator (Tim Evaluasi)")


class Membership(models.Model):
    """What one user may see and do. Every user of the platform has exactly one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices)
    instansi = models.ForeignKey(
        Instansi, null=True, blank=True, on_delete=models.CASCADE, related_name="members"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="leaders"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    models.Q(role="admin", instansi__isnull=True, unit__isnull=True)
                    | models.Q(role="operator", instansi__isnull=False, unit__isnull=True)
                    | models.Q(role="pimpinan", instansi__isnull=False)
                    | models.Q(role="agen", instansi__isnull=False, unit__isnull=False)
                    # an instansi's Tim Evaluasi (its unit: the one it never scores), or a
                    # national evaluator (no instansi, no unit)
                    | models.Q(role="evaluator", instansi__isnull=False)
                    | models.Q(role="evaluator", instansi__isnull=True, unit__isnull=True)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def is_evaluator(self) -> bool:
        return self.role == Role.EVALUATOR

    @property
    def is_unit_leader(self) -> bool:
        return self.role == Role.LEADER and self.unit_id is not None

    @property
    def is_change_agent(self) -> bool:
        return self.role == Role.CHANGE_AGENT

    def scope_label(self) -> str:
        if self.is_admin or self.instansi_id is None:
            return str(_("Seluruh instansi"))
        if self.unit_id is not None:
            return f"{self.unit.name} – {self.instansi.name}"  # type: ignore[union-attr]
        return self.instansi.name if self.instansi else ""


class ApiKey(models.Model):
    """A personal key for the read-only results API; only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Invitation(models.Model):
    """A link an operator follows once to set the first password of an account made for
    them (accounts/invitations.py). Only the SHA-256 of its token is kept, like a password
    reset: the token itself is in the e-mail and nowhere else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    """When a newer invitation replaced it (sent again): its link no longer works."""
    sent_at = models.DateTimeField(null=True, blank=True)
    send_failed = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="id")
    """The language of its e-mail: the inviting admin's."""

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
