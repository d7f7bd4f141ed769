"""From an org file and a responses file to counts per unit per instansi-year."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..method.counts import Counts, Layout, count_responses, count_responses_with_local
from ..method.items import ItemPool
from ..method.local import LocalLayout, LocalMasks
from ..method.params import Params
from ..method.results import InstansiYear
from .local_values import LocalSets, read_local_values
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
    local: LocalSets | None = None
    local_years: dict[int, Counts] = field(default_factory=dict)
    """(n_units, LocalLayout.WIDTH) local counts per unit of the whole org in each year."""

    def instansi_years(self) -> list[InstansiYear]:
        """Every instansi-year with at least one row in the responses file."""
        out = []
        for year, counts in sorted(self.years.items()):
            rows = self.rows[year]
            for inst in self.org.instansi.values():
                first = self.org.first_unit_id(inst.code)
                block = slice(first, first + len(inst.units))
                if rows[block].sum() > 0:
                    local = self.local.for_instansi(inst.code) if self.local else None
                    out.append(
                        InstansiYear(
                            inst,
                            year,
                            counts[block],
                            local_set=local,
                            local_counts=self.local_years[year][block] if local else None,
                        )
                    )
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
    reader: ResponseReader,
    params: Params,
    progress: Progress | None = None,
    local: LocalSets | None = None,
) -> Dataset:
    """Counts per unit and year of every valid response, and of the instansi's local value
    sets when `local` is given (in the same pass); InputError when any row is bad."""
    org, pool = reader.org, reader.pool
    layout = Layout.for_pool(pool)
    years: dict[int, Counts] = {}
    rows: dict[int, np.ndarray] = {}
    local_years: dict[int, Counts] = {}
    sets, unit_set = local.by_unit(org) if local else ([], np.zeros(0, np.intp))
    masks = LocalMasks.of(sets, pool) if sets else None

    def count(batch: ResponseBatch) -> tuple[np.ndarray, Counts, np.ndarray, Counts | None]:
        """Counts per (year, unit) found in the batch: keys year * n_units + unit."""
        key = batch.year.astype(np.int64) * org.n_units + batch.unit
        present, group = np.unique(key, return_inverse=True)
        n_rows = np.bincount(group, minlength=len(present))
        if masks is None:
            return present, count_batch(batch, group, len(present), pool, params), n_rows, None
        counts, local_counts = count_responses_with_local(
            group,
            len(present),
            batch.picks["pv"],
            batch.picks["cc"],
            batch.picks["dc"],
            batch.duration_s,
            pool,
            params,
            unit_set[batch.unit],
            masks,
        )
        return present, counts, n_rows, local_counts

    processed = 0
    for present, counts, n_rows, local_counts in reader.map(count):
        processed += int(n_rows.sum())
        year_of, unit_of = np.divmod(present, org.n_units)
        for year in years_in(year_of):
            if year not in years:
                years[year] = layout.empty(org.n_units)
                rows[year] = np.zeros(org.n_units, dtype=np.int64)
                if masks is not None:
                    local_years[year] = LocalLayout.empty(org.n_units)
            these = year_of == year
            years[year][unit_of[these]] += counts[these]
            rows[year][unit_of[these]] += n_rows[these]
            if local_counts is not None:
                local_years[year][unit_of[these]] += local_counts[these]
        if progress:
            progress(reader.table.processed(processed), reader.table.size)
    if reader.log:
        raise reader.log.error(reader.table.row_of)
    return Dataset(org, years, rows, local if masks is not None else None, local_years)


def load_dataset(
    org_path: Path,
    responses_path: Path,
    pool: ItemPool,
    params: Params,
    progress: Progress | None = None,
    local_path: Path | None = None,
) -> Dataset:
    """Read the org file, the local values file if any, then the responses against them
    (InputError on any problem; the org file's problems first, then the local values').

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
        local = read_local_values(local_path, org, pool) if local_path else None
    except InputError:
        prefetch.cancel()
        raise
    reader = ResponseReader(table, org, pool, ProblemLog(table.name))
    return read_counts(reader, params, progress, local)
