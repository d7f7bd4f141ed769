"""Problems found in input files, reported one line each with file, row and reason.

A problem carries a code and its arguments, never a sentence: it is worded when shown, from
the catalogue below (Indonesian msgids, translated by the caller's gettext: the command
line's for its run, Django's on the web), so that the same problem reads the same way in
both and in either language. Counts in the arguments (ints) are written the way of the
language (1.048.576 or 1,048,576); everything else is given as the text to show.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..method.rounding import format_count

MAX_SHOWN = 20


class Translator(Protocol):
    """What words a problem: gettext's NullTranslations (the Indonesian msgids themselves)
    or GNUTranslations of a catalogue, or Django's translation module."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


INDONESIAN: Translator = gettext.NullTranslations()


def N_(message: str) -> str:
    return message


CSV_HINT = "'CSV UTF-8 (comma delimited)'"

MESSAGES: dict[str, str | tuple[str, str]] = {
    # the file itself (files/tables.py, files/xlsx.py)
    "file_not_found": N_("berkas tidak ditemukan"),
    "is_directory": N_("berupa direktori, bukan berkas"),
    "unknown_type": N_("jenis berkas %(suffix)s tidak dikenal; gunakan .csv, .xlsx atau .parquet"),
    "no_type": N_("jenis berkas tidak dikenal (tanpa akhiran); gunakan .csv, .xlsx atau .parquet"),
    "file_empty": N_("berkas kosong"),
    "column_twice": N_("kolom %(column)s muncul dua kali"),
    "missing_columns": (N_("kolom tidak ada: %(columns)s"), N_("kolom tidak ada: %(columns)s")),
    "header_not_utf8": N_("judul kolom bukan teks UTF-8; simpan sebagai %(hint)s"),
    "header_empty": N_("baris pertama (judul kolom) kosong"),
    "not_csv": N_("berkas tidak dapat dibaca sebagai CSV"),
    "semicolons": N_("kolom dipisahkan dengan ';'; simpan sebagai %(hint)s"),
    "not_utf8": N_("bukan teks UTF-8; simpan sebagai %(hint)s"),
    "field_count": N_("berisi %(fields)s kolom, padahal judul berisi %(header)s"),
    "not_xlsx": N_("berkas tidak dapat dibaca sebagai buku kerja Excel"),
    "first_sheet_empty": N_("lembar pertama kosong"),
    "not_parquet": N_("berkas tidak dapat dibaca sebagai berkas Parquet"),
    "xlsx_unpacked": N_(
        "buku kerja ini berukuran %(size)s MB setelah dibuka, melebihi batas %(limit)s MB; "
        "simpan lembar kerjanya sebagai CSV"
    ),
    "xlsx_ratio": N_(
        "bagian '%(part)s' buku kerja membesar %(ratio)s kali saat dibuka (batas %(limit)s "
        "kali), sehingga tidak dibaca"
    ),
    "xlsx_cells": N_(
        "lembar kerja mencapai baris %(rows)s dan kolom %(columns)s (%(cells)s sel), melebihi "
        "batas %(limit)s sel untuk berkas .xlsx; hapus isi di luar tabel atau simpan sebagai CSV"
    ),
    # any row (files/org.py, files/responses.py)
    "empty_field": N_("%(column)s kosong"),
    "not_one_of": N_("%(column)s %(value)s bukan salah satu dari %(options)s"),
    # the org file (files/org.py)
    "headcount": N_("jumlah pegawai %(value)s bukan bilangan bulat minimal 1"),
    "region": N_("wilayah %(value)s bukan salah satu dari %(options)s"),
    "named_earlier": N_("instansi %(code)s sudah bernama %(name)s pada baris sebelumnya"),
    "region_earlier": N_("instansi %(code)s sudah berwilayah %(region)s pada baris sebelumnya"),
    "unit_twice": N_("unit %(unit)s instansi %(code)s muncul dua kali"),
    "no_units": N_("berkas hanya berisi judul kolom, tanpa unit"),
    "group_incomplete": N_(
        "group_code dan group_name harus diisi keduanya atau dikosongkan keduanya"
    ),
    "group_named_earlier": N_(
        "kelompok pelaporan %(group)s sudah bernama %(name)s pada baris sebelumnya"
    ),
    "group_other_instansi": N_(
        "kelompok pelaporan %(group)s sudah dipakai instansi %(code)s pada baris sebelumnya; "
        "satu kelompok hanya berisi unit dari satu instansi"
    ),
    "group_is_unit": N_(
        "kode kelompok pelaporan %(group)s sama dengan kode unit instansi %(code)s"
    ),
    "operator_email": N_(
        "operator_email %(value)s bukan alamat e-mail (pisahkan beberapa alamat dengan ';')"
    ),
    "operator_other_instansi": N_(
        "alamat %(email)s sudah menjadi operator instansi %(code)s pada baris sebelumnya; "
        "satu alamat hanya untuk satu instansi"
    ),
    # the responses file (files/responses.py, files/report.py)
    "no_responses": N_("berkas hanya berisi judul kolom, tanpa respons"),
    "bad_year": N_("tahun %(value)s bukan tahun antara %(low)s dan %(high)s"),
    "instansi_unknown": N_("instansi %(code)s tidak ada dalam berkas organisasi"),
    "unit_unknown": N_("unit %(unit)s instansi %(code)s tidak ada dalam berkas organisasi"),
    "duration": N_("duration_s %(value)s bukan jumlah detik"),
    "picks_empty": N_("%(question)s: kosong"),
    "unknown_code": N_("%(question)s: kode butir %(codes)s tidak dikenal"),
    "unknown_codes": N_("%(question)s: kode-kode butir %(codes)s tidak dikenal"),
    "unknown_codes_more": N_(
        "%(question)s: kode-kode butir %(codes)s dan %(more)s lainnya tidak dikenal"
    ),
    "picked_twice": N_("%(question)s: butir %(items)s dipilih lebih dari sekali"),
    "item_count": N_("%(question)s: berisi %(n)s butir, seharusnya tepat %(picks)s butir berbeda"),
    "id_again": N_("response_id %(id)s dipakai lagi (pertama di baris %(row)s)"),
    "no_responses_of": N_("tidak ada respons instansi %(code)s pada %(year)s"),
    # what the web cannot keep of an org file (orgs/imports.py)
    "instansi_code_unfit": N_("kode instansi %(code)s harus 1–32 huruf, angka, '.', '_' atau '-'"),
    "unit_code_unfit": N_(
        "kode unit %(unit)s instansi %(code)s harus 1–32 huruf, angka, '.', '_' atau '-'"
    ),
    "instansi_name_unfit": N_(
        "nama instansi %(code)s lebih dari 200 karakter atau memuat karakter kendali"
    ),
    "unit_name_unfit": N_(
        "nama unit %(unit)s lebih dari 200 karakter atau memuat karakter kendali"
    ),
    "group_code_unfit": N_(
        "kode kelompok pelaporan %(group)s harus 1–32 huruf, angka, '.', '_' atau '-'"
    ),
    "group_name_unfit": N_(
        "nama kelompok pelaporan %(group)s lebih dari 200 karakter atau memuat karakter kendali"
    ),
    "headcount_too_large": N_("jumlah pegawai unit %(unit)s instansi %(code)s melebihi %(limit)s"),
    "operator_email_unfit": N_(
        "alamat %(email)s tidak dapat menjadi nama akun (lebih dari 150 karakter atau bukan "
        "alamat e-mail yang sah)"
    ),
    "operator_taken": N_(
        "alamat %(email)s sudah dipakai akun lain (%(role)s) yang bukan operator instansi %(code)s"
    ),
    "operator_not_here": N_("kolom operator_email hanya dapat diisi pada impor admin nasional"),
    # local value sets (files/local_values.py, method/local.py; the web's form too)
    "no_local_values": N_("berkas hanya berisi judul kolom, tanpa nilai lokal"),
    "local_code_unfit": N_("kode %(code)s harus 1–16 huruf, angka, '_' atau '-'"),
    "local_no_items": N_("nilai lokal %(value)s tidak dipetakan ke butir mana pun"),
    "local_unknown_item": N_("nilai lokal %(value)s: kode butir %(codes)s tidak dikenal"),
    "local_limiting_item": N_(
        "nilai lokal %(value)s: %(items)s butir pembatas; nilai lokal hanya dapat dipetakan ke "
        "butir positif"
    ),
    "local_item_twice": N_("nilai lokal %(value)s: butir %(items)s disebut lebih dari sekali"),
    "local_value_twice": N_("nilai lokal %(value)s muncul dua kali dalam set %(set)s"),
    "local_value_unnamed": N_("nilai lokal %(value)s tidak bernama"),
    "local_set_unnamed": N_("set nilai lokal %(set)s tidak bernama"),
    "local_no_values": N_("set nilai lokal %(set)s tidak berisi nilai"),
    "local_too_many_values": N_(
        "set nilai lokal %(set)s berisi %(n)s nilai, paling banyak %(max)s"
    ),
    "local_second_set": N_(
        "instansi %(code)s sudah memakai set %(set)s pada baris sebelumnya; satu instansi "
        "memakai satu set"
    ),
    "local_set_named_earlier": N_("set %(set)s sudah bernama %(name)s pada baris sebelumnya"),
    "local_basis_earlier": N_("set %(set)s sudah berdasar hukum %(basis)s pada baris sebelumnya"),
    # files users upload as evidence (files/attachments.py, uploads/store.py)
    "upload_too_big": N_("berkas berukuran %(size)s MB, melebihi batas %(limit)s MB"),
    "upload_type": N_(
        "isi berkas bukan PDF, JPEG, PNG, DOCX atau XLSX (apa pun akhiran namanya); "
        "unggah salah satu jenis itu"
    ),
    "upload_image": N_("gambar tidak dapat dibaca sebagai %(kind)s"),
    "upload_pixels": N_(
        "gambar berukuran %(width)s × %(height)s piksel, melebihi batas %(limit)s juta piksel"
    ),
    "upload_archive": N_("berkas %(kind)s rusak atau tidak dapat dibuka dengan aman"),
    "upload_unpacked": N_(
        "berkas %(kind)s berukuran lebih dari %(limit)s MB setelah dibuka, sehingga tidak dibaca"
    ),
    "upload_macro": N_("berkas berisi makro; simpan tanpa makro (.docx atau .xlsx biasa)"),
    "upload_pdf_active": N_(
        "PDF berisi JavaScript atau perintah menjalankan program; cetak ulang sebagai PDF biasa"
    ),
    "upload_quota": N_(
        "kuota berkas instansi (%(quota)s MB) akan terlampaui: sudah terpakai %(used)s MB"
    ),
    # the evaluation files of the combined index (files/evidence.py)
    "criterion_unknown": N_("kriteria %(criterion)s tidak ada dalam rubrik (%(options)s)"),
    "score_range": N_("nilai %(value)s bukan bilangan bulat 0 sampai %(high)s"),
    "score_twice": N_(
        "unit %(unit)s kriteria %(criterion)s tahun %(year)s sudah dinilai pada baris %(row)s"
    ),
    "weight": N_("bobot %(value)s bukan bilangan positif"),
    "scale_max": N_("scale_max %(value)s bukan bilangan bulat minimal 1"),
    "scale_max_differs": N_(
        "scale_max %(value)s berbeda dengan baris sebelumnya (%(first)s); satu skala untuk semua"
    ),
    "criterion_twice": N_("kriteria %(criterion)s muncul dua kali"),
    "no_criteria": N_("berkas hanya berisi judul kolom, tanpa kriteria"),
}
"""Every problem a file can have: code -> Indonesian msgid (python-format), or the msgid and
its plural where the English has one (the count is the argument `n`)."""

ROW = N_("%(file)s: baris %(row)s: %(message)s")
MORE = (N_("... dan %(n)s masalah lainnya"), N_("... dan %(n)s masalah lainnya"))


@dataclass(frozen=True)
class Message:
    """What is wrong, as a code of MESSAGES and the arguments of its text."""

    code: str
    args: tuple[tuple[str, str | int], ...] = ()
    detail: str = ""
    """What a library said about the file, in its own words: shown after the problem on
    the command line (for the analyst), not on the web."""

    def __post_init__(self) -> None:
        if self.code not in MESSAGES:
            raise KeyError(f"unknown problem code {self.code!r}")

    def text(self, t: Translator = INDONESIAN, lang: str = "id") -> str:
        """The problem in words: `t` translates the msgid, `lang` writes the counts."""
        values = {k: format_count(v, lang) if isinstance(v, int) else v for k, v in self.args}
        text = MESSAGES[self.code]
        if isinstance(text, tuple):
            n = dict(self.args)["n"]
            assert isinstance(n, int)
            return t.ngettext(text[0], text[1], n) % values
        return t.gettext(text) % values


def msg(problem: str, /, detail: str = "", **args: str | int) -> Message:
    """A problem (a code of MESSAGES) with its arguments: str as shown, int a count."""
    return Message(problem, tuple(args.items()), detail)


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # spreadsheet-style row number: the header is row 1
    message: Message

    def line(self, t: Translator = INDONESIAN, lang: str = "id") -> str:
        """'file: row R: reason' (or 'file: reason'), in the language of `t`."""
        text = self.message.text(t, lang)
        if self.message.detail:
            text += f" ({self.message.detail})"
        if self.row is None:
            return f"{self.file}: {text}"
        return t.gettext(ROW) % {"file": self.file, "row": self.row, "message": text}


class InputError(Exception):
    """An input file cannot be used; nothing was computed or written."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__("\n".join(self.lines()))

    def lines(
        self, t: Translator = INDONESIAN, lang: str = "id", limit: int = MAX_SHOWN
    ) -> list[str]:
        """One line per problem shown (the first `limit`), then how many more there are."""
        out = [p.line(t, lang) for p in self.problems[:limit]]
        rest = self.total - min(limit, len(self.problems))
        if rest > 0:
            out.append(more_problems(rest, t, lang))
        return out


def more_problems(rest: int, t: Translator = INDONESIAN, lang: str = "id") -> str:
    """'... dan 5 masalah lainnya' ('... and 5 more problems')."""
    return t.ngettext(*MORE, rest) % {"n": format_count(rest, lang)}


@dataclass
class ProblemLog:
    """Collects problems of one file; keeps the MAX_SHOWN earliest in the file.

    Problems are found column by column, so a later row can be found before an earlier one;
    the kept ones are those of the earliest records (file-level problems first). Record
    positions (0-based data records) are turned into row numbers only when the problems
    are reported, because that can need a second look at the file.
    """

    file: str
    total: int = 0
    _kept: list[tuple[int | None, Message]] = field(default_factory=list)

    def add(self, record: int | None, message: Message) -> None:
        self.total += 1
        self._keep([(record, message)])

    def add_many(self, records: Sequence[int], message: Callable[[int], Message]) -> None:
        """Problems at many records (ascending); at most MAX_SHOWN messages are built."""
        self._keep([(int(record), message(int(record))) for record in records[:MAX_SHOWN]])
        self.total += len(records)

    def _keep(self, problems: list[tuple[int | None, Message]]) -> None:
        self._kept = sorted(self._kept + problems, key=_file_order)[:MAX_SHOWN]

    def __bool__(self) -> bool:
        return self.total > 0

    def error(self, row_of: Callable[[list[int]], list[int]] | None = None) -> InputError:
        records = [r for r, _ in self._kept if r is not None]
        rows = dict(zip(records, row_of(records) if row_of else records, strict=True))
        problems = [
            Problem(self.file, None if r is None else rows[r], message) for r, message in self._kept
        ]
        return InputError(problems, total=self.total)


def _file_order(problem: tuple[int | None, Message]) -> int:
    return -1 if problem[0] is None else problem[0]


def fail(file: str, message: Message, row: int | None = None) -> InputError:
    """An InputError of one problem."""
    return InputError([Problem(file, row, message)])
