"""Wall time and peak memory of `berakhlak compute` with and without `--evidence`.

On the 1M-respondent CSV of compute_bench.py (600 instansi, seed 1; generated when missing),
as separate processes, interleaved and repeated: `compute --json` and `compute` (table)
without evidence, and with an `evidence.csv` scoring every unit of every instansi in both
years of the file on the eight criteria of the default rubric (the largest evaluation the
data allows: about 23,000 units x 2 years x 8 criteria), and with half of the instansi
evaluated. Writes the medians into the section "berakhlak compute --evidence" of
bench/RESULTS.md.

Usage: .venv/bin/python bench/evidence_bench.py [--size 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import statistics
import sys
from pathlib import Path

from compute_bench import BIN, MIB, OUT, RESULTS, dataset, measure

SECTION = "## berakhlak compute --evidence"
CRITERIA = ("KP", "AG", "RM", "IN", "KM", "PS", "RA", "AP")  # the default rubric (§12)
YEARS = (2024, 2025)  # the generator's years
HEADER = ["year", "instansi_code", "unit_code", "criterion", "score"]


def evidence_files(org: Path, folder: Path) -> tuple[dict[str, Path], int]:
    """Every unit scored on every criterion in both years; and the same for half of the
    instansi. Returns the files and the number of rows of the full one."""
    folder.mkdir(parents=True, exist_ok=True)
    with org.open(newline="", encoding="utf-8") as f:
        units = [(row["instansi_code"], row["unit_code"]) for row in csv.DictReader(f)]
    codes = sorted({code for code, _ in units})
    half = set(codes[::2])
    full, some = folder / "evidence_all.csv", folder / "evidence_half.csv"
    rows = 0
    with (
        full.open("w", newline="", encoding="utf-8") as f,
        some.open("w", newline="", encoding="utf-8") as g,
    ):
        w, v = csv.writer(f), csv.writer(g)
        w.writerow(HEADER)
        v.writerow(HEADER)
        for year in YEARS:
            for i, (code, unit) in enumerate(units):
                for j, criterion in enumerate(CRITERIA):
                    row = [year, code, unit, criterion, (i + j + year) % 3]
                    w.writerow(row)
                    rows += 1
                    if code in half:
                        v.writerow(row)
    return {"all": full, "half": some}, rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    berakhlak = str(BIN / "berakhlak")
    org, responses = dataset(args.size, "csv", berakhlak)
    files, rows = evidence_files(org, OUT)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    base = [berakhlak, "compute", "--org", str(org), "--responses", str(responses)]
    variants = {
        "compute --json": [*base, "--json", str(OUT / "plain.json")],
        "--evidence, every unit": [
            *base, "--evidence", str(files["all"]), "--json", str(OUT / "evidence.json"),
        ],
        "--evidence, half the instansi": [
            *base, "--evidence", str(files["half"]), "--json", str(OUT / "half.json"),
        ],
        "compute (table)": base,
        "table, --evidence every unit": [*base, "--evidence", str(files["all"])],
    }  # fmt: skip
    walls: dict[str, list[float]] = {name: [] for name in variants}
    rss: dict[str, list[int]] = {name: [] for name in variants}
    for _ in range(args.repeat):
        for name, command in variants.items():
            wall, peak = measure(command)
            walls[name].append(wall)
            rss[name].append(peak)
            print(f"{name}: {wall:.2f} s, {peak / MIB:.0f} MiB", file=sys.stderr)
    plain = statistics.median(walls["compute --json"])
    table = statistics.median(walls["compute (table)"])
    lines = [
        SECTION,
        "",
        f"{datetime.date.today()}, {args.size:,} respondents (CSV, 600 instansi, two years), "
        f"evidence of every unit: {rows:,} rows (8 criteria); median of {args.repeat} "
        f"interleaved runs; a machine of 2 cores shared with other work (load average at the "
        f"start: {load}), so compare the ratios within this table, not with the others.",
        "",
        "| variant | wall | min–max | vs. without | peak RSS |",
        "|---|---|---|---|---|",
    ]
    for name in variants:
        wall = statistics.median(walls[name])
        ref = table if "table" in name else plain
        lines.append(
            f"| {name} | {wall:.2f} s | {min(walls[name]):.2f}–{max(walls[name]):.2f} s "
            f"| {wall / ref:.2f}× | {max(rss[name]) / MIB:.0f} MiB |"
        )
    lines += [
        "",
        "Without `--evidence` nothing of the evaluation is read or computed (E and G are "
        "None). With it, `files/evidence.py` reads and checks every row (unknown unit or "
        "criterion, score out of range, duplicates) before anything is computed, then E_u, E "
        "and G with its interval and change are computed per instansi-year and unit, and "
        "written into the JSON.",
        "",
    ]
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
