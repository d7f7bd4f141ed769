"""Reading and validating org and responses files (docs/method.md §14)."""

from __future__ import annotations

import numpy as np
import pytest

from berakhlak.files.dataset import load_dataset
from berakhlak.files.org import parse_headcount, read_org
from berakhlak.files.problems import InputError, Problem, msg
from berakhlak.method.counts import Layout
from berakhlak.method.items import default_pool
from berakhlak.method.params import Params
from helpers.texts import english, english_lines

POOL = default_pool()
PARAMS = Params()
LAYOUT = Layout.for_pool(POOL)


def load(org, responses):
    return load_dataset(org, responses, POOL, PARAMS)


def problems_of(org, responses) -> InputError:
    with pytest.raises(InputError) as info:
        load(org, responses)
    return info.value


def test_valid_files_give_counts_per_unit_and_year(inputs):
    dataset = load(*inputs.write())
    assert list(dataset.years) == [2025]
    assert dataset.org.n_units == 3
    assert dataset.years[2025][:, LAYOUT.N].tolist() == [1, 1, 1]
    [kab, kot] = dataset.instansi_years()
    assert (kab.instansi.code, kab.year, kab.unit_counts.shape) == (
        "KAB-001",
        2025,
        (2, LAYOUT.width),
    )
    assert kot.instansi.code == "KOT-001"
    assert kot.unit_counts[0, LAYOUT.N] == 1


def test_each_bad_input_is_one_problem_naming_file_row_and_reason(bad_input):
    error = problems_of(bad_input.org, bad_input.responses)
    [problem] = error.problems
    assert (problem.file, problem.row) == (bad_input.file, bad_input.row)
    assert bad_input.reason in english(problem)
    assert english_lines(error)[0].startswith(bad_input.line)


def test_a_unit_code_is_unique_only_within_its_instansi(inputs):
    # KAB-001 and KOT-001 both have a unit U01; each response goes to its own instansi's U01.
    dataset = load(*inputs.write())
    org = dataset.org
    assert org.unit_ids[("KAB-001", "U01")] != org.unit_ids[("KOT-001", "U01")]


def test_harmless_variations_are_accepted(inputs):
    row = inputs.responses[1]
    row = row.replace("PNS,pelaksana,P", " pns , Pelaksana ,p")
    row = row.replace("AK1;P18;P21", "ak1 ; P18;p21")  # spaces and lower case in picks
    row = row.replace(
        "AD2;AD1;P12;P03;P13;P15;P22;KO1;BP1;BP3", "AD2;AD1;P12;P03;P13;P15;P22;KO1;BP1;BP3;"
    )
    inputs.responses[1] = row
    dataset = load(*inputs.write())
    assert dataset.years[2025][:, LAYOUT.N].sum() == 3


def test_speeders_and_straight_liners_are_excluded_not_errors(inputs):
    cc = "BP1;AK1;KO1;HA1;LO1;AD1;KL1;P01;P05;P09"
    header, first = inputs.responses[0], inputs.responses[1]
    prefix = first.split(",")[:9]
    rows = [
        ",".join(["S1", *prefix[1:], "59", *first.split(",")[10:]]),  # speeder
        ",".join(["S2", *prefix[1:], "", cc, cc.replace("BP1;AK1", "AK1;BP1"), cc]),  # straight
        ",".join(["S3", *prefix[1:], "60", *first.split(",")[10:]]),  # exactly 60 s: valid
    ]
    inputs.responses = [header, *rows]
    dataset = load(*inputs.write())
    counts = dataset.years[2025][0]
    assert counts[LAYOUT.N] == 1
    assert counts[LAYOUT.SPEEDERS] == 1
    assert counts[LAYOUT.STRAIGHT] == 1
    assert dataset.rows[2025][0] == 3


def test_problems_of_several_rows_are_all_reported_in_row_order(inputs):
    inputs.responses[1] = inputs.responses[1].replace("2025", "20x5")
    inputs.responses[2] = inputs.responses[2].replace(",L,", ",X,")
    inputs.responses[3] = inputs.responses[3].replace(",380,", ",lama,")
    error = problems_of(*inputs.write())
    assert [(p.row, english(p)) for p in error.problems] == [
        (2, "year '20x5' is not a year between 2000 and 2100"),
        (3, "gender 'X' is not one of L, P"),
        (4, "duration_s 'lama' is not a number of seconds"),
    ]


def many_bad_rows(inputs, count: int) -> None:
    template = inputs.responses[1]
    rows = []
    for i in range(count):
        row = template.replace("R1,", f"B{i},", 1)
        rows.append(row.replace("AK1;P18;", "AK1;", 1))  # pv with 9 items
    inputs.responses = [inputs.responses[0], *rows]


def test_only_the_first_20_problems_are_shown_with_a_count_of_the_rest(inputs):
    many_bad_rows(inputs, 25)
    error = problems_of(*inputs.write())
    assert error.total == 25
    lines = english_lines(error)
    assert len(lines) == 21
    assert [p.row for p in error.problems] == list(range(2, 22))
    assert lines[-1] == "... and 5 more problems"


def test_the_first_20_problems_are_the_first_in_the_file(inputs):
    # 25 rows with a bad pv, then one row whose year is bad: the year is checked first,
    # but it is the 26th problem in the file and must not push out an earlier row.
    many_bad_rows(inputs, 25)
    inputs.responses.append(inputs.responses[1].replace("B0,2025", "B99,1999"))
    error = problems_of(*inputs.write())
    assert error.total == 27  # the last row has a bad year and a bad pv
    assert [p.row for p in error.problems] == list(range(2, 22))


def test_problem_lines_name_file_row_and_reason():
    error = InputError(
        [
            Problem("r.csv", 4, msg("picks_empty", question="pv")),
            Problem("r.csv", None, msg("file_empty")),
        ]
    )
    assert english_lines(error) == ["r.csv: row 4: pv: is empty", "r.csv: file is empty"]
    assert error.lines() == ["r.csv: baris 4: pv: kosong", "r.csv: berkas kosong"]
    two = InputError([Problem("r.csv", 2, msg("file_empty"))], total=2)
    assert english_lines(two)[-1] == "... and 1 more problem"
    assert two.lines()[-1] == "... dan 1 masalah lainnya"


def test_missing_and_wrong_kind_of_files(tmp_path, inputs):
    org, _ = inputs.write()
    cases = {
        tmp_path / "nope.csv": "file not found",
        tmp_path: "is a directory",
        tmp_path / "responses.txt": "unknown file type .txt",
    }
    (tmp_path / "responses.txt").write_text("x")
    for path, reason in cases.items():
        error = problems_of(org, path)
        assert reason in english(error.problems[0])


def test_a_broken_workbook_or_parquet_file_is_an_input_error(tmp_path, inputs):
    org, _ = inputs.write()
    for name in ("responses.xlsx", "responses.parquet"):
        (tmp_path / name).write_bytes(b"not really a file of this kind")
        error = problems_of(org, tmp_path / name)
        assert "cannot be read as" in english(error.problems[0])


def test_a_utf8_byte_order_mark_and_windows_line_ends_are_accepted(inputs):
    inputs.responses_bytes = b"\xef\xbb\xbf" + "\r\n".join(inputs.responses).encode() + b"\r\n"
    dataset = load(*inputs.write())
    assert dataset.years[2025][:, LAYOUT.N].sum() == 3


def test_a_column_that_appears_twice_is_refused(inputs):
    inputs.org = [line + ",x" for line in inputs.org]
    inputs.org[0] = inputs.org[0].replace(",x", ",region")
    error = problems_of(*inputs.write())
    assert english(error.problems[0]) == "column 'region' appears twice"


def test_org_file_reports_every_bad_row(inputs):
    inputs.org[2] = inputs.org[2].replace("Kabupaten Contoh", "Kab. Contoh")
    inputs.org[3] = inputs.org[3].replace(",25,", ",0,")
    inputs.org.append("KAB-001,Kabupaten Contoh,U01,Lagi,10,barat")
    inputs.org.append("KOT-002,Kota Lain,U01,Sekretariat,10,utara")
    inputs.org.append("KOT-002,Kota Lain,,Tanpa kode,10,timur")
    error = problems_of(*inputs.write())
    assert [(p.row, english(p)) for p in error.problems] == [
        (3, "instansi KAB-001 is named 'Kabupaten Contoh' on an earlier row"),
        (4, "headcount '0' is not a whole number of at least 1"),
        (5, "unit U01 of instansi KAB-001 appears twice"),
        (6, "region 'utara' is not one of barat, tengah, timur, pusat"),
        (7, "unit_code is empty"),
    ]


def test_org_reads_instansi_with_their_units_in_file_order(inputs):
    org_path, _ = inputs.write()
    org = read_org(org_path)
    kab = org.instansi["KAB-001"]
    assert [u.code for u in kab.units] == ["U01", "U02"]
    assert kab.headcount == 70
    assert (kab.region, org.instansi["KOT-001"].region) == ("barat", "timur")
    assert org.first_unit_id("KOT-001") == 2


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("40", 40),
        (" 40 ", 40),
        ("40.0", 40),
        ("1.200", 1200),
        ("1,200", 1200),
        ("0", None),
        ("-3", None),
        ("12.5", None),
        ("empat puluh", None),
        ("4²", None),  # a digit to str.isdigit, not to int()
        ("", None),
    ],
)
def test_headcount_is_a_whole_number_of_at_least_one(text, value):
    assert parse_headcount(text) == value


def test_responses_of_several_years_are_counted_per_year(inputs):
    inputs.responses[2] = inputs.responses[2].replace(",2025,", ",2026,")
    dataset = load(*inputs.write())
    assert sorted(dataset.years) == [2025, 2026]
    assert dataset.years[2026][:, LAYOUT.N].tolist() == [0, 1, 0]
    years = [(d.instansi.code, d.year) for d in dataset.instansi_years()]
    assert years == [("KAB-001", 2025), ("KOT-001", 2025), ("KAB-001", 2026)]
    assert np.array_equal(dataset.rows[2025], [1, 0, 1])


# --- Reporting groups (docs/method.md §9, §14) ------------------------------------------------

GROUPED_ORG = [
    "instansi_code,instansi_name,unit_code,unit_name,headcount,region,group_code,group_name",
    "KAB-001,Kabupaten Contoh,U01,Sekretariat Daerah,45,barat,,",
    "KAB-001,Kabupaten Contoh,K01,Kecamatan Satu,4,barat,KEC,Kantor kecamatan",
    "KAB-001,Kabupaten Contoh,K02,Kecamatan Dua,3,barat,KEC,Kantor kecamatan",
    "KAB-001,Kabupaten Contoh,P01,Pustu Satu,2,barat,PUS,Puskesmas pembantu",
    "KOT-001,Kota Contoh,U01,Sekretariat Daerah,25,timur,,",
]


def test_the_optional_group_columns_gather_units_into_reporting_groups(inputs):
    inputs.org = list(GROUPED_ORG)
    org = read_org(inputs.write()[0])
    kab = org.instansi["KAB-001"]
    assert [(g.code, g.name) for g in kab.groups] == [
        ("KEC", "Kantor kecamatan"),
        ("PUS", "Puskesmas pembantu"),
    ]
    assert [u.group for u in kab.units] == [None, "KEC", "KEC", "PUS"]
    assert kab.group_units("KEC") == {"K01", "K02"}
    assert org.instansi["KOT-001"].groups == ()


def test_an_org_file_without_group_columns_has_no_groups(inputs):
    org = read_org(inputs.write()[0])
    assert all(i.groups == () for i in org.instansi.values())
    assert all(u.group is None for i in org.instansi.values() for u in i.units)


def test_bad_group_rows_are_each_named_with_their_reason(inputs):
    inputs.org = [
        *GROUPED_ORG,
        "KAB-001,Kabupaten Contoh,K03,Kecamatan Tiga,4,barat,KEC,",  # 7: no name
        "KAB-001,Kabupaten Contoh,K04,Kecamatan Empat,4,barat,,Kantor kecamatan",  # 8: no code
        "KAB-001,Kabupaten Contoh,K05,Kecamatan Lima,4,barat,KEC,Kecamatan",  # 9: renamed
        "KOT-001,Kota Contoh,K01,Kecamatan Kota,4,timur,KEC,Kantor kecamatan",  # 10: elsewhere
        "KOT-001,Kota Contoh,K02,Kecamatan Kota Dua,4,timur,U01,Sekretariat",  # 11: a unit's
    ]
    error = problems_of(*inputs.write())
    assert [(p.row, english(p)) for p in error.problems] == [
        (7, "group_code and group_name must both be filled in or both left empty"),
        (8, "group_code and group_name must both be filled in or both left empty"),
        (9, "reporting group KEC is named 'Kantor kecamatan' on an earlier row"),
        (
            10,
            "reporting group KEC is already used by instansi KAB-001 on an earlier row; "
            "a group holds units of one instansi only",
        ),
        (11, "reporting group code U01 is the code of a unit of instansi KOT-001"),
    ]
    assert "baris 7: group_code dan group_name harus diisi" in error.lines()[0]


def test_a_file_with_groups_gives_the_same_counts_and_grouped_units(inputs):
    inputs.org = list(GROUPED_ORG)
    inputs.responses = [line.replace("KAB-001,U02", "KAB-001,K01") for line in inputs.responses]
    dataset = load(*inputs.write())
    [kab, _kot] = dataset.instansi_years()
    assert kab.unit_counts[:, LAYOUT.N].tolist() == [1, 1, 0, 0]
    assert [g.code for g in kab.instansi.groups] == ["KEC", "PUS"]
