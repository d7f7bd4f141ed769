"""The `berakhlak` command line: compute, generate, report and demo.

Row numbers in error messages count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from .files.problems import InputError
from .method.params import METHOD_ID, Params

EXIT_INPUT = 2


class Progress:
    """A one-line progress display on a terminal; silent otherwise or for small files."""

    def __init__(self, label: str, minimum: int = 20 << 20) -> None:
        self.label = label
        self.minimum = minimum
        self.enabled = sys.stderr.isatty()
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.minimum:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        share = done / total if total else 1.0
        bar = "#" * int(share * 30)
        sys.stderr.write(f"\r{self.label} [{bar:<30}] {share:4.0%}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * (len(self.label) + 40) + "\r")
            sys.stderr.flush()


def reuse_freed_memory() -> None:
    """Keep freed memory for reuse rather than return it to the system at once.

    Reading a large file allocates and frees the same large arrays batch after batch, and
    every page the system hands out anew costs a page fault, with its zeroing. So glibc
    keeps freed memory for reuse (about 10% of the time of `compute`), and Arrow's buffers
    come from jemalloc, which pyarrow's wheels include, or else from the C library: Arrow's
    default, mimalloc, gives freed memory back within milliseconds and faults it in again
    for the next batch (1M Parquet: 1.06 -> 0.90 s, 0.48 -> 0.26 s of system time, 110 MiB
    less at the peak). An ARROW_DEFAULT_MEMORY_POOL set by the user is left as it is.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" not in os.environ:
        import pyarrow as pa

        try:
            pa.set_memory_pool(pa.jemalloc_memory_pool())
        except NotImplementedError:  # a pyarrow built without jemalloc
            pa.set_memory_pool(pa.system_memory_pool())
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 << 20)  # arrays up to 32 MiB from the heap, not mmap
    mallopt(m_trim_threshold, 1 << 30)  # give the heap back only beyond 1 GiB free


_exit = {"quick": False}  # set by a command that wants the quick exit of `run`


def run() -> None:
    """The `berakhlak` console script: `main`, then, after a command that ends holding large
    arrays and many objects (compute), an exit that leaves them to the system.

    Python would otherwise free them one by one at exit, and unmap the memory: 40-60 ms of
    a one-second `compute`. Output is flushed first; files are closed by then (written
    atomically). mypy ends the same way. Tests call `main` in-process, never this.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exit:
        code = exit.code
    if not _exit["quick"]:
        sys.exit(code)
    status = code if isinstance(code, int) else 0 if code is None else 1
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as Python's own exit does
            status = status or 120
    os._exit(status)


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: compute makes no cycles worth collecting, while
    each collection would go through every object of the loaded libraries (35 ms of a
    national compute, holding up the reading threads)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def fail_with(error: InputError) -> None:
    for line in error.lines():
        click.echo(line, err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="berakhlak")
def main() -> None:
    """BerAKHLAK: the work-culture survey of Indonesian government agencies.

    Compute the Indeks BerAKHLAK from files, generate realistic synthetic data, write
    reports, or run the web application with a demo. Method: berakhlak-terbuka/2, described
    in docs/method.md.
    """


PATH = click.Path(path_type=Path, dir_okay=False)


@main.command()
@click.option(
    "--org",
    "org_path",
    required=True,
    type=PATH,
    help="Org file: instansi_code,instansi_name,unit_code,unit_name,headcount,region "
    "(.csv, .xlsx or .parquet).",
)
@click.option(
    "--responses",
    "responses_path",
    required=True,
    type=PATH,
    help="Responses file: response_id,year,instansi_code,unit_code,status,jabatan,"
    "gender,age_band,tenure_band,duration_s,pv,cc,dc.",
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write the results JSON (docs/method.md §14) here; - = stdout.",
)
@click.option(
    "--k",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Anonymity threshold: groups under k respondents are hidden (docs/method.md §9).",
)
@click.option(
    "--margin",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
    help="Slovin margin of error for the minimum (docs/method.md §8).",
)
@click.option(
    "--lang",
    type=click.Choice(["id", "en"]),
    default="id",
    show_default=True,
    help="Language of the narrative and the summary table.",
)
def compute(
    org_path: Path, responses_path: Path, json_out: Path | None, k: int, margin: float, lang: str
) -> None:
    """Compute every instansi-year, its units and the national roll-up.

    Method berakhlak-terbuka/2 (docs/method.md). Without --json, prints a summary table.
    Bad input is reported one line per problem (file, row, reason; the first 20 and a
    count of the rest) with exit status 2, and nothing is written. Speeders and
    straight-liners are excluded, not errors. A group with more valid respondents than
    its headcount is warned about on standard error (docs/method.md §6); the exit status
    stays 0.
    """
    _exit["quick"] = True
    reuse_freed_memory()
    with without_gc():
        _compute(org_path, responses_path, json_out, Params(k=k, margin=margin), lang)


def _compute(
    org_path: Path, responses_path: Path, json_out: Path | None, params: Params, lang: str
) -> None:
    from .files.dataset import load_dataset
    from .method import compute_results, default_pool

    pool = default_pool()
    progress = Progress(
        f"Membaca {responses_path.name}" if lang == "id" else f"Reading {responses_path.name}"
    )
    try:
        dataset = load_dataset(org_path, responses_path, pool, params, progress)
    except InputError as error:
        progress.close()
        fail_with(error)
        return
    progress.close()
    results = compute_results(dataset.instansi_years(), pool, params)
    warn_headcounts(results.instansi, lang)
    if json_out is None:
        click.echo(summary_table(results, lang))
        return
    from .method.results_text import json_pieces

    pieces = json_pieces(results, lang)
    if str(json_out) == "-":
        sys.stdout.buffer.write(b"".join(pieces))
    else:
        from .files.tables import write_atomic

        try:
            write_atomic(json_out, pieces)
        except OSError as error:
            raise click.FileError(str(json_out), error.strerror) from None
        click.echo(f"{json_out}: {len(results.instansi)} instansi-tahun", err=True)


def warn_headcounts(instansi_years: Any, lang: str) -> None:
    """One line on standard error per group with more valid respondents than staff."""
    label = "Warning" if lang == "en" else "Peringatan"
    for r in instansi_years:
        for text in r.warnings(lang):
            click.echo(f"{label}: {r.info.code} {r.year}: {text}", err=True)


def summary_table(results: Any, lang: str = "id") -> str:
    from .method.narrative import baseline_note
    from .method.rounding import format_count, format_percent

    en = lang == "en"
    head = (
        "Instansi",
        "Year" if en else "Tahun",
        "n",
        "Index" if en else "Indeks",
        "Cat." if en else "Kat.",
        "Rank" if en else "Peringkat",
        "Change" if en else "Perubahan",
    )
    ranks = results.ranks
    rows = []
    notes = []
    for r in results.instansi:
        name = f"{r.info.code} {r.info.name}"
        if len(name) > 44:
            name = name[:43] + "…"
        mark = "" if r.included else " *"
        if not r.shown:
            index, cat = "–", "–"
        else:
            index = format_percent(r.implementasi, lang)
            cat = _category(r.implementasi, results.params)
        rank = ranks.get((r.info.code, r.year))
        change = "–"
        c = r.comparison.indices["implementasi"] if r.comparison else None
        if c is not None:
            change = f"{change_words(c, lang)} vs {r.comparison.baseline_year}"
            note = baseline_note(r.comparison.baseline_year, r.comparison.unreported, lang)
            if note:
                notes.append(f"{r.info.code} {r.year}: {note}")
                change += f" [{len(notes)}]"
        rows.append(
            (
                name + mark,
                str(r.year),
                format_count(r.n, lang),
                index,
                cat,
                "–" if rank is None else str(rank[0]),
                change,
            )
        )
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    aligns = ["<", "<", ">", ">", "^", ">", "<"]
    lines = [
        "  ".join(f"{cell:{a}{w}}" for cell, a, w in zip(row, aligns, widths, strict=True)).rstrip()
        for row in [head, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.append("")
    for nat in results.national:
        summary = nat.indices["implementasi"]
        value = (
            "–"
            if summary.value is None
            else (f"{format_percent(summary.value, lang)} ({summary.category})")
        )
        if en:
            lines.append(
                f"National {nat.year}: {value}, mean of {nat.eligible_instansi} "
                f"included instansi out of {nat.instansi_total}"
            )
        else:
            lines.append(
                f"Nasional {nat.year}: {value}, rata-rata {nat.eligible_instansi} "
                f"instansi yang diikutkan dari {nat.instansi_total}"
            )
    lines.append(
        f"* not in the national figures: below the minimum number of respondents, or fewer "
        f"than {results.params.k} respondents"
        if en
        else f"* tidak masuk angka nasional: di bawah jumlah minimum responden, atau kurang "
        f"dari {results.params.k} responden"
    )
    lines += [f"[{i}] {note}" for i, note in enumerate(notes, start=1)]
    lines.append(f"Method {METHOD_ID}" if en else f"Metode {METHOD_ID}")
    return "\n".join(lines)


def change_words(c: Any, lang: str = "id") -> str:
    """A change as the reader sees it: the shown change with its direction word and whether
    it is bermakna ('turun 0,8 (tidak bermakna)'), never a sign beside the word."""
    from .method.change import TETAP
    from .method.rounding import format_decimal

    en = lang == "en"
    words = {"naik": "up", "turun": "down", "tetap": "unchanged"} if en else {}
    text = words.get(c.direction, c.direction)
    if c.direction != TETAP:
        text += f" {format_decimal(abs(c.delta_shown), lang)}"
        if c.significant is False:
            text += " (not significant)" if en else " (tidak bermakna)"
        elif c.significant:
            text += " (significant)" if en else " (bermakna)"
    return text


def _category(value: float, params: Params) -> str:
    from .method.rounding import category

    return category(value, params) or "–"


@main.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory to write org and responses files into.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--instansi",
    "n_instansi",
    type=click.IntRange(min=1),
    default=12,
    show_default=True,
    help="Number of instansi (a scenario's regency included).",
)
@click.option(
    "--respondents",
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help="Responses in the whole file, over all years.",
)
@click.option(
    "--years",
    default="2024,2025",
    show_default=True,
    help="Survey years, comma-separated (a scenario brings its own).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv", show_default=True
)
@click.option(
    "--scenario",
    type=click.Choice(["sukamaju"]),
    help="Include a named scenario: 'sukamaju' is a regency of 40 units whose "
    "index falls by about one point, five values falling and two rising.",
)
@click.option(
    "--texts/--no-texts",
    default=False,
    show_default=True,
    help="Add the optional free-text columns harapan and saran.",
)
def generate(
    out_dir: Path,
    seed: int,
    n_instansi: int,
    respondents: int,
    years: str,
    fmt: str,
    scenario: str | None,
    texts: bool,
) -> None:
    """Write realistic synthetic org and responses files for demos, tests and benchmarks."""
    from .generate.synthetic import GeneratorConfig, Synthetic, write_files
    from .method.rounding import format_count

    try:
        year_list = tuple(sorted({int(y) for y in years.split(",") if y.strip()}))
    except ValueError:
        year_list = ()
    if not year_list:
        raise click.BadParameter(f"{years!r} is not a list of years", param_hint="--years")
    config = GeneratorConfig(
        seed=seed,
        instansi=n_instansi,
        respondents=respondents,
        years=year_list,
        scenario=scenario,
        texts=texts,
    )
    synthetic = Synthetic(config)
    org_path, responses_path = write_files(synthetic, out_dir, fmt)
    n_units = sum(len(i.units) for i in synthetic.instansi)
    total = synthetic.written
    click.echo(f"{org_path}: {len(synthetic.instansi)} instansi, {format_count(n_units)} unit")
    click.echo(
        f"{responses_path}: {format_count(total)} respons, "
        f"tahun {', '.join(map(str, synthetic.years))}"
    )


def setup_django(**env: str) -> None:
    """Configure and start Django; `env` sets BERAKHLAK_* variables first."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    os.environ.update(env)
    import django

    from .site.settings_errors import configuration_errors

    with configuration_errors():
        django.setup()


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.pass_context
def manage(ctx: click.Context) -> None:
    """Run a Django management command (migrate, createsuperuser, check --deploy, …)."""
    import os

    from django.core.management import execute_from_command_line

    from .site.settings_errors import configuration_errors

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "berakhlak.site.settings")
    with configuration_errors():
        execute_from_command_line(["berakhlak manage", *ctx.args])


@main.command()
@click.option("--bind", default="127.0.0.1:8000", show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Threads per worker: most requests spend their time waiting for the database.",
)
def serve(bind: str, workers: int, threads: int) -> None:
    """Serve the web app with gunicorn (configure with BERAKHLAK_* environment variables)."""
    from .site.server import serve as serve_app

    setup_django()
    serve_app(bind, workers, threads)


@main.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("var/demo"),
    show_default=True,
    help="Where the demo's SQLite database and uploads live (recreated).",
)
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True)
def demo(port: int, data_dir: Path, workers: int) -> None:
    """Create a fresh demo database and serve it on http://127.0.0.1:PORT.

    A fictional regency (Kabupaten Sukamaju, 40 units) with published 2024 and 2025
    cycles and an open 2026 cycle, eleven other instansi for the national view, and one
    account per role (printed at start).
    """
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in ("berakhlak.sqlite3", "berakhlak.sqlite3-wal", "berakhlak.sqlite3-shm"):
        (data_dir / name).unlink(missing_ok=True)
    base = f"http://127.0.0.1:{port}"
    setup_django(
        BERAKHLAK_DATA_DIR=str(data_dir), BERAKHLAK_SITE_URL=base, BERAKHLAK_ENV="development"
    )
    from django.core.management import call_command

    from .site.demo import PASSWORD, demo_link, load_demo
    from .site.server import serve as serve_app

    click.echo(f"Menyiapkan basis data demo di {data_dir} …")
    call_command("migrate", verbosity=0)
    accounts = load_demo()
    lines = [
        "",
        "BerAKHLAK demo siap / ready:",
        f"  Aplikasi      {base}/",
        f"  Kuesioner     {demo_link(base)}",
        f"  Health check  {base}/healthz",
        "",
        f"  Akun (kata sandi semua: {PASSWORD})",
        f"    admin nasional           {accounts.admin}",
        f"    operator Sukamaju        {accounts.operator}",
        f"    pimpinan Sukamaju        {accounts.leader}",
        f"    kepala Dinas Kesehatan   {accounts.unit_leader}",
        f"    operator instansi lain   {accounts.other_operator}",
        "",
        "Tekan Ctrl+C untuk berhenti.",
    ]
    click.echo("\n".join(lines))
    serve_app(f"127.0.0.1:{port}", workers)


@main.command()
@click.argument("target", type=click.Path(path_type=Path, dir_okay=False))
def backup(target: Path) -> None:
    """Back up the whole database (SQLite or PostgreSQL, from the settings) to TARGET."""
    from .site.backup import BackupError
    from .site.backup import backup as make_backup

    setup_django()
    try:
        kind = make_backup(target)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{target}: cadangan {kind} ({target.stat().st_size:,} bytes)")


@main.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(source: Path, yes: bool) -> None:
    """Replace the database's contents with the backup in SOURCE."""
    from .site.backup import BackupError
    from .site.backup import restore as restore_backup

    if not yes:
        click.confirm("Seluruh isi basis data akan diganti dengan cadangan. Lanjutkan?", abort=True)
    setup_django()
    try:
        kind = restore_backup(source)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{source}: dipulihkan ke basis data {kind}")


@main.command()
@click.option("--org", "org_path", required=True, type=PATH, help="Org file (.csv/.xlsx/.parquet).")
@click.option(
    "--responses",
    "responses_path",
    required=True,
    type=PATH,
    help="Responses file; optional columns harapan and saran add the free text.",
)
@click.option("--instansi", "code", required=True, help="Instansi code, as in the org file.")
@click.option("--year", required=True, type=int, help="Survey year of the report.")
@click.option(
    "--pdf",
    "pdf_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the PDF report here.",
)
@click.option(
    "--xlsx",
    "xlsx_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the Excel workbook here.",
)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True)
@click.option("--k", type=click.IntRange(min=1), default=10, show_default=True)
@click.option(
    "--margin",
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
)
def report(
    org_path: Path,
    responses_path: Path,
    code: str,
    year: int,
    pdf_out: Path | None,
    xlsx_out: Path | None,
    lang: str,
    k: int,
    margin: float,
) -> None:
    """The PDF report and Excel workbook of one instansi-year, from files.

    The same report the web app gives for a cycle: narrative, indices, values with
    intervals and change against the baseline year (the latest earlier year in the file in
    which the instansi, or the unit, was shown; docs/method.md §7), behaviours, Top-10,
    areas, limiting factors, value jumps, units (suppressed where needed), demographic cuts
    and free text (groups of at least k). Without --pdf or --xlsx, prints the narrative.
    """
    import hashlib
    import random
    from types import SimpleNamespace

    from .files.report import load_report_data
    from .files.tables import write_atomic
    from .method import compute_results, default_pool
    from .method.items import DEFAULT_POOL_VERSION

    params = Params(k=k, margin=margin)
    pool = default_pool()
    try:
        data = load_report_data(org_path, responses_path, code, year, pool, params)
    except InputError as error:
        fail_with(error)
        return
    setup_django(BERAKHLAK_DATA_DIR=tempfile.mkdtemp(prefix="berakhlak-report-"))
    from django.utils import translation

    from .common.export import xlsx_bytes
    from .reports.views import render_cycle_pdf
    from .reports.workbook import cycle_workbook
    from .results.dashboard import assemble_dashboard

    results = compute_results(data.years, pool, params)
    seed = int(hashlib.sha256(f"texts:{code}:{year}".encode()).hexdigest(), 16)
    for texts in data.texts.values():
        texts.sort()
        random.Random(seed).shuffle(texts)

    instansi = SimpleNamespace(code=code, name=data.instansi.name)
    subject = SimpleNamespace(
        instansi=instansi, year=year, item_pool=DEFAULT_POOL_VERSION, status="published", pk=None
    )
    warn_headcounts([r for r in results.instansi if r.year == year], lang)
    with translation.override(lang):
        d = assemble_dashboard(subject, results, data.by_dimension, data.texts, lang)
        if pdf_out is None and xlsx_out is None:
            click.echo(d.narrative)
            return
        if pdf_out is not None:
            write_atomic(pdf_out, render_cycle_pdf(d))
            click.echo(f"{pdf_out}: laporan PDF" if lang == "id" else f"{pdf_out}: PDF report")
        if xlsx_out is not None:
            write_atomic(xlsx_out, xlsx_bytes(cycle_workbook(d)))
            click.echo(
                f"{xlsx_out}: buku kerja Excel" if lang == "id" else f"{xlsx_out}: Excel workbook"
            )
