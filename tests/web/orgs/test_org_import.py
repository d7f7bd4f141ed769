"""Importing the org structure from CSV and XLSX: preview, problems per row, all-or-nothing."""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from berakhlak.accounts.models import Role
from berakhlak.audit.models import Event
from berakhlak.orgs.models import Instansi, Unit
from berakhlak.surveys.models import CycleUnit
from helpers.spreadsheets import FAR_CELL, workbook_bytes
from helpers.web import login

HEADER = ["instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region"]
# Against make_instansi's units U01 120, U02 400, U03 150, U04 14: U01 the same, U02 more
# staff, U03 renamed, U05 new, U04 missing from the file.
ROWS = [
    ["KAB-T01", "Kabupaten Uji", "U01", "Sekretariat Daerah", 120, "barat"],
    ["KAB-T01", "Kabupaten Uji", "U02", "Dinas Pendidikan", 410, "barat"],
    ["KAB-T01", "Kabupaten Uji", "U03", "Dinas Kesehatan dan KB", 150, "barat"],
    ["KAB-T01", "Kabupaten Uji", "U05", "Badan Keuangan Daerah", 1200, "barat"],
]


def csv_file(rows: list[list[object]], header: list[str] = HEADER) -> io.BytesIO:
    text = "\n".join(",".join(str(v) for v in row) for row in [header, *rows]) + "\n"
    upload = io.BytesIO(text.encode())
    upload.name = "struktur.csv"
    return upload


def xlsx_file(rows: list[list[object]], header: list[str] = HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "struktur.xlsx"
    return upload


FILES = {"csv": csv_file, "xlsx": xlsx_file}


@pytest.fixture
def operator(make_instansi, make_user):
    inst = make_instansi()
    return login(Client(), make_user("operator.impor", Role.OPERATOR, inst))


def upload(client: Client, upload_file: io.BytesIO, code: str | None = "KAB-T01"):
    url = reverse("orgs:import", args=[code]) if code else reverse("orgs:import_all")
    return client.post(url, {"file": upload_file}, follow=True)


def units() -> dict[str, tuple[str, int, bool]]:
    return {
        u.code: (u.name, u.headcount, u.active)
        for u in Unit.objects.filter(instansi__code="KAB-T01")
    }


def changes_table(page: str) -> dict[str, str]:
    """Unit code -> the change badge of the preview table."""
    body = page.split('id="import-changes"')[1]
    return dict(
        re.findall(
            r"<td>KAB-T01</td><td>(\w+)</td>.*?<span class=\"badge[^\"]*\">"
            r"([^<]+)</span>",
            body,
            re.S,
        )
    )


@pytest.mark.parametrize("kind", list(FILES))
def test_the_preview_shows_new_changed_and_missing_units_before_anything_is_saved(kind, operator):
    before = units()
    page = upload(operator, FILES[kind](ROWS))
    text = page.content.decode()
    assert page.status_code == 200 and "Pratinjau impor" in text
    assert "1 unit baru, 2 berubah, 1 tetap, 1 tidak ada di berkas." in text
    assert changes_table(text) == {
        "U01": "tetap",
        "U02": "berubah",
        "U03": "berubah",
        "U05": "baru",
        "U04": "tidak ada di berkas",
    }
    assert "(sebelumnya: Dinas Kesehatan)" in text and "(400)" in text
    assert units() == before


@pytest.mark.parametrize("kind", list(FILES))
def test_applying_the_preview_saves_every_change_and_records_it(kind, operator):
    page = upload(operator, FILES[kind](ROWS))
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    applied = operator.post(
        page.redirect_chain[-1][0], {"berkas": token, "deactivate_missing": "1"}, follow=True
    )
    assert applied.redirect_chain[-1][0] == reverse("orgs:instansi", args=["KAB-T01"])
    assert "Struktur organisasi diimpor" in applied.content.decode()
    assert units() == {
        "U01": ("Sekretariat Daerah", 120, True),
        "U02": ("Dinas Pendidikan", 410, True),
        "U03": ("Dinas Kesehatan dan KB", 150, True),
        "U04": ("Kecamatan Kecil", 14, False),
        "U05": ("Badan Keuangan Daerah", 1200, True),
    }
    event = Event.objects.get(action="org.import")
    assert event.actor_name == "operator.impor"
    assert (event.details["new"], event.details["changed"], event.details["deactivated"]) == (
        1,
        2,
        1,
    )
    # The stored upload is gone: the same preview cannot be applied twice.
    again = operator.post(page.redirect_chain[-1][0], {"berkas": token}, follow=True)
    assert "Berkas unggahan tidak ditemukan" in again.content.decode()


def test_units_missing_from_the_file_stay_active_unless_the_operator_asks(operator):
    page = upload(operator, csv_file(ROWS))
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    operator.post(page.redirect_chain[-1][0], {"berkas": token})
    assert units()["U04"] == ("Kecamatan Kecil", 14, True)


BAD_ROWS = {
    "a headcount in words": (
        2,
        4,
        "tiga ratus",
        "jumlah pegawai 'tiga ratus' bukan bilangan bulat minimal 1",
    ),
    "an empty unit name": (1, 3, "", "unit_name kosong"),
    "an unknown region": (3, 5, "selatan", "wilayah 'selatan' bukan salah satu dari"),
}


@pytest.mark.parametrize("kind", list(FILES))
@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_file_with_one_bad_row_shows_the_problem_in_indonesian_and_imports_nothing(
    case, kind, operator
):
    index, row_number, value, message = BAD_ROWS[case]
    rows = [list(r) for r in ROWS]
    column = {"a headcount in words": 4, "an empty unit name": 3, "an unknown region": 5}[case]
    rows[index][column] = value
    before = units()
    page = upload(operator, FILES[kind](rows))
    text = page.content.decode()
    assert "Berkas belum dapat diimpor" in text
    problems = re.findall(r"<li>([^<]+)</li>", text.split('id="import-problems"')[1])
    assert problems[0].startswith(f"baris {row_number}: ")
    assert message in problems[0].replace("&#x27;", "'")
    assert "Simpan semua perubahan" not in text
    token = re.search(r"berkas=([0-9a-f]{32}\.\w+)", page.redirect_chain[-1][0]).group(1)
    forced = operator.post(page.redirect_chain[-1][0], {"berkas": token})
    assert forced.status_code == 200
    assert units() == before
    assert not Event.objects.filter(action="org.import").exists()


def test_every_problem_of_a_file_is_listed_with_its_row(operator):
    rows = [list(r) for r in ROWS] + [["KAB-T01", "Kabupaten Uji", "U01", "Lagi", 5, "barat"]]
    rows[1][4] = "-3"
    rows[2][2] = ""
    text = upload(operator, csv_file(rows)).content.decode()
    problems = re.findall(r"<li>([^<]+)</li>", text.split('id="import-problems"')[1])
    assert [p.split(":")[0] for p in problems] == ["baris 3", "baris 4", "baris 6"]
    assert "unit U01 instansi KAB-T01 muncul dua kali" in problems[2]


def empty_workbook() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


ENGLISH = re.compile(r"\b(the|is|row|column|missing|empty|not|file|header)\b")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.csv", b"\n\n", "baris 1: baris pertama (judul kolom) kosong"),
        ("a.csv", ",".join(HEADER).encode() + b"\n", "berkas hanya berisi judul kolom, tanpa unit"),
        (
            "a.csv",
            b"instansi_code,instansi_name,unit_code,unit_name,headcount\nKAB-T01,K,U01,S,5\n",
            "baris 1: kolom tidak ada: region",
        ),
        (
            "a.csv",
            ",".join([*HEADER, "region"]).encode() + b"\n",
            "baris 1: kolom 'region' muncul dua kali",
        ),
        ("a.csv", ";".join(HEADER).encode() + b"\n", "baris 1: kolom dipisahkan dengan ';'"),
        (
            "a.csv",
            "\n".join(
                [",".join(HEADER), "KAB-T01,Kabupaten Uji,U01,Sekretariat Dærah,5,barat"]
            ).encode("latin-1"),
            "baris 2: bukan teks UTF-8",
        ),
        (
            "a.csv",
            "instansi_cøde".encode("latin-1") + b",x\n",
            "baris 1: judul kolom bukan teks UTF-8",
        ),
        (
            "a.csv",
            ",".join(HEADER).encode() + b"\nKAB-T01,Kabupaten Uji,U01\n",
            "baris 2: berisi 3 kolom, padahal judul berisi 6",
        ),
        (
            "a.xlsx",
            b"PK\x03\x04 bukan buku kerja",
            "berkas tidak dapat dibaca sebagai buku kerja Excel",
        ),
        ("a.xlsx", empty_workbook(), "lembar pertama kosong"),
    ],
)
def test_a_broken_file_is_explained_in_indonesian(name, content, message, operator):
    upload_file = io.BytesIO(content)
    upload_file.name = name
    text = upload(operator, upload_file).content.decode().replace("&#x27;", "'")
    assert "Berkas belum dapat diimpor" in text
    problems = re.findall(r"<li>([^<]+)</li>", text.split('id="import-problems"')[1])
    assert any(p.startswith(message) for p in problems), problems
    for problem in problems:
        assert not ENGLISH.search(problem.split("'")[0]), problem
    assert units()["U01"] == ("Sekretariat Daerah", 120, True)


def test_a_small_workbook_that_reaches_the_last_cell_of_the_sheet_is_refused_in_indonesian(
    operator,
):
    """1.5 KB with cells A1 and XFD1048576 made the preview allocate the whole sheet: the
    worker died. Now the sheet's extent is checked before it is read."""
    rows = [[str(v) for v in row] for row in ROWS]
    upload_file = io.BytesIO(workbook_bytes(FAR_CELL, rows=rows))
    upload_file.name = "struktur.xlsx"
    text = upload(operator, upload_file).content.decode()
    problems = re.findall(r"<li>([^<]+)</li>", text.split('id="import-problems"')[1])
    assert problems == [
        "lembar kerja mencapai baris 1.048.576 dan kolom 16.384 (17.179.869.184 sel), "
        "melebihi batas 5.000.000 sel untuk berkas .xlsx; hapus isi di luar tabel atau "
        "simpan sebagai CSV"
    ]
    assert units()["U01"] == ("Sekretariat Daerah", 120, True)


def test_an_empty_upload_is_refused_by_the_form(operator):
    upload_file = io.BytesIO(b"")
    upload_file.name = "kosong.csv"
    page = upload(operator, upload_file)
    assert page.redirect_chain == []
    assert "Berkas yang dikirimkan kosong." in page.content.decode()


def test_only_csv_and_xlsx_files_are_taken(operator):
    other = io.BytesIO(b"MZ\x90\x00")
    other.name = "struktur.exe"
    page = upload(operator, other)
    assert "Gunakan berkas .csv atau .xlsx." in page.content.decode()
    assert page.redirect_chain == []


def test_an_operators_file_with_another_instansi_is_refused(operator, make_instansi):
    make_instansi(code="KOT-T02", name="Kota Lain", region="timur")
    rows = [*ROWS, ["KOT-T02", "Kota Lain", "U09", "Dinas Siluman", 50, "timur"]]
    page = upload(operator, csv_file(rows))
    text = page.content.decode()
    assert "Berkas memuat instansi lain (KOT-T02)" in text
    token = re.search(r"berkas=([0-9a-f]{32}\.\w+)", page.redirect_chain[-1][0]).group(1)
    operator.post(page.redirect_chain[-1][0], {"berkas": token})
    assert not Unit.objects.filter(code="U09").exists()
    assert units()["U02"][1] == 400


def test_the_admin_imports_several_instansi_in_one_file(make_instansi, make_user):
    make_instansi()
    admin = login(Client(), make_user("admin.impor", Role.ADMIN))
    rows = [*ROWS, ["KOT-B01", "Kota Baru", "U01", "Sekretariat Daerah", 80, "timur"]]
    page = upload(admin, csv_file(rows), code=None)
    text = page.content.decode()
    assert "Instansi baru: KOT-B01." in text
    token = re.search(r'name="berkas" value="([^"]+)"', text).group(1)
    admin.post(page.redirect_chain[-1][0], {"berkas": token})
    assert Instansi.objects.get(code="KOT-B01").units.get().headcount == 80
    assert units()["U05"][1] == 1200
    assert Event.objects.filter(action="org.import").count() == 2


def test_a_failure_half_way_through_applying_leaves_everything_as_it_was(
    make_instansi, make_user, monkeypatch
):
    make_instansi()
    admin = login(Client(), make_user("admin.impor", Role.ADMIN))
    rows = [*ROWS, ["KOT-B01", "Kota Baru", "U01", "Sekretariat Daerah", 80, "timur"]]
    page = upload(admin, csv_file(rows), code=None)
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    before = units()

    def failing(*args, **kwargs):  # the new instansi's units fail: the first one is done
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(Unit.objects, "bulk_create", failing)
    with pytest.raises(RuntimeError):
        admin.post(page.redirect_chain[-1][0], {"berkas": token, "deactivate_missing": "1"})
    assert units() == before
    assert not Instansi.objects.filter(code="KOT-B01").exists()
    assert not Event.objects.filter(action="org.import").exists()


def test_the_frozen_units_of_an_open_cycle_do_not_change_with_edits_or_imports(survey, make_user):
    client = login(Client(), make_user("operator.beku", Role.OPERATOR, survey.instansi))
    frozen = list(CycleUnit.objects.filter(cycle=survey).values().order_by("code"))
    edit = reverse("orgs:unit_edit", args=["KAB-T01", "U02"])
    saved = client.post(
        edit, {"code": "U02B", "name": "Dinas Pendidikan Baru", "headcount": "999", "active": ""}
    )
    assert saved.status_code == 302
    assert Unit.objects.get(code="U02B").headcount == 999
    page = upload(client, csv_file(ROWS))
    token = re.search(r'name="berkas" value="([^"]+)"', page.content.decode()).group(1)
    client.post(page.redirect_chain[-1][0], {"berkas": token, "deactivate_missing": "1"})
    assert Unit.objects.filter(instansi=survey.instansi, active=False).count() == 2
    assert list(CycleUnit.objects.filter(cycle=survey).values().order_by("code")) == frozen
    detail = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "4 unit (dibekukan)" in detail


def stored_upload(client: Client) -> Path:
    response = client.post(reverse("orgs:import", args=["KAB-T01"]), {"file": csv_file(ROWS)})
    token = response["Location"].split("berkas=")[1]
    path = Path(settings.DATA_DIR) / "uploads" / token
    assert path.exists()
    return path


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_an_upload_that_was_never_applied_is_deleted_after_a_day(operator):
    """An org file left in its preview holds names and headcounts of someone's units."""
    abandoned, recent = stored_upload(operator), stored_upload(operator)
    age(abandoned, 25)
    age(recent, 23)
    fresh = stored_upload(operator)  # the next upload clears what is a day old
    assert not abandoned.exists() and recent.exists() and fresh.exists()
    age(recent, 25)
    call_command("purge", verbosity=0)  # and so does the command, for a quiet site
    assert not recent.exists() and fresh.exists()
    preview = operator.get(
        reverse("orgs:import_preview", args=["KAB-T01"]), {"berkas": recent.name}
    )
    assert preview.status_code == 302  # gone: upload again
