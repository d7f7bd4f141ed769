"""Disclosure control holds in every output (docs/method.md §9): units of n = 3, 12, 15, 40 under
k = 10 show the 3 and the 12 nowhere, demographic categories are hidden with their
complement, no figure of a group under k appears in any sheet, free text is shown only for
groups of at least k and without dates, and an instansi under k shows only its narrative."""

from __future__ import annotations

import re

import pytest

from berakhlak.method.instrument import CATEGORY_LABELS
from helpers.results_world import (
    FORMULA,
    LABELS,
    MAIN,
    SMALL,
    YEAR,
    K,
    count,
    element,
    pct,
    pdf_text,
    rows_with,
    section,
    sheet_rows,
    strip_tags,
    texts_shown,
    valid_texts,
    xlsx,
)

pytestmark = pytest.mark.django_db


HIDDEN = ("U01", "U02")  # n = 3 and, by complement, n = 12
FIGURE = re.compile(r"\d+[,.]\d+%?")
"""A displayed figure: 61,1% or 61,1 (counts are whole numbers)."""
WORKBOOKS = ("xlsx", "xlsx-en", "xlsx-small", "xlsx-formula", "xlsx-national", "xlsx-national-en")


def main_text(html: str) -> str:
    return strip_tags(section(html, "main"))


def unit_names(rendered, codes=HIDDEN) -> dict[str, str]:
    r = rendered.result(MAIN)
    return {u.code: u.name for u in r.info.units if u.code in codes}


def test_the_units_of_3_and_12_are_hidden_and_the_15_and_40_shown_by_the_core(rendered):
    r = rendered.result(MAIN)
    hidden = {u.code for u, h in zip(r.info.units, r.unit_hidden, strict=True) if h}
    assert hidden == set(HIDDEN)


@pytest.mark.parametrize("page", ["dashboard", "dashboard-en"])
def test_the_dashboard_shows_only_n_for_the_hidden_units_and_leaves_them_out_of_the_ranking(
    rendered, page
):
    lang = "en" if page.endswith("en") else "id"
    html = rendered.pages[page]
    rows = rows_with(section(html, "unit-heatmap"), "data-unit")
    names = unit_names(rendered)
    assert rows["U01"] == [names["U01"], "3", LABELS[lang]["hidden unit"]]
    assert rows["U02"] == [names["U02"], "12", LABELS[lang]["hidden unit"]]
    ranking = strip_tags(section(html, "unit-ranking"))
    assert names["U01"] not in ranking and names["U02"] not in ranking
    for code in HIDDEN:
        assert f"/unit/{code}/" not in html


@pytest.mark.parametrize("page", ["unit-U01", "unit-U02", "unit-U02-en", "unit-U05"])
def test_a_hidden_units_page_shows_nothing_but_its_n(rendered, page):
    html = section(rendered.pages[page], "main")
    html = re.sub(r'<nav class="year-switch".*?</nav>', "", html, flags=re.S)  # years only
    assert "data-index" not in html and "<svg" not in html and "<table" not in html
    code = page.split("-")[1]
    r = rendered.result(MAIN)
    unit = next(u for u in r.info.units if u.code == code)
    n = int(r.unit_stats.n[[u.code for u in r.info.units].index(code)])
    numbers = re.findall(r"\d+(?:[.,]\d+)?", strip_tags(html))
    assert sorted(numbers) == sorted(["2024", "2024", str(n), str(unit.headcount), str(K)])
    assert not texts_shown(html)


@pytest.mark.parametrize("file", ["pdf", "pdf-en"])
def test_the_pdf_shows_only_n_for_the_hidden_units(rendered, file):
    text = pdf_text(rendered.files[file])
    hidden = LABELS["en" if file.endswith("en") else "id"]["hidden"]
    names = unit_names(rendered)
    assert f"{names['U01']} 3 {hidden} {names['U02']} 12 {hidden}" in text
    r = rendered.result(MAIN)
    for j, code in enumerate(["U01", "U02"]):
        assert f"{names[code]} {int(r.unit_stats.n[j])} {hidden}" in text


@pytest.mark.parametrize("file", ["xlsx", "xlsx-en"])
def test_the_workbook_gives_only_n_for_the_hidden_units(rendered, file):
    book = xlsx(rendered.files[file])
    sheet = "Units" if file.endswith("en") else "Unit"
    rows = {row["unit_code"]: row for row in sheet_rows(book, sheet)}
    for code, n in (("U01", 3), ("U02", 12)):
        figures = [v for key, v in rows[code].items() if isinstance(v, float)]
        assert rows[code]["n"] == n and figures == []
        assert rows[code]["indeks_berakhlak"] is None
    assert isinstance(rows["U03"]["indeks_berakhlak"], float)


def test_the_api_gives_no_indices_or_values_of_the_hidden_units(rendered):
    (entry,) = rendered.api["cycle"]["instansi"]
    units = {u["code"]: u for u in entry["units"]}
    for code in HIDDEN:
        assert set(units[code]) == {
            "code",
            "name",
            "n",
            "headcount",
            "suppressed",
            "combined",
            "local",
            "group",
        }
        assert units[code]["suppressed"] is True
        assert (units[code]["combined"], units[code]["local"]) == (None, None)
    assert units["U03"]["suppressed"] is False and "indices" in units["U03"]
    national = {
        (e["code"], u["code"]): u for e in rendered.api["national"]["instansi"] for u in e["units"]
    }
    assert "indices" not in national[MAIN, "U01"] and "values" not in national[MAIN, "U02"]


# --- demographic categories -----------------------------------------------------------------


def test_the_cores_categories_agree_with_counting_the_responses_and_some_are_complements(
    rendered,
):
    for name, rows in rendered.cuts.items():
        assert {row.code: row.n for row in rows} == rendered.demographics[name]
    hidden = [row for rows in rendered.cuts.values() for row in rows if row.hidden]
    assert any(row.n < K for row in hidden) and any(row.n >= K for row in hidden)


@pytest.mark.parametrize("page", ["dashboard", "dashboard-en"])
def test_the_dashboard_hides_small_categories_with_their_complement(rendered, page):
    lang = "en" if page.endswith("en") else "id"
    html = section(rendered.pages[page], "demografi")
    for name, expected in rendered.cuts.items():
        table = element(html, f'data-dimension="{name}"')
        body = table.split("<tbody>", 1)[1]
        shown = [
            [strip_tags(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]
        assert [row[1] for row in shown] == [count(row.n, lang) for row in expected]
        for row, cells in zip(expected, shown, strict=True):
            if row.hidden:
                assert cells[2] == LABELS[lang]["hidden"]
            else:
                assert cells[2].startswith(pct(row.implementasi, lang) + " ")


def test_the_pdf_and_the_workbook_hide_the_same_categories(rendered):
    text = pdf_text(rendered.files["pdf"])
    rows = sheet_rows(xlsx(rendered.files["xlsx"]), "Demografi")

    for name, expected in rendered.cuts.items():
        for row in expected:
            label = CATEGORY_LABELS[row.code][0]
            shown = "disembunyikan" if row.hidden else pct(row.implementasi)
            assert f"{label} {row.n} {shown}" in text
            (cell,) = [r for r in rows if r["kelompok"] == label and r["n"] == row.n]
            assert cell["disembunyikan"] == ("ya" if row.hidden else "tidak")
            assert cell["indeks_berakhlak"] == (
                None if row.hidden else pytest.approx(row.implementasi, rel=1e-15)
            )
        assert name


@pytest.mark.parametrize("file", WORKBOOKS)
def test_no_sheet_has_a_figure_of_a_group_under_k(rendered, file):
    """Every table with an n column: a row that carries any figure has n >= k, and a hidden
    row carries none."""
    book = xlsx(rendered.files[file])
    counts = {"n", "pegawai", "headcount", "peringkat", "rank", "peringkat_wilayah"}
    counts |= {"region_rank", "minimum"}
    checked = 0
    for sheet in book.sheetnames:
        rows = sheet_rows(book, sheet)
        if not rows or "n" not in rows[0]:
            continue
        for row in rows:
            figures = [v for key, v in row.items() if key not in counts and _number(v)]
            hidden = row.get("disembunyikan", row.get("suppressed")) in ("ya", "yes")
            if figures:
                assert row["n"] >= K and not hidden, (sheet, row)
                checked += 1
    assert checked > 0 or file == "xlsx-small"


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- free text -----------------------------------------------------------------------------


def test_the_instansi_shows_every_free_text_of_its_valid_responses_and_nothing_else(rendered):
    book = xlsx(rendered.files["xlsx"])
    rows = sheet_rows(book, "Harapan dan saran")
    assert all(set(row) == {"jenis", "teks", "jumlah"} and row["jumlah"] == 1 for row in rows)
    assert {row["teks"] for row in rows} == valid_texts(MAIN)
    shown = texts_shown(section(rendered.pages["dashboard"], "teks"))
    expected = texts_shown(" ".join(valid_texts(MAIN)))
    assert shown and shown <= expected
    assert texts_shown(pdf_text(rendered.files["pdf"])) <= expected


def test_free_text_is_shown_in_a_shuffled_order(rendered):
    rows = sheet_rows(xlsx(rendered.files["xlsx"]), "Harapan dan saran")
    order = [text for row in rows if row["jenis"] == "harapan" for text in [row["teks"]]]
    assert order != sorted(order) and order != sorted(order, reverse=True)


@pytest.mark.parametrize("unit", ["U03", "U04"])
def test_a_visible_units_page_shows_the_free_text_of_that_units_valid_responses(rendered, unit):
    shown = texts_shown(section(rendered.pages[f"unit-{unit}"], "teks"))
    assert shown == texts_shown(" ".join(valid_texts(MAIN, unit)))


@pytest.mark.parametrize("page", ["unit-U01", "unit-U02", "dashboard-small", "unit-small-U01"])
def test_no_free_text_is_shown_for_a_group_under_k_or_hidden(rendered, page):
    assert not texts_shown(rendered.pages[page])


def test_the_instansi_under_k_shows_its_narrative_and_nothing_else(rendered):
    r = rendered.result(SMALL)
    assert r.n == 7 and r.narrative("id") == "Hasil tidak ditampilkan: kurang dari 10 responden."
    for page, lang in (("dashboard-small", "id"), ("dashboard-small-en", "en")):
        html = section(rendered.pages[page], "main")
        assert strip_tags(section(html, "narrative")) == r.narrative(lang)
        assert "data-index" not in html and "<svg" not in html
        shown = strip_tags(section(html, "ringkasan") + section(html, "unit"))
        assert not FIGURE.search(shown), shown
    text = pdf_text(rendered.files["pdf-small"])
    assert r.narrative("id") in text
    figures = FIGURE.findall(text)
    assert set(figures) <= {"0,05", "1,96", "1,0", "75,0", "50,0", "25,0", "60,0"}, figures
    assert not texts_shown(text)


def test_the_workbook_and_api_of_the_instansi_under_k_have_no_figure(rendered):
    book = xlsx(rendered.files["xlsx-small"])
    assert book.sheetnames == ["Unit", "Metode", "Kamus data"]
    for row in sheet_rows(book, "Unit"):
        assert not [v for v in row.values() if isinstance(v, float)]
    method = {row["butir"]: row["nilai"] for row in sheet_rows(book, "Metode")}
    assert method["narasi"] == "Hasil tidak ditampilkan: kurang dari 10 responden."
    (entry,) = rendered.api["cycle-small"]["instansi"]
    assert entry["change"] is None
    for part in ("indices", "values"):
        assert all(
            f == {"value": None, "category": None, "ci95": None} for f in entry[part].values()
        )
    assert all("indices" not in u for u in entry["units"])


def test_no_output_carries_a_date_of_submission(rendered):
    dates = re.compile(r"2024-09-17|17/0?9/2024|17 (September|Sep) 2024|September 17")
    for html in rendered.pages.values():
        assert not dates.search(html)
    for name, data in rendered.files.items():
        text = pdf_text(data) if name.startswith("pdf") else _cells(data)
        assert not dates.search(text), name
    assert "2024-09-17" not in str(rendered.api)


def _cells(data: bytes) -> str:
    book = xlsx(data)
    return " ".join(
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )


def test_the_formula_instansis_unit_of_exactly_k_respondents_is_shown(rendered):
    r = rendered.result(FORMULA)
    assert [int(n) for n in r.unit_stats.n] == [30, 25, K] and not any(r.unit_hidden)
    assert r.year == YEAR
