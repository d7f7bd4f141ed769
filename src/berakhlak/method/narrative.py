"""The generated opening text of every instansi-year report (docs/method.md §11), the words of
a baseline year that is not the year before (§7), and the headcount warning (§6).

Indonesian msgids, translated from the project's catalogue (language.py) under the context
"narasi". Every figure is written as it is published (one
decimal), and every change as the shown change Δ̂ with its direction word, never with a sign.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from .change import (
    GROUP_HIDDEN,
    HIDDEN,
    NAIK,
    NO_RESPONSES,
    NO_RESULTS,
    PROTECTED,
    REGROUPED,
    TETAP,
    TURUN,
    Change,
    Unreported,
)
from .language import translation
from .rounding import (
    category_label,
    format_count,
    format_decimal,
    format_percent,
    round1,
)

_NUMBERS = (
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
NARRATIVE = "narasi"
"""The catalogue's context of every sentence here: the narrative's words ("naik", "lima")
translate apart from the same words on the pages."""
MARGIN_ID = "batas kesalahan (margin of error)"
"""Said once in a narrative; after that, "batas kesalahan"."""


def _(lang: str, message: str) -> str:
    """`message` (an Indonesian msgid of the narrative's context) in `lang`."""
    return translation(lang).pgettext(NARRATIVE, message)


def _n(lang: str, singular: str, plural: str, n: int) -> str:
    return translation(lang).npgettext(NARRATIVE, singular, plural, n)


def number_word(n: int, lang: str = "id") -> str:
    return _(lang, _NUMBERS[n]) if 0 <= n < len(_NUMBERS) else str(n)


def join_words(names: Sequence[str], lang: str = "id") -> str:
    """'A', 'A dan B', 'A, B, dan C' (English: 'A, B and C')."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return _(lang, "%(first)s dan %(second)s") % {"first": names[0], "second": names[1]}
    return _(lang, "%(rest)s, dan %(last)s") % {"rest": ", ".join(names[:-1]), "last": names[-1]}


def value_group(names: Sequence[str], every: Sequence[str], lang: str = "id") -> str:
    """Some of the values, as a reader would say them: 'ketujuh nilai' for all seven,
    'semua nilai kecuali Adaptif' when only one or two are left out, else 'nilai A dan B'
    (English: 'all seven values', 'every value except Adaptive', 'A and B')."""
    total = len(every)
    if len(names) == total and total > 1:
        if total <= 10:  # 'ketujuh', 'kedelapan': the collective form of a number word
            return _(lang, "ke%(number)s nilai") % {"number": number_word(total, lang)}
        return _(lang, "seluruh %(total)s nilai") % {"total": total}
    left_out = [v for v in every if v not in names]
    if len(names) >= 4 and len(left_out) <= 2:
        return _(lang, "semua nilai kecuali %(values)s") % {"values": join_words(left_out, lang)}
    return _(lang, "nilai %(values)s") % {"values": join_words(names, lang)}


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
    if data.n == 0 or data.index is None or data.category is None:
        if data.n == 0:
            return _(lang, "Belum ada respons yang sah.")
        return _(lang, "Hasil tidak ditampilkan: kurang dari %(k)s responden.") % {"k": data.k}
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
    assert data.index is not None and data.category is not None
    text = _(
        lang, "Indeks BerAKHLAK %(year)s sebesar %(percent)s (kategori %(category)s, %(label)s)"
    )
    text %= {
        "year": data.year,
        "percent": format_percent(data.index, lang),
        "category": data.category,
        "label": category_label(data.category, lang).lower(),
    }
    change = data.index_change
    if change is None or not _compared(data):
        return text + "."
    assert data.baseline_index is not None
    verb = {
        NAIK: _(lang, "naik %(points)s poin dari %(before)s pada %(year)s"),
        TURUN: _(lang, "turun %(points)s poin dari %(before)s pada %(year)s"),
        TETAP: _(lang, "tidak berubah dari %(before)s pada %(year)s"),
    }[change.direction]
    verb %= {
        "points": format_decimal(abs(change.delta_shown), lang),
        "before": format_percent(data.baseline_index, lang),
        "year": data.baseline_year,
    }
    return f"{text}, {verb}{_value_counts(data, lang)}."


def _value_counts(data: NarrativeInput, lang: str) -> str:
    groups: dict[str, list[str]] = {TURUN: [], NAIK: [], TETAP: []}
    for name, change in zip(data.value_names, data.value_changes, strict=False):
        if change is not None:
            groups[change.direction].append(name)
    total = len(data.value_names)
    # What the values did, in a sentence about them ("lima turun", "five fell").
    words = {TURUN: _(lang, "turun"), NAIK: _(lang, "naik"), TETAP: _(lang, "tetap")}
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
    lead = _(lang, "dari %(number)s nilai") % {"number": number_word(total, lang)}
    return f"; {lead}, {join_words(parts, lang)}"


# --- Years that were not reported (§7) ----------------------------------------------------------


def _reason(u: Unreported, lang: str) -> str:
    return {
        HIDDEN: _(lang, "kurang dari %(k)s responden") % {"k": u.k},
        PROTECTED: _(lang, "disembunyikan untuk melindungi unit kecil"),
        NO_RESPONSES: _(lang, "tidak ada respons yang sah"),
        NO_RESULTS: _(lang, "tidak ada hasil survei"),
        REGROUPED: _(lang, "anggota kelompok pelaporannya berbeda"),
        GROUP_HIDDEN: _(lang, "kelompok pelaporannya tidak ditampilkan"),
    }[u.reason]


def unreported_reason(u: Unreported, lang: str = "id") -> str:
    """Why a group shows no figures in a year, in a few words ('kurang dari 10 responden'):
    the gaps of a trend."""
    return _reason(u, lang)


def _years(years: Sequence[int], lang: str) -> str:
    """2023; 2022 dan 2023; 2020–2023 (consecutive years of one reason)."""
    if len(years) >= 3:
        return f"{years[0]}–{years[-1]}"
    return join_words([str(y) for y in years], lang)


def _unreported_groups(unreported: Sequence[Unreported], lang: str) -> list[tuple[str, str, int]]:
    """(years, reason, how many years) of consecutive unreported years of the same reason."""
    out = []
    runs = groupby(enumerate(unreported), key=lambda p: (p[1].reason, p[1].k, p[1].year - p[0]))
    for _key, run in runs:
        items = [u for _i, u in run]
        out.append((_years([u.year for u in items], lang), _reason(items[0], lang), len(items)))
    return out


def _unreported_clause(unreported: Sequence[Unreported], lang: str, *, capital: bool) -> str:
    """'tahun 2023 tidak dilaporkan karena kurang dari 10 responden' (English: '2023 is not
    reported (fewer than 10 respondents)'), or for several reasons each in brackets."""
    groups = _unreported_groups(unreported, lang)
    count = sum(g[2] for g in groups)
    if len(groups) == 1:
        years, reason, _count = groups[0]
        if capital:
            one = "Tahun %(years)s tidak dilaporkan karena %(reason)s"
        else:
            one = "tahun %(years)s tidak dilaporkan karena %(reason)s"
        return _n(lang, one, one, count) % {"years": years, "reason": reason}
    listed = join_words([f"{years} ({reason})" for years, reason, _count in groups], lang)
    several = "Tahun %(years)s tidak dilaporkan" if capital else "tahun %(years)s tidak dilaporkan"
    return _n(lang, several, several, count) % {"years": listed}


def baseline_note(
    baseline_year: int | None, unreported: Sequence[Unreported], lang: str = "id"
) -> str:
    """The short note beside a change against a baseline that is not the year before:
    'dibandingkan 2022; tahun 2023 tidak dilaporkan karena kurang dari 10 responden'.
    Empty when the baseline is the year before (nothing was skipped) or there is none."""
    if baseline_year is None or not unreported:
        return ""
    clause = _unreported_clause(unreported, lang, capital=False)
    return _(lang, "dibandingkan %(year)s; %(clause)s") % {"year": baseline_year, "clause": clause}


def _baseline_sentence(data: NarrativeInput, lang: str) -> str:
    """Why the comparison is not with the year before, or why there is none."""
    if not data.unreported:
        return _(lang, "Belum ada data tahun sebelumnya sebagai pembanding.")
    if _compared(data):
        clause = _unreported_clause(data.unreported, lang, capital=True)
        text = _(lang, "%(clause)s, sehingga pembandingnya adalah tahun %(year)s.")
        return text % {"clause": clause, "year": data.baseline_year}
    clause = _unreported_clause(data.unreported, lang, capital=False)
    text = _(lang, "Belum ada tahun sebelumnya yang dilaporkan sebagai pembanding: %(clause)s.")
    return text % {"clause": clause}


# --- Whether the changes are bermakna (§7, §11) ---------------------------------------------------


def _margin_notes(data: NarrativeInput, lang: str) -> list[str]:
    """Plain words on whether the changes are bermakna; 'batas kesalahan (margin of error)'
    once, 'batas kesalahan' after that."""
    if not _compared(data):
        return []
    notes = []
    said = False  # whether the margin of error was named with its English term already
    change = data.index_change
    if change is not None and change.direction != TETAP and change.significant is not None:
        rise = change.direction == NAIK
        if change.significant and rise:
            text = _(
                lang,
                "Kenaikan indeks sebesar %(points)s poin ini bermakna, melampaui batas "
                "kesalahan (margin of error).",
            )
        elif change.significant:
            text = _(
                lang,
                "Penurunan indeks sebesar %(points)s poin ini bermakna, melampaui batas "
                "kesalahan (margin of error).",
            )
        elif rise:
            text = _(
                lang,
                "Kenaikan indeks sebesar %(points)s poin masih dalam batas kesalahan (margin "
                "of error), sehingga belum dapat dipastikan sebagai perubahan yang nyata.",
            )
        else:
            text = _(
                lang,
                "Penurunan indeks sebesar %(points)s poin masih dalam batas kesalahan (margin "
                "of error), sehingga belum dapat dipastikan sebagai perubahan yang nyata.",
            )
        notes.append(text % {"points": format_decimal(abs(change.delta_shown), lang)})
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
    # The margin of error is named with its English term only the first time.
    if meaningful and within:
        if said:
            text = _(
                lang,
                "Di antara nilai, perubahan %(meaningful)s bermakna, sedangkan perubahan "
                "%(within)s masih dalam batas kesalahan.",
            )
        else:
            text = _(
                lang,
                "Di antara nilai, perubahan %(meaningful)s bermakna, sedangkan perubahan "
                "%(within)s masih dalam batas kesalahan (margin of error).",
            )
        return text % {
            "meaningful": value_group(meaningful, every, lang),
            "within": value_group(within, every, lang),
        }
    if meaningful:
        text = _(lang, "Perubahan %(values)s bermakna.")
        return text % {"values": value_group(meaningful, every, lang)}
    if within:
        if said:
            text = _(lang, "Perubahan %(values)s masih dalam batas kesalahan.")
        else:
            text = _(lang, "Perubahan %(values)s masih dalam batas kesalahan (margin of error).")
        return text % {"values": value_group(within, every, lang)}
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
        each = _(lang, "masing-masing %(percent)s") % {"percent": pct}
        return f"{join_words(names, lang)} ({each})"

    sentence = "Nilai terkuat adalah %(strongest)s, sedangkan yang terlemah %(weakest)s."
    text = _n(lang, sentence, sentence, len(strongest))
    return text % {"strongest": named(strongest, high), "weakest": named(weakest, low)}


def _eligibility_note(data: NarrativeInput, lang: str) -> str:
    text = _(
        lang,
        "Dengan %(n)s responden, di bawah jumlah minimum %(need)s, hasil ini tidak diikutkan "
        "dalam rata-rata nasional.",
    )
    return text % {"n": format_count(data.n, lang), "need": format_count(data.min_required, lang)}


# --- Headcount warning (§6) -------------------------------------------------------------------


def headcount_warning(
    name: str, n: int, headcount: int, lang: str = "id", *, unit: bool = False
) -> str:
    """More valid respondents than staff: the headcount is out of date, and the intervals are
    computed without the finite population correction."""
    subject = _(lang, "unit %(name)s") % {"name": name} if unit else name
    text = _(
        lang,
        "Jumlah responden sah %(subject)s (%(count)s) melebihi jumlah pegawainya (%(staff)s): "
        "data jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. Interval dihitung "
        "tanpa koreksi populasi terhingga.",
    )
    return text % {
        "subject": subject,
        "count": format_count(n, lang),
        "staff": format_count(headcount, lang),
    }
