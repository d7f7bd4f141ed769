"""Wall time and peak memory of `berakhlak compute` against a one-pass DuckDB floor.

For each size and format, runs as separate processes, interleaved and repeated:
`berakhlak compute` with --json and without (summary table), the floor (one DuckDB query
counting cc votes per item per instansi-year, bench/floor_duckdb.py) and a plain pandas
implementation of the implementation index (bench/pandas_implementasi.py). Writes the
medians into the section "berakhlak compute" of bench/RESULTS.md.

Usage: .venv/bin/python bench/compute_bench.py [--sizes 1000000,4000000]
           [--formats csv,parquet] [--repeat 3] [--berakhlak PATH]

Synthetic data (600 instansi, seed 1) is generated into bench/data/ when missing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
DATA, OUT, RESULTS = BENCH / "data", BENCH / "out", BENCH / "RESULTS.md"
BIN = Path(sys.executable).parent
INSTANSI, SEED = 600, 1
SECTION = "## berakhlak compute"
MIB = 1 << 20
NOTES = """
What the variants do, on the same file: `compute --json` is `berakhlak compute --org …
--responses … --json bench/out/…`, the full results of §10 (about 51 MB of JSON for 1,200
instansi-years and 46,500 unit-years); `compute (table)` is the same without `--json`, printing
the summary table. The floor (`bench/floor_duckdb.py`) is one DuckDB query counting cc votes
per item per instansi-year, result fetched into Python: one pass over three of the thirteen
columns. `pandas I1` (`bench/pandas_implementasi.py`) computes the implementation index per
instansi-year in plain pandas (`str.contains` per value, `groupby().mean()`) without validating
the file or leaving out speeders and straight-liners; its I1 agree with `compute` within a point.

`compute` does much more than the floor: it checks every field of every row (so that a bad row
is named), parses all three pick questions, counts votes, reach and exclusions per unit, and
computes every index with its interval for every unit and instansi before writing anything.
Where the time goes (1M, single runs, wall): start-up and imports 0.18 s (numpy 0.05 s,
pyarrow with its compute functions 0.07 s); the org file (23,000 units) 0.05 s, while the
first batches of responses are already being decoded; reading, checking and counting the
responses 0.5–0.65 s on Parquet (0.9–1.0 s of CPU on the two cores: decoding 0.3 s in a
thread of its own, checking and parsing 0.27 s and counting 0.17 s in two others) and
0.6–0.8 s on CSV (1.1–1.5 s of CPU); the instansi results and the national roll-up 0.05 s.
`--json` adds the figures of the 46,500 unit-years and 51 MB of JSON: 0.6 s of Python on one
core, shared with a forked copy of the process on the other core, 0.35 s. The process then
ends without tearing its memory down (0.05 s saved). On Parquet the floor reads three of the
thirteen columns of a columnar file (0.41 s); `compute` reads all thirteen, the seven
categorical ones as dictionaries and year and duration as numbers.

### How to reproduce

```sh
.venv/bin/pip install -e '.[test,bench]'
.venv/bin/python bench/compute_bench.py       # 1M and 4M respondents, CSV and Parquet, 3 runs
.venv/bin/python bench/compute_bench.py --sizes 1000000 --formats csv --repeat 5
.venv/bin/python bench/compute_bench.py --berakhlak path/to/another/berakhlak  # compare builds
```

The data (600 instansi, seed 1, two years, about 23,000 units) is generated into `bench/data/`
on the first run and kept there (git-ignored; 1.1 GB for the four files; generating 4M takes a
few minutes). Results JSON go to `bench/out/`. The script rewrites only this section. Every
command runs once untimed before the rounds, so that the files are in the page cache and
Python's bytecode is written, as a regular install does (the script lets it be written even
where PYTHONDONTWRITEBYTECODE is set). Each run is a separate process and the variants take
turns, so that load from other jobs falls on all of them alike; on a shared machine, check
the min–max column and the load average.
"""


@dataclass(frozen=True)
class Target:
    floor_ratio: float | None  # at most this many times the floor's wall time
    seconds: float | None  # or under this wall time
    rss_mib: float


TARGETS = {
    1_000_000: Target(floor_ratio=2.0, seconds=None, rss_mib=1024),
    4_000_000: Target(floor_ratio=None, seconds=10.0, rss_mib=4096),
}


@dataclass
class Variant:
    name: str
    command: list[str]
    walls: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def rss_mib(self) -> float:
        return max(self.rss) / MIB

    def ratio(self, floor: Variant) -> float:
        """Median over the rounds of wall time / the floor's in the same round."""
        return statistics.median(w / f for w, f in zip(self.walls, floor.walls, strict=True))


def dataset(size: int, fmt: str, berakhlak: str) -> tuple[Path, Path]:
    """The org and responses files of `size` respondents, generated when missing."""
    folder = DATA / f"r{size}-{fmt}"
    org, responses = folder / f"org.{fmt}", folder / f"responses.{fmt}"
    if not (org.exists() and responses.exists()):
        print(f"generating {folder} ...", file=sys.stderr)
        options = {"--instansi": INSTANSI, "--respondents": size, "--format": fmt, "--seed": SEED}
        arguments = [str(x) for pair in options.items() for x in pair]
        subprocess.run([berakhlak, "generate", "--out", str(folder), *arguments], check=True)
    return org, responses


# The commands run as after a regular install, which compiles Python's bytecode: where the
# environment forbids writing it (PYTHONDONTWRITEBYTECODE, as in some sandboxes and
# containers), an editable install would compile every module at every start (25 ms).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> tuple[float, int]:
    """Wall time (s) and peak resident memory (bytes) of one run of `command`."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, env=ENV)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return wall, usage.ru_maxrss * 1024  # Linux reports KiB


def variants(size: int, fmt: str, berakhlak: str) -> list[Variant]:
    org, responses = dataset(size, fmt, berakhlak)
    compute = [berakhlak, "compute", "--org", str(org), "--responses", str(responses)]
    python = str(BIN / "python")
    return [
        Variant("compute --json", [*compute, "--json", str(OUT / f"results-{size}-{fmt}.json")]),
        Variant("compute (table)", compute),
        Variant("DuckDB floor", [python, str(BENCH / "floor_duckdb.py"), str(responses)]),
        Variant("pandas I1", [python, str(BENCH / "pandas_implementasi.py"), str(responses)]),
    ]


def verdict(variant: Variant, floor: Variant, target: Target | None) -> str:
    if target is None or not variant.name.startswith("compute"):
        return ""
    time_ok = (
        variant.ratio(floor) <= target.floor_ratio
        if target.floor_ratio is not None
        else target.seconds is not None and variant.wall < target.seconds
    )
    return "pass" if time_ok and variant.rss_mib <= target.rss_mib else "**fail**"


def target_text(target: Target | None) -> str:
    if target is None:
        return "–"
    time_part = (
        f"≤ {target.floor_ratio:g}× floor"
        if target.floor_ratio is not None
        else f"< {target.seconds:g} s"
    )
    return f"{time_part}, ≤ {target.rss_mib / 1024:g} GiB"


def machine() -> list[str]:
    meminfo = Path("/proc/meminfo").read_text().split("\n")
    ram_kib = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().split("\n")
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    versions = ", ".join(
        f"{name} {metadata.version(name)}"
        for name in ("berakhlak", "numpy", "pyarrow", "duckdb", "pandas")
    )
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        cwd=BENCH,
        check=False,
    ).stdout.strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}",
        f"- Machine: {os.cpu_count()} cores ({cpu}), {ram_kib / (1 << 20):.1f} GiB RAM, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- Load average at the start (other jobs share the machine): {load}",
    ]


def report(runs: dict[tuple[int, str], list[Variant]], repeat: int) -> str:
    lines = [
        SECTION,
        "",
        *machine(),
        f"- Median of {repeat} rounds; in each round every variant runs once, as a separate "
        "process. × floor is the median of the ratios within a round. Peak RSS is the largest "
        "maximum resident set size of the runs (`os.wait4`).",
        "",
        "| respondents | format | variant | wall (s) | min–max (s) | peak RSS (MiB) "
        "| × floor | target | result |",
        "|---:|---|---|---:|---:|---:|---:|---|---|",
    ]
    for (size, fmt), group in runs.items():
        floor = next(v for v in group if v.name == "DuckDB floor")
        target = TARGETS.get(size)
        for v in group:
            compute = v.name.startswith("compute")
            lines.append(
                f"| {size:,} | {fmt} | {v.name} | {v.wall:.2f} | "
                f"{min(v.walls):.2f}–{max(v.walls):.2f} | {v.rss_mib:,.0f} | "
                f"{v.ratio(floor):.2f} | {target_text(target) if compute else ''} | "
                f"{verdict(v, floor, target)} |"
            )
    return "\n".join(lines) + "\n" + NOTES


def write_section(text: str) -> None:
    """Replace the section in RESULTS.md (up to the next '## ' heading), keeping the rest."""
    old = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n\n"
    if SECTION in old:
        before, rest = old.split(SECTION, 1)
        after = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
    else:
        before, after = old.rstrip("\n") + "\n\n", ""
    RESULTS.write_text(before + text + ("\n" + after if after else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000000,4000000")
    parser.add_argument("--formats", default="csv,parquet")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--berakhlak", default=str(BIN / "berakhlak"), help="the command to measure"
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    runs = {
        (size, fmt): variants(size, fmt, args.berakhlak)
        for size in map(int, args.sizes.split(","))
        for fmt in args.formats.split(",")
    }
    for group in runs.values():  # untimed: bytecode written, files in the page cache
        for v in group:
            measure(v.command)
    for i in range(args.repeat):
        for (size, fmt), group in runs.items():
            for v in group:
                wall, rss = measure(v.command)
                v.walls.append(wall)
                v.rss.append(rss)
                print(
                    f"[{i + 1}/{args.repeat}] {size:>9,} {fmt:<7} {v.name:<16} "
                    f"{wall:6.2f} s {rss / MIB:7.0f} MiB",
                    file=sys.stderr,
                )
    text = report(runs, args.repeat)
    write_section(text)
    print(text)


if __name__ == "__main__":
    main()
