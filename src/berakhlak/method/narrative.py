"""The generated opening text of every instansi-year report (docs/method.md §11), the words of
a baseline year that is not the year before (§7), and the headcount warning (§6).

Indonesian first, English equivalent. Every figure is written as it is published (one
decimal), and every change as the shown change Δ̂ with its direction word, never with a sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from .change import (
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
from .rounding import (
    category_label,
    format_count,
    format_decimal,
    format_percent,
    round1,
)

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
MARGIN_ID = "batas kesalahan (margin of error)"
"""Said once in a narrative; after that, "batas kesalahan"."""


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


def value_group(names: Sequence[str], every: Sequence[str], lang: str = "id") -> str:
    """Some of the values, as a reader would say them: 'ketujuh nilai' for all seven,
    'semua nilai kecuali Adaptif' when only one or two are left out, else 'nilai A dan B'
    (English: 'all seven values', 'every value except Adaptive', 'A and B')."""
    en = lang == "en"
    total = len(every)
    if len(names) == total and total > 1:
        if en:
            return f"all {number_word(total, lang)} values"
        return "ketujuh nilai" if total == 7 else f"seluruh {total} nilai"
    left_out = [v for v in every if v not in names]
    if len(names) >= 4 and len(left_out) <= 2:
        rest = join_words(left_out, lang)
        return f"every value except {rest}" if en else f"semua nilai kecuali {rest}"
    listed = join_words(names, lang)
    return listed if en else f"nilai {listed}"


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
    unreported: Sequence[Unreported] = ()
    """Earlier years without shown figures: since the baseline year, or all of them."""


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
    if data.unreported or not _compared(data):
        sentences.append(_baseline_sentence(data, lang))
    sentences += _margin_notes(data, lang)
    strongest_weakest = _strongest_weakest(data, lang)
    if strongest_weakest:
        sentences.append(strongest_weakest)
    if not data.eligible:
        sentences.append(_eligibility_note(data, lang))
    return " ".join(sentences)


def _compared(data: NarrativeInput) -> bool:
    return (
        data.index_change is not None
        and data.baseline_year is not None
        and data.baseline_index is not None
    )


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
    if change is None or not _compared(data):
        return text + "."
    assert data.baseline_index is not None
    before = format_percent(data.baseline_index, lang)
    points = format_decimal(abs(change.delta_shown), lang)
    if en:
        verb = {
            NAIK: f"up {points} points from",
            TURUN: f"down {points} points from",
            TETAP: "unchanged from",
        }[change.direction]
        text += f", {verb} {before} in {data.baseline_year}"
    else:
        verb = {
            NAIK: f"naik {points} poin dari",
            TURUN: f"turun {points} poin dari",
            TETAP: "tidak berubah dari",
        }[change.direction]
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
            return f"; {value_group(names, data.value_names, lang)} {words[direction]}"
        parts.append(
            f"{number_word(len(names), lang)} {words[direction]} ({join_words(names, lang)})"
        )
    if not parts:
        return ""
    lead = f"of the {number_word(total, lang)} values" if en else f"dari {number_word(total)} nilai"
    return f"; {lead}, {join_words(parts, lang)}"


# --- Years that were not reported (§7) ----------------------------------------------------------


def _reason(u: Unreported, lang: str) -> str:
    if lang == "en":
        return {
            HIDDEN: f"fewer than {u.k} respondents",
            PROTECTED: "hidden to protect a small unit",
            NO_RESPONSES: "no valid responses",
            NO_RESULTS: "no survey results",
        }[u.reason]
    return {
        HIDDEN: f"kurang dari {u.k} responden",
        PROTECTED: "disembunyikan untuk melindungi unit kecil",
        NO_RESPONSES: "tidak ada respons yang sah",
        NO_RESULTS: "tidak ada hasil survei",
    }[u.reason]


def _years(years: Sequence[int], lang: str) -> str:
    """2023; 2022 dan 2023; 2020–2023 (consecutive years of one reason)."""
    if len(years) >= 3:
        return f"{years[0]}–{years[-1]}"
    return join_words([str(y) for y in years], lang)


def _unreported_groups(unreported: Sequence[Unreported], lang: str) -> list[tuple[str, str, int]]:
    """(years, reason, how many years) of consecutive unreported years of the same reason."""
    out = []
    runs = groupby(enumerate(unreported), key=lambda p: (p[1].reason, p[1].k, p[1].year - p[0]))
    for _, run in runs:
        items = [u for _, u in run]
        out.append((_years([u.year for u in items], lang), _reason(items[0], lang), len(items)))
    return out


def _unreported_clause(unreported: Sequence[Unreported], lang: str, *, capital: bool) -> str:
    """'tahun 2023 tidak dilaporkan karena kurang dari 10 responden' (English: '2023 is not
    reported (fewer than 10 respondents)'), or for several reasons each in brackets."""
    groups = _unreported_groups(unreported, lang)
    count = sum(g[2] for g in groups)
    if lang == "en":
        verb = "is" if count == 1 else "are"
        if len(groups) == 1:
            years, reason, _ = groups[0]
            return f"{years} {verb} not reported ({reason})"
        listed = join_words([f"{years} ({reason})" for years, reason, _ in groups], lang)
        return f"{listed} {verb} not reported"
    lead = "Tahun" if capital else "tahun"
    if len(groups) == 1:
        years, reason, _ = groups[0]
        return f"{lead} {years} tidak dilaporkan karena {reason}"
    listed = join_words([f"{years} ({reason})" for years, reason, _ in groups], lang)
    return f"{lead} {listed} tidak dilaporkan"


def baseline_note(
    baseline_year: int | None, unreported: Sequence[Unreported], lang: str = "id"
) -> str:
    """The short note beside a change against a baseline that is not the year before:
    'dibandingkan 2022; tahun 2023 tidak dilaporkan karena kurang dari 10 responden'.
    Empty when the baseline is the year before (nothing was skipped) or there is none."""
    if baseline_year is None or not unreported:
        return ""
    clause = _unreported_clause(unreported, lang, capital=False)
    if lang == "en":
        return f"compared with {baseline_year}; {clause}"
    return f"dibandingkan {baseline_year}; {clause}"


def _baseline_sentence(data: NarrativeInput, lang: str) -> str:
    """Why the comparison is not with the year before, or why there is none."""
    en = lang == "en"
    if not data.unreported:
        return (
            "There is no earlier year to compare with."
            if en
            else "Belum ada data tahun sebelumnya sebagai pembanding."
        )
    if _compared(data):
        clause = _unreported_clause(data.unreported, lang, capital=True)
        if en:
            return f"{clause}, so the comparison is with {data.baseline_year}."
        return f"{clause}, sehingga pembandingnya adalah tahun {data.baseline_year}."
    clause = _unreported_clause(data.unreported, lang, capital=False)
    if en:
        return f"There is no earlier reported year to compare with: {clause}."
    return f"Belum ada tahun sebelumnya yang dilaporkan sebagai pembanding: {clause}."


# --- Whether the changes are bermakna (§7, §11) ---------------------------------------------------


def _margin_notes(data: NarrativeInput, lang: str) -> list[str]:
    """Plain words on whether the changes are bermakna; 'batas kesalahan (margin of error)'
    once, 'batas kesalahan' after that."""
    if not _compared(data):
        return []
    en = lang == "en"
    notes = []
    said = False  # whether the margin of error was named with its English term already
    change = data.index_change
    if change is not None and change.direction != TETAP and change.significant is not None:
        points = format_decimal(abs(change.delta_shown), lang)
        if en:
            what = "rise" if change.direction == NAIK else "fall"
            notes.append(
                f"The {what} of {points} points in the index is significant: larger than the "
                "margin of error."
                if change.significant
                else f"The {what} of {points} points in the index is within the margin of "
                "error, so it may not be a real change."
            )
        else:
            what = "Kenaikan" if change.direction == NAIK else "Penurunan"
            notes.append(
                f"{what} indeks sebesar {points} poin ini bermakna, melampaui {MARGIN_ID}."
                if change.significant
                else f"{what} indeks sebesar {points} poin masih dalam {MARGIN_ID}, "
                "sehingga belum dapat dipastikan sebagai perubahan yang nyata."
            )
        said = True
    note = _value_margin_note(data, lang, said)
    if note:
        notes.append(note)
    return notes


def _value_margin_note(data: NarrativeInput, lang: str, said: bool) -> str:
    verdicts: dict[bool, list[str]] = {True: [], False: []}
    for name, c in zip(data.value_names, data.value_changes, strict=False):
        if c is not None and c.direction != TETAP and c.significant is not None:
            verdicts[c.significant].append(name)
    meaningful, within = verdicts[True], verdicts[False]
    every = data.value_names
    if lang == "en":
        if meaningful and within:
            return (
                f"Among the values, the changes in {value_group(meaningful, every, lang)} are "
                f"significant, while those in {value_group(within, every, lang)} are within the "
                "margin of error."
            )
        if meaningful:
            return f"The changes in {value_group(meaningful, every, lang)} are significant."
        if within:
            return (
                f"The changes in {value_group(within, every, lang)} are within the margin of error."
            )
        return ""
    margin = "batas kesalahan" if said else MARGIN_ID
    if meaningful and within:
        return (
            f"Di antara nilai, perubahan {value_group(meaningful, every)} bermakna, sedangkan "
            f"perubahan {value_group(within, every)} masih dalam {margin}."
        )
    if meaningful:
        return f"Perubahan {value_group(meaningful, every)} bermakna."
    if within:
        return f"Perubahan {value_group(within, every)} masih dalam {margin}."
    return ""


# --- Strongest and weakest value, eligibility -------------------------------------------------


def _strongest_weakest(data: NarrativeInput, lang: str) -> str:
    """The values with the highest and the lowest published figure; nothing when they are
    the same figure (all values alike)."""
    # Rounding is monotonic: the highest published figure is that of the highest value, and
    # only values within 0.1 of it can share it (round1 is slow; it runs for every instansi).
    top, bottom = max(data.values), min(data.values)
    high, low = round1(top), round1(bottom)
    if high == low:
        return ""
    pairs = list(zip(data.value_names, data.values, strict=True))
    strongest = [n for n, v in pairs if v > top - 0.1 and round1(v) == high]
    weakest = [n for n, v in pairs if v < bottom + 0.1 and round1(v) == low]

    def named(names: list[str], value: float) -> str:
        pct = format_percent(value, lang)
        if len(names) == 1:
            return f"{names[0]} ({pct})"
        each = "each" if lang == "en" else "masing-masing"
        return f"{join_words(names, lang)} ({each} {pct})"

    if lang == "en":
        lead = "The strongest value is" if len(strongest) == 1 else "The strongest values are"
        return f"{lead} {named(strongest, high)}, and the weakest {named(weakest, low)}."
    return (
        f"Nilai terkuat adalah {named(strongest, high)}, sedangkan yang terlemah "
        f"{named(weakest, low)}."
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


# --- Headcount warning (§6) -------------------------------------------------------------------


def headcount_warning(
    name: str, n: int, headcount: int, lang: str = "id", *, unit: bool = False
) -> str:
    """More valid respondents than staff: the headcount is out of date, and the intervals are
    computed without the finite population correction."""
    count, staff = format_count(n, lang), format_count(headcount, lang)
    if lang == "en":
        subject = f"Unit {name}" if unit else name
        return (
            f"{subject} has more valid respondents ({count}) than staff ({staff}): the "
            "headcount is out of date and should be updated. Intervals are computed without "
            "the finite population correction."
        )
    subject = f"unit {name}" if unit else name
    return (
        f"Jumlah responden sah {subject} ({count}) melebihi jumlah pegawainya ({staff}): "
        "data jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung "
        "tanpa koreksi populasi terhingga."
    )
