"""Importing an org file (org.csv format, CSV or XLSX): preview, then all-or-nothing apply."""

from __future__ import annotations

import contextlib
import datetime
import re
import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..audit.actions import record
from ..files.org import Org, read_org
from ..files.problems import InputError, Problem, msg
from .forms import CODE
from .models import Instansi, Unit

UPLOAD_SUFFIXES = (".csv", ".xlsx")
KEEP_UPLOADS = datetime.timedelta(days=1)


class UploadRejected(Exception):
    pass


def uploads() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def purge_abandoned_uploads(older_than: datetime.timedelta = KEEP_UPLOADS) -> int:
    """Delete uploads not applied within a day: an org file holds the names and headcounts
    of someone's units, and an abandoned preview would keep them for ever."""
    cutoff = time.time() - older_than.total_seconds()
    deleted = 0
    for path in uploads().glob("*") if uploads().is_dir() else ():
        with contextlib.suppress(FileNotFoundError):  # applied or purged meanwhile
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                deleted += 1
    return deleted


def store_upload(upload: UploadedFile) -> Path:
    """Keep an uploaded file until it is applied or abandoned (deleted after a day, here
    at the next upload or by `berakhlak manage purge`); only .csv/.xlsx, size-limited."""
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadRejected(_("Gunakan berkas .csv atau .xlsx."))
    if upload.size is not None and upload.size > settings.BERAKHLAK_MAX_UPLOAD_BYTES:
        raise UploadRejected(_("Berkas terlalu besar."))
    purge_abandoned_uploads()
    folder = uploads()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{suffix}"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def upload_path(token: str) -> Path | None:
    """The stored upload named by a session token, if it is still there."""
    if not re.fullmatch(r"[0-9a-f]{32}\.(csv|xlsx)", token):
        return None
    path = uploads() / token
    return path if path.exists() else None


@dataclass
class UnitChange:
    instansi_code: str
    code: str
    name: str
    headcount: int
    kind: str  # new, changed, same, deactivate
    before_name: str = ""
    before_headcount: int | None = None
    group: str = ""  # the name of its reporting group after the import
    before_group: str = ""


SHOWN_UNITS = 1000  # unit rows of the preview's table (the 24,000 of a national file: 4 MB)


@dataclass(frozen=True)
class InstansiLine:
    """One instansi of the file as the preview sums it up."""

    code: str
    name: str
    kind: str  # new, changed, same
    units: int
    headcount: int
    operators: tuple[str, ...]


@dataclass
class ImportPlan:
    problems: list[str] = field(default_factory=list)
    new_instansi: list[str] = field(default_factory=list)
    changes: list[UnitChange] = field(default_factory=list)
    org: Org | None = None
    renamed: set[str] = field(default_factory=set)
    """Existing instansi whose name or region the file changes."""

    def instansi_lines(self) -> list[InstansiLine]:
        """Per instansi of the file: new, changed (itself or any unit) or unchanged; its
        units and headcount after the import; the operators the file names."""
        if self.org is None:
            return []
        changed = {c.instansi_code for c in self.changes if c.kind != "same"} | self.renamed
        lines = []
        for code, info in self.org.instansi.items():
            kind = "new" if code in self.new_instansi else "changed" if code in changed else "same"
            lines.append(
                InstansiLine(
                    code,
                    info.name,
                    kind,
                    len(info.units),
                    sum(u.headcount for u in info.units),
                    self.org.operators.get(code, ()),
                )
            )
        return lines

    @property
    def ok(self) -> bool:
        return not self.problems and self.org is not None

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def changes_first(self) -> list[UnitChange]:
        """The rows as the preview lists them: what the import changes first (changed, new,
        no longer in the file), then what stays the same; the file's order within each."""
        order = {"changed": 0, "new": 1, "deactivate": 2, "same": 3}
        return sorted(self.changes, key=lambda c: order[c.kind])[:SHOWN_UNITS]

    @property
    def units_not_shown(self) -> int:
        """Unit rows beyond SHOWN_UNITS: a national file holds tens of thousands, summed up
        per instansi above the table instead."""
        return max(0, len(self.changes) - SHOWN_UNITS)


MAX_NAME = 200  # the database columns
MAX_HEADCOUNT = 10_000_000  # as in the unit form


def _bad_name(name: str) -> bool:
    return len(name) > MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name)


def web_problems(org: Org, file: str) -> list[Problem]:
    """What an org file may hold but the web cannot keep: codes that are not the URL-safe
    codes of the forms, names too long for the database or with control characters, and
    headcounts beyond the form's limit."""
    out = []
    for inst in org.instansi.values():
        if not re.fullmatch(CODE, inst.code):
            out.append(msg("instansi_code_unfit", code=repr(inst.code[:40])))
            continue
        if _bad_name(inst.name):
            out.append(msg("instansi_name_unfit", code=inst.code))
        for group in inst.groups:
            if not re.fullmatch(CODE, group.code):
                out.append(msg("group_code_unfit", group=repr(group.code[:40])))
            elif _bad_name(group.name):
                out.append(msg("group_name_unfit", group=group.code))
        for unit in inst.units:
            if not re.fullmatch(CODE, unit.code):
                out.append(msg("unit_code_unfit", unit=repr(unit.code[:40]), code=inst.code))
                continue
            if _bad_name(unit.name):
                out.append(msg("unit_name_unfit", unit=unit.code))
            if unit.headcount > MAX_HEADCOUNT:
                out.append(
                    msg("headcount_too_large", unit=unit.code, code=inst.code, limit=MAX_HEADCOUNT)
                )
    return [Problem(file, None, message) for message in out]


def problem_text(problem: Problem, lang: str) -> str:
    """A problem of the file as the import page shows it: without the file's name, in the
    page's language (the active one)."""
    text = problem.message.text(translation, lang)
    if problem.row is None:
        return text
    return _("baris %(row)s: %(message)s") % {"row": problem.row, "message": text}


def plan_import(path: Path, own_instansi: str | None, lang: str = "id") -> ImportPlan:
    """What importing the org file at `path` would change, or why it cannot be imported.
    `own_instansi` is the code of the only instansi the importer may change (an operator's),
    or None for the national admin, who may import any."""
    plan = ImportPlan()
    try:
        org = read_org(path)
    except InputError as error:
        plan.problems = [problem_text(p, lang) for p in error.problems]
        rest = error.total - len(error.problems)
        if rest > 0:
            plan.problems.append(
                ngettext("… dan %(n)d masalah lainnya", "… dan %(n)d masalah lainnya", rest)
                % {"n": rest}
            )
        return plan
    unfit = web_problems(org, path.name)
    if unfit:
        plan.problems = [problem_text(p, lang) for p in unfit[:20]]
        if len(unfit) > 20:
            more = len(unfit) - 20
            plan.problems.append(
                ngettext("… dan %(n)d masalah lainnya", "… dan %(n)d masalah lainnya", more)
                % {"n": more}
            )
        return plan
    if own_instansi is not None and org.operators:
        plan.problems.append(problem_text(Problem(path.name, None, msg("operator_not_here")), lang))
        return plan
    if own_instansi is not None:
        own = own_instansi
        foreign = sorted(code for code in org.instansi if code != own)
        if foreign:
            plan.problems.append(
                _(
                    "Berkas memuat instansi lain (%(codes)s); Anda hanya dapat mengimpor unit "
                    "instansi %(own)s."
                )
                % {"codes": ", ".join(foreign), "own": own}
            )
            return plan
    plan.org = org
    existing = {i.code: i for i in Instansi.objects.filter(code__in=list(org.instansi))}
    plan.new_instansi = [code for code in org.instansi if code not in existing]
    plan.renamed = {
        code
        for code, inst in existing.items()
        if (inst.name, inst.region) != (org.instansi[code].name, org.instansi[code].region)
    }
    for code, info in org.instansi.items():
        current = {u.code: u for u in Unit.objects.filter(instansi__code=code)}
        names = {g.code: g.name for g in info.groups}
        for unit in info.units:
            before = current.pop(unit.code, None)
            group = (unit.group or "", names.get(unit.group or "", ""))
            if before is not None and not org.grouped:
                group = (before.group_code, before.group_name)  # the file says nothing
            if before is None:
                kind = "new"
            elif (before.name, before.headcount, before.active) == (
                unit.name,
                unit.headcount,
                True,
            ) and (before.group_code, before.group_name) == group:
                kind = "same"
            else:
                kind = "changed"
            plan.changes.append(
                UnitChange(
                    code,
                    unit.code,
                    unit.name,
                    unit.headcount,
                    kind,
                    before.name if before else "",
                    before.headcount if before else None,
                    group=group[1],
                    before_group=before.group_name if before else "",
                )
            )
        for left in current.values():
            if left.active:
                plan.changes.append(
                    UnitChange(
                        code,
                        left.code,
                        left.name,
                        left.headcount,
                        "deactivate",
                        left.name,
                        left.headcount,
                    )
                )
    return plan


@transaction.atomic
def do_apply_org_import(plan: ImportPlan, *, deactivate_missing: bool, actor: object) -> None:
    """Apply a previewed plan in one transaction: everything or nothing."""
    assert plan.org is not None
    for code, info in plan.org.instansi.items():
        instansi, created = Instansi.objects.update_or_create(
            code=code, defaults={"name": info.name, "region": info.region}
        )
        names = {g.code: g.name for g in info.groups}
        if created:  # a new instansi (bulk onboarding): its units in one statement
            Unit.objects.bulk_create(
                Unit(
                    instansi=instansi,
                    code=unit.code,
                    name=unit.name,
                    headcount=unit.headcount,
                    group_code=unit.group or "",
                    group_name=names.get(unit.group or "", ""),
                )
                for unit in info.units
            )
        for unit in () if created else info.units:
            defaults: dict[str, object] = {
                "name": unit.name,
                "headcount": unit.headcount,
                "active": True,
            }
            if plan.org.grouped:  # a file without the group columns leaves groups alone
                defaults["group_code"] = unit.group or ""
                defaults["group_name"] = names.get(unit.group or "", "")
            Unit.objects.update_or_create(instansi=instansi, code=unit.code, defaults=defaults)
        if deactivate_missing:
            Unit.objects.filter(instansi=instansi, active=True).exclude(
                code__in=[u.code for u in info.units]
            ).update(active=False)
        record(
            actor,  # type: ignore[arg-type]
            "org.import",
            f"Mengimpor struktur {code}: {len(info.units)} unit",
            instansi_code=code,
            new=sum(1 for c in plan.changes if c.instansi_code == code and c.kind == "new"),
            changed=sum(1 for c in plan.changes if c.instansi_code == code and c.kind == "changed"),
            deactivated=sum(
                1 for c in plan.changes if c.instansi_code == code and c.kind == "deactivate"
            )
            if deactivate_missing
            else 0,
            groups={g.code: g.name for g in info.groups} if plan.org.grouped else None,
        )
