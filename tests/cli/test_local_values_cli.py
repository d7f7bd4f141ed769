"""`berakhlak compute … --local-values local_values.csv` (docs/method.md §18)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from berakhlak.cli import main

HEADER = "instansi_code,set_code,set_name,value_code,name_id,name_en,items,legal_basis\n"
KREATIF = (
    "*,KREATIF,KREATIF,KOM,Komunikatif,Communicative,P05;P14;KL2,Perbup Kudus 62/2019\n"
    "*,KREATIF,KREATIF,REL,Religius,Religious,P21,Perbup Kudus 62/2019\n"
    "*,KREATIF,KREATIF,AKU,Akuntabel,Accountable,AK1;AK2;AK3;P18;P19,Perbup Kudus 62/2019\n"
    "*,KREATIF,KREATIF,INO,Inovatif,Innovative,AD2;P15,Perbup Kudus 62/2019\n"
)
OWN = "KL-002,SIGAP,Sigap Melayani,SIG,Sigap,Swift,P05;P09,Permen 3/2024\n"


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("generated")
    result = invoke(
        "generate", "--out", out, "--instansi", "3", "--respondents", "2500", "--seed", "4",
        "--years", "2025,2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out / "org.csv", out / "responses.csv"


def compute(generated, local: Path, *more: str):
    org, responses = generated
    out = local.parent / "results.json"
    result = invoke(
        *more, "compute", "--org", org, "--responses", responses, "--local-values", local,
        "--json", out,
    )  # fmt: skip
    return result, out


def test_the_star_set_applies_to_every_instansi_without_its_own(generated, tmp_path):
    local = tmp_path / "local_values.csv"
    local.write_text(HEADER + KREATIF + OWN, encoding="utf-8")
    result, out = compute(generated, local)
    assert result.exit_code == 0, result.output
    entries = json.loads(out.read_text(encoding="utf-8"))["instansi"]
    sets = {(e["code"], e["year"]): e["local"]["set"] for e in entries}
    assert sets == {
        ("KAB-001", 2025): "KREATIF", ("KAB-001", 2026): "KREATIF",
        ("KL-001", 2025): "KREATIF", ("KL-001", 2026): "KREATIF",
        ("KL-002", 2025): "SIGAP", ("KL-002", 2026): "SIGAP",
    }  # fmt: skip
    kab = next(e for e in entries if e["code"] == "KAB-001" and e["year"] == 2026)
    assert list(kab["local"]["values"]) == ["KOM", "REL", "AKU", "INO"]
    assert kab["local"]["change"]["baseline_year"] == 2025
    for unit in kab["units"]:
        assert (unit["local"] is None) == unit["suppressed"]
    # Without the option, no local figure at all.
    org, responses = generated
    plain = invoke("compute", "--org", org, "--responses", responses, "--json", "-")
    assert all(e["local"] is None for e in json.loads(plain.stdout)["instansi"])


BAD_ROWS = [
    ("KAB-001,K,K,X,Satu,One,N01;P05,", "row 2: local value 'X': 'N01' is a limiting item"),
    ("KAB-001,K,K,X,Satu,One,ZZ9,", "row 2: local value 'X': item code 'ZZ9' is unknown"),
    ("KAB-001,K,K,X,Satu,One,,", "row 2: local value 'X' is not mapped to any item"),
    ("KAB-999,K,K,X,Satu,One,P05,", "row 2: "),
]


@pytest.mark.parametrize(("row", "line"), BAD_ROWS)
def test_each_bad_row_exits_2_with_one_line(generated, tmp_path, row, line):
    local = tmp_path / "local_values.csv"
    local.write_text(HEADER + row + "\n", encoding="utf-8")
    result, out = compute(generated, local, "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("local_values.csv")
    assert line in lines[0]
    assert "Traceback" not in result.output
    assert not out.exists()


def test_nine_values_and_two_sets_of_one_instansi_are_refused(generated, tmp_path):
    rows = [f"KAB-001,K,K,V{i},Nilai,Value,P0{i + 1}," for i in range(9)]
    rows.append("KAB-001,L,L,W,Nilai,Value,P05,")
    local = tmp_path / "local_values.csv"
    local.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    result, _out = compute(generated, local, "--lang", "en")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert any("row 10" in x and "9 values" in x for x in lines)
    assert any("row 11" in x and "'K'" in x for x in lines)


def test_report_takes_the_same_option_and_its_workbook_has_the_local_sheet(generated, tmp_path):
    from openpyxl import load_workbook  # noqa: PLC0415 - this test only

    local = tmp_path / "local_values.csv"
    local.write_text(HEADER + KREATIF, encoding="utf-8")
    org, responses = generated
    out = tmp_path / "laporan.xlsx"
    result = invoke(
        "report", "--org", org, "--responses", responses, "--instansi", "KL-001", "--year",
        "2026", "--local-values", local, "--xlsx", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    rows = list(book["Nilai lokal"].iter_rows(values_only=True))
    dictionary = list(book["Kamus data"].iter_rows(values_only=True))
    names = [r[2] for r in dictionary if r[0] == "Nilai lokal"]
    assert names[:5] == ["kelompok", "nama", "n", "set", "kode"]
    assert rows[0][:5] == ("Kode kelompok", "Nama kelompok", "Responden sah", "Set nilai lokal",
                           "Kode nilai lokal")  # fmt: skip
    assert {row[4] for row in rows[1:]} == {"KREATIF", "KOM", "REL", "AKU", "INO"}
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "KL-001,K,K,X,Satu,One,N01,\n", encoding="utf-8")
    refused = invoke(
        "report", "--org", org, "--responses", responses, "--instansi", "KL-001", "--year",
        "2026", "--local-values", bad, "--xlsx", tmp_path / "x.xlsx",
    )  # fmt: skip
    assert refused.exit_code == 2 and len(refused.stderr.splitlines()) == 1
