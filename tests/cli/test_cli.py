"""The `berakhlak` command line: compute and generate."""

from __future__ import annotations

import csv
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from berakhlak.cli import main
from berakhlak.cli.summary import summary_table
from berakhlak.files.dataset import load_dataset
from berakhlak.method import Params, compute_results, default_pool, results_text
from berakhlak.method import results_text as results_module
from berakhlak.method.indices import INDEX_NAMES
from berakhlak.method.results_text import json_pieces, results_json_text
from berakhlak.method.rounding import format_decimal, round1
from helpers.spreadsheets import FAR_CELL, FAR_REFUSAL, workbook

VALUE_CODES = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]
WITH_INTERVAL = {"implementasi", "energi_positif"}


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


@pytest.fixture(scope="module")
def results_json(generated, tmp_path_factory: pytest.TempPathFactory) -> dict:
    org, responses = generated
    out = tmp_path_factory.mktemp("json") / "results.json"
    result = invoke("compute", "--org", org, "--responses", responses, "--json", out)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{out}: 6 instansi-tahun"
    return json.loads(out.read_text(encoding="utf-8"))


def test_generate_writes_org_and_responses_and_says_so(generated):
    org, responses = generated
    assert org.exists() and responses.exists()
    with org.open(newline="") as f:
        assert next(csv.reader(f)) == [
            "instansi_code", "instansi_name", "unit_code", "unit_name", "headcount", "region",
        ]  # fmt: skip
    with responses.open(newline="") as f:
        assert next(csv.reader(f))[-4:] == ["duration_s", "pv", "cc", "dc"]


def test_compute_prints_a_summary_table_of_generated_files(generated):
    org, responses = generated
    result = invoke("compute", "--org", org, "--responses", responses)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "Instansi",
        "Tahun",
        "n",
        "Indeks",
        "Kat.",
        "Peringkat",
        "Perubahan",
    ]
    assert len([line for line in lines if " 2026 " in line and " vs 2025" in line]) == 3
    assert any(line.startswith("Nasional 2025: ") for line in lines)
    assert lines[-1] == "Metode berakhlak-terbuka/2"
    assert result.stderr == ""


def test_the_summary_table_gives_the_shown_change_with_its_word_and_shared_ranks(generated):

    org, responses = generated
    results = compute_results(
        load_dataset(org, responses, default_pool(), Params()).instansi_years(),
        default_pool(),
        Params(),
    )
    table = summary_table(results).splitlines()
    for r in results.instansi:
        [line] = [x for x in table if x.startswith(f"{r.info.code} ") and f" {r.year} " in x]
        c = r.comparison.indices["implementasi"] if r.comparison else None
        if c is not None and c.direction != "tetap":
            word = {"naik": "naik", "turun": "turun"}[c.direction]
            assert f" {word} {format_decimal(abs(c.delta_shown))} " in line
            assert "−" not in line and " -" not in line
        rank = results.ranks.get((r.info.code, r.year))
        assert (f" {rank[0]}  " in line) if rank else " –  " in line


def test_compute_summary_in_english(generated):
    org, responses = generated
    result = invoke("compute", "--org", org, "--responses", responses, "--lang", "en")
    assert result.exit_code == 0
    assert "National 2026: " in result.stdout


def test_results_json_has_the_structure_of_method_section_10(results_json):
    data = results_json
    assert set(data) == {"method", "params", "instansi", "national"}
    assert data["method"] == "berakhlak-terbuka/2"
    assert data["params"]["k"] == 10 and data["params"]["margin"] == 0.05
    assert len(data["instansi"]) == 6
    for entry in data["instansi"]:
        assert list(entry) == [
            "code", "name", "region", "year", "n", "n_excluded", "headcount", "min_required",
            "eligible", "rank", "rank_region", "indices", "values", "change", "narrative",
            "warnings", "combined", "local", "units", "groups",
        ]  # fmt: skip
        assert isinstance(entry["n"], int) and isinstance(entry["eligible"], bool)
        assert (entry["rank"] is None) is (not entry["eligible"] or entry["n"] < 10)
        assert isinstance(entry["warnings"], list)
        assert entry["combined"] is None and entry["local"] is None
        check_figures(entry["indices"], entry["values"])
        assert entry["narrative"].startswith(f"Indeks BerAKHLAK {entry['year']} sebesar ")
        for unit in entry["units"]:
            base = {"code", "name", "n", "headcount", "suppressed", "combined", "local", "group"}
            assert set(unit) == (base if unit["suppressed"] else base | {"indices", "values"})
        if entry["year"] == 2025:
            assert entry["change"] is None
        else:
            check_change(entry["change"])
            before = next(
                e for e in data["instansi"] if e["code"] == entry["code"] and e["year"] == 2025
            )
            for part in ("indices", "values"):
                for key, c in entry["change"][part].items():
                    now, then = entry[part][key]["value"], before[part][key]["value"]
                    assert c["delta"] == now - then
                    assert c["delta_shown"] == round1(round1(now) - round1(then))
    for nat in data["national"]:
        assert set(nat) == {"year", "eligible_instansi", "instansi_total", "indices", "values"}
        assert list(nat["indices"]) == list(INDEX_NAMES)
        assert list(nat["values"]) == VALUE_CODES
        for figure in [*nat["indices"].values(), *nat["values"].values()]:
            assert set(figure) == {"value", "category", "median", "q1", "q3"}
            assert figure["q1"] <= figure["median"] <= figure["q3"]


def check_figures(indices: dict, values: dict) -> None:
    assert list(indices) == list(INDEX_NAMES)
    assert list(values) == VALUE_CODES
    for name, figure in indices.items():
        assert set(figure) == {"value", "category", "ci95"}
        assert figure["category"] in {"A", "B", "C", "D"}
        if name in WITH_INTERVAL:
            lo, hi = figure["ci95"]
            assert lo <= figure["value"] <= hi
        else:
            assert figure["ci95"] is None
    for figure in values.values():
        assert set(figure) == {"value", "category", "ci95"}
        assert len(figure["ci95"]) == 2


def check_change(change: dict) -> None:
    assert set(change) == {"baseline_year", "indices", "values"}
    assert change["baseline_year"] == 2025
    assert list(change["indices"]) == list(INDEX_NAMES)
    assert list(change["values"]) == VALUE_CODES
    for name, c in change["indices"].items():
        assert list(c) == ["delta", "delta_shown", "direction", "significant"]
        sign = (c["delta_shown"] > 0) - (c["delta_shown"] < 0)
        assert c["direction"] == ("turun", "tetap", "naik")[sign + 1]
        if name in WITH_INTERVAL:
            assert isinstance(c["significant"], bool)
        else:
            assert c["significant"] is None
    for c in change["values"].values():
        assert isinstance(c["significant"], bool)


def test_results_json_values_are_unrounded(results_json):
    values = [
        figure["value"] for entry in results_json["instansi"] for figure in entry["values"].values()
    ]
    assert any(v != round(v, 1) for v in values)


def test_results_json_of_generated_data_hides_some_units_and_counts_exclusions(results_json):
    units = [u for entry in results_json["instansi"] for u in entry["units"]]
    assert any(u["suppressed"] for u in units)
    assert all(u["n"] >= 10 or u["suppressed"] or u["n"] == 0 for u in units)
    assert sum(entry["n_excluded"] for entry in results_json["instansi"]) > 0


def test_json_to_standard_output(generated, results_json):
    org, responses = generated
    result = invoke("compute", "--org", org, "--responses", responses, "--json", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == results_json


def test_a_larger_k_hides_more_units(generated, results_json, tmp_path):
    org, responses = generated
    result = invoke("compute", "--org", org, "--responses", responses, "--k", "30", "--json", "-")
    data = json.loads(result.stdout)
    assert data["params"]["k"] == 30

    def hidden(d: dict) -> int:
        return sum(u["suppressed"] for entry in d["instansi"] for u in entry["units"])

    assert hidden(data) > hidden(results_json)


def test_more_respondents_than_headcount_is_warned_about_on_standard_error(inputs, tmp_path):
    """Kota Contoh's only unit has a headcount of 25 and gets 30 responses: the JSON and the
    table are written, one warning line per group goes to standard error, exit status 0."""
    row = inputs.responses[3]
    inputs.responses += [row.replace("R3,", f"R3-{i},", 1) for i in range(29)]
    org, responses = inputs.write()
    out = tmp_path / "results.json"
    result = invoke("compute", "--org", org, "--responses", responses, "--json", out)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Peringatan")]
    assert warnings == [
        "Peringatan: KOT-001 2025: Jumlah responden sah Kota Contoh (30) melebihi jumlah "
        "pegawainya (25): data jumlah pegawai sudah tidak mutakhir dan perlu diperbarui. "
        "Interval dihitung tanpa koreksi populasi terhingga.",
        "Peringatan: KOT-001 2025: Jumlah responden sah unit U01 Sekretariat Daerah (30) "
        "melebihi jumlah pegawainya (25): data jumlah pegawai sudah tidak mutakhir dan perlu "
        "diperbarui. Interval dihitung tanpa koreksi populasi terhingga.",
    ]
    entry = json.loads(out.read_text())["instansi"][1]
    assert entry["warnings"] == [w.removeprefix("Peringatan: KOT-001 2025: ") for w in warnings]
    lo, hi = entry["indices"]["energi_positif"]["ci95"]  # all alike: sd 0, but f = 1, not 0
    assert (lo, hi) == (entry["indices"]["energi_positif"]["value"],) * 2
    table = invoke("compute", "--org", org, "--responses", responses, "--lang", "en")
    assert table.exit_code == 0
    assert table.stderr.count("Warning: KOT-001 2025: ") == 2


def test_english_narrative_in_json(inputs):
    org, responses = inputs.write()
    result = invoke(
        "compute", "--org", org, "--responses", responses, "--json", "-", "--lang", "en"
    )
    assert result.exit_code == 0
    [entry, _] = json.loads(result.stdout)["instansi"]
    assert entry["narrative"] == "Results are not shown: fewer than 10 respondents."


def test_each_bad_input_exits_2_with_one_line_naming_file_row_and_reason(bad_input, tmp_path):
    out = tmp_path / "results.json"
    result = invoke(
        "--lang",
        "en",
        "compute",
        "--org",
        bad_input.org,
        "--responses",
        bad_input.responses,
        "--json",
        out,
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(bad_input.line)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists()


def test_speeders_and_straight_liners_are_counted_not_refused(inputs):
    header, first = inputs.responses[0], inputs.responses[1]
    fields = first.split(",")
    cc = fields[11]
    speeder = ",".join(["S1", *fields[1:9], "30", *fields[10:]])
    straight = ",".join(["S2", *fields[1:9], "400", cc, cc, cc])
    inputs.responses = [header, first, speeder, straight]
    org, responses = inputs.write()
    result = invoke("compute", "--org", org, "--responses", responses, "--json", "-")
    assert result.exit_code == 0
    [entry] = json.loads(result.stdout)["instansi"]
    assert (entry["n"], entry["n_excluded"]) == (1, 2)


def test_only_the_first_20_problems_are_listed_then_a_count(inputs, tmp_path):
    row = inputs.responses[1]
    inputs.responses = [inputs.responses[0]] + [
        row.replace("R1,", f"B{i},").replace(",PNS,", ",ASN,") for i in range(25)
    ]
    org, responses = inputs.write()
    result = invoke(
        "--lang", "en", "compute", "--org", org, "--responses", responses, "--json", tmp_path / "o"
    )
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0] == "responses.csv: row 2: status 'ASN' is not one of PNS, PPPK, NON_ASN"
    assert lines[19].startswith("responses.csv: row 21: ")
    assert lines[20] == "... and 5 more problems"
    assert not (tmp_path / "o").exists()


def test_the_installed_command_reports_bad_input_without_a_traceback(inputs, tmp_path):
    inputs.responses[2] = inputs.responses[2].replace("KAB-001,U02", "KAB-001,U09")
    org, responses = inputs.write()
    out = tmp_path / "results.json"
    command = Path(sys.executable).with_name("berakhlak")
    done = subprocess.run(
        [command, "--lang", "en", "compute", "--org", org, "--responses", responses, "--json", out],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        "responses.csv: row 3: unit 'U09' of instansi KAB-001 is not in the org file\n"
    )
    assert done.stdout == ""
    assert not out.exists()


@pytest.mark.parametrize("command", ["compute", "report"])
def test_a_workbook_reaching_the_last_cell_of_the_sheet_exits_2_with_one_line(
    command, inputs, tmp_path
):
    """It made the reader allocate the whole sheet (17 billion cells): SIGABRT."""

    _org, responses = inputs.write()
    org = workbook(tmp_path / "org.xlsx", FAR_CELL)
    args = ["--org", org, "--responses", responses]
    if command == "report":
        args += ["--instansi", "KAB-001", "--year", "2025"]
    done = subprocess.run(
        [Path(sys.executable).with_name("berakhlak"), "--lang", "en", command, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr == f"org.xlsx: {FAR_REFUSAL}\n"


def test_the_installed_command_exits_quickly_with_all_its_output(generated):
    """The console script leaves compute's memory to the system at exit (cli.run): the
    table and the JSON written to stdout must still arrive whole."""
    org, responses = generated
    command = Path(sys.executable).with_name("berakhlak")
    for extra in ([], ["--json", "-"]):
        arguments = ["compute", "--org", org, "--responses", responses, *extra]
        done = subprocess.run([command, *arguments], capture_output=True, check=False)
        expected = invoke(*arguments)
        assert done.returncode == 0, done.stderr
        assert len(done.stdout) > 500
        assert done.stdout.decode() == expected.stdout


def test_compute_turns_garbage_collection_back_on_however_it_ends(generated, tmp_path):

    org, responses = generated
    assert invoke("compute", "--org", org, "--responses", responses).exit_code == 0
    assert gc.isenabled()
    assert invoke("compute", "--org", org, "--responses", tmp_path / "none.csv").exit_code == 2
    assert gc.isenabled()


def test_the_sukamaju_scenario_passes_compute_without_errors(tmp_path):
    result = invoke(
        "generate", "--out", tmp_path, "--scenario", "sukamaju", "--instansi", "2",
        "--respondents", "9000",
    )  # fmt: skip
    assert result.exit_code == 0
    result = invoke(
        "compute", "--org", tmp_path / "org.csv", "--responses", tmp_path / "responses.csv",
        "--json", "-",
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == ""
    skm = [e for e in json.loads(result.stdout)["instansi"] if e["code"] == "KAB-SKM"]
    assert len(skm) == 2
    assert skm[1]["change"]["baseline_year"] == skm[0]["year"]
    assert "dari tujuh nilai, lima turun" in skm[1]["narrative"]


def test_generate_then_compute_parquet(tmp_path):
    result = invoke(
        "generate", "--out", tmp_path, "--instansi", "1", "--respondents", "300",
        "--years", "2024", "--format", "parquet",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "tahun 2024" in result.stdout
    result = invoke(
        "compute", "--org", tmp_path / "org.parquet", "--responses", tmp_path / "responses.parquet"
    )
    assert result.exit_code == 0
    assert "Nasional 2024" in result.stdout


@pytest.mark.parametrize("years", ["2025,dua ribu", ",", ""])
def test_generate_refuses_a_bad_list_of_years(tmp_path, years):
    result = invoke("--lang", "en", "generate", "--out", tmp_path, "--years", years)
    assert result.exit_code == 2
    assert "is not a list of years" in result.stderr
    assert "Traceback" not in result.output
    assert not any(tmp_path.iterdir())


def test_compute_requires_both_files():
    result = invoke("compute", "--org", "org.csv")
    assert result.exit_code == 2
    assert "Galat: Opsi wajib belum diisi: '--responses'." in result.stderr
    result = invoke("--lang", "en", "compute", "--org", "org.csv")
    assert result.exit_code == 2
    assert "Error: Missing option '--responses'." in result.stderr


def test_an_unwritable_json_path_is_an_error_message_not_a_traceback(inputs, tmp_path):
    org, responses = inputs.write()
    out = tmp_path / "no such directory" / "results.json"
    result = invoke("compute", "--org", org, "--responses", responses, "--json", out)
    assert result.exit_code == 1
    assert "tidak dapat dibuka" in result.stderr and "No such file or directory" in result.stderr
    assert "Traceback" not in result.output
    assert not out.parent.exists()


@pytest.mark.parametrize("chosen", [None, "mimalloc"])
def test_compute_takes_arrow_memory_from_jemalloc_unless_the_user_chose(chosen):
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    code = (
        "from berakhlak.cli.tuning import reuse_freed_memory; reuse_freed_memory(); "
        "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == (chosen or "jemalloc")


@pytest.fixture(scope="module")
def results(generated):

    pool, params = default_pool(), Params()
    dataset = load_dataset(*generated, pool, params)
    return compute_results(dataset.instansi_years(), pool, params)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """json_pieces forks however few units there are; the children's pids are recorded."""

    monkeypatch.setattr(results_text, "FORK_MIN_UNITS", 0)
    children: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return children


def serial_json(results) -> bytes:

    return "".join(results_json_text(results, "id")).encode()


def test_the_json_written_in_two_processes_is_the_json_written_in_one(results, forks):

    assert b"".join(json_pieces(results, "id")) == serial_json(results)
    assert len(forks) == 1


def test_when_the_forked_copy_fails_its_half_is_written_here(results, forks, monkeypatch):

    parent, real = os.getpid(), results_module.instansi_json_texts

    def failing_in_the_copy(*arguments):
        if os.getpid() != parent:
            raise RuntimeError("the copy fails")
        return real(*arguments)

    monkeypatch.setattr(results_module, "instansi_json_texts", failing_in_the_copy)
    assert b"".join(json_pieces(results, "id")) == serial_json(results)
    assert len(forks) == 1


def test_a_json_writer_stopped_early_leaves_no_forked_copy_behind(results, forks):

    pieces = json_pieces(results, "id")
    next(pieces), next(pieces)  # the head, then the first instansi: the copy is running
    pieces.close()
    (child,) = forks
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(child, os.WNOHANG)


def test_compute_reads_reporting_groups_from_the_org_file_and_writes_them_in_the_json(
    generated, tmp_path
):
    org, responses = generated
    with org.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    first = rows[1][0]
    smallest = sorted((int(r[4]), r[2]) for r in rows[1:] if r[0] == first)[:4]
    small = {code for _h, code in smallest}
    grouped = tmp_path / "org.csv"
    with grouped.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*rows[0], "group_code", "group_name"])
        for r in rows[1:]:
            mine = r[0] == first and r[2] in small
            writer.writerow([*r, *(("KECIL", "Unit kecil lainnya") if mine else ("", ""))])
    out = tmp_path / "results.json"
    result = invoke("compute", "--org", grouped, "--responses", responses, "--json", out)
    assert result.exit_code == 0, result.output
    for entry in json.loads(out.read_text(encoding="utf-8"))["instansi"]:
        if entry["code"] != first:
            assert entry["groups"] == []
            continue
        (group,) = entry["groups"]
        members = [u for u in entry["units"] if u["group"] == "KECIL"]
        assert {u["code"] for u in members} == small == set(group["units"])
        assert group["n"] == sum(u["n"] for u in members)
        assert group["headcount"] == sum(u["headcount"] for u in members)
        assert ("indices" in group) is (not group["suppressed"])
        if group["suppressed"]:
            assert all(u["suppressed"] for u in members)


def test_compute_names_a_bad_group_row_in_the_language_of_the_run(generated, tmp_path):
    org, responses = generated
    lines = org.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "org.csv"
    rows = [lines[0] + ",group_code,group_name", lines[1] + ",KEC,", *(x + ",," for x in lines[2:])]
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = invoke("--lang", "en", "compute", "--org", bad, "--responses", responses)
    assert result.exit_code != 0
    assert (
        "org.csv: row 2: group_code and group_name must both be filled in or both left empty"
        in result.stderr
    )
