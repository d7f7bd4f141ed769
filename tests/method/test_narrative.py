"""The generated opening text of an instansi-year report (METHOD.md §8)."""

from __future__ import annotations

from berakhlak.method.change import NAIK, TETAP, TURUN, Change
from berakhlak.method.items import BERAKHLAK_VALUES
from berakhlak.method.narrative import NarrativeInput, join_words, narrative, number_word

NAMES_ID = [v.name_id for v in BERAKHLAK_VALUES]
NAMES_EN = [v.name_en for v in BERAKHLAK_VALUES]
VALUES = [58.1, 73.2, 60.1, 62.3, 65.2, 43.5, 65.3]
# BP AK HA LO KL fall, KO AD rise; the changes of AK and KO are within the margin of error.
CHANGES = [
    Change(-2.4, TURUN, True),
    Change(-0.6, TURUN, False),
    Change(1.8, NAIK, False),
    Change(-2.6, TURUN, True),
    Change(-2.2, TURUN, True),
    Change(2.3, NAIK, True),
    Change(-1.9, TURUN, True),
]


def sukamaju(**changes: object) -> NarrativeInput:
    fields: dict[str, object] = {
        "year": 2023,
        "n": 4087,
        "k": 10,
        "index": 61.14,
        "category": "B",
        "value_names": NAMES_ID,
        "values": VALUES,
        "baseline_year": 2022,
        "baseline_index": 62.14,
        "index_change": Change(-1.0, TURUN, True),
        "value_changes": CHANGES,
        "eligible": True,
        "min_required": 364,
    }
    fields.update(changes)
    return NarrativeInput(**fields)  # type: ignore[arg-type]


def test_headline_names_index_category_baseline_and_the_values_that_fell_and_rose():
    text = narrative(sukamaju())
    assert text.startswith(
        "Indeks BerAKHLAK 2023 sebesar 61,1% (kategori B, cukup sehat), turun dari 62,1% pada "
        "2022; dari tujuh nilai, lima turun (Berorientasi Pelayanan, Akuntabel, Harmonis, "
        "Loyal, dan Kolaboratif) dan dua naik (Kompeten dan Adaptif)."
    )


def test_changes_within_the_margin_of_error_are_said_in_plain_words():
    text = narrative(sukamaju())
    assert "Perubahan pada Akuntabel dan Kompeten masih dalam batas margin of error." in text
    assert "Perubahan indeks" not in text  # the index change itself is bermakna


def test_an_index_change_within_the_margin_of_error_is_noted():
    text = narrative(sukamaju(index_change=Change(-0.6, TURUN, False)))
    assert "Perubahan indeks sebesar 0,6 poin masih dalam batas margin of error" in text
    assert "juga masih dalam batas margin of error" in text


def test_strongest_and_weakest_values_are_named():
    assert "Nilai terkuat adalah Akuntabel (73,2%) dan terlemah Adaptif (43,5%)." in narrative(
        sukamaju()
    )


def test_english_narrative():
    text = narrative(sukamaju(value_names=NAMES_EN), "en")
    assert text.startswith("The BerAKHLAK Index 2023 is 61.1% (category B, fairly healthy), down")
    assert "five fell (Service Oriented, Accountable, Harmonious, Loyal and Collaborative)" in text


def test_first_year_has_no_comparison():
    text = narrative(
        sukamaju(baseline_year=None, baseline_index=None, index_change=None, value_changes=())
    )
    assert "Belum ada data tahun sebelumnya sebagai pembanding." in text
    assert "turun" not in text


def test_an_unchanged_index_and_all_values_rising():
    text = narrative(
        sukamaju(
            index_change=Change(0.04, TETAP, False),
            value_changes=[Change(1.5, NAIK, True)] * 7,
        )
    )
    assert "tidak berubah dari 62,1% pada 2022; ketujuh nilai naik." in text
    assert "Perubahan indeks" not in text


def test_an_instansi_below_its_minimum_is_told_it_is_not_in_the_national_average():
    text = narrative(sukamaju(eligible=False, n=300))
    assert "Dengan 300 responden, di bawah jumlah minimum 364" in text


def test_a_suppressed_or_empty_instansi_gets_no_figures():
    assert narrative(sukamaju(n=7, index=None, category=None)) == (
        "Hasil tidak ditampilkan: kurang dari 10 responden."
    )
    assert narrative(sukamaju(n=0, index=None, category=None)) == "Belum ada respons yang sah."


def test_number_words_and_lists():
    assert number_word(5) == "lima"
    assert number_word(2, "en") == "two"
    assert number_word(12) == "12"
    assert join_words(["A", "B", "C"]) == "A, B, dan C"
    assert join_words(["A", "B", "C"], "en") == "A, B and C"
    assert join_words(["A"]) == "A"
