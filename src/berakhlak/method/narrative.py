"""The generated opening text of every instansi-year report (METHOD.md §8)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .change import NAIK, TETAP, TURUN, Change
from .rounding import category_label, format_count, format_decimal, format_percent

_NUMBERS_ID = (
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
)
_NUMBERS_EN = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)


def number_word(n: int, lang: str = "id") -> str:
    words = _NUMBERS_EN if lang == "en" else _NUMBERS_ID
    return words[n] if 0 <= n < len(words) else str(n)


def join_words(names: Sequence[str], lang: str = "id") -> str:
    """'A', 'A dan B', 'A, B, dan C' (English: 'A, B and C')."""
    conj = "and" if lang == "en" else "dan"
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {conj} {names[1]}"
    comma = "," if lang == "id" else ""
    return f"{', '.join(names[:-1])}{comma} {conj} {names[-1]}"


@dataclass(frozen=True)
class NarrativeInput:
    year: int
    n: int
    k: int
    index: float | None  # implementasi, unrounded; None when suppressed or empty
    category: str | None
    value_names: Sequence[str]  # display order, in the narrative's language
    values: Sequence[float]
    baseline_year: int | None = None
    baseline_index: float | None = None
    index_change: Change | None = None
    value_changes: Sequence[Change | None] = ()
    eligible: bool = True
    min_required: int = 0


def narrative(data: NarrativeInput, lang: str = "id") -> str:
    en = lang == "en"
    if data.n == 0 or data.index is None or data.category is None:
        if data.n == 0:
            return "No valid responses yet." if en else "Belum ada respons yang sah."
        return (
            f"Results are not shown: fewer than {data.k} respondents."
            if en
            else f"Hasil tidak ditampilkan: kurang dari {data.k} responden."
        )
    sentences = [_headline(data, lang)]
    note = _margin_note(data, lang)
    if note:
        sentences.append(note)
    sentences.append(_weakest_strongest(data, lang))
    if not data.eligible:
        sentences.append(_eligibility_note(data, lang))
    return " ".join(sentences)


def _headline(data: NarrativeInput, lang: str) -> str:
    en = lang == "en"
    assert data.index is not None and data.category is not None
    label = category_label(data.category, lang).lower()
    pct = format_percent(data.index, lang)
    if en:
        text = f"The BerAKHLAK Index {data.year} is {pct} (category {data.category}, {label})"
    else:
        text = f"Indeks BerAKHLAK {data.year} sebesar {pct} (kategori {data.category}, {label})"
    change = data.index_change
    if change is None or data.baseline_year is None or data.baseline_index is None:
        follow = (
            "There is no earlier year to compare with."
            if en
            else "Belum ada data tahun sebelumnya sebagai pembanding."
        )
        return f"{text}. {follow}"
    before = format_percent(data.baseline_index, lang)
    if en:
        verb = {NAIK: "up from", TURUN: "down from", TETAP: "unchanged from"}[change.direction]
        text += f", {verb} {before} in {data.baseline_year}"
    else:
        verb = {NAIK: "naik dari", TURUN: "turun dari", TETAP: "tidak berubah dari"}[
            change.direction
        ]
        text += f", {verb} {before} pada {data.baseline_year}"
    return text + _value_counts(data, lang) + "."


def _value_counts(data: NarrativeInput, lang: str) -> str:
    en = lang == "en"
    groups: dict[str, list[str]] = {TURUN: [], NAIK: [], TETAP: []}
    for name, change in zip(data.value_names, data.value_changes, strict=False):
        if change is not None:
            groups[change.direction].append(name)
    total = len(data.value_names)
    words = (
        {TURUN: "fell", NAIK: "rose", TETAP: "stayed the same"}
        if en
        else {TURUN: "turun", NAIK: "naik", TETAP: "tetap"}
    )
    parts = []
    for direction in (TURUN, NAIK, TETAP):
        names = groups[direction]
        if not names:
            continue
        if len(names) == total:
            return (
                f"; all {number_word(total, lang)} values {words[direction]}"
                if en
                else f"; ketujuh nilai {words[direction]}"
                if total == 7
                else f"; seluruh {total} nilai {words[direction]}"
            )
        parts.append(
            f"{number_word(len(names), lang)} {words[direction]} ({join_words(names, lang)})"
        )
    if not parts:
        return ""
    lead = (
        f"of the {number_word(total, lang)} values"
        if en
        else (f"dari {number_word(total, lang)} nilai")
    )
    return f"; {lead}, {join_words(parts, lang)}"


def _margin_note(data: NarrativeInput, lang: str) -> str:
    en = lang == "en"
    notes = []
    change = data.index_change
    if change is not None and change.significant is False and change.direction != TETAP:
        points = format_decimal(abs(change.delta), lang)
        notes.append(
            f"The change of {points} points in the index is within the margin of error, "
            "so it may not be a real change."
            if en
            else f"Perubahan indeks sebesar {points} poin masih dalam batas margin of error, "
            "sehingga belum dapat dipastikan sebagai perubahan yang nyata."
        )
    within = [
        name
        for name, c in zip(data.value_names, data.value_changes, strict=False)
        if c is not None and c.significant is False and c.direction != TETAP
    ]
    if within:
        also = "also " if notes else ""
        juga = "juga " if notes else ""
        notes.append(
            f"The changes in {join_words(within, lang)} are {also}within the margin of error."
            if en
            else f"Perubahan pada {join_words(within, lang)} {juga}masih dalam batas "
            "margin of error."
        )
    return " ".join(notes)


def _weakest_strongest(data: NarrativeInput, lang: str) -> str:
    pairs = list(zip(data.values, data.value_names, strict=True))
    strongest = max(pairs, key=lambda p: p[0])
    weakest = min(pairs, key=lambda p: p[0])
    if lang == "en":
        return (
            f"The strongest value is {strongest[1]} ({format_percent(strongest[0], lang)}) "
            f"and the weakest is {weakest[1]} ({format_percent(weakest[0], lang)})."
        )
    return (
        f"Nilai terkuat adalah {strongest[1]} ({format_percent(strongest[0], lang)}) "
        f"dan terlemah {weakest[1]} ({format_percent(weakest[0], lang)})."
    )


def _eligibility_note(data: NarrativeInput, lang: str) -> str:
    n, need = format_count(data.n, lang), format_count(data.min_required, lang)
    if lang == "en":
        return (
            f"With {n} respondents, below the minimum of {need}, this result is not "
            "included in the national average."
        )
    return (
        f"Dengan {n} responden, di bawah jumlah minimum {need}, hasil ini tidak "
        "diikutkan dalam rata-rata nasional."
    )
