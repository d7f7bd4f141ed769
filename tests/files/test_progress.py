"""The progress display follows the work done, not the reader running ahead of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from berakhlak.files.dataset import load_dataset
from berakhlak.generate.synthetic import GeneratorConfig, Synthetic
from berakhlak.generate.writing import write_files
from berakhlak.method import Params, default_pool


def test_progress_rises_with_the_rows_processed_and_ends_at_the_whole_file(
    tmp_path: Path,
) -> None:
    # About 21 MB of CSV: three blocks of the streaming reader, which reads ahead.
    config = GeneratorConfig(seed=3, instansi=30, respondents=120_000)
    org, responses = write_files(Synthetic(config), tmp_path, "csv")
    calls: list[tuple[int, int]] = []
    load_dataset(org, responses, default_pool(), Params(), lambda d, t: calls.append((d, t)))
    assert len(calls) >= 3  # one call per batch of this file
    done = [d for d, _ in calls]
    total = calls[-1][1]
    assert done == sorted(done)  # never goes back
    assert done[0] < total / 2  # starts low even though reading runs ahead
    assert done[-1] == pytest.approx(total, rel=0.02)
