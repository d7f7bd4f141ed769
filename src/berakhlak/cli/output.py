"""What the commands share: file options, a progress line, and problem and warning lines."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import click

from ..files.evidence import read_evidence, read_rubric
from ..files.org import Org
from ..files.problems import InputError
from ..method.combined import DEFAULT_RUBRIC
from ..method.language import translation
from ..method.results import InstansiResult, InstansiYear
from .text import N_, Option, _, language, set_language

EXIT_INPUT = 2
PATH = click.Path(path_type=Path, dir_okay=False)

lang_option = click.option(
    "--lang",
    cls=Option,
    type=click.Choice(["id", "en"]),
    expose_value=False,
    is_eager=True,
    callback=set_language,
    help=N_("Bahasa keluaran, narasi termasuk (sama dengan `berakhlak --lang`)."),
)
k_option = click.option(
    "--k",
    cls=Option,
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help=N_(
        "Ambang anonimitas: kelompok dengan kurang dari k responden disembunyikan "
        "(docs/method.md §9)."
    ),
)
margin_option = click.option(
    "--margin",
    cls=Option,
    type=click.FloatRange(min=0, max=1, min_open=True, max_open=True),
    default=0.05,
    show_default=True,
    help=N_("Batas kesalahan Slovin untuk jumlah minimum responden (docs/method.md §8)."),
)
local_values_option = click.option(
    "--local-values",
    "local_path",
    cls=Option,
    type=PATH,
    help=N_(
        "Berkas nilai lokal: instansi_code,set_code,set_name,value_code,name_id,name_en,"
        "items, dan legal_basis bila ada (docs/method.md §18); instansi_code * berlaku untuk "
        "setiap instansi tanpa set sendiri."
    ),
)

evidence_option = click.option(
    "--evidence",
    "evidence_path",
    cls=Option,
    type=PATH,
    help=N_(
        "Berkas penilaian bukti untuk indeks gabungan: year,instansi_code,unit_code,"
        "criterion,score (docs/method.md §12)."
    ),
)
rubric_option = click.option(
    "--rubric",
    "rubric_path",
    cls=Option,
    type=PATH,
    help=N_(
        "Rubrik penilaian bukti: criterion,name_id,name_en,weight,scale_max; tanpa ini, "
        "rubrik bawaan delapan kriteria dengan skala 0–2 (docs/method.md §12)."
    ),
)


def with_evidence(
    years: list[InstansiYear], org: Org, evidence_path: Path | None, rubric_path: Path | None
) -> list[InstansiYear]:
    """The instansi-years with the evaluators' scores of an evidence file (InputError on a
    bad row of it or of the rubric file; unchanged without an evidence file)."""
    if evidence_path is None:
        if rubric_path is not None:
            read_rubric(rubric_path)  # its problems are still worth knowing
        return years
    rubric = read_rubric(rubric_path) if rubric_path is not None else DEFAULT_RUBRIC
    evaluations = read_evidence(evidence_path, org, rubric)
    return [replace(d, evaluation=evaluations.get((d.instansi.code, d.year))) for d in years]


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


def fail_with(error: InputError) -> None:
    """One line per problem on standard error, then exit status 2."""
    for line in error.lines(translation(language()), language()):
        click.echo(line, err=True)
    sys.exit(EXIT_INPUT)


def warn_headcounts(instansi_years: Iterable[InstansiResult], lang: str) -> None:
    """One line on standard error per group with more valid respondents than staff."""
    for r in instansi_years:
        for text in r.warnings(lang):
            click.echo(
                _("Peringatan: %(who)s %(year)d: %(text)s")
                % {"who": r.info.code, "year": r.year, "text": text},
                err=True,
            )
