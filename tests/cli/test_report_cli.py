"""`berakhlak report`: the PDF report and Excel workbook of one instansi-year from files,
with the numbers `berakhlak compute --json` gives for it; bad input is refused with exit
status 2, one line per problem, and nothing written."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from berakhlak.cli import main
from berakhlak.method.indices import INDEX_NAMES
from berakhlak.method.rounding import format_percent

CODE, YEAR = "KAB-SKM", 2025
VALUES = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


def stored(x: float) -> float:
    """A float as an .xlsx file keeps it (16 significant digits)."""
    return float(f"{x:.16G}")


def rows(book, sheet: str) -> list[dict]:
    """The rows of a sheet by machine name: the first row holds readable headers, the data
    dictionary (the last sheet) names each column."""
    head, *body = book[sheet].iter_rows(values_only=True)
    if sheet == book.sheetnames[-1]:
        return [dict(zip(head, row, strict=True)) for row in body]
    dictionary = list(book[book.sheetnames[-1]].iter_rows(values_only=True))[1:]
    names = [r[2] for r in dictionary if r[0] == sheet]
    assert [r[1] for r in dictionary if r[0] == sheet] == list(head), sheet
    return [dict(zip(names, row, strict=True)) for row in body]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("sukamaju")
    result = invoke(
        "generate", "--out", out, "--scenario", "sukamaju", "--texts", "--instansi", "1",
        "--respondents", "500", "--seed", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / "org.csv", out / "responses.csv"


def computed(files, tmp_path: Path, *extra: str) -> dict:
    org, responses = files
    out = tmp_path / "results.json"
    result = invoke("compute", "--org", org, "--responses", responses, "--json", out, *extra)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    return next(e for e in data["instansi"] if e["code"] == CODE and e["year"] == YEAR)


def reported(files, *extra: str | Path):
    """`berakhlak report` of KAB-SKM 2025 from the generated files, with `extra` options."""
    org, responses = files
    return invoke(
        "report", "--org", org, "--responses", responses, "--instansi", CODE, "--year", YEAR,
        *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def report(files, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The report of KAB-SKM 2025 (PDF and workbook) and compute's entry of it."""
    out = tmp_path_factory.mktemp("report")
    result = reported(files, "--pdf", out / "laporan.pdf", "--xlsx", out / "hasil.xlsx")
    assert result.exit_code == 0, result.output
    return {
        "output": result.output,
        "pdf": out / "laporan.pdf",
        "book": load_workbook(out / "hasil.xlsx"),
        "json": computed(files, out),
    }


def test_report_writes_the_pdf_and_the_workbook_and_says_so(report):
    assert report["output"].splitlines() == [
        f"{report['pdf']}: laporan PDF",
        f"{report['pdf'].parent / 'hasil.xlsx'}: buku kerja Excel",
    ]
    assert report["pdf"].read_bytes().startswith(b"%PDF-")
    assert report["book"].sheetnames[:3] == ["Indeks", "Nilai", "Unit"]


def test_the_workbook_has_the_numbers_of_compute_json(report):
    book, entry = report["book"], report["json"]
    for sheet, part, keys in (("Indeks", "indices", INDEX_NAMES), ("Nilai", "values", VALUES)):
        shown = {row["kode"]: row for row in rows(book, sheet)}
        assert list(shown) == list(keys)
        for key in keys:
            figure = entry[part][key]
            assert shown[key]["nilai"] == stored(figure["value"])
            assert shown[key]["kategori"] == figure["category"]
            low, high = figure["ci95"] or (None, None)
            assert shown[key]["ik95_bawah"] == (low if low is None else stored(low))
            assert shown[key]["ik95_atas"] == (high if high is None else stored(high))
            change = entry["change"][part][key]
            assert shown[key]["perubahan"] == change["delta_shown"]
            assert shown[key]["perubahan_tanpa_pembulatan"] == stored(change["delta"])
            assert shown[key]["arah"] == change["direction"]
            words = {True: "ya", False: "tidak", None: None}
            assert shown[key]["bermakna"] == words[change["significant"]]
    assert entry["change"]["baseline_year"] == 2024
    assert "Nilai 2024 (%)" in [c.value for c in book["Perubahan"][1]]
    units = {row["unit_code"]: row for row in rows(book, "Unit")}
    for unit in entry["units"]:
        row = units[unit["code"]]
        assert (row["n"], row["pegawai"]) == (unit["n"], unit["headcount"])
        if unit["suppressed"]:
            assert "indices" not in unit and row["indeks_berakhlak"] is None
            continue
        assert row["indeks_berakhlak"] == stored(unit["indices"]["implementasi"]["value"])
        assert [row[c] for c in VALUES] == [stored(unit["values"][c]["value"]) for c in VALUES]
    method = {row["butir"]: row["nilai"] for row in rows(book, "Metode")}
    assert (method["responden_sah"], method["dikecualikan"]) == (entry["n"], entry["n_excluded"])
    assert method["narasi"] == entry["narrative"]
    assert method["metode"] == "berakhlak-terbuka/2"


def test_the_pdf_has_the_narrative_and_the_index_of_compute_json(report):

    done = subprocess.run(
        ["pdftotext", "-layout", str(report["pdf"]), "-"], capture_output=True, check=True
    )
    text = " ".join(done.stdout.decode().split())
    entry = report["json"]
    assert " ".join(entry["narrative"].split()) in text
    index = entry["indices"]["implementasi"]
    assert f"{format_percent(index['value'])} kategori {index['category']}" in text


def test_the_free_text_in_the_report_is_that_of_the_valid_responses_of_the_year(report, files):
    _org, responses = files
    expected: Counter[str] = Counter()
    with responses.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["instansi_code"] != CODE or int(row["year"]) != YEAR:
                continue
            speeder = row["duration_s"] != "" and float(row["duration_s"]) < 60
            straight = len({frozenset(row[q].split(";")) for q in ("pv", "cc", "dc")}) == 1
            if not (speeder or straight):
                expected.update(row[name].strip() for name in ("harapan", "saran") if row[name])
    shown: Counter[str] = Counter()  # one row per group of equal answers, with its count
    for row in rows(report["book"], "Harapan dan saran"):
        shown[row["teks"]] += row["jumlah"]
    assert shown == expected and shown.total() > 100 and max(shown.values()) > 1


def test_a_larger_k_hides_units_in_the_workbook_as_compute_does(files, tmp_path):
    entry = computed(files, tmp_path, "--k", "120")
    out = tmp_path / "hasil.xlsx"
    result = reported(files, "--xlsx", out, "--k", "120")
    assert result.exit_code == 0, result.output
    units = {row["unit_code"]: row for row in rows(load_workbook(out), "Unit")}
    hidden = {u["code"] for u in entry["units"] if u["suppressed"]}
    assert hidden and len(hidden) < len(entry["units"])
    for unit in entry["units"]:
        row = units[unit["code"]]
        figures = [v for v in row.values() if isinstance(v, float)]
        assert (row["disembunyikan"] == "ya") is (unit["code"] in hidden)
        assert (figures == []) is (unit["code"] in hidden)
        assert figures == [] or row["n"] >= 120


def test_report_in_english(files, tmp_path):
    entry = computed(files, tmp_path, "--lang", "en")
    out = tmp_path / "results.xlsx"
    result = reported(files, "--xlsx", out, "--lang", "en")
    assert result.exit_code == 0 and result.output == f"{out}: Excel workbook\n"
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Indices", "Values", "Units"]
    method = {row["butir"]: row["nilai"] for row in rows(book, "Method")}  # machine names
    assert method["narrative"] == entry["narrative"]


def test_report_without_an_output_prints_the_narrative(files, tmp_path):
    entry = computed(files, tmp_path)
    result = reported(files)
    assert result.exit_code == 0 and result.output == entry["narrative"] + "\n"


def test_each_bad_input_exits_2_with_one_line_per_problem_and_writes_nothing(bad_input, tmp_path):
    pdf, book = tmp_path / "laporan.pdf", tmp_path / "hasil.xlsx"
    result = invoke(
        "--lang",
        "en",
        "report", "--org", bad_input.org, "--responses", bad_input.responses,
        "--instansi", "KAB-001", "--year", "2025", "--pdf", pdf, "--xlsx", book,
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(bad_input.line), lines
    assert "Traceback" not in result.output
    assert not pdf.exists() and not book.exists()


def test_two_problems_are_two_lines(inputs, tmp_path):
    inputs.responses[1] = inputs.responses[1].replace("AK1;P18;", "AK1;")
    inputs.responses[2] = inputs.responses[2].replace("BP2;AK2", "BP2;XX9")
    org, responses = inputs.write()
    result = invoke(
        "--lang",
        "en",
        "report", "--org", org, "--responses", responses, "--instansi", "KAB-001",
        "--year", "2025", "--xlsx", tmp_path / "x.xlsx",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "responses.csv: row 2: pv: has 9 items, expected exactly 10 distinct items",
        "responses.csv: row 3: cc: unknown item code 'XX9'",
    ]
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize(
    ("code", "year", "message"),
    [
        ("KAB-999", "2025", "org.csv: instansi 'KAB-999' is not in the org file"),
        ("KAB-001", "2019", "responses.csv: no responses of instansi KAB-001 in 2019"),
    ],
)
def test_an_unknown_instansi_or_year_is_a_clear_error(inputs, tmp_path, code, year, message):
    org, responses = inputs.write()
    out = tmp_path / "hasil.xlsx"
    result = invoke(
        "--lang",
        "en",
        "report", "--org", org, "--responses", responses, "--instansi", code, "--year", year,
        "--xlsx", out,
    )  # fmt: skip
    assert result.exit_code == 2 and result.stderr == message + "\n"
    assert not out.exists()


def test_a_name_that_a_spreadsheet_would_run_is_neutralised(inputs, tmp_path):
    inputs.org = [line.replace("Kabupaten Contoh", "=HYPERLINK(1)") for line in inputs.org]
    inputs.org = [line.replace("Dinas Pendidikan", "@Dinas") for line in inputs.org]
    org, responses = inputs.write()
    out = tmp_path / "hasil.xlsx"
    result = invoke(
        "report", "--org", org, "--responses", responses, "--instansi", "KAB-001",
        "--year", "2025", "--xlsx", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(out.read_bytes()))
    texts = [c.value for s in book.worksheets for r in s.iter_rows() for c in r]
    texts = [t for t in texts if isinstance(t, str)]
    assert "'=HYPERLINK(1)" in texts and "'@Dinas" in texts
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert book.sheetnames == ["Unit", "Metode", "Kamus data"]  # under k: no figure


def test_report_shows_the_reporting_groups_of_the_org_file_as_compute_does(files, tmp_path):
    org, responses = files
    lines = org.read_text(encoding="utf-8").splitlines()
    grouped = tmp_path / "org.csv"
    rows_out = [lines[0] + ",group_code,group_name"]
    for line in lines[1:]:
        kec = line.split(",")[3].startswith("Kecamatan ")
        rows_out.append(line + (",KEC,Kantor kecamatan" if kec else ",,"))
    grouped.write_text("\n".join(rows_out) + "\n", encoding="utf-8")
    out = tmp_path / "hasil.xlsx"
    result = invoke(
        "report", "--org", grouped, "--responses", responses, "--instansi", CODE, "--year", YEAR,
        "--xlsx", out, "--pdf", tmp_path / "laporan.pdf",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    json_out = tmp_path / "results.json"
    assert invoke("compute", "--org", grouped, "--responses", responses, "--json", json_out)
    data = json.loads(json_out.read_text(encoding="utf-8"))
    entry = next(e for e in data["instansi"] if e["code"] == CODE and e["year"] == YEAR)
    (group,) = entry["groups"]
    book = load_workbook(out)
    (row,) = rows(book, "Kelompok pelaporan")
    assert (row["group_code"], row["n"]) == ("KEC", group["n"])
    assert (row["disembunyikan"] == "ya") is group["suppressed"]
    if not group["suppressed"]:
        assert row["indeks_berakhlak"] == stored(group["indices"]["implementasi"]["value"])
    units = {r["unit_code"]: r for r in rows(book, "Unit")}
    for unit in entry["units"]:
        assert (units[unit["code"]]["disembunyikan"] == "ya") is unit["suppressed"]
        assert units[unit["code"]]["kelompok_pelaporan"] == (
            "Kantor kecamatan" if unit["group"] else None
        )
