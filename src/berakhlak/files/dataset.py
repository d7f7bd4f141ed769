"""From an org file and a responses file to counts per unit per instansi-year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..method.counts import Counts, Layout, count_responses
from ..method.items import ItemPool
from ..method.params import Params
from ..method.results import InstansiYear
from .org import Org, read_org
from .problems import InputError, ProblemLog
from .responses import ResponseBatch, ResponseReader, open_response_table, years_in
from .tables import Prefetch

Progress = Callable[[int, int], None]
"""Called with (done, total) in the file's own unit (bytes for CSV, rows otherwise)."""


@dataclass
class Dataset:
    org: Org
    years: dict[int, Counts]  # (n_units, width): counts per unit of the whole org in that year
    rows: dict[int, np.ndarray]  # (n_units,) rows per unit including excluded ones

    def instansi_years(self) -> list[InstansiYear]:
        """Every instansi-year with at least one row in the responses file."""
        out = []
        for year, counts in sorted(self.years.items()):
            rows = self.rows[year]
            for inst in self.org.instansi.values():
                first = self.org.first_unit_id(inst.code)
                block = slice(first, first + len(inst.units))
                if rows[block].sum() > 0:
                    out.append(InstansiYear(inst, year, counts[block]))
        return out


def count_batch(
    batch: ResponseBatch, groups: np.ndarray, n_groups: int, pool: ItemPool, params: Params
) -> Counts:
    return count_responses(
        groups,
        n_groups,
        batch.picks["pv"],
        batch.picks["cc"],
        batch.picks["dc"],
        batch.duration_s,
        pool,
        params,
    )


def read_counts(
    reader: ResponseReader, params: Params, progress: Progress | None = None
) -> Dataset:
    """Counts per unit and year of every valid response; InputError when any row is bad."""
    org, pool = reader.org, reader.pool
    layout = Layout.for_pool(pool)
    years: dict[int, Counts] = {}
    rows: dict[int, np.ndarray] = {}

    def count(batch: ResponseBatch) -> tuple[np.ndarray, Counts, np.ndarray]:
        """Counts per (year, unit) found in the batch: keys year * n_units + unit."""
        key = batch.year.astype(np.int64) * org.n_units + batch.unit
        present, group = np.unique(key, return_inverse=True)
        counts = count_batch(batch, group, len(present), pool, params)
        return present, counts, np.bincount(group, minlength=len(present))

    processed = 0
    for present, counts, n_rows in reader.map(count):
        processed += int(n_rows.sum())
        year_of, unit_of = np.divmod(present, org.n_units)
        for year in years_in(year_of):
            if year not in years:
                years[year] = layout.empty(org.n_units)
                rows[year] = np.zeros(org.n_units, dtype=np.int64)
            these = year_of == year
            years[year][unit_of[these]] += counts[these]
            rows[year][unit_of[these]] += n_rows[these]
        if progress:
            progress(reader.table.processed(processed), reader.table.size)
    if reader.log:
        raise reader.log.error(reader.table.row_of)
    return Dataset(org, years, rows)


def load_dataset(
    org_path: Path,
    responses_path: Path,
    pool: ItemPool,
    params: Params,
    progress: Progress | None = None,
) -> Dataset:
    """Read the org file, then the responses against it (InputError on any problem; the org
    file's problems first).

    The first batches of responses are read in the background while the org file is
    checked: decoding them needs no interpreter, checking the org needs nothing else."""
    try:
        table = open_response_table(responses_path)
    except InputError:
        read_org(org_path)  # its problems come first
        raise
    table.batches = prefetch = Prefetch(table.batches)
    try:
        org = read_org(org_path)
    except InputError:
        prefetch.cancel()
        raise
    return read_counts(ResponseReader(table, org, pool, ProblemLog(table.name)), params, progress)
