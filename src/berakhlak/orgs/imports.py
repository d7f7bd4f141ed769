"""Importing an org file (org.csv format, CSV or XLSX): preview, then all-or-nothing apply."""

from __future__ import annotations

import contextlib
import datetime
import re
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..audit.actions import record
from ..files.org import Org, read_org
from ..files.problems import InputError, Problem
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


@dataclass
class ImportPlan:
    problems: list[str] = field(default_factory=list)
    new_instansi: list[str] = field(default_factory=list)
    changes: list[UnitChange] = field(default_factory=list)
    org: Org | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.org is not None

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)


def _numbers(template: str) -> Callable[..., str]:
    """A template whose groups are numbers the reader writes the English way (1,048,576),
    to be written the Indonesian way (1.048.576)."""
    return lambda *groups: template.format(*(g.replace(",", ".") for g in groups))


# Messages of the file reader, in Indonesian for the web (the command line speaks English).
_PATTERNS: list[tuple[str, str | Callable[..., str]]] = [
    (r"missing columns?: (.+)", "kolom tidak ada: {0}"),
    (r"column '(.+)' appears twice", "kolom '{0}' muncul dua kali"),
    (r"file is empty", "berkas kosong"),
    (r"(\w+) is empty", "{0} kosong"),
    (
        r"headcount '(.*)' is not a whole number of at least 1",
        "jumlah pegawai '{0}' bukan bilangan bulat minimal 1",
    ),
    (r"region '(.*)' is not one of (.+)", "wilayah '{0}' bukan salah satu dari {1}"),
    (
        r"instansi (\S+) is named '(.*)' on an earlier row",
        "instansi {0} sudah bernama '{1}' pada baris sebelumnya",
    ),
    (
        r"instansi (\S+) has region '(.*)' on an earlier row",
        "instansi {0} sudah berwilayah '{1}' pada baris sebelumnya",
    ),
    (r"unit (\S+) of instansi (\S+) appears twice", "unit {0} instansi {1} muncul dua kali"),
    (r"has a header but no units", "berkas hanya berisi judul kolom, tanpa unit"),
    (r"not valid UTF-8 text.*", "bukan teks UTF-8; simpan sebagai 'CSV UTF-8 (comma delimited)'"),
    (
        r"the header is not UTF-8 text.*",
        "judul kolom bukan teks UTF-8; simpan sebagai 'CSV UTF-8 (comma delimited)'",
    ),
    (r"the first row \(the header\) is empty", "baris pertama (judul kolom) kosong"),
    (r"the first sheet is empty", "lembar pertama kosong"),
    (r"the file could not be read as CSV", "berkas tidak dapat dibaca sebagai CSV"),
    (
        r"cannot be read as an Excel workbook.*",
        "berkas tidak dapat dibaca sebagai buku kerja Excel",
    ),
    (r"has (\d+) fields, the header has (\d+)", "berisi {0} kolom, padahal judul berisi {1}"),
    (
        r"the columns are separated by ';'.*",
        "kolom dipisahkan dengan ';'; simpan sebagai 'CSV UTF-8 (comma delimited)'",
    ),
    (
        r"instansi code '(.*)' is not 1-32 letters, digits, '.', '_' or '-'",
        "kode instansi '{0}' harus 1–32 huruf, angka, '.', '_' atau '-'",
    ),
    (
        r"unit code '(.*)' of instansi (\S+) is not 1-32 letters, digits, '.', '_' or '-'",
        "kode unit '{0}' instansi {1} harus 1–32 huruf, angka, '.', '_' atau '-'",
    ),
    (
        r"the name of (instansi|unit) (\S+) is longer than 200 characters or holds control "
        r"characters",
        "nama {0} {1} lebih dari 200 karakter atau memuat karakter kendali",
    ),
    (
        r"the headcount of unit (\S+) of instansi (\S+) is above 10,000,000",
        "jumlah pegawai unit {0} instansi {1} melebihi 10.000.000",
    ),
    (
        r"a sheet reaches row ([\d,]+) and column ([\d,]+) \(([\d,]+) cells\), more than the "
        r"([\d,]+) cells an \.xlsx file may hold; .*",
        _numbers(
            "lembar kerja mencapai baris {0} dan kolom {1} ({2} sel), melebihi batas {3} sel "
            "untuk berkas .xlsx; hapus isi di luar tabel atau simpan sebagai CSV"
        ),
    ),
    (
        r"the workbook unpacks to ([\d,]+) MB, more than the ([\d,]+) MB allowed; .*",
        _numbers(
            "buku kerja ini berukuran {0} MB setelah dibuka, melebihi batas {1} MB; simpan "
            "lembar kerjanya sebagai CSV"
        ),
    ),
    (
        r"the workbook's part '(.*)' unpacks to ([\d,]+) times its packed size, more than "
        r"(\d+) times: it is not read",
        lambda part, ratio, limit: (
            f"bagian '{part}' buku kerja membesar {ratio.replace(',', '.')} kali saat dibuka "
            f"(batas {limit} kali), sehingga tidak dibaca"
        ),
    ),
]

MAX_NAME = 200  # the database columns
MAX_HEADCOUNT = 10_000_000  # as in the unit form


def _bad_name(name: str) -> bool:
    return len(name) > MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name)


def web_problems(org: Org, file: str) -> list[Problem]:
    """What an org file may hold but the web cannot keep: codes that are not the URL-safe
    codes of the forms, names too long for the database or with control characters, and
    headcounts beyond the form's limit."""
    rule = "is not 1-32 letters, digits, '.', '_' or '-'"
    name_rule = "is longer than 200 characters or holds control characters"
    out = []
    for inst in org.instansi.values():
        if not re.fullmatch(CODE, inst.code):
            out.append(f"instansi code {inst.code[:40]!r} {rule}")
            continue
        if _bad_name(inst.name):
            out.append(f"the name of instansi {inst.code} {name_rule}")
        for unit in inst.units:
            if not re.fullmatch(CODE, unit.code):
                out.append(f"unit code {unit.code[:40]!r} of instansi {inst.code} {rule}")
                continue
            if _bad_name(unit.name):
                out.append(f"the name of unit {unit.code} {name_rule}")
            if unit.headcount > MAX_HEADCOUNT:
                out.append(
                    f"the headcount of unit {unit.code} of instansi {inst.code} is above 10,000,000"
                )
    return [Problem(file, None, message) for message in out]


def problem_text(problem: Problem, lang: str) -> str:
    message = problem.message
    if lang == "id":
        for pattern, template in _PATTERNS:
            match = re.fullmatch(pattern, message)
            if match:
                groups = match.groups()
                message = template(*groups) if callable(template) else template.format(*groups)
                break
        where = f"baris {problem.row}: " if problem.row is not None else ""
    else:
        where = f"row {problem.row}: " if problem.row is not None else ""
    return where + message


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
    for code, info in org.instansi.items():
        current = {u.code: u for u in Unit.objects.filter(instansi__code=code)}
        for unit in info.units:
            before = current.pop(unit.code, None)
            if before is None:
                kind = "new"
            elif (before.name, before.headcount, before.active) == (
                unit.name,
                unit.headcount,
                True,
            ):
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
        instansi, _created = Instansi.objects.update_or_create(
            code=code, defaults={"name": info.name, "region": info.region}
        )
        for unit in info.units:
            Unit.objects.update_or_create(
                instansi=instansi,
                code=unit.code,
                defaults={"name": unit.name, "headcount": unit.headcount, "active": True},
            )
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
        )
