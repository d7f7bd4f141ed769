"""`berakhlak generate`: realistic synthetic org and responses files."""

from __future__ import annotations

from pathlib import Path

import click

from ..generate.synthetic import GeneratorConfig, Synthetic
from ..generate.writing import write_files
from ..method.rounding import format_count
from .text import N_, Command, Option, _, language


@click.command(
    cls=Command,
    help=N_(
        "Tulis berkas organisasi dan respons sintetis yang realistis untuk demo, pengujian "
        "dan tolok ukur."
    ),
)
@click.option(
    "--out",
    "out_dir",
    cls=Option,
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Direktori tempat berkas organisasi dan respons ditulis."),
)
@click.option("--seed", cls=Option, type=int, default=1, show_default=True)
@click.option(
    "--instansi",
    "n_instansi",
    cls=Option,
    type=click.IntRange(min=1),
    default=12,
    show_default=True,
    help=N_("Jumlah instansi (termasuk kabupaten sebuah skenario)."),
)
@click.option(
    "--respondents",
    cls=Option,
    type=click.IntRange(min=1),
    default=20_000,
    show_default=True,
    help=N_("Jumlah respons di seluruh berkas, semua tahun."),
)
@click.option(
    "--years",
    cls=Option,
    default="2024,2025",
    show_default=True,
    help=N_("Tahun survei, dipisahkan koma (sebuah skenario membawa tahunnya sendiri)."),
)
@click.option(
    "--format",
    "fmt",
    cls=Option,
    type=click.Choice(["csv", "parquet"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--scenario",
    cls=Option,
    type=click.Choice(["sukamaju"]),
    help=N_(
        "Sertakan skenario bernama: 'sukamaju' adalah kabupaten dengan 40 unit yang "
        "indeksnya turun sekitar satu poin, lima nilai turun dan dua naik."
    ),
)
@click.option(
    "--texts/--no-texts",
    cls=Option,
    default=False,
    show_default=True,
    help=N_("Tambahkan kolom teks bebas opsional harapan dan saran."),
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
    try:
        year_list = tuple(sorted({int(y) for y in years.split(",") if y.strip()}))
    except ValueError:
        year_list = ()
    if not year_list:
        raise click.BadParameter(
            _("%(years)r bukan daftar tahun") % {"years": years}, param_hint="--years"
        )
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
    lang = language()
    n_units = sum(len(i.units) for i in synthetic.instansi)
    click.echo(
        _("%(file)s: %(instansi)d instansi, %(units)s unit")
        % {
            "file": org_path,
            "instansi": len(synthetic.instansi),
            "units": format_count(n_units, lang),
        }
    )
    click.echo(
        _("%(file)s: %(n)s respons, tahun %(years)s")
        % {
            "file": responses_path,
            "n": format_count(synthetic.written, lang),
            "years": ", ".join(map(str, synthetic.years)),
        }
    )
