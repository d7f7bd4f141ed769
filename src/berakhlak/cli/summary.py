"""The summary table `berakhlak compute` prints: one row per instansi-year, then the national
figures, in the run's language."""

from __future__ import annotations

from ..method.change import TETAP, Change
from ..method.language import translation
from ..method.narrative import baseline_note
from ..method.params import METHOD_ID
from ..method.results import InstansiResult, Results
from ..method.rounding import category, format_count, format_decimal, format_percent

MAX_NAME = 44
ALIGNS = ("<", "<", ">", ">", "^", ">", "<")


def summary_table(results: Results, lang: str = "id") -> str:
    _ = translation(lang).gettext
    head = ("Instansi", _("Tahun"), "n", _("Indeks"), _("Kat."), _("Peringkat"), _("Perubahan"))
    notes: list[str] = []
    rows = [_row(r, results, lang, notes) for r in results.instansi]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, ALIGNS, widths, strict=True)).rstrip()
        for row in [head, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for nat in results.national:
        summary = nat.indices["implementasi"]
        value = (
            "–"
            if summary.value is None
            else f"{format_percent(summary.value, lang)} ({summary.category})"
        )
        lines.append(
            _(
                "Nasional %(year)d: %(value)s, rata-rata %(included)d instansi yang diikutkan "
                "dari %(total)d"
            )
            % {
                "year": nat.year,
                "value": value,
                "included": nat.eligible_instansi,
                "total": nat.instansi_total,
            }
        )
    lines.append(
        _(
            "* tidak masuk angka nasional: di bawah jumlah minimum responden, atau kurang "
            "dari %(k)d responden"
        )
        % {"k": results.params.k}
    )
    lines += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    lines.append(_("Metode %(method)s") % {"method": METHOD_ID})
    return "\n".join(lines)


def _row(r: InstansiResult, results: Results, lang: str, notes: list[str]) -> tuple[str, ...]:
    """The cells of one instansi-year; a note on its baseline year goes to `notes`."""
    name = f"{r.info.code} {r.info.name}"
    if len(name) > MAX_NAME:
        name = name[: MAX_NAME - 1] + "…"
    index, letter = "–", "–"
    if r.shown:
        index = format_percent(r.implementasi, lang)
        letter = category(r.implementasi, results.params) or "–"
    rank = results.ranks.get((r.info.code, r.year))
    change = "–"
    c = r.comparison.indices["implementasi"] if r.comparison else None
    if c is not None and r.comparison is not None:
        change = f"{change_words(c, lang)} vs {r.comparison.baseline_year}"
        note = baseline_note(r.comparison.baseline_year, r.comparison.unreported, lang)
        if note:
            notes.append(f"{r.info.code} {r.year}: {note}")
            change += f" [{len(notes)}]"
    return (
        name + ("" if r.included else " *"),
        str(r.year),
        format_count(r.n, lang),
        index,
        letter,
        "–" if rank is None else str(rank[0]),
        change,
    )


def change_words(c: Change, lang: str = "id") -> str:
    """A change as the reader sees it: the shown change with its direction word and whether
    it is bermakna ('turun 0,8 (tidak bermakna)'), never a sign beside the word."""
    _ = translation(lang).gettext
    text = _(c.direction)
    if c.direction != TETAP:
        text += f" {format_decimal(abs(c.delta_shown), lang)}"
        if c.significant is False:
            text += " " + _("(tidak bermakna)")
        elif c.significant:
            text += " " + _("(bermakna)")
    return text
