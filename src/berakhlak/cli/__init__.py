"""The `berakhlak` command line: compute, report and generate from files, and the web app.

Each command is a short function in a module of its own that parses its options and hands
off to the layers below; the group loads a command's module only when it runs. The run
speaks one language (text.py); the memory and exit tuning of `compute` is in tuning.py.
Row numbers in error messages count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import click

from .text import N_, Group, Option, set_language
from .tuning import run_and_exit

COMMANDS = {
    "compute": "berakhlak.cli.compute",
    "report": "berakhlak.cli.report",
    "generate": "berakhlak.cli.generate",
    "demo": "berakhlak.cli.web",
    "serve": "berakhlak.cli.web",
    "manage": "berakhlak.cli.web",
    "backup": "berakhlak.cli.web",
    "restore": "berakhlak.cli.web",
}


@click.group(
    cls=Group,
    commands_in=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help=N_(
        "BerAKHLAK: survei budaya kerja instansi pemerintah Indonesia.\n\n"
        "Hitung Indeks BerAKHLAK dari berkas, buat data sintetis yang realistis, tulis "
        "laporan, atau jalankan aplikasi web dengan demo. Metode: berakhlak-terbuka/2, "
        "dijelaskan di docs/method.md."
    ),
)
@click.option(
    "--lang",
    cls=Option,
    type=click.Choice(["id", "en"]),
    envvar="BERAKHLAK_LANG",
    expose_value=False,
    is_eager=True,
    callback=set_language,
    help=N_("Bahasa yang dipakai: id (bawaan) atau en; juga BERAKHLAK_LANG."),
)
@click.version_option(package_name="berakhlak", help=N_("Tampilkan versi, lalu berhenti."))
def main() -> None:
    pass


def run() -> None:
    """The `berakhlak` console script."""
    run_and_exit(main)
