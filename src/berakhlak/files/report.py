"""What a report of one instansi-year needs, read from an org file and a responses file.

The same figures the web dashboard shows: counts per unit for every year of the instansi
(where the baseline year is looked for, docs/method.md §7), counts per unit x demographic
category for the report's year, and the free-text answers when the file has the optional
columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..method.counts import Counts, Layout, count_responses_with_local, exclusion_flags
from ..method.instrument import DEMOGRAPHICS
from ..method.items import ItemPool
from ..method.local import LocalLayout, LocalMasks, LocalSet
from ..method.params import Params
from ..method.results import InstansiInfo, InstansiYear
from .dataset import count_batch
from .local_values import read_local_values
from .org import Org, read_org
from .problems import InputError, Problem, msg
from .responses import ResponseBatch, open_responses, years_in


@dataclass
class ReportData:
    instansi: InstansiInfo
    year: int
    years: list[InstansiYear]
    by_dimension: dict[str, Counts]  # dimension -> (units, categories, width)
    org: Org
    texts: dict[str, list[str]] = field(default_factory=dict)


def load_report_data(
    org_path: Path,
    responses_path: Path,
    code: str,
    year: int,
    pool: ItemPool,
    params: Params,
    local_path: Path | None = None,
) -> ReportData:
    org = read_org(org_path)
    if code not in org.instansi:
        raise InputError([Problem(org_path.name, None, msg("instansi_unknown", code=repr(code)))])
    local = read_local_values(local_path, org, pool).for_instansi(code) if local_path else None
    instansi = org.instansi[code]
    first = org.first_unit_id(code)
    n_units = len(instansi.units)
    layout = Layout.for_pool(pool)
    totals: dict[int, Counts] = {}
    local_totals: dict[int, Counts] = {}
    rows: dict[int, int] = {}
    by_dimension = {
        name: layout.empty(n_units * len(o)).reshape(n_units, len(o), -1)
        for name, o in DEMOGRAPHICS.items()
    }
    texts: dict[str, list[str]] = {"harapan": [], "saran": []}
    reader = open_responses(responses_path, org, pool, with_texts=True)
    for batch in reader:
        mine = (batch.unit >= first) & (batch.unit < first + n_units)
        if not mine.any():
            continue
        part = batch.take(mine)
        unit = (part.unit - first).astype(np.intp)
        for y in years_in(part.year):
            in_year = part.year == y
            sub = part.take(in_year)
            totals.setdefault(y, layout.empty(n_units))
            if local is None:
                totals[y] += count_batch(sub, unit[in_year], n_units, pool, params)
            else:
                counts, local_counts = _count_with_local(
                    sub, unit[in_year], n_units, local, pool, params
                )
                totals[y] += counts
                local_totals.setdefault(y, LocalLayout.empty(n_units))
                local_totals[y] += local_counts
            rows[y] = rows.get(y, 0) + int(in_year.sum())
            if y != year:
                continue
            for name, options in DEMOGRAPHICS.items():
                k = len(options)
                groups = unit[in_year] * k + sub.demographics[name].astype(np.intp)
                by_dimension[name] += count_batch(sub, groups, n_units * k, pool, params).reshape(
                    n_units, k, -1
                )
            speeder, straight = exclusion_flags(
                sub.picks["pv"], sub.picks["cc"], sub.picks["dc"], sub.duration_s, params
            )
            valid = (~(speeder | straight)).tolist()  # excluded answers give no text either
            for name in texts:
                column = sub.texts.get(name, [])
                texts[name] += [t for t, ok in zip(column, valid, strict=False) if t and ok]
    if reader.log:
        raise reader.log.error(reader.table.row_of)
    if year not in totals:
        raise InputError(
            [Problem(responses_path.name, None, msg("no_responses_of", code=code, year=str(year)))]
        )
    years = [
        InstansiYear(instansi, y, counts, local_set=local, local_counts=local_totals.get(y))
        for y, counts in sorted(totals.items())
    ]
    return ReportData(instansi, year, years, by_dimension, org, texts)


def _count_with_local(
    batch: ResponseBatch,
    groups: np.ndarray,
    n_groups: int,
    local: LocalSet,
    pool: ItemPool,
    params: Params,
) -> tuple[Counts, Counts]:
    """The counts of the units of one instansi, and those of its local value set."""
    return count_responses_with_local(
        groups,
        n_groups,
        batch.picks["pv"],
        batch.picks["cc"],
        batch.picks["dc"],
        batch.duration_s,
        pool,
        params,
        np.zeros(len(groups), dtype=np.intp),
        LocalMasks.of([local], pool),
    )
