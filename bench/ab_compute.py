"""`berakhlak compute` of two builds on the same files, interleaved: A/B on a shared machine.

For each size and format, every round runs the summary table and --json of build A, then
those of build B, each as a separate process (compute_bench.measure: wall time and peak
RSS), so that load from other jobs falls on both alike. Prints a Markdown table of medians
and min-max, and the median of B/A within the rounds.

Usage: .venv/bin/python bench/ab_compute.py --a OTHER/berakhlak [--b .venv/bin/berakhlak]
           [--sizes 1000000] [--formats csv,parquet] [--repeat 5]

The data come from compute_bench's bench/data (generated there when missing).
"""

from __future__ import annotations

import argparse
import statistics
import sys

from compute_bench import BIN, MIB, OUT, dataset, measure


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="build A's berakhlak (before)")
    parser.add_argument("--b", default=str(BIN / "berakhlak"), help="build B's (after)")
    parser.add_argument("--sizes", default="1000000")
    parser.add_argument("--formats", default="csv,parquet")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    runs: dict[tuple[int, str, str, str], tuple[list[float], list[int]]] = {}
    commands = {}
    for size in map(int, args.sizes.split(",")):
        for fmt in args.formats.split(","):
            org, responses = dataset(size, fmt, args.b)
            for build, command in (("A", args.a), ("B", args.b)):
                base = [command, "compute", "--org", str(org), "--responses", str(responses)]
                json_out = str(OUT / f"ab-{build}-{size}-{fmt}.json")
                for variant, argv in (("table", base), ("--json", [*base, "--json", json_out])):
                    key = (size, fmt, variant, build)
                    commands[key] = argv
                    runs[key] = ([], [])
    for argv in commands.values():  # untimed: bytecode written, files in the page cache
        measure(argv)
    for i in range(args.repeat):
        for key, argv in commands.items():
            wall, rss = measure(argv)
            runs[key][0].append(wall)
            runs[key][1].append(rss)
            print(
                f"[{i + 1}/{args.repeat}] {key} {wall:6.2f} s {rss / MIB:6.0f} MiB", file=sys.stderr
            )
    print(
        "| respondents | format | variant | A wall (s) | A min–max | B wall (s) | B min–max "
        "| B/A (median of rounds) | A peak RSS (MiB) | B peak RSS (MiB) |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for (size, fmt, variant, build), (walls, rss) in runs.items():
        if build != "A":
            continue
        b_walls, b_rss = runs[(size, fmt, variant, "B")]
        ratio = statistics.median(b / a for a, b in zip(walls, b_walls, strict=True))
        print(
            f"| {size:,} | {fmt} | {variant} | {statistics.median(walls):.2f} | "
            f"{min(walls):.2f}–{max(walls):.2f} | {statistics.median(b_walls):.2f} | "
            f"{min(b_walls):.2f}–{max(b_walls):.2f} | {ratio:.3f} | {max(rss) / MIB:.0f} | "
            f"{max(b_rss) / MIB:.0f} |"
        )


if __name__ == "__main__":
    main()
