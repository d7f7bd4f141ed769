"""Onboarding from the national admin's org file: the operators its `operator_email`
column names get an account of their instansi and an invitation, in the transaction of
the import itself (orgs/imports.py applies the structure)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower

from ..audit.actions import record
from ..files.org import Org
from ..files.problems import Message, msg
from ..orgs.imports import ImportPlan, do_apply_org_import
from ..orgs.models import Instansi
from .actions import do_create_user
from .invitations import Outgoing, invite_on_commit, mail_language
from .models import Role

MAX_USERNAME = 150  # Django's username column


@dataclass(frozen=True)
class OperatorLine:
    instansi_code: str
    email: str
    exists: bool
    """Already the operator of this instansi: nothing is made, nothing is sent."""


def operator_lines(org: Org) -> tuple[list[OperatorLine], list[Message]]:
    """Which operator accounts importing `org` would make, which are already there, and
    the addresses that cannot be an operator of their instansi (the whole file is refused:
    an address that belongs to another account is never given a second role)."""
    emails = [email for emails in org.operators.values() for email in emails]
    users = {
        u.lower_name: u
        for u in get_user_model()
        .objects.annotate(lower_name=Lower("username"))
        .filter(lower_name__in=emails)
        .select_related("membership__instansi")
    }
    lines, problems = [], []
    for code, addresses in org.operators.items():
        for email in addresses:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(msg("operator_email_unfit", email=email))
                continue
            if len(email) > MAX_USERNAME:
                problems.append(msg("operator_email_unfit", email=email))
                continue
            user = users.get(email)
            if user is None:
                lines.append(OperatorLine(code, email, exists=False))
                continue
            m = getattr(user, "membership", None)
            if m is not None and m.is_operator and m.instansi and m.instansi.code == code:
                lines.append(OperatorLine(code, email, exists=True))
            else:
                role = str(Role(m.role).label) if m is not None else "-"
                problems.append(msg("operator_taken", email=email, role=role, code=code))
    return lines, problems


@transaction.atomic
def do_onboard_from_import(
    plan: ImportPlan,
    operators: list[OperatorLine],
    *,
    deactivate_missing: bool,
    actor: AbstractBaseUser,
) -> list[Outgoing]:
    """Apply the import and make the new operators' accounts (no usable password) and
    invitations, all in one transaction; the e-mails go out once it commits."""
    do_apply_org_import(plan, deactivate_missing=deactivate_missing, actor=actor)
    made = []
    for line in operators:
        if line.exists:
            continue
        instansi = Instansi.objects.get(code=line.instansi_code)
        user, _password = do_create_user(
            line.email,
            Role.OPERATOR,
            instansi=instansi,
            unit=None,
            email=line.email,
            invited=True,
            actor=actor,
        )
        record(
            actor,
            "invitation.create",
            f"Mengundang {line.email} sebagai operator {instansi.code}",
            instansi_code=instansi.code,
            username=line.email,
        )
        made.append(user)
    return invite_on_commit(made, mail_language())
