"""Wall time and peak memory of `berakhlak compute` with and without `--local-values`.

On the 1M-respondent CSV of compute_bench.py (600 instansi, seed 1; generated when missing),
as separate processes, interleaved and repeated: `compute --json` without local values, with
one set for every instansi (`*`, KREATIF: one mask per value for all rows), and with a set of
its own for every instansi (600 sets: each row's masks looked up). Writes the medians into the
section "berakhlak compute --local-values" of bench/RESULTS.md.

Usage: .venv/bin/python bench/local_values_bench.py [--size 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import datetime
import statistics
import sys
from pathlib import Path

from compute_bench import BIN, MIB, OUT, RESULTS, dataset, measure

SECTION = "## berakhlak compute --local-values"
KREATIF = [
    ("KOM", "Komunikatif", "Communicative", "P05;P14;KL2"),
    ("REL", "Religius", "Religious", "P21"),
    ("AKU", "Akuntabel", "Accountable", "AK1;AK2;AK3;P18;P19"),
    ("INO", "Inovatif", "Innovative", "AD2;P15"),
]
POSITIVE = [
    "BP1",
    "BP2",
    "AK1",
    "AK2",
    "KO1",
    "KO3",
    "HA1",
    "HA2",
    "LO2",
    "AD2",
    "KL2",
    "P01",
    "P05",
    "P09",
    "P14",
    "P18",
    "P19",
    "P21",
]
HEADER = ["instansi_code", "set_code", "set_name", "value_code", "name_id", "name_en", "items"]


def local_files(org: Path, folder: Path) -> dict[str, Path]:
    """One set for every instansi (`*`), and eight values of its own for each instansi."""
    folder.mkdir(parents=True, exist_ok=True)
    star, own = folder / "local_star.csv", folder / "local_own.csv"
    with star.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for code, name_id, name_en, items in KREATIF:
            w.writerow(["*", "KREATIF", "KREATIF", code, name_id, name_en, items])
    with org.open(newline="", encoding="utf-8") as f:
        codes = sorted({row["instansi_code"] for row in csv.DictReader(f)})
    with own.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i, code in enumerate(codes):
            for v in range(8):
                items = ";".join(POSITIVE[(i + v + j) % len(POSITIVE)] for j in range(2))
                w.writerow([code, f"S{i}", f"Set {i}", f"V{v}", f"Nilai {v}", "", items])
    return {"star": star, "own": own}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    berakhlak = str(BIN / "berakhlak")
    org, responses = dataset(args.size, "csv", berakhlak)
    files = local_files(org, OUT)
    base = [berakhlak, "compute", "--org", str(org), "--responses", str(responses)]
    variants = {
        "compute --json": [*base, "--json", str(OUT / "plain.json")],
        "--local-values, one set (*)": [
            *base, "--local-values", str(files["star"]), "--json", str(OUT / "star.json"),
        ],
        "--local-values, a set per instansi": [
            *base, "--local-values", str(files["own"]), "--json", str(OUT / "own.json"),
        ],
        "compute (table)": base,
        "table, one set (*)": [*base, "--local-values", str(files["star"])],
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
        f"median of {args.repeat} interleaved runs; a machine of 2 cores shared with other "
        "work, so single figures move by ±10%.",
        "",
        "| variant | wall | vs. without | peak RSS |",
        "|---|---|---|---|",
    ]
    for name in variants:
        wall = statistics.median(walls[name])
        ref = table if "table" in name else plain
        lines.append(
            f"| {name} | {wall:.2f} s | {wall / ref:.2f}× | {max(rss[name]) / MIB:.0f} MiB |"
        )
    lines += [
        "",
        "Without `--local-values` nothing local is read or counted (the counting pass is the "
        "same function as before, `count_responses`). With one set, each value is one bitmask "
        "test of the cc and dc pick bitmasks the main pass already built; with a set per "
        "instansi, each row's value masks are looked up by its instansi's set.",
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
