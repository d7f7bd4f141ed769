"""The PDF reports and Excel workbooks of an instansi-year and of the nation carry the method
core's figures: read back with pdftotext and openpyxl, in Indonesian and English. The
workbook has one sheet per table with a frozen header row, numbers stored as numbers at full
precision, and text that a spreadsheet cannot run as a formula; the PDF pages are drawn."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from berakhlak.common.pdf import _fetcher
from berakhlak.method.details import group_details
from berakhlak.method.indices import INDEX_LABELS, INDEX_NAMES
from berakhlak.method.items import QUESTIONS, default_pool
from berakhlak.method.narrative import baseline_note
from berakhlak.method.rounding import category
from helpers.results_world import (
    FORMULA,
    MAIN,
    UNITS,
    YEAR,
    change_text,
    ci_text,
    count,
    num1,
    pct,
    pdf_text,
    sheet_rows,
    xlsx,
)

pytestmark = pytest.mark.django_db


POOL = default_pool()
SHEETS = {
    "id": ["Indeks", "Nilai", "Unit", "Perilaku", "Butir", "Demografi", "Perubahan"],
    "en": ["Indices", "Values", "Units", "Behaviours", "Items", "Demographics", "Change"],
}


def stored(x: float) -> float:
    """A float as an .xlsx file stores it: 16 significant digits, the most Excel keeps."""
    return float(f"{x:.16G}")


def _cat(value: float) -> str | None:
    return category(value)


# --- PDF --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("file", "lang"), [("pdf", "id"), ("pdf-en", "en")])
def test_the_pdf_opens_with_the_index_its_category_and_the_narrative(rendered, file, lang):
    text = pdf_text(rendered.files[file])
    r = rendered.result(MAIN)
    label = {"id": "kategori B · Cukup Sehat", "en": "category B · Fairly healthy"}[lang]
    assert r.category == "B"
    assert text.startswith(
        {"id": "L APORAN SURVEI BUDAYA KERJA", "en": "WORK CULTURE SURVEY REPORT"}[lang]
    )
    assert f"{r.info.name} {pct(r.implementasi, lang)} {label}" in text
    assert " ".join(r.narrative(lang).split()) in text


@pytest.mark.parametrize(("file", "lang"), [("pdf", "id"), ("pdf-en", "en")])
def test_the_pdfs_unit_table_is_the_cores(rendered, file, lang):
    text = pdf_text(rendered.files[file])
    r = rendered.result(MAIN)
    for j, unit in enumerate(r.info.units):
        if r.unit_hidden[j] or r.unit_stats.n[j] == 0:
            continue
        figures = [r.unit_stats.indices[j, 0], *r.unit_stats.values[j]]
        row = " ".join([unit.name, count(int(r.unit_stats.n[j]), lang)])
        assert f"{row} {' '.join(num1(v, lang) for v in figures)}" in text, unit.code
    empty = {"id": "belum ada respons sah", "en": "no valid responses yet"}[lang]
    assert f"Kecamatan Baru 0 {empty}" in text


def test_the_national_pdf_gives_the_cores_roll_up_and_ranking(rendered):
    text = pdf_text(rendered.files["pdf-national"])
    nat = next(n for n in rendered.national.national if n.year == YEAR)
    s = nat.indices["implementasi"]
    assert f"Indeks BerAKHLAK 2024 {pct(s.value)} kategori {s.category}" in text
    for name, summary in nat.indices.items():
        row = [INDEX_LABELS[name][0], pct(summary.value), summary.category]
        row += [num1(x) for x in (summary.q1, summary.median, summary.q3, summary.weighted)]
        assert " ".join(row) in text, name
    for code, summary in nat.values.items():
        row = [POOL.value(code).name("id"), pct(summary.value), summary.category]
        row += [num1(x) for x in (summary.q1, summary.median, summary.q3, summary.weighted)]
        assert " ".join(row) in text, code
    for code, rank, region_rank in nat.ranking:
        r = rendered.national.find(code, YEAR)
        change = r.comparison.indices["implementasi"] if r.comparison else None
        note = baseline_note(2022, r.comparison.unreported) if r.comparison else ""
        row = [str(rank), r.info.name, r.info.region.capitalize(), str(region_rank)]
        row += [count(r.n), pct(r.implementasi), ci_text(*r.stats.indices_ci[0, 0])]
        row += [_cat(r.implementasi), "–" if change is None else change_text(change)]
        if note:  # the wider change cell wraps the name: its cells but the name in order
            assert f"{rank} {r.info.name.split()[0]}" in text
            assert " ".join(row[2:]) in text, code  # the plan cell's words may come next
            assert "(dibanding 2022)" in text, code
            assert f"{r.info.name}: {note}." in text
            continue
        # the plan column (after the change) narrows the name's, which may wrap: the rank and
        # the name's first word, then every figure in order
        assert f"{rank} {r.info.name.split()[0]}" in text, code
        assert " ".join(row[2:]) in text, code
    assert "Kabupaten Sepi 7 45 kurang dari 10 responden" in text


def pages_drawn(pdf: bytes, directory: Path) -> list[Path]:
    """Each page as a greyscale image (poppler's pdftoppm, 24 dpi)."""
    source = directory / "report.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "24", "-gray", str(source), str(directory / "page")], check=True
    )
    return sorted(directory.glob("page-*.pgm"))


def ink(pgm: Path) -> float:
    """Share of the page's pixels that are not white."""
    data = pgm.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    pixels = np.frombuffer(parts[4][: width * height], dtype=np.uint8)
    return float((pixels < 200).mean())


@pytest.mark.parametrize("file", ["pdf", "pdf-small", "pdf-national"])
def test_every_pdf_page_is_drawn_and_none_is_blank(rendered, file, tmp_path):

    pdf = rendered.files[file]
    reader = PdfReader(io.BytesIO(pdf))
    pages = pages_drawn(pdf, tmp_path)
    assert len(pages) == len(reader.pages) >= 2  # the hidden instansi's: a cover and a page
    for i, page in enumerate(pages, start=1):
        assert ink(page) > 0.002, f"page {i} of {file} is blank"
    footer = pdf_text(pdf)
    assert f"{len(pages)}/{len(pages)}" in footer.replace(" / ", "/")


def test_the_pdf_report_fetches_nothing_from_the_network():

    fetcher = _fetcher()
    for url in ("https://example.com/x.css", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="refusing to fetch"):
            fetcher.fetch(url)


# --- XLSX -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("file", "lang"), [("xlsx", "id"), ("xlsx-en", "en")])
def test_the_workbook_has_one_sheet_per_table_each_with_a_frozen_header(rendered, file, lang):
    book = xlsx(rendered.files[file])
    texts = {"id": "Harapan dan saran", "en": "Free text"}[lang]
    method = {"id": "Metode", "en": "Method"}[lang]
    dictionary = {"id": "Kamus data", "en": "Data dictionary"}[lang]
    # no plan: no Tindak lanjut
    assert book.sheetnames == [*SHEETS[lang], texts, method, dictionary]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert all(c.font.bold for c in sheet[1] if c.value is not None), sheet.title


@pytest.mark.parametrize(("file", "lang"), [("xlsx", "id"), ("xlsx-en", "en")])
def test_the_workbooks_indices_and_values_are_the_cores_numbers_at_full_precision(
    rendered, file, lang
):
    book = xlsx(rendered.files[file])
    r = rendered.result(MAIN)
    sheets = SHEETS[lang]
    value, low, high = "nilai", "ik95_bawah", "ik95_atas"  # machine names: one language
    for sheet, keys, values, cis in (
        (sheets[0], INDEX_NAMES, r.stats.indices[0], r.stats.indices_ci[0]),
        (sheets[1], POOL.value_codes, r.stats.values[0], r.stats.values_ci[0]),
    ):
        rows = sheet_rows(book, sheet)
        assert [row["kode"] for row in rows] == list(keys)
        for row, x, (lo, hi) in zip(rows, values, cis, strict=True):
            assert row[value] == stored(x) and isinstance(row[value], float | int)
            assert row[low] == (None if np.isnan(lo) else stored(lo))
            assert row[high] == (None if np.isnan(hi) else stored(hi))
            assert row["kategori"] == _cat(x)
    cells = [c for row in book[sheets[0]].iter_rows(min_row=2, min_col=3, max_col=3) for c in row]
    assert all(c.data_type == "n" for c in cells)
    assert any(c.value != round(c.value, 1) for c in cells)  # not rounded for display


def test_the_workbooks_unit_sheet_is_the_cores(rendered):
    rows = {row["unit_code"]: row for row in sheet_rows(xlsx(rendered.files["xlsx"]), "Unit")}
    r = rendered.result(MAIN)
    ranks = {"U04": 1, "U03": 2}
    for j, unit in enumerate(r.info.units):
        row = rows[unit.code]
        assert (row["nama_unit"], row["n"], row["pegawai"]) == (
            unit.name,
            int(r.unit_stats.n[j]),
            unit.headcount,
        )
        assert row["disembunyikan"] == ("ya" if r.unit_hidden[j] else "tidak")
        if unit.code in ranks:
            assert row["peringkat"] == ranks[unit.code]
            assert row["indeks_berakhlak"] == stored(r.unit_stats.indices[j, 0])
            assert [row[c] for c in POOL.value_codes] == [stored(v) for v in r.unit_stats.values[j]]
    assert r.unit_stats.indices[3, 0] > r.unit_stats.indices[2, 0]  # U04 ranks first


def test_the_workbooks_behaviours_and_items_are_the_cores_details(rendered):
    book = xlsx(rendered.files["xlsx"])
    r = rendered.result(MAIN)
    details = group_details(r.counts, POOL)
    behaviours = sheet_rows(book, "Perilaku")
    expected = [
        (v, rank, POOL.items[f.index].code, f.votes, stored(f.share))
        for v in POOL.value_codes
        for rank, f in enumerate(details.behaviours[v], start=1)
    ]
    shown = [
        (b["nilai"], b["urutan"], b["butir"], b["suara_cc"], b["persen_cc"]) for b in behaviours
    ]
    assert shown == expected
    items = {row["butir"]: row for row in sheet_rows(book, "Butir")}
    assert list(items) == list(POOL.codes)
    jumps = dict(details.jumps)
    for i, code in enumerate(POOL.codes):
        for q in QUESTIONS:
            assert items[code][f"{q}_suara"] == int(details.votes[q][i])
            assert items[code][f"{q}_persen"] == stored(100 * details.votes[q][i] / r.n)
            assert (items[code][f"{q}_top10"] == "x") is (i in details.top10[q])
        assert items[code]["lompatan_nilai"] == stored(jumps[i])
    assert sum(row["cc_suara"] for row in items.values()) == 10 * r.n


def test_the_workbooks_method_sheet_records_the_group_and_parameters(rendered):
    rows = sheet_rows(xlsx(rendered.files["xlsx"]), "Metode")
    method = {row["butir"]: row["nilai"] for row in rows}
    r = rendered.result(MAIN)
    assert method["metode"] == "berakhlak-terbuka/2"
    assert (method["tahun"], method["responden_sah"], method["dikecualikan"]) == (YEAR, 70, 3)
    assert (method["pegawai"], method["minimum_responden"]) == (84, r.min_required)
    assert method["memenuhi_syarat"] == "ya" and method["param_k"] == 10
    assert method["narasi"] == r.narrative("id")


@pytest.mark.parametrize(("file", "lang"), [("xlsx-national", "id"), ("xlsx-national-en", "en")])
def test_the_national_workbook_is_the_cores_roll_up(rendered, file, lang):
    book = xlsx(rendered.files[file])
    names = {
        "id": ["Ringkasan", "Peringkat", "Tidak diikutkan", "Tren", "Metode"],
        "en": ["Summary", "Ranking", "Not included", "Trend", "Method"],
    }[lang]
    dictionary = {"id": "Kamus data", "en": "Data dictionary"}[lang]
    assert book.sheetnames == [*names, dictionary]
    assert all(sheet.freeze_panes == "A2" for sheet in book.worksheets)
    nat = {n.year: n for n in rendered.national.national}
    summary = sheet_rows(book, names[0])
    mean, weighted, name = "rata_rata", "rata_rata_berbobot", "nama"
    expected = {**nat[YEAR].indices, **nat[YEAR].values}
    labels = {n: INDEX_LABELS[n][lang == "en"] for n in INDEX_NAMES}
    labels |= {c: POOL.value(c).name(lang) for c in POOL.value_codes}
    assert [row["kode"] for row in summary] == list(expected)
    for row in summary:
        s = expected[row["kode"]]
        assert row[name] == labels[row["kode"]]
        assert (row[mean], row["median"], row["q1"], row["q3"], row[weighted]) == tuple(
            stored(x) for x in (s.value, s.median, s.q1, s.q3, s.weighted)
        )
    ranking = sheet_rows(book, names[1])
    assert [row["kode"] for row in ranking] == [code for code, _, _ in nat[YEAR].ranking]
    for row in ranking:
        r = rendered.national.find(row["kode"], YEAR)
        assert row["n"] == r.n and row["indeks_berakhlak"] == stored(r.implementasi)
        assert [row[c] for c in POOL.value_codes] == [stored(v) for v in r.stats.values[0]]
    trend = sheet_rows(book, names[3])
    assert [row["indeks_berakhlak"] for row in trend] == [
        stored(nat[y].indices["implementasi"].value) for y in sorted(nat)
    ]
    method = {row["butir"]: row["nilai"] for row in sheet_rows(book, names[4])}
    assert method["metode" if lang == "id" else "method"] == "berakhlak-terbuka/2"


@pytest.mark.parametrize("file", ["xlsx-formula", "xlsx-national", "xlsx-national-en"])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_neutralised(rendered, file):
    book = xlsx(rendered.files[file])
    texts = [
        c.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str)
    ]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert "'=1+1 Kota Rumus" in texts
    if file == "xlsx-formula":
        assert {f"'{name}" for _code, name, _n in UNITS[FORMULA]} <= set(texts)
