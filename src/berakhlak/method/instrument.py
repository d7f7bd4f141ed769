"""The instrument besides its item pool (docs/method.md §2, §14): the demographic questions
every respondent answers, and the regions an instansi belongs to.

Every layer reads them from here: the file readers check a responses file against them, the
questionnaire offers them, the web app counts and shows them. Their names are data, in
Indonesian and English, like the labels of the items.
"""

from __future__ import annotations

DEMOGRAPHICS: dict[str, tuple[str, ...]] = {
    "status": ("PNS", "PPPK", "NON_ASN"),
    "jabatan": ("struktural", "fungsional", "pelaksana"),
    "gender": ("L", "P"),
    "age_band": ("<30", "30-39", "40-49", "50+"),
    "tenure_band": ("<5", "5-14", "15+"),
}
"""Each demographic question and the codes of its categories, in display order."""

DEMOGRAPHIC_LABELS: dict[str, tuple[str, str]] = {
    "status": ("Status kepegawaian", "Employment status"),
    "jabatan": ("Jenis jabatan", "Job type"),
    "gender": ("Jenis kelamin", "Gender"),
    "age_band": ("Kelompok usia", "Age band"),
    "tenure_band": ("Masa kerja", "Tenure"),
}
"""(Indonesian, English) name of each demographic question."""

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "PNS": ("PNS", "Civil servant (PNS)"),
    "PPPK": ("PPPK", "Contract civil servant (PPPK)"),
    "NON_ASN": ("Non-ASN", "Non-ASN"),
    "struktural": ("Struktural", "Managerial"),
    "fungsional": ("Fungsional", "Functional"),
    "pelaksana": ("Pelaksana", "Administrative"),
    "L": ("Laki-laki", "Male"),
    "P": ("Perempuan", "Female"),
    "<30": ("< 30 tahun", "Under 30"),
    "30-39": ("30–39 tahun", "30–39"),
    "40-49": ("40–49 tahun", "40–49"),
    "50+": ("50 tahun ke atas", "50 and over"),
    "<5": ("< 5 tahun", "Under 5 years"),
    "5-14": ("5–14 tahun", "5–14 years"),
    "15+": ("15 tahun ke atas", "15 years and over"),
}
"""(Indonesian, English) name of each demographic category."""

REGIONS = ("barat", "tengah", "timur", "pusat")
"""The regions of the national ranking by region (docs/method.md §10)."""
