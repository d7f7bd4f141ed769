"""The words of the results in plain language: the glossary page (/glosarium/), the short
help next to a term on the pages ({% help "ik95" %}) and the glossary of the PDF report.

Each entry names the section of docs/method.md that defines it (the method page, /metode/,
shows that document).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    key: str  # the anchor on the glossary page
    term: str | Promise
    short: str | Promise  # one sentence: the help next to the term
    more: str | Promise  # what a reader may also want to know
    section: str  # of docs/method.md, e.g. "6"

    @property
    def anchor(self) -> str:
        return f"bagian-{self.section.replace('.', '-')}"


TERMS: tuple[Term, ...] = (
    Term(
        "indeks-berakhlak",
        _("Indeks BerAKHLAK (Implementasi)"),
        _("Rata-rata keterjangkauan ketujuh nilai BerAKHLAK, dari 0 sampai 100."),
        _(
            "Angka utama survei. 61,1% berarti rata-rata 61,1% pegawai melihat setiap nilai "
            "dalam budaya kerja saat ini."
        ),
        "4.2",
    ),
    Term(
        "keterjangkauan",
        _("Keterjangkauan nilai"),
        _(
            "Persentase pegawai yang memilih sedikitnya satu dari tiga perilaku sebuah nilai "
            "ketika ditanya tentang budaya kerja saat ini."
        ),
        _(
            "Keterjangkauan Akuntabel 72,0% berarti 72 dari setiap 100 responden melihat "
            "perilaku akuntabel di tempat kerjanya sekarang."
        ),
        "4.1",
    ),
    Term(
        "kategori",
        _("Kategori A, B, C, D"),
        _(
            "A Sehat (75 ke atas), B Cukup Sehat (50–74,9), C Tidak Sehat (25–49,9), "
            "D Sangat Tidak Sehat (di bawah 25)."
        ),
        _("Kategori ditentukan dari angka yang sudah dibulatkan ke satu desimal."),
        "5",
    ),
    Term(
        "ik95",
        _("IK 95% (interval kepercayaan 95%)"),
        _(
            "Rentang tempat angka sebenarnya hampir pasti berada; makin banyak responden, "
            "makin sempit rentangnya."
        ),
        _(
            "Survei hanya bertanya kepada sebagian pegawai. IK 95% 58,1–63,0 berarti bila "
            "semua pegawai menjawab, angkanya hampir pasti di antara 58,1 dan 63,0."
        ),
        "6",
    ),
    Term(
        "tanpa-interval",
        _("Tanpa interval"),
        _(
            "Untuk indeks ini metode tidak menghitung interval kepercayaan, karena angkanya "
            "bukan rata-rata per responden."
        ),
        _(
            "Keseimbangan Budaya, kedua indeks keselarasan dan Total Indeks dihitung dari "
            "seluruh pilihan bersama, sehingga tidak ada galat baku sederhana untuknya."
        ),
        "6",
    ),
    Term(
        "bermakna",
        _("Bermakna, dalam batas kesalahan"),
        _(
            "Perubahan bermakna cukup besar untuk tidak disebabkan kebetulan; perubahan "
            "dalam batas kesalahan bisa saja hanya kebetulan."
        ),
        _(
            "Perubahan disebut bermakna bila sedikitnya 1,96 kali galat bakunya dan "
            "sedikitnya 1 poin. Perubahan kecil tetap ditulis, dengan keterangan ini."
        ),
        "7.3",
    ),
    Term(
        "butir-pembatas",
        _("Butir pembatas"),
        _(
            "Perilaku yang menghambat kinerja, misalnya saling menyalahkan atau birokrasi "
            "berlebihan; makin sering dipilih, makin rendah Energi Positif."
        ),
        _("Ada 15 butir pembatas di antara 60 butir. Di dasbor ditandai ⚠ dan ditulis merah."),
        "2.2",
    ),
    Term(
        "keselarasan",
        _("Keselarasan (misalnya 40,0%)"),
        _(
            "Berapa banyak butir yang sama di sepuluh teratas dua pertanyaan, dikali 10: "
            "4 butir sama memberi 40,0%."
        ),
        _(
            "Keselarasan nilai pribadi–organisasi membandingkan nilai pribadi dengan budaya "
            "saat ini; keselarasan budaya saat ini–diharapkan membandingkan budaya saat ini "
            "dengan budaya yang diharapkan."
        ),
        "4.5",
    ),
    Term(
        "keseimbangan",
        _("Keseimbangan Budaya"),
        _(
            "Seberapa merata pilihan positif pada budaya saat ini tersebar di enam area "
            "kesadaran, 0 sampai 100."
        ),
        _("100 berarti setiap area mendapat bagian yang sama; 0 berarti semuanya di satu area."),
        "4.3",
    ),
    Term(
        "energi-positif",
        _("Energi Positif"),
        _("100 dikurangi persentase pilihan butir pembatas pada budaya saat ini."),
        _("Energi Positif 92,0 berarti 8% pilihan budaya saat ini adalah butir pembatas."),
        "4.4",
    ),
    Term(
        "area-kesadaran",
        _("Area kesadaran"),
        _(
            "Enam kelompok butir: keberlangsungan, hubungan, kinerja, pertumbuhan, "
            "kebersamaan tujuan, serta makna dan kontribusi."
        ),
        _("Grafik sebaran menunjukkan bagian pilihan setiap pertanyaan di setiap area."),
        "2.2",
    ),
    Term(
        "lompatan",
        _("Lompatan nilai"),
        _(
            "Selisih persentase pemilih sebuah butir antara budaya yang diharapkan dan budaya "
            "saat ini: yang paling ingin diperbaiki pegawai."
        ),
        _("+12,5 poin berarti 12,5% lebih banyak responden menginginkannya daripada melihatnya."),
        "4.9",
    ),
    Term(
        "tahun-pembanding",
        _("Tahun pembanding"),
        _("Tahun terakhir sebelumnya yang hasilnya ditampilkan; perubahan dihitung terhadapnya."),
        _(
            "Bila tahun lalu hasilnya disembunyikan (kurang dari 10 responden), dipakai tahun "
            "sebelumnya yang ditampilkan."
        ),
        "7.1",
    ),
    Term(
        "minimum-responden",
        _("Jumlah minimum responden"),
        _(
            "Responden sah yang diperlukan agar hasil instansi masuk rata-rata nasional "
            "(rumus Slovin, margin of error 5%)."
        ),
        _("Instansi di bawah minimum tetap melihat hasilnya sendiri."),
        "8",
    ),
    Term(
        "ambang-anonimitas",
        _("Ambang anonimitas (k)"),
        _(
            "Kelompok dengan kurang dari k responden sah (biasanya 10) tidak ditampilkan, agar "
            "jawaban tidak dapat dikenali."
        ),
        _("Berlaku untuk unit, kelompok demografi, jawaban terbuka, dan instansi."),
        "9",
    ),
    Term(
        "penyembunyian-komplementer",
        _("Penyembunyian komplementer"),
        _(
            "Unit lain ikut disembunyikan bila perlu, agar unit kecil tidak dapat dihitung "
            "dari selisih."
        ),
        _("Hasil instansi dikurangi unit yang tampak tidak boleh membuka unit yang kecil."),
        "9",
    ),
    Term(
        "dikecualikan",
        _("Respons dikecualikan"),
        _(
            "Respons yang diisi dalam kurang dari 60 detik, atau dengan pilihan yang sama "
            "pada ketiga pertanyaan, tidak dihitung."
        ),
        _("Hanya respons sah yang masuk hitungan, termasuk jumlah n."),
        "3",
    ),
)

BY_KEY = {t.key: t for t in TERMS}

INDEX_TERMS = {
    "implementasi": "indeks-berakhlak",
    "keseimbangan": "keseimbangan",
    "energi_positif": "energi-positif",
    "keselarasan_pribadi": "keselarasan",
    "keselarasan_harapan": "keselarasan",
}
"""The glossary entry of each index the dashboards show (the Total has none of its own)."""
