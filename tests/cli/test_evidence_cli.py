"""`berakhlak compute … --evidence evidence.csv [--rubric rubric.csv]` and the same for
`berakhlak report` (docs/method.md §12, §14)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from berakhlak.cli import main


def invoke(*args: str | Path):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    out = tmp_path_factory.mktemp("generated")
    result = invoke(
        "generate", "--out", out, "--instansi", "2", "--respondents", "1200", "--seed", "5",
        "--years", "2025,2026",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with (out / "org.csv").open(newline="", encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    return out / "org.csv", out / "responses.csv", units


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


EVIDENCE_HEADER = "year,instansi_code,unit_code,criterion,score"


def test_compute_with_evidence_gives_e_and_g_for_the_instansi_and_its_shown_units(
    generated, tmp_path
):
    org, responses, units = generated
    code = units[0]["instansi_code"]
    mine = [u["unit_code"] for u in units if u["instansi_code"] == code]
    # The first unit: the reference scores of §14 (E = 56.25); the second: all green;
    # the others nothing (E = 0, still counted).
    reference = {"KP": 2, "AG": 2, "RM": 1, "IN": 1, "KM": 0, "PS": 2, "RA": 1, "AP": 0}
    rows = [f"2025,{code},{mine[0]},{c},{s}" for c, s in reference.items()]
    rows += [f"2025,{code},{mine[1]},{c},2" for c in reference]
    evidence = write(tmp_path / "evidence.csv", EVIDENCE_HEADER, rows)
    out = tmp_path / "results.json"
    result = invoke(
        "compute", "--org", org, "--responses", responses, "--evidence", evidence, "--json", out
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    entries = {(e["code"], e["year"]): e for e in data["instansi"]}
    entry = entries[code, 2025]
    expected_e = (56.25 + 100.0) / len(mine)
    assert entry["combined"]["evidence"] == pytest.approx(expected_e)
    i1 = entry["indices"]["implementasi"]["value"]
    assert entry["combined"]["value"] == pytest.approx(0.8 * i1 + 0.2 * expected_e)
    by_unit = {u["code"]: u for u in entry["units"]}
    assert by_unit[mine[0]]["combined"]["evidence"] == pytest.approx(56.25)
    for u in entry["units"]:
        if u["suppressed"]:
            assert set(u["combined"]) == {"evidence"}
        elif u["n"]:
            unit_i1 = u["indices"]["implementasi"]["value"]
            e = u["combined"]["evidence"]
            assert u["combined"]["value"] == pytest.approx(0.8 * unit_i1 + 0.2 * e)
    assert entries[code, 2026]["combined"] is None  # no evidence in 2026
    national = {n["year"]: n for n in data["national"]}
    assert national[2026]["combined"] == {"value": None, "instansi": 0}


def test_a_rubric_file_sets_the_criteria_weights_and_scale(generated, tmp_path):
    org, responses, units = generated
    code, unit = units[0]["instansi_code"], units[0]["unit_code"]
    rubric = write(
        tmp_path / "rubric.csv",
        "criterion,name_id,name_en,weight,scale_max",
        ["A,Satu,One,3,4", "B,Dua,Two,1,4"],
    )
    evidence = write(tmp_path / "e.csv", EVIDENCE_HEADER, [f"2025,{code},{unit},A,4"])
    out = tmp_path / "r.json"
    result = invoke(
        "compute", "--org", org, "--responses", responses, "--evidence", evidence,
        "--rubric", rubric, "--json", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    entry = next(e for e in json.loads(out.read_text())["instansi"] if e["code"] == code)
    assert entry["units"][0]["combined"]["evidence"] == pytest.approx(75.0)  # 3*4 / (4*4)


def test_bad_evidence_rows_end_with_exit_2_and_one_line_each_and_nothing_written(
    generated, tmp_path
):
    org, responses, units = generated
    code, unit = units[0]["instansi_code"], units[0]["unit_code"]
    evidence = write(
        tmp_path / "evidence.csv",
        EVIDENCE_HEADER,
        [
            f"2025,{code},{unit},KP,2",
            f"2025,{code},NOPE,KP,1",  # row 3: unknown unit
            f"2025,{code},{unit},XX,1",  # row 4: unknown criterion
            f"2025,{code},{unit},AG,3",  # row 5: out of range
            f"2025,{code},{unit},KP,1",  # row 6: twice
            f"2025,ZZZ,{unit},RM,1",  # row 7: unknown instansi
            f"2025,{code},{unit},RM,1.5",  # row 8: not whole
        ],
    )
    out = tmp_path / "results.json"
    result = invoke(
        "--lang", "en", "compute", "--org", org, "--responses", responses,
        "--evidence", evidence, "--json", out,
    )  # fmt: skip
    assert result.exit_code == 2
    assert not out.exists()
    assert result.stderr.splitlines() == [
        f"evidence.csv: row 3: unit 'NOPE' of instansi {code} is not in the org file",
        "evidence.csv: row 4: criterion 'XX' is not in the rubric (KP, AG, RM, IN, KM, PS, RA, AP)",
        "evidence.csv: row 5: score '3' is not a whole number from 0 to 2",
        f"evidence.csv: row 6: unit {unit} was already scored on criterion KP for 2025 in row 2",
        "evidence.csv: row 7: instansi 'ZZZ' is not in the org file",
        "evidence.csv: row 8: score '1.5' is not a whole number from 0 to 2",
    ]


def test_the_problems_of_an_evidence_file_read_in_indonesian_by_default(generated, tmp_path):
    org, responses, units = generated
    code, unit = units[0]["instansi_code"], units[0]["unit_code"]
    evidence = write(tmp_path / "evidence.csv", EVIDENCE_HEADER, [f"2025,{code},{unit},KP,9"])
    result = invoke("compute", "--org", org, "--responses", responses, "--evidence", evidence)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "evidence.csv: baris 2: nilai '9' bukan bilangan bulat 0 sampai 2"
    )


def test_a_bad_rubric_file_ends_with_exit_2_one_line_per_row(generated, tmp_path):
    org, responses, _ = generated
    rubric = write(
        tmp_path / "rubric.csv",
        "criterion,name_id,name_en,weight,scale_max",
        ["A,Satu,One,1,2", "A,Satu,One,1,2", "B,Dua,Two,-1,2", "C,Tiga,Three,1,3"],
    )
    evidence = write(tmp_path / "e.csv", EVIDENCE_HEADER, [])
    result = invoke(
        "--lang", "en", "compute", "--org", org, "--responses", responses,
        "--evidence", evidence, "--rubric", rubric,
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "rubric.csv: row 3: criterion 'A' appears twice",
        "rubric.csv: row 4: weight '-1' is not a positive number",
        "rubric.csv: row 5: scale_max 3 differs from the rows before (2); one scale for all",
    ]


def test_report_takes_the_same_evidence_options_and_refuses_bad_rows(generated, tmp_path):
    org, responses, units = generated
    code, unit = units[0]["instansi_code"], units[0]["unit_code"]
    evidence = write(tmp_path / "evidence.csv", EVIDENCE_HEADER, [f"2025,{code},{unit},ZZ,1"])
    result = invoke(
        "--lang", "en", "report", "--org", org, "--responses", responses, "--instansi", code,
        "--year", "2025", "--evidence", evidence,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "criterion 'ZZ' is not in the rubric" in result.stderr
