"""Readable workbooks (issue 17 item 8): the first row of every sheet is words (Indonesian,
English in an English workbook), and the "Kamus data" sheet lists every column of every
sheet with its header, its machine name (the same in both languages), its unit, a
description and the section of docs/method.md; no column without a row, no row without a
column."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from berakhlak.reports.dictionary import readable
from helpers.results_world import machine_names, sheet_rows, xlsx
from helpers.web import login

WORKBOOKS = ["xlsx", "xlsx-en", "xlsx-small", "xlsx-formula", "xlsx-national", "xlsx-national-en"]
MACHINE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)+|[a-z]+")


@pytest.mark.parametrize("file", WORKBOOKS)
def test_every_column_of_every_sheet_has_a_dictionary_row_and_every_row_a_column(rendered, file):
    book = xlsx(rendered.files[file])
    names = machine_names(book)  # checks both ways: headers == the dictionary's rows
    assert set(names) == set(book.sheetnames[:-1])
    for sheet, columns in names.items():
        assert len(columns) == len(set(columns)), f"{sheet}: a machine name twice"
    dictionary = sheet_rows(book, book.sheetnames[-1])
    assert all(row[list(row)[3]] and row[list(row)[4]] for row in dictionary)  # unit, text


@pytest.mark.parametrize(("file", "lang"), [("xlsx", "id"), ("xlsx-en", "en")])
def test_the_headers_are_words_in_the_workbooks_language(rendered, file, lang):
    book = xlsx(rendered.files[file])
    first = {sheet.title: [c.value for c in sheet[1]] for sheet in book.worksheets}
    indices = first["Indeks" if lang == "id" else "Indices"]
    expected = {
        "id": ["Kode", "Nama", "Nilai (%)", "Kategori", "Batas bawah IK 95%", "Batas atas IK 95%"],
        "en": ["Code", "Name", "Value (%)", "Category", "95% CI lower bound", "95% CI upper bound"],
    }[lang]
    assert indices[:6] == expected
    units = first["Unit" if lang == "id" else "Units"]
    assert ("Indeks BerAKHLAK (%)" if lang == "id" else "BerAKHLAK Index (%)") in units
    assert ("Berorientasi Pelayanan (%)" if lang == "id" else "Service Oriented (%)") in units
    for sheet, headers in first.items():
        machine = [h for h in headers if MACHINE.fullmatch(str(h))]
        assert not machine, f"{sheet}: machine names in the first row: {machine}"
    assert book.sheetnames[-1] == {"id": "Kamus data", "en": "Data dictionary"}[lang]


def test_the_machine_names_are_the_same_in_both_languages_and_the_dictionary_explains_them(
    rendered,
):
    indonesian = machine_names(xlsx(rendered.files["xlsx"]))
    english = machine_names(xlsx(rendered.files["xlsx-en"]))
    assert list(indonesian.values()) == list(english.values())
    assert indonesian["Unit"][:7] == [
        "unit_code", "nama_unit", "n", "pegawai", "disembunyikan", "peringkat", "indeks_berakhlak",
    ]  # fmt: skip
    book = xlsx(rendered.files["xlsx"])
    rows = sheet_rows(book, "Kamus data")
    (index,) = [r for r in rows if r["Lembar"] == "Unit" and r["Nama mesin"] == "indeks_berakhlak"]
    assert index["Judul kolom"] == "Indeks BerAKHLAK (%)"
    assert index["Satuan"] == "persen (0–100)"
    assert index["Metode (docs/method.md)"] == "§4.2"
    (ci,) = [r for r in rows if r["Lembar"] == "Indeks" and r["Nama mesin"] == "ik95_bawah"]
    assert "interval kepercayaan 95%" in ci["Keterangan"] and ci["Metode (docs/method.md)"] == "§6"


def test_a_column_without_a_dictionary_entry_is_refused():
    with pytest.raises(KeyError, match="kolom_baru"):
        readable({"Indeks": (["kode", "kolom_baru"], [])})


def test_the_unit_workbook_and_the_follow_up_sheet_have_their_dictionary(world):
    client = login(Client(), world.leader)
    for url in (
        reverse("reports:cycle_xlsx", kwargs={"pk": world.published.pk}),
        reverse("reports:unit_xlsx", kwargs={"pk": world.published.pk, "code": "U03"}),
    ):
        book = xlsx(client.get(url).content)
        names = machine_names(book)
        assert set(names) == set(book.sheetnames[:-1])
    cycle_book = xlsx(
        client.get(reverse("reports:cycle_xlsx", kwargs={"pk": world.published.pk})).content
    )
    assert machine_names(cycle_book)["Tindak lanjut"][:3] == ["jenis", "kegiatan", "menjawab"]
    rows = sheet_rows(cycle_book, "Tindak lanjut")
    assert {r["kegiatan"] for r in rows if r["jenis"] == "kegiatan"} >= {"Klinik layanan"}
