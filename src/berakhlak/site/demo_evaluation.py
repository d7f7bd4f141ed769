"""The demo's evidence evaluation (docs/method.md §12): Sukamaju 2025 evaluated and finalised
with every colour present, some other instansi of 2025 too (for the national combined index),
and Sukamaju 2026 under way (evidence submitted, some scored, one unit returned)."""

from __future__ import annotations

import numpy as np
from django.contrib.auth.models import AbstractBaseUser

from ..evaluation.actions import (
    do_add_evidence,
    do_finalise_evaluation,
    do_return_unit,
    do_score_unit,
    do_submit_unit,
)
from ..surveys.models import Cycle

EVIDENCE = {
    "KP": "Surat edaran bupati tentang penguatan budaya kerja BerAKHLAK",
    "AG": "SK penetapan agen perubahan dan laporan kegiatan triwulan",
    "RM": "Penetapan role model bulanan dan publikasinya di apel pagi",
    "IN": "Pembacaan nilai BerAKHLAK sebelum rapat dan pelatihan panduan perilaku",
    "KM": "Unggahan #BanggaMelayaniBangsa di media sosial unit",
    "PS": "Perilaku kerja BerAKHLAK dalam SKP dan SOP pelayanan",
    "RA": "Rencana aksi atas nilai Adaptif yang lemah dan laporan pemantauannya",
    "AP": "Penghargaan pegawai teladan setiap semester",
}


def _evidence(
    cycle: Cycle, unit: object, rng: np.random.Generator, actor: AbstractBaseUser | None
) -> None:
    for criterion, text in EVIDENCE.items():
        if rng.random() < 0.75:
            link = f"https://sukamaju.example.go.id/bukti/{cycle.year}/{criterion.lower()}"
            do_add_evidence(unit, criterion, text, link, actor=actor)  # type: ignore[arg-type]


def evaluate_demo(
    cycle: Cycle,
    rng: np.random.Generator,
    *,
    finalise: bool,
    submitter: AbstractBaseUser | None = None,
    evaluator: AbstractBaseUser | None = None,
) -> None:
    """Evidence, submissions and scores for the units of `cycle`; every colour appears.

    Unfinalised (a cycle under way): a third of the units has submitted, half of those are
    scored, and one submitted unit is returned for revision."""
    units = list(cycle.units.order_by("code"))
    rubric = cycle.evaluation_rubric()
    quality = rng.beta(2.5, 1.8, len(units))  # how well each unit documents its work
    returned = False
    for j, unit in enumerate(units):
        if not finalise and j % 3:
            continue  # not submitted yet
        _evidence(cycle, unit, rng, submitter)
        do_submit_unit(unit, actor=submitter)
        if not finalise and j % 2 == 0:
            if not returned:
                do_return_unit(
                    unit, "Lampirkan SK agen perubahan yang ditandatangani.", actor=evaluator
                )
                returned = True
            continue
        for i, criterion in enumerate(rubric.codes):
            p = quality[j]
            if j < 3:  # the first units show the whole scale in any seed
                score = (i + j) % (rubric.scale_max + 1)
            else:
                score = int(rng.binomial(rubric.scale_max, p))
            do_score_unit(unit, criterion, score, "", actor=evaluator)
    if finalise:
        do_finalise_evaluation(cycle, actor=evaluator)
