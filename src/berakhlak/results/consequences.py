"""What closing or publishing a cycle will do, in plain words, for the page that asks the
operator to confirm it (neither can be undone). The figures are the live participation's:
valid responses against the instansi's minimum (docs/method.md §8) and against the
anonymity threshold k (§9), and what that means for the national average (§10)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..common.labels import lang
from ..method.rounding import format_count
from ..surveys.models import Cycle, Status
from .participation import participation

CONFIRMED = ("tutup", "publikasi")  # the transitions that ask first


@dataclass
class Consequences:
    """The page's content: a title, what will happen (every time), and warnings (this cycle's
    figures that the operator should know before going on)."""

    action: str
    title: str
    button: str
    happens: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    allowed: bool = True  # the cycle's status allows the step


def _num(value: int) -> str:
    return format_count(value, lang())


def _figures(cycle: Cycle) -> list[str]:
    """Below the minimum, below k, units that will be hidden: the same words for both steps."""
    p = participation(cycle)
    k = cycle.method_params().k
    out = []
    if p.valid < p.min_required:
        out.append(
            _(
                "Hasil tidak masuk rata-rata nasional karena jumlah respons sah (%(n)s) di "
                "bawah jumlah minimum responden instansi (%(min)s untuk %(headcount)s "
                "pegawai, rumus Slovin). Hasil instansi tetap dapat dibaca pimpinan."
            )
            % {"n": _num(p.valid), "min": _num(p.min_required), "headcount": _num(p.headcount)}
        )
    elif p.valid < k:
        out.append(
            _(
                "Hasil tidak masuk rata-rata nasional dan tidak ditampilkan karena jumlah "
                "respons sah (%(n)s) kurang dari %(k)s, batas anonimitas."
            )
            % {"n": _num(p.valid), "k": k}
        )
    small = [u.unit.name for u in p.units if u.valid < k]
    if small and p.valid >= k:
        out.append(
            ngettext(
                "%(count)d unit memiliki kurang dari %(k)d respons sah dan tidak akan "
                "ditampilkan: %(names)s.",
                "%(count)d unit memiliki kurang dari %(k)d respons sah dan tidak akan "
                "ditampilkan: %(names)s.",
                len(small),
            )
            % {"count": len(small), "k": k, "names": ", ".join(small)}
        )
    return out


def consequences(cycle: Cycle, action: str) -> Consequences:
    """`action` is one of CONFIRMED."""
    year = cycle.year
    if action == "tutup":
        c = Consequences(
            action,
            _("Tutup survei %(year)d?") % {"year": year},
            _("Ya, tutup survei"),
            allowed=cycle.status == Status.OPEN,
        )
        c.happens = [
            _(
                "Kuesioner tidak lagi menerima jawaban: tautan unit dan kode pribadi "
                "berhenti berlaku."
            ),
            _(
                "Siklus tidak dapat dibuka kembali. Bila partisipasi masih rendah, "
                "perpanjang tanggal tutupnya saja."
            ),
            _("Urutan respons diacak dan hasil dihitung; setelah itu hasil dapat diperiksa."),
        ]
        if cycle.closes_on and cycle.closes_on > timezone.localdate():
            c.warnings.append(
                _("Tanggal tutup yang dijadwalkan adalah %(date)s: survei berakhir lebih awal.")
                % {"date": date_format(cycle.closes_on, "j F Y")}
            )
    else:
        c = Consequences(
            action,
            _("Publikasikan hasil %(year)d?") % {"year": year},
            _("Ya, publikasikan hasil"),
            allowed=cycle.status == Status.CLOSED,
        )
        c.happens = [
            _("Pimpinan instansi dan kepala unit dapat membaca hasil."),
            _("Hasil ikut dalam perbandingan nasional tahun %(year)d bila memenuhi syarat.")
            % {"year": year},
            _("Publikasi tidak dapat dibatalkan; koreksi dilakukan dengan siklus baru."),
        ]
    if c.allowed:
        c.warnings.extend(_figures(cycle))
    return c
