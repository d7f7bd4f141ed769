"""`berakhlak compute --json` with local values, two builds on the same files, interleaved:
wall time, CPU time (user + system, the process and the copy it forks for the second half of
the JSON) and the machine's load, for a shared machine where wall times move with the load.

Variants on the 1M-respondent CSV of compute_bench.py: `--json` without local values, with
one set for every instansi (`*`) and with a set of its own for every instansi (the files of
local_values_bench.py). Writes the medians into the section "Local values: the JSON writer,
before and after" of bench/RESULTS.md.

Usage: .venv/bin/python bench/local_values_ab.py --a OTHER/berakhlak [--b .venv/bin/berakhlak]
           [--size 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
import time

from compute_bench import BIN, ENV, MIB, OUT, RESULTS, dataset
from local_values_bench import local_files

SECTION = "## Local values: the JSON writer, before and after"


def measure(command: list[str]) -> tuple[float, float, int, float]:
    """Wall (s), CPU user + system (s, with the waited-for copy), peak RSS (bytes), and the
    1-minute load average at the end of one run of `command`."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="build A's berakhlak (before)")
    parser.add_argument("--b", default=str(BIN / "berakhlak"), help="build B's (after)")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-warm-up", action="store_true", help="files already cached")
    args = parser.parse_args()
    org, responses = dataset(args.size, "csv", args.b)
    files = local_files(org, OUT)
    options = {
        "--json, no local values": [],
        "--json, one set (*)": ["--local-values", str(files["star"])],
        "--json, a set per instansi": ["--local-values", str(files["own"])],
    }
    commands = {}
    for name, extra in options.items():
        for build, berakhlak in (("A", args.a), ("B", args.b)):
            out = str(OUT / f"local-ab-{build}.json")
            commands[(name, build)] = [
                berakhlak, "compute", "--org", str(org), "--responses", str(responses),
                *extra, "--json", out,
            ]  # fmt: skip
    runs: dict[tuple[str, str], list[tuple[float, float, int, float]]] = {k: [] for k in commands}
    for argv in [] if args.no_warm_up else commands.values():  # untimed: caches filled
        measure(argv)
    for i in range(args.repeat):
        for key, argv in commands.items():
            runs[key].append(measure(argv))
            wall, cpu, rss, load = runs[key][-1]
            print(f"[{i + 1}/{args.repeat}] {key} wall {wall:.2f} s cpu {cpu:.2f} s "
                  f"{rss / MIB:.0f} MiB load {load:.1f}", file=sys.stderr)  # fmt: skip
    same = subprocess.run(
        ["cmp", str(OUT / "local-ab-A.json"), str(OUT / "local-ab-B.json")], check=False
    )
    loads = [run[3] for r in runs.values() for run in r]
    lines = [
        SECTION,
        "",
        f"{datetime.date.today()}, {args.size:,} respondents (CSV, 600 instansi, two years), "
        f"A = before (one local object at a time), B = after (method/local_text.py: every "
        f"unit's local objects at once), interleaved, median of {args.repeat} rounds; "
        f"{os.cpu_count()} cores shared with other test suites, 1-minute load average "
        f"{min(loads):.1f}–{max(loads):.1f} during the runs, so CPU times (user + system, "
        "with the forked copy that writes the second half) say more than wall times. The last "
        f"JSON of A and B {'is byte-identical' if same.returncode == 0 else '**differs**'}.",
        "",
        "| variant | A wall | A CPU | B wall | B CPU | B/A CPU | peak RSS A / B |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def median(name: str, build: str, i: int) -> float:
        return statistics.median(run[i] for run in runs[(name, build)])

    for name in options:
        a, b = runs[(name, "A")], runs[(name, "B")]
        lines.append(
            f"| {name} | {median(name, 'A', 0):.2f} s | {median(name, 'A', 1):.2f} s | "
            f"{median(name, 'B', 0):.2f} s | {median(name, 'B', 1):.2f} s | "
            f"{median(name, 'B', 1) / median(name, 'A', 1):.2f}× | "
            f"{max(x[2] for x in a) / MIB:.0f} / {max(x[2] for x in b) / MIB:.0f} MiB |"
        )
    plain = "--json, no local values"
    lines += [
        "",
        "CPU with local values against CPU without, per build: "
        + "; ".join(
            f"{build}: "
            + ", ".join(
                f"{name.removeprefix('--json, ')} "
                f"{median(name, build, 1) / median(plain, build, 1):.2f}×"
                for name in list(options)[1:]
            )
            for build in ("A", "B")
        )
        + ".",
        "",
    ]
    text = RESULTS.read_text(encoding="utf-8")
    start = text.find(SECTION)
    if start >= 0:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + text[end + 1 :] if end >= 0 else text[:start]
    RESULTS.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
