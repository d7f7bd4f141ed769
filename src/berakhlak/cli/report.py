"""`berakhlak report`: the PDF report and Excel workbook of one instansi-year, from files.

The report is the web app's for a cycle, assembled the same way (results/dashboard.py) from
the same figures; it is rendered by Django's templates, so Django starts first, in a
temporary data directory (nothing is stored).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from ..files.problems import InputError
from ..files.report import load_report_data
from ..files.tables import write_atomic
from ..method import compute_results, default_pool
from ..method.comments import group_all
from ..method.items import DEFAULT_POOL_VERSION
from ..method.params import Params
from .output import (
    PATH,
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
from .text import N_, Command, Option, _, language
from .web import setup_django


@click.command(
    cls=Command,
    help=N_(
        "Laporan PDF dan buku kerja Excel satu instansi-tahun, dari berkas.\n\n"
        "Laporan yang sama dengan yang diberikan aplikasi web untuk sebuah siklus: narasi, "
        "indeks, nilai dengan interval dan perubahan dibandingkan tahun pembanding (tahun "
        "terakhir sebelumnya dalam berkas ketika instansi, atau unitnya, ditampilkan; "
        "docs/method.md §7), perilaku, sepuluh teratas, area, faktor penghambat, lompatan "
        "nilai, unit (disembunyikan bila perlu), potongan demografi dan teks bebas "
        "(kelompok dengan sedikitnya k responden). Tanpa --pdf atau --xlsx, mencetak narasi."
    ),
)
@click.option(
    "--org",
    "org_path",
    cls=Option,
    required=True,
    type=PATH,
    help=N_("Berkas organisasi (.csv/.xlsx/.parquet)."),
)
@click.option(
    "--responses",
    "responses_path",
    cls=Option,
    required=True,
    type=PATH,
    help=N_("Berkas respons; kolom opsional harapan dan saran menambahkan teks bebas."),
)
@click.option(
    "--instansi",
    "code",
    cls=Option,
    required=True,
    help=N_("Kode instansi, seperti dalam berkas organisasi."),
)
@click.option("--year", cls=Option, required=True, type=int, help=N_("Tahun survei laporan."))
@click.option(
    "--pdf",
    "pdf_out",
    cls=Option,
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Tulis laporan PDF ke sini."),
)
@click.option(
    "--xlsx",
    "xlsx_out",
    cls=Option,
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Tulis buku kerja Excel ke sini."),
)
@local_values_option
@evidence_option
@rubric_option
@lang_option
@k_option
@margin_option
def report(
    org_path: Path,
    responses_path: Path,
    code: str,
    year: int,
    pdf_out: Path | None,
    xlsx_out: Path | None,
    local_path: Path | None,
    evidence_path: Path | None,
    rubric_path: Path | None,
    k: int,
    margin: float,
) -> None:
    lang = language()
    params = Params(k=k, margin=margin)
    pool = default_pool()
    try:
        data = load_report_data(org_path, responses_path, code, year, pool, params, local_path)
        data.years = with_evidence(data.years, data.org, evidence_path, rubric_path)
    except InputError as error:
        fail_with(error)
        return
    setup_django(BERAKHLAK_DATA_DIR=tempfile.mkdtemp(prefix="berakhlak-report-"))
    # Reports and results import Django's models: only after django.setup().
    from django.utils import translation  # noqa: PLC0415 - after django.setup()

    from ..common.export import xlsx_bytes  # noqa: PLC0415 - after django.setup()
    from ..reports.documents import cycle_report_pdf  # noqa: PLC0415 - after django.setup()
    from ..reports.workbook import cycle_workbook  # noqa: PLC0415 - after django.setup()
    from ..results.dashboard import ReportSubject, assemble_dashboard  # noqa: PLC0415 - after django.setup()

    results = compute_results(data.years, pool, params)
    subject = ReportSubject(
        instansi_code=code,
        instansi_name=data.instansi.name,
        year=year,
        item_pool=DEFAULT_POOL_VERSION,
        texts_key=f"texts:{code}:{year}",
    )
    warn_headcounts([r for r in results.instansi if r.year == year], lang)
    with translation.override(lang):
        texts = group_all(data.texts, subject.texts_key)
        d = assemble_dashboard(subject, results, data.by_dimension, texts, lang)
        if pdf_out is None and xlsx_out is None:
            click.echo(d.narrative)
            return
        if pdf_out is not None:
            write_atomic(pdf_out, cycle_report_pdf(d))
            click.echo(_("%(file)s: laporan PDF") % {"file": pdf_out})
        if xlsx_out is not None:
            write_atomic(xlsx_out, xlsx_bytes(cycle_workbook(d)))
            click.echo(_("%(file)s: buku kerja Excel") % {"file": xlsx_out})
