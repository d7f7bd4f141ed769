"""The columns of the Excel workbooks: for every machine name (the stable name an analyst
reads with pandas, the same in both languages), the readable header of the first row, the
unit, a one-line description, and the section of docs/method.md that defines it.

The workbook builders write machine names; `reports.dictionary.readable` puts the readable
headers in the first row and lists each column in the "Kamus data" sheet.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import pgettext


@dataclass(frozen=True)
class Column:
    header: str
    unit: str
    description: str
    section: str = ""


Row = tuple[str, str, str, str]
"""(header, unit key, description, section), untranslated."""

UNITS = {
    "%": "persen (0–100)",
    "pp": "poin persentase",
    "code": "kode",
    "text": "teks",
    "people": "orang",
    "year": "tahun",
    "rank": "peringkat",
    "yesno": "ya/tidak",
    "score": "skor",
    "count": "jumlah",
    "date": "tanggal",
    "url": "alamat web",
}

# fmt: off
COMMON: dict[str, Row] = {
    "kode": ("Kode", "code", "Kode indeks atau nilai", "§4"),
    "nama": ("Nama", "text", "Nama indeks atau nilai", "§4"),
    "nilai": ("Nilai (%)", "%", "Angka hasil, tidak dibulatkan (tampil satu desimal)", "§5"),
    "kategori": ("Kategori", "text", "Kategori menurut angka yang dibulatkan", "§5"),
    "ik95_bawah": ("Batas bawah IK 95%", "%",
                   "Batas bawah interval kepercayaan 95%; kosong bila tanpa interval", "§6"),
    "ik95_atas": ("Batas atas IK 95%", "%",
                  "Batas atas interval kepercayaan 95%; kosong bila tanpa interval", "§6"),
    "nilai_pembanding": ("Nilai tahun pembanding (%)", "%",
                         "Angka yang sama pada tahun pembanding", "§7.1"),
    "perubahan": ("Perubahan", "pp",
                  "Selisih dua angka yang ditampilkan (dibulatkan satu desimal)", "§7.2"),
    "arah": ("Arah", "text", "naik, turun, atau tetap menurut perubahan yang ditampilkan", "§7.2"),
    "bermakna": ("Bermakna", "yesno",
                 "Apakah perubahan melampaui batas kesalahan; kosong bila tidak diuji", "§7.3"),
    "perubahan_tanpa_pembulatan": ("Perubahan tanpa pembulatan", "pp",
                                   "Selisih dua angka sebelum dibulatkan", "§7.2"),
    "unit_code": ("Kode unit", "code", "Kode unit kerja dalam berkas organisasi", "§14"),
    "nama_unit": ("Nama unit", "text", "Nama unit kerja", "§14"),
    "n": ("Responden sah", "people", "Jumlah respons sah yang dihitung", "§3"),
    "pegawai": ("Jumlah pegawai", "people", "Jumlah pegawai menurut berkas organisasi", "§8"),
    "disembunyikan": ("Disembunyikan", "yesno",
                      "Angka tidak ditampilkan untuk menjaga anonimitas (hanya n)", "§9"),
    "peringkat": ("Peringkat", "rank",
                  "Menurut Indeks BerAKHLAK yang dibulatkan; angka sama berbagi peringkat",
                  "§10.2"),
    "indeks_berakhlak": ("Indeks BerAKHLAK (%)", "%", "Implementasi BerAKHLAK (I1)", "§4.2"),
    "tahun_pembanding": ("Tahun pembanding", "year",
                         "Tahun yang dibandingkan; kosong bila tidak ada", "§7.1"),
    "kelompok_pelaporan": ("Kelompok pelaporan", "code",
                           "Kode kelompok pelaporan unit; kosong bila tidak ada", "§9"),
    "group_code": ("Kode kelompok", "code", "Kode kelompok pelaporan", "§9"),
    "nama_kelompok": ("Nama kelompok", "text", "Nama kelompok pelaporan", "§9"),
    "unit_anggota": ("Unit anggota", "text",
                     "Kode unit anggota kelompok, dipisah titik koma", "§9"),
    "dimensi": ("Dimensi", "text", "Data demografi yang dipakai untuk mengelompokkan", "§2.3"),
    "kelompok": ("Kelompok", "text", "Kelompok dalam dimensi demografi itu", "§2.3"),
    "jenis": ("Jenis", "text", "harapan atau saran", "§2.3"),
    "teks": ("Teks", "text",
             "Jawaban terbuka; jawaban yang sama atau hampir sama satu baris", "§9"),
    "jumlah": ("Jumlah jawaban", "count",
               "Banyaknya responden yang menulis jawaban ini atau yang hampir sama", "§9"),
    "nama_nilai": ("Nama nilai", "text", "Nama nilai BerAKHLAK", "§2.2"),
    "urutan": ("Urutan", "rank", "Urutan perilaku dalam nilainya menurut suara cc", "§4.9"),
    "butir": ("Kode butir", "code", "Kode butir perilaku", "§2.2"),
    "perilaku": ("Perilaku", "text", "Teks butir perilaku", "§2.2"),
    "label": ("Perilaku", "text", "Teks butir perilaku", "§2.2"),
    "suara_cc": ("Suara budaya saat ini", "count",
                 "Jumlah responden yang memilih butir pada cc", "§4.9"),
    "persen_cc": ("Persen suara budaya saat ini", "%", "100 × suara cc / n", "§4.9"),
    "polaritas": ("Polaritas", "text", "positif atau pembatas", "§2.2"),
    "area": ("Area kesadaran", "text", "Area kesadaran butir (1–6)", "§2.2"),
    "lompatan_nilai": ("Lompatan nilai", "pp", "100 × (suara dc − suara cc) / n", "§4.9"),
    "jangkauan_saat_ini": ("Jangkauan saat ini (%)", "%",
                           "Persen responden yang menjangkau nilai lokal pada cc", "§18"),
    "jangkauan_harapan": ("Jangkauan harapan (%)", "%",
                          "Persen responden yang menjangkau nilai lokal pada dc", "§18"),
    "harapan_ik95_bawah": ("Harapan: batas bawah IK 95%", "%",
                           "Batas bawah interval jangkauan harapan", "§18"),
    "harapan_ik95_atas": ("Harapan: batas atas IK 95%", "%",
                          "Batas atas interval jangkauan harapan", "§18"),
    "kesenjangan": ("Kesenjangan", "pp",
                    "Jangkauan harapan dikurangi jangkauan saat ini", "§18"),
    "set": ("Set nilai lokal", "code", "Kode set nilai lokal instansi", "§18"),
    "kegiatan": ("Kegiatan", "text", "Judul kegiatan tindak lanjut", ""),
    "menjawab": ("Menjawab", "text", "Nilai atau butir pembatas yang dijawab kegiatan", ""),
    "unit": ("Unit", "code", "Kode unit pelaksana; kosong untuk seluruh instansi", ""),
    "penanggung_jawab": ("Penanggung jawab", "text", "Nama penanggung jawab kegiatan", ""),
    "jabatan": ("Jabatan", "text", "Jabatan penanggung jawab", ""),
    "mulai": ("Mulai", "date", "Tanggal mulai kegiatan", ""),
    "selesai": ("Selesai", "date", "Tanggal selesai kegiatan", ""),
    "indikator_target": ("Indikator dan target", "text", "Ukuran keberhasilan kegiatan", ""),
    "status": ("Status", "text", "Status kegiatan", ""),
    "terlambat": ("Terlambat", "yesno", "Lewat tanggal selesai dan belum selesai", ""),
    "skor_bukti": ("Skor evaluasi bukti (E)", "score",
                   "Skor bukti dari penilaian evaluator (0–100)", "§12"),
    "indeks_gabungan": ("Indeks BerAKHLAK gabungan (G)", "%",
                        "Gabungan Indeks BerAKHLAK survei dan skor bukti", "§12"),
    "indikator": ("Indikator", "text", "Angka yang dilaporkan untuk evaluasi RB", "§12"),
    "kriteria": ("Kriteria", "code", "Kode kriteria rubrik bukti", "§12"),
    "nama_kriteria": ("Nama kriteria", "text", "Nama kriteria rubrik bukti", "§12"),
    "uraian": ("Uraian", "text", "Uraian bukti dari unit", "§12"),
    "tautan_bukti": ("Tautan bukti", "url", "Tautan ke dokumen bukti", "§12"),
    "tautan": ("Tautan di platform", "url", "Halaman evaluasi unit di platform", "§12"),
    "berkas": ("Berkas bukti", "text", "Nama berkas bukti yang diunggah unit", "§12"),
    "tautan_berkas": ("Tautan berkas", "url", "Alamat unduhan berkas bukti di platform", "§12"),
    "rencana_aksi": ("Rencana aksi", "yesno",
                     "Apakah instansi membuat rencana aksi atas hasil tahun ini", ""),
    "jumlah_kegiatan": ("Jumlah kegiatan", "count", "Kegiatan dalam rencana aksi", ""),
    "persen_kegiatan_selesai": ("Kegiatan selesai (%)", "%",
                                "Bagian kegiatan rencana aksi yang berstatus selesai", ""),
    "nilai_instansi": ("Nilai instansi (%)", "%",
                       "Angka yang sama untuk seluruh instansi; kosong bila tidak ditampilkan",
                       "§9"),
    "tahun": ("Tahun", "year", "Tahun survei", ""),
    "indeks_instansi": ("Indeks BerAKHLAK instansi (%)", "%",
                        "Indeks BerAKHLAK seluruh instansi pada tahun itu", "§4.2"),
    "keterangan": ("Keterangan", "text", "Alasan tahun tanpa angka", "§9"),
    "rata_rata": ("Rata-rata (%)", "%", "Rata-rata antarinstansi yang diikutkan", "§10"),
    "median": ("Median (%)", "%", "Median antarinstansi yang diikutkan", "§10"),
    "q1": ("Kuartil pertama (%)", "%", "Kuartil pertama antarinstansi yang diikutkan", "§10"),
    "q3": ("Kuartil ketiga (%)", "%", "Kuartil ketiga antarinstansi yang diikutkan", "§10"),
    "rata_rata_berbobot": ("Rata-rata berbobot (%)", "%",
                           "Rata-rata berbobot jumlah pegawai", "§10"),
    "peringkat_wilayah": ("Peringkat wilayah", "rank", "Peringkat di dalam wilayahnya", "§10.2"),
    "wilayah": ("Wilayah", "text", "barat, tengah, timur, atau pusat", "§14"),
    "minimum": ("Minimum responden", "people",
                "Jumlah responden minimum instansi (rumus Slovin)", "§8"),
    "alasan": ("Alasan", "text", "Mengapa instansi tidak diikutkan", "§10.1"),
    "unit_name": ("Nama unit", "text", "Nama unit kerja", "§14"),
    "headcount": ("Jumlah pegawai", "people", "Jumlah pegawai menurut berkas organisasi", "§8"),
    "target": ("Target responden", "people", "Jumlah respons sah yang dituju unit", "§8"),
    "respons_sah": ("Respons sah", "people", "Jumlah respons sah yang masuk", "§3"),
    "kekurangan": ("Kekurangan", "people", "Respons sah yang masih kurang dari target", "§8"),
    "capaian_persen": ("Capaian (%)", "%", "Respons sah dibagi target, dalam persen", "§8"),
    "instansi_diikutkan": ("Instansi diikutkan", "count",
                           "Jumlah instansi yang masuk angka nasional", "§10.1"),
}

BY_SHEET: dict[tuple[str, str], Row] = {
    ("Metode", "butir"): ("Butir", "text", "Nama butir keterangan metode", "§13"),
    ("Metode", "nilai"): ("Isi", "text", "Isi butir keterangan metode", "§13"),
    ("Perilaku", "nilai"): ("Kode nilai", "code", "Kode nilai BerAKHLAK", "§2.2"),
    ("Butir", "nilai"): ("Kode nilai", "code", "Nilai dasar butir; kosong bila tidak ada", "§2.2"),
    ("Nilai lokal", "kelompok"): ("Kode kelompok", "code",
                                  "Kode unit; kosong untuk seluruh instansi", "§18"),
    ("Nilai lokal", "nama"): ("Nama kelompok", "text", "Nama instansi atau unit", "§18"),
    ("Nilai lokal", "kode"): ("Kode nilai lokal", "code",
                              "Kode nilai lokal, atau kode set untuk indeksnya", "§18"),
    ("Nilai lokal", "nilai"): ("Nilai lokal", "text",
                               "Nama nilai lokal, atau Indeks nilai lokal", "§18"),
    ("Tindak lanjut", "jenis"): ("Jenis baris", "text",
                                 "kegiatan, atau nilai fokus tahun lalu dengan perubahannya", ""),
    ("Perubahan", "nilai"): ("Nilai tahun ini (%)", "%", "Angka tahun laporan", "§5"),
    ("Ringkasan", "nilai"): ("Nilai", "%", "Angka indikator; skor untuk E", "§12"),
}
# fmt: on


def _column(row: Row) -> Column:
    header, unit, description, section = row
    return Column(
        pgettext("workbook header", header),
        pgettext("workbook unit", UNITS[unit]),
        pgettext("workbook dictionary", description),
        section,
    )


def column(sheet: str, name: str) -> Column | None:
    """The column `name` of the sheet `sheet` (its untranslated name); None when unknown."""
    row = BY_SHEET.get((sheet, name)) or COMMON.get(name)
    return _column(row) if row is not None else None


def value_columns(codes_names: list[tuple[str, str]]) -> dict[str, Column]:
    """The columns named by a value code: the reach of that value."""
    unit = pgettext("workbook unit", UNITS["%"])
    return {
        code: Column(
            pgettext("workbook header", "%(name)s (%%)") % {"name": name},
            unit,
            pgettext("workbook dictionary", "Jangkauan nilai %(code)s") % {"code": code},
            "§4.1",
        )
        for code, name in codes_names
    }


def question_columns(questions: tuple[str, ...]) -> dict[str, Column]:
    """The votes, percent of votes and top-ten mark of an item on each question."""
    columns: dict[str, Column] = {}
    for q in questions:
        args = {"q": q}
        columns[f"{q}_suara"] = Column(
            pgettext("workbook header", "Suara %(q)s") % args,
            pgettext("workbook unit", UNITS["count"]),
            pgettext("workbook dictionary", "Jumlah responden yang memilih butir pada %(q)s")
            % args,
            "§4.9",
        )
        columns[f"{q}_persen"] = Column(
            pgettext("workbook header", "Persen suara %(q)s") % args,
            pgettext("workbook unit", UNITS["%"]),
            pgettext("workbook dictionary", "100 × suara / n pada %(q)s") % args,
            "§4.9",
        )
        columns[f"{q}_top10"] = Column(
            pgettext("workbook header", "Sepuluh besar %(q)s") % args,
            pgettext("workbook unit", UNITS["text"]),
            pgettext("workbook dictionary", "x bila butir masuk sepuluh besar %(q)s") % args,
            "§4.6",
        )
    return columns


def criterion_columns(criteria: list[tuple[str, str]]) -> dict[str, Column]:
    """The evidence rubric's criteria, one column of scores each."""
    unit = pgettext("workbook unit", UNITS["score"])
    return {
        code: Column(
            pgettext("workbook header", "Skor: %(name)s") % {"name": name},
            unit,
            pgettext("workbook dictionary", "Skor kriteria %(code)s dari evaluator")
            % {"code": code},
            "§12",
        )
        for code, name in criteria
    }


def year_column(year: int) -> Column:
    """A figure of one year, beside the same figure of another."""
    return Column(
        pgettext("workbook header", "Nilai %(year)s (%%)") % {"year": year},
        pgettext("workbook unit", UNITS["%"]),
        pgettext("workbook dictionary", "Angka tahun %(year)s, tidak dibulatkan") % {"year": year},
        "§7.2",
    )
