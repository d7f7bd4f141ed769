"""Change against the baseline year (docs/method.md §7): every output gives the shown change
and marks it bermakna or within the margin of error exactly as the core decides, against the
latest earlier cycle with results (2022: the 2023 cycle was never closed, which the pages
say), and a unit hidden in the baseline year is compared with no hidden figure."""

from __future__ import annotations

import re

import pytest

from berakhlak.method.indices import INDEX_NAMES
from berakhlak.method.items import default_pool
from berakhlak.method.rounding import category
from helpers.results_world import (
    BASELINE_YEAR,
    MAIN,
    OPEN_YEAR,
    change_text,
    ci_text,
    element,
    pct,
    pdf_text,
    rows_with,
    section,
    sheet_rows,
    strip_tags,
    xlsx,
)

pytestmark = pytest.mark.django_db


POOL = default_pool()


def changes(rendered) -> dict[str, object]:
    cmp = rendered.result(MAIN).comparison
    return {**cmp.indices, **cmp.values}


def test_the_world_has_changes_that_are_bermakna_and_changes_within_the_margin(rendered):
    cmp = rendered.result(MAIN).comparison
    assert cmp.baseline_year == BASELINE_YEAR
    assert {c.significant for c in cmp.values.values()} == {True, False}
    assert {cmp.indices[name].significant for name in INDEX_NAMES} == {True, None}


@pytest.mark.parametrize(("page", "lang"), [("dashboard", "id"), ("dashboard-en", "en")])
def test_the_dashboard_marks_each_value_as_the_core_decides(rendered, page, lang):
    rows = rows_with(section(rendered.pages[page], "nilai"), "data-value")
    words = {True: "bermakna", False: "dalam batas kesalahan"}
    if lang == "en":
        words = {True: "significant", False: "within the margin of error"}
    for code, c in rendered.result(MAIN).comparison.values.items():
        cell = rows[code][-1]
        assert cell == change_text(c, lang)
        assert (words[True] in cell) is (c.significant is True)
        assert (words[False] in cell) is (c.significant is False and c.direction != "tetap")


@pytest.mark.parametrize(("file", "lang"), [("pdf", "id"), ("pdf-en", "en")])
def test_the_pdf_tables_carry_the_same_changes(rendered, file, lang):
    text = pdf_text(rendered.files[file])
    r = rendered.result(MAIN)
    cmp = r.comparison
    for j, code in enumerate(POOL.value_codes):
        value, c = r.stats.values[0, j], cmp.values[code]
        row = f"{pct(value, lang)} {_cat(value)} {ci_text(*r.stats.values_ci[0, j], lang)}"
        assert f"{row} {pct(c.baseline, lang)} {change_text(c, lang)}" in text, code
    for j, name in enumerate(INDEX_NAMES):
        value, c = r.stats.indices[0, j], cmp.indices[name]
        row = f"{pct(value, lang)} {_cat(value)} {ci_text(*r.stats.indices_ci[0, j], lang)}"
        assert f"{row} {pct(c.baseline, lang)} {change_text(c, lang)}" in text, name


def _cat(value: float) -> str:

    return category(value) or ""


def test_the_workbook_gives_each_change_as_numbers_and_words(rendered):
    book = xlsx(rendered.files["xlsx"])
    expected = changes(rendered)
    r = rendered.result(MAIN)
    current = dict(zip(INDEX_NAMES, r.stats.indices[0].tolist(), strict=True))
    current |= dict(zip(POOL.value_codes, r.stats.values[0].tolist(), strict=True))
    words = {True: "ya", False: "tidak", None: None}
    rows = sheet_rows(book, "Perubahan")
    assert list(rows[0]) == [
        "kode",
        "nama",
        "nilai_pembanding",
        "nilai",
        "perubahan",
        "arah",
        "bermakna",
        "perubahan_tanpa_pembulatan",
    ]
    assert [row["kode"] for row in rows] == [*INDEX_NAMES, *POOL.value_codes]
    for row in rows:
        c = expected[row["kode"]]
        assert row["perubahan"] == c.delta_shown  # what a reader sees, on one decimal
        assert row["perubahan_tanpa_pembulatan"] == pytest.approx(c.delta, rel=1e-15)
        assert row["nilai_pembanding"] == pytest.approx(c.baseline, rel=1e-15)
        assert row["nilai"] == pytest.approx(current[row["kode"]], rel=1e-15)
        assert (row["arah"], row["bermakna"]) == (c.direction, words[c.significant])
    for sheet in ("Indeks", "Nilai"):
        for row in sheet_rows(book, sheet):
            c = expected[row["kode"]]
            assert (row["perubahan"], row["arah"]) == (c.delta_shown, c.direction)
            assert row["bermakna"] == words[c.significant]
            assert row["nilai_pembanding"] == pytest.approx(c.baseline, rel=1e-15)


def test_the_english_workbook_words_the_changes_in_english(rendered):
    rows = sheet_rows(xlsx(rendered.files["xlsx-en"]), "Change")
    expected = changes(rendered)
    directions = {"naik": "up", "turun": "down", "tetap": "unchanged"}
    for row in rows:
        c = expected[row["kode"]]
        words = {True: "yes", False: "no", None: None}
        assert (row["arah"], row["bermakna"]) == (
            directions[c.direction],
            words[c.significant],
        )


def test_the_api_gives_the_cores_changes(rendered):
    (entry,) = rendered.api["cycle"]["instansi"]
    assert entry["change"]["baseline_year"] == BASELINE_YEAR
    cmp = rendered.result(MAIN).comparison
    for part, expected in (("indices", cmp.indices), ("values", cmp.values)):
        assert entry["change"][part] == {k: c.as_dict() for k, c in expected.items()}


def test_the_baseline_shown_everywhere_is_the_latest_earlier_cycle_with_results(rendered):
    """2023's cycle was never closed: the comparison is with 2022, and every output says
    that 2023 is not reported and why, without any figure of 2023."""
    html = rendered.pages["dashboard"]
    baseline = rendered.result(MAIN).comparison.indices["implementasi"]
    previous = rendered.result(MAIN, BASELINE_YEAR)
    assert baseline.baseline == previous.implementasi
    narrative = strip_tags(section(html, "narrative"))
    assert f"poin dari {pct(previous.implementasi)} pada 2022" in narrative
    assert (
        "Tahun 2023 tidak dilaporkan karena tidak ada hasil survei, sehingga pembandingnya "
        "adalah tahun 2022."
    ) in narrative
    assert '<th class="num">2022</th>' in section(html, "nilai")
    note = "Dibandingkan 2022; tahun 2023 tidak dilaporkan karena tidak ada hasil survei."
    assert note in strip_tags(section(html, "nilai"))
    assert "Dibanding 2022" in section(html, "unit-ranking")
    page = strip_tags(section(html, "main"))
    assert page.count(str(OPEN_YEAR)) == 2  # only in the two notes: no figure of 2023
    text = pdf_text(rendered.files["pdf"])
    assert "pada 2022" in text and note in text
    change_sheet = xlsx(rendered.files["xlsx"])["Perubahan"]
    assert "Nilai 2022 (%)" in [c.value for c in change_sheet[1]]
    method_rows = sheet_rows(xlsx(rendered.files["xlsx"]), "Metode")
    method = {row["butir"]: row["nilai"] for row in method_rows}
    assert method["tahun_pembanding"] == 2022
    assert method["catatan_pembanding"] == note[0].lower() + note[1:-1]


def test_the_narrative_names_the_changes_within_the_margin_of_error(rendered):
    r = rendered.result(MAIN)
    names = {code: POOL.value(code).name("id") for code in POOL.value_codes}
    within = [
        names[code]
        for code, c in r.comparison.values.items()
        if c.significant is False and c.direction != "tetap"
    ]
    assert within  # the world has some
    sentence = next(s for s in r.narrative("id").split(". ") if "masih dalam batas" in s)
    said = sentence.split("perubahan ")[-1].split(" masih")[0]
    if said.startswith("semua nilai kecuali "):
        left_out = said.removeprefix("semua nilai kecuali ")
        assert not any(name in left_out for name in within)
    else:
        for code in r.comparison.values:
            assert (names[code] in said) is (names[code] in within)
    assert r.narrative("id").count("margin of error") == 1


def test_a_unit_hidden_in_the_baseline_year_gets_no_change_and_no_baseline_figure(rendered):
    """Dinas Kesehatan (U03) was hidden in 2022 to protect a unit of 8: its 2022 figure, which
    this year's figure minus a change would give away, is shown nowhere."""
    previous = rendered.result(MAIN, BASELINE_YEAR)
    codes = [u.code for u in previous.info.units]
    assert previous.unit_hidden[codes.index("U03")] and not previous.unit_hidden[codes.index("U04")]
    page = rendered.pages["unit-U03"]
    # 2022 is named only as a year to switch to and as a gap of the trend, with its reason
    gap = strip_tags(element(section(page, "unit-trend"), 'data-year="2022"'))
    instansi = pct(previous.implementasi)  # the instansi's own 2022 figure, not the unit's
    assert gap == f"2022 – {instansi} tidak ditampilkan: disembunyikan untuk melindungi unit kecil"
    figures = re.sub(r'<nav class="year-switch".*?</nav>', "", section(page, "main"), flags=re.S)
    figures = figures.replace(section(page, "tren"), "")
    assert "2022" not in strip_tags(figures)
    assert "naik" not in strip_tags(section(page, "main")) and "turun" not in strip_tags(
        section(page, "main")
    )
    ranking = section(rendered.pages["dashboard"], "unit-ranking")
    rows = {
        strip_tags(row).split(" ")[0]: strip_tags(row)
        for row in ranking.split("<tbody>", 1)[1].split("</tr>")[:-1]
    }
    u03 = next(text for text in rows.values() if "Dinas Kesehatan" in text)
    u04 = next(text for text in rows.values() if "Dinas Pendidikan" in text)
    assert u03.endswith(" –")
    r = rendered.result(MAIN)
    c = r.unit_comparisons[3].indices["implementasi"]
    assert u04.endswith(change_text(c))
    assert "2022" in strip_tags(section(rendered.pages["unit-U04"], "nilai"))
