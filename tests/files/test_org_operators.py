"""The optional operator_email column of the org file: the operators to invite, per
instansi; a bad address refuses the whole file with its row and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from berakhlak.files.org import parse_emails, read_org
from berakhlak.files.problems import InputError, msg

HEADER = "instansi_code,instansi_name,unit_code,unit_name,headcount,region,operator_email"


def org_file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "org.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_an_instansis_operators_are_every_address_of_its_rows_once_each_in_lower_case(tmp_path):
    org = read_org(
        org_file(
            tmp_path,
            "KAB-A,Kabupaten A,U01,Sekretariat,100,barat,Andi@Contoh.go.id; sari@contoh.go.id",
            "KAB-A,Kabupaten A,U02,Dinas,50,barat,andi@contoh.go.id",
            "KAB-B,Kabupaten B,U01,Sekretariat,80,timur,",
        )
    )
    assert org.operators == {"KAB-A": ("andi@contoh.go.id", "sari@contoh.go.id")}
    assert [u.code for u in org.instansi["KAB-A"].units] == ["U01", "U02"]
    assert org.instansi["KAB-B"].units[0].headcount == 80


def test_a_file_without_the_column_names_no_operator(tmp_path):
    path = tmp_path / "org.csv"
    path.write_text(
        "instansi_code,instansi_name,unit_code,unit_name,headcount,region\n"
        "KAB-A,Kabupaten A,U01,Sekretariat,100,barat\n",
        encoding="utf-8",
    )
    assert read_org(path).operators == {}


@pytest.mark.parametrize(
    "text",
    [
        "andi",
        "andi@",
        "@contoh.go.id",
        "andi@contoh",
        "andi..b@contoh.go.id",
        ".andi@contoh.go.id",
        "andi@-contoh.go.id",
        "andi@contoh.go.id>",
        "an di@contoh.go.id@x",
        "andi@contoh.go.i",
        "a" * 65 + "@contoh.go.id",
        "<script>@contoh.go.id",
    ],
)
def test_a_strict_check_refuses_what_is_not_a_plain_address(text):
    good, bad = parse_emails(text)
    assert good == [] and bad


def test_a_bad_address_refuses_the_whole_file_naming_its_row_and_reason(tmp_path):
    path = org_file(
        tmp_path,
        "KAB-A,Kabupaten A,U01,Sekretariat,100,barat,andi@contoh.go.id",
        "KAB-A,Kabupaten A,U02,Dinas,50,barat,sari(at)contoh.go.id",
    )
    with pytest.raises(InputError) as info:
        read_org(path)
    [problem] = info.value.problems
    assert (problem.row, problem.message) == (
        3,
        msg("operator_email", value="'sari(at)contoh.go.id'"),
    )
    assert info.value.lines() == [
        "org.csv: baris 3: operator_email 'sari(at)contoh.go.id' bukan alamat e-mail "
        "(pisahkan beberapa alamat dengan ';')"
    ]


def test_one_address_cannot_be_the_operator_of_two_instansi(tmp_path):
    path = org_file(
        tmp_path,
        "KAB-A,Kabupaten A,U01,Sekretariat,100,barat,andi@contoh.go.id",
        "KAB-B,Kabupaten B,U01,Sekretariat,80,timur,ANDI@contoh.go.id",
    )
    with pytest.raises(InputError) as info:
        read_org(path)
    [problem] = info.value.problems
    assert (problem.row, problem.message) == (
        3,
        msg("operator_other_instansi", email="andi@contoh.go.id", code="KAB-A"),
    )
