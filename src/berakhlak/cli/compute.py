"""`berakhlak compute`: every instansi-year of a responses file, its units and the national
roll-up, as a summary table or the results JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..files.dataset import load_dataset
from ..files.problems import InputError
from ..files.tables import write_atomic
from ..method import compute_results, default_pool
from ..method.params import Params
from ..method.results_text import json_pieces
from .output import (
    PATH,
    Progress,
    evidence_option,
    fail_with,
    k_option,
    lang_option,
    local_values_option,
    margin_option,
    rubric_option,
    warn_headcounts,
    with_evidence,
)
from .summary import summary_table
from .text import N_, Command, Option, _, language
from .tuning import exit_quickly, reuse_freed_memory, without_gc


@click.command(
    cls=Command,
    help=N_(
        "Hitung setiap instansi-tahun, unit-unitnya, dan rekap nasional.\n\n"
        "Metode berakhlak-terbuka/2 (docs/method.md). Tanpa --json, mencetak tabel "
        "ringkasan. Masukan yang salah dilaporkan satu baris per masalah (berkas, baris, "
        "alasan; 20 yang pertama dan jumlah sisanya) dengan status keluar 2, dan tidak ada "
        "yang ditulis. Responden yang terlalu cepat dan yang pola jawabannya sama "
        "dikecualikan, bukan kesalahan. Kelompok dengan responden sah lebih banyak daripada "
        "jumlah pegawainya diberi peringatan di standard error (docs/method.md §6); status "
        "keluar tetap 0."
    ),
)
@click.option(
    "--org",
    "org_path",
    cls=Option,
    required=True,
    type=PATH,
    help=N_(
        "Berkas organisasi: instansi_code,instansi_name,unit_code,unit_name,headcount,"
        "region, dan boleh group_code,group_name (kelompok pelaporan) serta operator_email "
        "(diperiksa, tidak dipakai dalam perhitungan) (.csv, .xlsx atau .parquet)."
    ),
)
@click.option(
    "--responses",
    "responses_path",
    cls=Option,
    required=True,
    type=PATH,
    help=N_(
        "Berkas respons: response_id,year,instansi_code,unit_code,status,jabatan,"
        "gender,age_band,tenure_band,duration_s,pv,cc,dc."
    ),
)
@click.option(
    "--json",
    "json_out",
    cls=Option,
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help=N_("Tulis JSON hasil (docs/method.md §14) ke sini; - = standard output."),
)
@local_values_option
@evidence_option
@rubric_option
@k_option
@margin_option
@lang_option
def compute(
    org_path: Path,
    responses_path: Path,
    json_out: Path | None,
    local_path: Path | None,
    evidence_path: Path | None,
    rubric_path: Path | None,
    k: int,
    margin: float,
) -> None:
    exit_quickly()
    reuse_freed_memory()
    with without_gc():
        params = Params(k=k, margin=margin)
        _compute(
            (org_path, responses_path, local_path, evidence_path, rubric_path),
            json_out,
            params,
            language(),
        )


def _compute(
    paths: tuple[Path, Path, Path | None, Path | None, Path | None],
    json_out: Path | None,
    params: Params,
    lang: str,
) -> None:
    org_path, responses_path, local_path, evidence_path, rubric_path = paths
    pool = default_pool()
    progress = Progress(_("Membaca %(file)s") % {"file": responses_path.name})
    try:
        dataset = load_dataset(org_path, responses_path, pool, params, progress, local_path)
        progress.close()
        years = with_evidence(dataset.instansi_years(), dataset.org, evidence_path, rubric_path)
    except InputError as error:
        progress.close()
        fail_with(error)
        return
    results = compute_results(years, pool, params)
    warn_headcounts(results.instansi, lang)
    if json_out is None:
        click.echo(summary_table(results, lang))
        return
    pieces = json_pieces(results, lang)
    if str(json_out) == "-":
        sys.stdout.buffer.write(b"".join(pieces))
        return
    try:
        write_atomic(json_out, pieces)
    except OSError as error:
        raise click.FileError(str(json_out), error.strerror) from None
    click.echo(
        _("%(file)s: %(n)d instansi-tahun") % {"file": json_out, "n": len(results.instansi)},
        err=True,
    )
