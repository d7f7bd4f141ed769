"""The generated opening text of an instansi-year report (docs/method.md §11)."""

from __future__ import annotations

import pytest

from berakhlak.method.change import (
    HIDDEN,
    NAIK,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    TETAP,
    TURUN,
    Change,
    Unreported,
)
from berakhlak.method.items import BERAKHLAK_VALUES
from berakhlak.method.language import translation
from berakhlak.method.narrative import (
    NarrativeInput,
    baseline_note,
    headcount_warning,
    join_words,
    narrative,
    number_word,
    value_group,
)

NAMES_ID = [v.name_id for v in BERAKHLAK_VALUES]
NAMES_EN = [v.name_en for v in BERAKHLAK_VALUES]
VALUES = [58.1, 73.2, 60.1, 62.3, 65.2, 43.5, 65.3]


def up(shown: float, significant: bool | None = True) -> Change:
    return Change(shown + 0.02, shown, NAIK, significant)


def down(shown: float, significant: bool | None = True) -> Change:
    return Change(-shown - 0.02, -shown, TURUN, significant)


# BP AK HA LO KL fall, KO AD rise; the changes of AK and KO are within the margin of error.
CHANGES = [down(2.4), down(0.6, False), up(1.8, False), down(2.6), down(2.2), up(2.3), down(1.9)]


def sukamaju(**changes: object) -> NarrativeInput:
    fields: dict[str, object] = {
        "year": 2023,
        "n": 4087,
        "k": 10,
        "index": 61.04,
        "category": "B",
        "value_names": NAMES_ID,
        "values": VALUES,
        "baseline_year": 2022,
        "baseline_index": 61.84,
        "index_change": Change(-0.8, -0.8, TURUN, False),
        "value_changes": CHANGES,
        "eligible": True,
        "min_required": 364,
    }
    fields.update(changes)
    return NarrativeInput(**fields)  # type: ignore[arg-type]


def test_headline_names_index_category_baseline_the_shown_change_and_the_values():
    text = narrative(sukamaju())
    assert text.startswith(
        "Indeks BerAKHLAK 2023 sebesar 61,0% (kategori B, cukup sehat), turun 0,8 poin dari "
        "61,8% pada 2022; dari tujuh nilai, lima turun (Berorientasi Pelayanan, Akuntabel, "
        "Harmonis, Loyal, dan Kolaboratif) dan dua naik (Kompeten dan Adaptif)."
    )


def test_the_change_said_is_the_shown_change_not_the_rounded_unrounded_one():
    # 61.84 -> 60.96: the published figures 61,8 and 61,0 differ by 0,8 (delta -0.88 ~ 0,9).
    text = narrative(sukamaju(index=60.96, index_change=Change(-0.88, -0.8, TURUN, False)))
    assert "turun 0,8 poin dari 61,8%" in text
    assert "0,9" not in text


def test_no_sign_stands_beside_a_direction_word():
    for lang, names in (("id", NAMES_ID), ("en", NAMES_EN)):
        text = narrative(sukamaju(value_names=names), lang)
        assert "-" not in text.replace("–", "") and "\N{MINUS SIGN}" not in text


def test_changes_within_the_margin_of_error_and_bermakna_ones_are_said_in_plain_indonesian():
    text = narrative(sukamaju())
    assert (
        "Penurunan indeks sebesar 0,8 poin masih dalam batas kesalahan (margin of error), "
        "sehingga belum dapat dipastikan sebagai perubahan yang nyata."
    ) in text
    assert (
        "Di antara nilai, perubahan semua nilai kecuali Akuntabel dan Kompeten bermakna, "
        "sedangkan perubahan nilai Akuntabel dan Kompeten masih dalam batas kesalahan."
    ) in text


def test_the_margin_of_error_is_named_in_english_at_most_once():
    for kwargs in (
        {},
        {"index_change": Change(-1.02, -1.0, TURUN, True)},
        {"index_change": Change(0.0, 0.0, TETAP, False)},
        {"value_changes": [down(0.3, False)] * 7},
    ):
        text = narrative(sukamaju(**kwargs))
        assert text.count("margin of error") == 1, text
        assert text.count("(margin of error)") == 1


def test_an_index_change_that_is_bermakna_is_said_to_be_so():
    text = narrative(sukamaju(index_change=Change(-1.02, -1.0, TURUN, True)))
    assert "turun 1,0 poin dari 61,8%" in text
    assert "Penurunan indeks sebesar 1,0 poin ini bermakna, melampaui batas kesalahan" in text
    text = narrative(sukamaju(index_change=Change(2.04, 2.0, NAIK, True)))
    assert "Kenaikan indeks sebesar 2,0 poin ini bermakna" in text


def test_when_every_value_change_is_bermakna_they_are_said_together():
    text = narrative(sukamaju(value_changes=[up(1.5)] * 7))
    assert "ketujuh nilai naik." in text
    assert "Perubahan ketujuh nilai bermakna." in text


def test_a_long_list_of_values_reads_as_every_value_except():
    text = narrative(sukamaju(value_changes=[*[down(0.4, False)] * 6, up(2.0)]))
    assert (
        "Di antara nilai, perubahan nilai Kolaboratif bermakna, sedangkan perubahan semua nilai "
        "kecuali Kolaboratif masih dalam batas kesalahan."
    ) in text
    text = narrative(sukamaju(value_changes=[*[down(0.4, False)] * 6, up(0.1, None)]))
    assert "Perubahan semua nilai kecuali Kolaboratif masih dalam batas kesalahan." in text
    assert value_group(NAMES_ID[:2], NAMES_ID) == "nilai Berorientasi Pelayanan dan Akuntabel"
    assert value_group(NAMES_ID, NAMES_ID) == "ketujuh nilai"
    assert value_group(NAMES_EN[1:], NAMES_EN, "en") == "every value except Service Oriented"
    assert value_group(NAMES_EN, NAMES_EN, "en") == "all seven values"


def test_strongest_and_weakest_values_are_named():
    assert (
        "Nilai terkuat adalah Akuntabel (73,2%), sedangkan yang terlemah Adaptif (43,5%)."
        in narrative(sukamaju())
    )


def test_strongest_and_weakest_are_not_named_when_every_value_is_the_same():
    text = narrative(sukamaju(values=[100.0] * 7, index=100.0, category="A"))
    assert "terkuat" not in text and "terlemah" not in text
    text = narrative(sukamaju(values=[100.0] * 7, value_names=NAMES_EN), "en")
    assert "strongest" not in text


def test_values_tied_for_strongest_are_named_together():
    values = [58.1, 73.24, 60.1, 73.16, 65.2, 43.5, 65.3]  # Akuntabel and Harmonis both 73,2
    text = narrative(sukamaju(values=values))
    assert "Nilai terkuat adalah Akuntabel dan Harmonis (masing-masing 73,2%)" in text


def test_english_narrative():
    text = narrative(sukamaju(value_names=NAMES_EN), "en")
    assert text.startswith(
        "The BerAKHLAK Index 2023 is 61.0% (category B, fairly healthy), down 0.8 points from "
        "61.8% in 2022; of the seven values, five fell (Service Oriented, Accountable, "
        "Harmonious, Loyal and Collaborative) and two rose (Competent and Adaptive)."
    )
    assert "The fall of 0.8 points in the index is within the margin of error" in text
    assert (
        "Among the values, the changes in every value except Accountable and Competent are "
        "significant, while those in Accountable and Competent are within the margin of error."
    ) in text
    assert "The strongest value is Accountable (73.2%), and the weakest Adaptive (43.5%)." in text


def test_first_year_has_no_comparison():
    text = narrative(
        sukamaju(baseline_year=None, baseline_index=None, index_change=None, value_changes=())
    )
    assert "Belum ada data tahun sebelumnya sebagai pembanding." in text
    assert "turun" not in text and "batas kesalahan" not in text


def test_an_older_baseline_year_is_named_with_the_reason_the_year_before_is_not():
    text = narrative(sukamaju(year=2024, unreported=[Unreported(2023, HIDDEN, 10)]))
    assert "turun 0,8 poin dari 61,8% pada 2022" in text
    assert (
        "Tahun 2023 tidak dilaporkan karena kurang dari 10 responden, sehingga pembandingnya "
        "adalah tahun 2022."
    ) in text
    en = narrative(
        sukamaju(year=2024, value_names=NAMES_EN, unreported=[Unreported(2023, HIDDEN, 10)]), "en"
    )
    assert "2023 is not reported (fewer than 10 respondents), so the comparison is with 2022." in en


def test_several_unreported_years_are_each_given_their_reason():
    unreported = [
        Unreported(2020, NO_RESULTS),
        Unreported(2021, NO_RESULTS),
        Unreported(2022, NO_RESULTS),
        Unreported(2023, NO_RESPONSES),
    ]
    text = narrative(sukamaju(year=2024, baseline_year=2019, unreported=unreported))
    assert (
        "Tahun 2020–2022 (tidak ada hasil survei) dan 2023 (tidak ada respons yang sah) tidak "
        "dilaporkan, sehingga pembandingnya adalah tahun 2019."
    ) in text
    assert baseline_note(2019, unreported[2:3]) == (
        "dibandingkan 2019; tahun 2022 tidak dilaporkan karena tidak ada hasil survei"
    )
    assert baseline_note(2021, [Unreported(2022, PROTECTED, 10)], "en") == (
        "compared with 2021; 2022 is not reported (hidden to protect a small unit)"
    )
    assert baseline_note(2022, []) == "" and baseline_note(None, unreported) == ""


def test_without_any_reported_earlier_year_the_text_says_why():
    text = narrative(
        sukamaju(
            baseline_year=None,
            baseline_index=None,
            index_change=None,
            value_changes=(),
            unreported=[Unreported(2022, HIDDEN, 10)],
        )
    )
    assert (
        "Belum ada tahun sebelumnya yang dilaporkan sebagai pembanding: tahun 2022 tidak "
        "dilaporkan karena kurang dari 10 responden."
    ) in text
    assert "Belum ada data tahun sebelumnya" not in text


def test_an_unchanged_index_and_all_values_rising():
    text = narrative(
        sukamaju(
            index_change=Change(0.04, 0.0, TETAP, False),
            value_changes=[up(1.5)] * 7,
        )
    )
    assert "tidak berubah dari 61,8% pada 2022; ketujuh nilai naik." in text
    assert "indeks sebesar" not in text


def test_an_instansi_below_its_minimum_is_told_it_is_not_in_the_national_average():
    text = narrative(sukamaju(eligible=False, n=300))
    assert text.endswith(
        "Dengan 300 responden, di bawah jumlah minimum 364, hasil ini tidak diikutkan dalam "
        "rata-rata nasional."
    )


def test_a_suppressed_or_empty_instansi_gets_no_figures():
    assert narrative(sukamaju(n=7, index=None, category=None)) == (
        "Hasil tidak ditampilkan: kurang dari 10 responden."
    )
    assert narrative(sukamaju(n=0, index=None, category=None)) == "Belum ada respons yang sah."


@pytest.mark.parametrize(
    ("lang", "unit", "expected"),
    [
        (
            "id",
            False,
            "Jumlah responden sah Kabupaten Contoh (1.012) melebihi jumlah pegawainya (1.000): "
            "data jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung "
            "tanpa koreksi populasi terhingga.",
        ),
        (
            "en",
            True,
            "Unit Kabupaten Contoh has more valid respondents (1,012) than staff (1,000): the "
            "headcount is out of date and should be updated. Intervals are computed without "
            "the finite population correction.",
        ),
    ],
)
def test_the_headcount_warning(lang, unit, expected):
    assert headcount_warning("Kabupaten Contoh", 1012, 1000, lang, unit=unit) == expected


def test_number_words_and_lists():
    assert number_word(5) == "lima"
    assert number_word(2, "en") == "two"
    assert number_word(12) == "12"
    assert join_words(["A", "B", "C"]) == "A, B, dan C"
    assert join_words(["A", "B", "C"], "en") == "A, B and C"
    assert join_words(["A"]) == "A"


def test_all_of_a_local_set_is_said_with_the_collective_number_word_in_both_languages():
    eight = [f"N{i}" for i in range(8)]
    assert value_group(eight, eight) == "kedelapan nilai"
    assert value_group(eight, eight, "en") == "all eight values"
    eleven = [f"N{i}" for i in range(11)]
    assert value_group(eleven, eleven) == "seluruh 11 nilai"
    assert value_group(eleven, eleven, "en") == "all 11 values"


def test_the_english_narrative_comes_from_the_catalogue_under_its_own_context():
    # "naik" on the pages is "up"; in the narrative's sentences it is "rose".
    assert translation("en").pgettext("narasi", "naik") == "rose"
    assert translation("en").gettext("naik") != "rose"
    text = narrative(sukamaju(value_names=NAMES_EN), "en")
    for word in (" dan ", " poin ", " nilai ", "sebesar", "bermakna"):
        assert word not in text
